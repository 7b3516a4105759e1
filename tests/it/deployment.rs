//! The packaging as an operator runs it: docker-compose.yml and the Dockerfile are checked against
//! the configuration the code actually reads (this machine has no Docker engine to run them; the
//! same shape runs natively in `production_shape`, with the same Caddyfile).

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
    // The proxy runs the one Caddyfile the native production shape runs too.
    let proxy = &c["services"]["proxy"];
    assert!(
        proxy.get("command").is_none(),
        "configured by the Caddyfile"
    );
    let mounts: Vec<String> = proxy["volumes"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(str_of)
        .collect();
    assert!(
        mounts
            .iter()
            .any(|m| m == "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro"),
        "{mounts:?}"
    );
    let script = read("scripts/production-shape.sh");
    assert!(
        script.contains("deploy/Caddyfile"),
        "the script runs it too"
    );

    // Its defaults are the compose setup: TLS for the published port, both replicas.
    let caddyfile = read("deploy/Caddyfile");
    for wanted in [
        "{$PORTAL_SITE:https://localhost:8443}",
        "tls internal",
        "{$PORTAL_UPSTREAM_1:portal-1:8080} {$PORTAL_UPSTREAM_2:portal-2:8080}",
        "health_uri /readyz",
        "lb_try_duration",
    ] {
        assert!(caddyfile.contains(wanted), "the Caddyfile lacks {wanted:?}");
    }
    assert_eq!(str_of(&proxy["ports"][0]), "8443:8443");
    assert_eq!(
        str_of(&c["services"]["portal-1"]["environment"]["PORTAL_PUBLIC_URL"]),
        "https://localhost:8443"
    );
}

/// A stopping replica drains (fails /readyz) for longer than two health-check intervals, and
/// compose waits for the drain and the grace period before it kills.
#[test]
fn a_stopping_replica_leaves_rotation_before_compose_kills_it() {
    let c = compose();
    let env = &c["services"]["portal-1"]["environment"];
    let secs = |v: &Value| str_of(v).trim_end_matches('s').parse::<u64>().unwrap();
    let drain = secs(&env["PORTAL_SHUTDOWN_DRAIN_SECS"]);
    let grace = secs(&env["PORTAL_SHUTDOWN_GRACE_SECS"]);
    let stop = secs(&c["services"]["portal-1"]["stop_grace_period"]);
    let caddyfile = read("deploy/Caddyfile");
    let interval = caddyfile
        .split("{$PORTAL_HEALTH_INTERVAL:")
        .nth(1)
        .and_then(|rest| rest.split("s}").next())
        .and_then(|n| n.parse::<u64>().ok())
        .expect("a default health-check interval in seconds");
    assert!(drain > 2 * interval, "drain {drain}s, interval {interval}s");
    assert!(stop > drain + grace, "{stop}s <= {drain}s + {grace}s");
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
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
