//! `demo` on a machine where things are not as it expects: its metrics port taken, and the
//! environment asking for other settings.

use std::{collections::HashMap, time::Duration};

use calling_portal::demo;
use reqwest::StatusCode;

use crate::support::services;

/// The environment of a demo whose data lives in a temporary file.
fn env(extra: &[(&str, String)]) -> HashMap<String, String> {
    let db = std::env::temp_dir().join(format!("{}.db", services::unique_name("demo")));
    let mut env = HashMap::from([(
        "PORTAL_DATABASE_URL".to_owned(),
        format!("sqlite://{}?mode=rwc", db.display()),
    )]);
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    env
}

#[tokio::test]
async fn a_taken_metrics_port_does_not_stop_the_demo() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap();
    let env = env(&[("PORTAL_METRICS_LISTEN", taken_addr.to_string())]);
    let started = demo::start(0, 0, None, |k| env.get(k).cloned())
        .await
        .expect("the demo starts although its metrics port is taken");
    let metrics = started.metrics_addr.expect("metrics on another port");
    assert_ne!(metrics, taken_addr);
    assert_eq!(metrics.ip(), taken_addr.ip());
    let banner = started.banner();
    assert!(
        banner.contains(&format!("Metrics:         http://{metrics}/metrics")),
        "{banner}"
    );
    assert!(
        banner.contains(&format!("{taken_addr} is in use")),
        "{banner}"
    );

    let portal = started.addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(started.serve(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let mut healthy = false;
    for _ in 0..50 {
        if let Ok(r) = client.get(format!("http://{portal}/healthz")).send().await {
            healthy = r.status() == StatusCode::OK;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(healthy, "the portal serves");
    let scraped = client
        .get(format!("http://{metrics}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), StatusCode::OK);
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
    drop(taken);
}

#[tokio::test]
async fn portal_variables_in_the_environment_apply_on_top_of_the_demo() {
    let env = env(&[
        (
            "PORTAL_ROLE_MAP",
            "email:alice.anderson@acme.example=admin".to_owned(),
        ),
        ("PORTAL_SESSION_IDLE_TIMEOUT_SECS", "77".to_owned()),
        ("PORTAL_METRICS_LISTEN", String::new()),
        // Not the demo's to change: it always talks to its own simulator.
        ("WEBEX_API_BASE_URL", "https://webexapis.com/v1".to_owned()),
    ]);
    let started = demo::start(0, 0, None, |k| env.get(k).cloned())
        .await
        .unwrap();
    let config = &started.config;
    assert_eq!(config.session.idle_timeout, Duration::from_secs(77));
    assert_eq!(config.roles.map.rules.len(), 1);
    assert_eq!(config.metrics_listen, None);
    assert!(started.banner().contains("Metrics:         off"));
    assert_eq!(
        config.webex.api_base_url.as_str(),
        started.sim.base_url().as_str()
    );
    assert!(
        config
            .database_url
            .contains(std::env::temp_dir().to_str().unwrap())
    );
    // Without overrides, the demo's own role map.
    let plain = env_without_overrides();
    let started = demo::start(0, 0, None, |k| plain.get(k).cloned())
        .await
        .unwrap();
    assert_eq!(started.config.roles.map.rules.len(), 2);
    assert_eq!(
        started.config.session.idle_timeout,
        Duration::from_secs(1800)
    );
}

fn env_without_overrides() -> HashMap<String, String> {
    // Metrics off too, so tests running together never compete for 9464.
    env(&[("PORTAL_METRICS_LISTEN", String::new())])
}
