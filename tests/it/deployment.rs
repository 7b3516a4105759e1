//! The packaging as an operator runs it: docker-compose.yml and the Dockerfile are checked against
//! the configuration the code actually reads (this machine has no Docker engine to run them).

use calling_portal::config::VARS;
use serde_norway::Value;

fn compose() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docker-compose.yml"))
        .unwrap();
    serde_norway::from_str(&text).unwrap()
}

fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_norway::to_string(other).unwrap(),
    }
}

#[test]
fn compose_wires_two_replicas_behind_a_proxy_with_shared_stores() {
    let c = compose();
    let services = c["services"].as_mapping().unwrap();
    for name in ["portal-1", "portal-2", "proxy", "postgres", "redis"] {
        let service = services
            .get(name)
            .unwrap_or_else(|| panic!("service {name} missing"));
        assert!(
            service.get("healthcheck").is_some(),
            "{name} has no health check"
        );
    }
    let proxy = str_of(&c["services"]["proxy"]["command"]);
    assert!(
        proxy.contains("--to portal-1:8080") && proxy.contains("--to portal-2:8080"),
        "{proxy}"
    );
    assert!(
        proxy.contains("https://"),
        "the proxy terminates TLS: {proxy}"
    );
}

#[test]
fn every_required_variable_is_set_and_no_secret_is_inline() {
    let c = compose();
    let declared_secrets = c["secrets"].as_mapping().unwrap();
    for replica in ["portal-1", "portal-2"] {
        let service = &c["services"][replica];
        let env = service["environment"].as_mapping().unwrap();
        let mounted: Vec<String> = service["secrets"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(str_of)
            .collect();
        let has = |k: &str| env.get(k).is_some();
        for var in VARS {
            if var.default.is_none() && !var.optional && var.name != "PORTAL_SESSION_STORE_URL" {
                assert!(
                    has(var.name) || has(&format!("{}_FILE", var.name)),
                    "{replica} does not set {}",
                    var.name
                );
            }
            if var.secret {
                assert!(
                    !has(var.name),
                    "{replica} puts the secret {} inline; use {}_FILE",
                    var.name,
                    var.name
                );
            }
        }
        for (key, value) in env {
            let key = str_of(key);
            if let Some(base) = key.strip_suffix("_FILE") {
                assert!(
                    VARS.iter().any(|v| v.name == base),
                    "{key} names no configuration variable"
                );
                let path = str_of(value);
                let secret = path
                    .strip_prefix("/run/secrets/")
                    .expect("secret files live in /run/secrets");
                assert!(
                    mounted.iter().any(|m| m == secret),
                    "{replica} reads {path} but does not mount it"
                );
                assert!(
                    declared_secrets.get(secret).is_some(),
                    "secret {secret} is not declared"
                );
            } else {
                assert!(
                    VARS.iter().any(|v| v.name == key),
                    "{replica} sets {key}, which the portal does not read"
                );
            }
        }
    }
}

#[test]
fn dockerfile_runs_as_non_root_with_a_health_check() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile")).unwrap();
    assert!(text.matches("FROM ").count() >= 2, "multi-stage build");
    assert!(text.contains("USER portal"), "runs as a non-root user");
    assert!(text.contains("HEALTHCHECK"), "has a health check");
    for var in VARS.iter().filter(|v| v.secret) {
        assert!(
            !text.contains(var.name),
            "the image must not carry {}",
            var.name
        );
    }
}
