//! Fault injection (in-process and over `/_sim`) and request counting.

use std::time::{Duration, Instant};

use calling_portal::simulator::{FaultRule, seed};
use serde_json::{Value, json};

use super::{admin_token, person_id, start, url};

const FORWARDING: &str = "/v1/people/{personId}/features/callForwarding";

async fn get(token: &str, u: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(u)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn latency_applies_to_the_matching_path_only() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    sim.faults().add(FaultRule {
        latency_ms: 400,
        ..FaultRule::for_path(FORWARDING)
    });
    let fwd = format!(
        "{}/{}/features/callForwarding",
        url(&sim, "/people"),
        person_id(&sim, seed::EMPLOYEE_EMAIL)
    );
    let t = Instant::now();
    assert_eq!(get(&token, &fwd).await.status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(400));
    let t = Instant::now();
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 200);
    assert!(t.elapsed() < Duration::from_millis(400));
}

#[tokio::test]
async fn fail_next_n_then_recover() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    sim.faults().fail_next(2);
    for _ in 0..2 {
        let res = get(&token, &url(&sim, "/people")).await;
        assert_eq!(res.status(), 503);
        let body: Value = res.json().await.unwrap();
        assert!(body["trackingId"].is_string());
    }
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 200);
    assert_eq!(
        sim.request_count("GET", "/v1/people"),
        3,
        "faulted requests are counted too"
    );
}

#[tokio::test]
async fn error_rate_with_a_chosen_status() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    sim.faults().add(FaultRule {
        error_rate: 1.0,
        error_status: 502,
        method: Some("GET".into()),
        ..FaultRule::for_path("/v1/groups*")
    });
    assert_eq!(get(&token, &url(&sim, "/groups")).await.status(), 502);
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 200);
    sim.faults().clear();
    assert_eq!(get(&token, &url(&sim, "/groups")).await.status(), 200);
}

#[tokio::test]
async fn rate_limit_with_html_body_and_without_retry_after() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    sim.faults().add(FaultRule {
        too_many_requests: 1,
        retry_after_secs: 3600,
        html_body: true,
        ..FaultRule::default()
    });
    let res = get(&token, &url(&sim, "/people")).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "3600");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(res.text().await.unwrap().contains("<html>"));

    sim.faults().add(FaultRule {
        too_many_requests: 1,
        omit_retry_after: true,
        ..FaultRule::default()
    });
    let res = get(&token, &url(&sim, "/people")).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_none());
    let body: Value = res.json().await.unwrap();
    assert!(body["message"].is_string());
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 200);

    sim.faults().rate_limit_next(1, 2);
    let res = get(&token, &url(&sim, "/people")).await;
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["retry-after"].to_str().unwrap()
        ),
        (429, "2")
    );
}

#[tokio::test]
async fn per_token_budget_per_minute() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let other = sim.issue_admin_token(&["spark-admin:people_read"]);
    sim.faults().add(FaultRule {
        budget_per_minute: Some(3),
        ..FaultRule::for_path("/v1/people")
    });
    for _ in 0..3 {
        assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 200);
    }
    let res = get(&token, &url(&sim, "/people")).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(
        get(&other, &url(&sim, "/people")).await.status(),
        200,
        "budgets are per token"
    );
}

#[tokio::test]
async fn forced_expiry_invalidates_access_tokens_but_not_refresh_tokens() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    sim.faults().expire_all_tokens();
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 401);
    let fresh = admin_token(&sim).await;
    assert_eq!(get(&fresh, &url(&sim, "/people")).await.status(), 200);
}

#[tokio::test]
async fn control_endpoints() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let control = |path: &str| format!("http://{}/_sim/{path}", sim.addr());
    let http = reqwest::Client::new();
    let res = http
        .post(control("faults"))
        .json(&json!({"path": "/v1/people", "failNext": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let rules: Value = http
        .get(control("faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rules[0]["failNext"], 1);
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 503);
    http.post(control("faults"))
        .json(&json!({"tooManyRequests": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        http.delete(control("faults"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 200);
    let bad = http
        .post(control("faults"))
        .json(&json!({"latencyMillis": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422, "unknown fields are refused");

    let counts: Value = http
        .get(control("counts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let people = counts["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["method"] == "GET" && c["path"] == "/v1/people")
        .unwrap();
    assert_eq!(people["count"], 2);
    assert_eq!(counts["total"], sim.total_request_count());
    assert_eq!(
        http.delete(control("counts"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(sim.total_request_count(), 0);

    assert_eq!(
        http.post(control("expire-tokens"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 401);
}

#[tokio::test]
async fn counts_are_per_method_and_route_pattern() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    for email in [seed::EMPLOYEE_EMAIL, seed::HELPDESK_EMAIL] {
        let fwd = format!(
            "{}/{}/features/callForwarding",
            url(&sim, "/people"),
            person_id(&sim, email)
        );
        get(&token, &fwd).await;
    }
    assert_eq!(sim.request_count("GET", FORWARDING), 2);
    assert_eq!(sim.request_count("PUT", FORWARDING), 0);
    assert_eq!(sim.request_count("*", FORWARDING), 2);
    assert_eq!(sim.request_count("POST", "/v1/access_token"), 1);
    assert_eq!(sim.total_request_count(), 3);
    assert_eq!(sim.faults().count("GET", "*"), 2);
    sim.faults().reset_counts();
    assert_eq!(sim.total_request_count(), 0);
}

#[tokio::test]
async fn faults_can_target_one_token() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let other = sim.issue_admin_token(&["spark-admin:people_read"]);
    sim.faults().add(FaultRule {
        token: Some(token.clone()),
        fail_next: 5,
        ..FaultRule::default()
    });
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 503);
    assert_eq!(get(&other, &url(&sim, "/people")).await.status(), 200);
}
