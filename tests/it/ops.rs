//! Running the portal in production: readiness, metrics on their own listener, graceful shutdown.

use std::time::{Duration, Instant};

use calling_portal::{app, simulator::seed};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{TestApp, TestOptions};

async fn readyz(app: &TestApp) -> (StatusCode, Value, String) {
    let response = app.get(&app.client(), "/readyz").await;
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap(), text)
}

#[tokio::test]
async fn readyz_lists_each_check_and_holds_no_secret() {
    let app = TestApp::spawn().await;
    let (status, body, text) = readyz(&app).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(body["status"], "ready", "{text}");
    for check in ["store", "service_app_token", "webex"] {
        assert_eq!(body["checks"][check]["status"], "ok", "{check}: {text}");
    }
    for secret in [
        seed::SERVICE_APP_CLIENT_SECRET,
        seed::SERVICE_APP_REFRESH_TOKEN,
        seed::INTEGRATION_CLIENT_SECRET,
    ] {
        assert!(!text.contains(secret));
    }
    assert!(!text.contains(&app.sim.base_url().to_string()));
    // Webex answered the probe; the next check needs no call.
    assert!(app.state.webex.last_answer_at().is_some());
}

/// Token expiry is judged on the portal's clock: moved past the access token's lifetime, the
/// readiness check fails at once, and the next use refreshes it (no waiting for time to pass).
#[tokio::test]
async fn the_portals_clock_decides_when_the_service_app_token_expires() {
    let app = TestApp::spawn().await;
    let (status, _, text) = readyz(&app).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let posts = || app.sim.request_count("POST", "/v1/access_token");
    let before = posts();
    // FACTS §6: access tokens live about 14 days.
    app.clock.advance(Duration::from_secs(15 * 24 * 3600));
    let (status, body, text) = readyz(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert_eq!(body["checks"]["service_app_token"]["status"], "failing");
    app.state.webex.tokens().init().await.unwrap();
    assert_eq!(posts(), before + 1, "one refresh");
    let (status, _, text) = readyz(&app).await;
    assert_eq!(status, StatusCode::OK, "{text}");
}

#[tokio::test]
async fn readyz_is_503_naming_the_failing_check_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.state.store.close().await;
    let (status, body, text) = readyz(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["checks"]["store"]["status"], "failing");
    assert_eq!(body["checks"]["webex"]["status"], "ok");
    // Liveness is not readiness: the process still answers.
    assert_eq!(
        app.get(&app.client(), "/healthz").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn readyz_is_degraded_when_webex_does_not_answer() {
    let mut app = TestApp::spawn().await;
    // Nothing listens where Webex was.
    let sim = std::mem::replace(
        &mut app.sim,
        calling_portal::simulator::start(Default::default())
            .await
            .unwrap(),
    );
    sim.shutdown().await;
    let (status, body, text) = readyz(&app).await;
    // Still in the balancer: every replica would see the same Webex.
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(body["status"], "degraded", "{text}");
    assert_eq!(body["checks"]["webex"]["status"], "degraded", "{text}");
    assert_eq!(body["checks"]["store"]["status"], "ok");
}

/// The value of the first sample of `name` whose labels include every one of `labels`.
fn sample(metrics: &str, name: &str, labels: &[&str]) -> Option<f64> {
    metrics.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?;
        let (labels_part, value) = match rest.strip_prefix('{') {
            Some(r) => r.split_once("} ")?,
            None => ("", rest.strip_prefix(' ')?),
        };
        labels
            .iter()
            .all(|l| labels_part.split(',').any(|p| p == *l))
            .then(|| value.trim().parse().ok())?
    })
}

#[tokio::test]
async fn metrics_are_served_on_their_own_listener_by_route_pattern() {
    let app = TestApp::spawn().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_url = format!("http://{}/metrics", listener.local_addr().unwrap());
    tokio::spawn(app::serve_metrics(listener, std::future::pending()));

    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
    app.get(&browser, "/static/secret-looking-path-123.css")
        .await;
    app.get(&browser, "/no-such-page-456").await;
    // Not on the portal's own port.
    assert_eq!(
        app.get(&browser, "/metrics").await.status(),
        StatusCode::NOT_FOUND
    );

    let response = reqwest::get(&metrics_url).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = response.text().await.unwrap();
    let me = sample(
        &text,
        "portal_http_requests_total",
        &[r#"route="/me""#, r#"method="GET""#, r#"status="200""#],
    );
    assert!(me.is_some_and(|n| n >= 1.0), "{text}");
    assert!(
        sample(
            &text,
            "portal_http_requests_total",
            &[r#"route="/static/{*path}""#]
        )
        .is_some(),
        "{text}"
    );
    assert!(
        sample(
            &text,
            "portal_http_requests_total",
            &[r#"route="unmatched""#, r#"status="404""#]
        )
        .is_some(),
        "{text}"
    );
    assert!(!text.contains("secret-looking-path") && !text.contains("no-such-page"));
    assert!(text.contains("portal_http_request_duration_seconds_bucket{"));
    // The sign-in looked the user up at Webex with the service app.
    assert!(
        sample(
            &text,
            "portal_webex_requests_total",
            &[r#"operation="people""#, r#"status="200""#]
        )
        .is_some(),
        "{text}"
    );
    assert!(text.contains("portal_webex_request_duration_seconds_bucket{"));
    assert!(
        sample(&text, "portal_webex_token_expires_in_seconds", &[]).is_some(),
        "{text}"
    );
    assert!(
        sample(&text, "portal_sessions_active", &[]).is_some(),
        "{text}"
    );
}

#[tokio::test]
async fn webex_429s_and_retries_are_counted() {
    let app = TestApp::spawn().await;
    let before = |text: &str, name: &str| sample(text, name, &[]).unwrap_or(0.0);
    let render = || calling_portal::telemetry::metrics::handle().render();
    let start = render();
    app.sim.faults().rate_limit_next(1, 0);
    app.state
        .webex
        .get_person(
            &app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap(),
            false,
        )
        .await
        .expect("the 429 is waited out");
    let end = render();
    // Counters are process-wide (tests run in parallel), so only growth is asserted.
    assert!(
        before(&end, "portal_webex_rate_limited_total")
            > before(&start, "portal_webex_rate_limited_total"),
        "{end}"
    );
    assert!(
        sample(
            &end,
            "portal_webex_retries_total",
            &[r#"reason="rate_limited""#, r#"operation="people/{id}""#]
        )
        .is_some(),
        "{end}"
    );
}

/// Runs the sign-in up to the callback, then makes the callback slow (every Webex call takes
/// `latency`) and sends it in the background.
async fn slow_callback_in_flight(
    app: &TestApp,
    latency: Duration,
) -> tokio::task::JoinHandle<Result<reqwest::Response, reqwest::Error>> {
    let browser = app.client();
    let callback = app.authorize(&browser, seed::EMPLOYEE_EMAIL, None).await;
    app.sim.faults().latency(latency);
    let in_flight = tokio::spawn(async move { browser.get(callback).send().await });
    // Let it reach the portal and start its first Webex call.
    tokio::time::sleep(Duration::from_millis(300)).await;
    in_flight
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight_and_refuses_new_connections() {
    let mut app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_SHUTDOWN_GRACE_SECS", "15".into())],
        ..TestOptions::default()
    })
    .await;
    let in_flight = slow_callback_in_flight(&app, Duration::from_millis(700)).await;

    let serving = app.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        tokio::net::TcpStream::connect(app.addr).await.is_err(),
        "a new connection is refused once shutdown began"
    );

    let response = in_flight
        .await
        .unwrap()
        .expect("the request in flight completes");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "signed in");
    assert_eq!(response.headers()["location"], "/me");
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("the server stops once the request is done")
        .unwrap()
        .unwrap();
    assert!(
        app.state.store.ping().await.is_err(),
        "the database pool is closed"
    );
}

#[tokio::test]
async fn shutdown_waits_no_longer_than_the_grace_period() {
    let mut app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_SHUTDOWN_GRACE_SECS", "1".into())],
        ..TestOptions::default()
    })
    .await;
    let _in_flight = slow_callback_in_flight(&app, Duration::from_secs(10)).await;
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), app.begin_shutdown())
        .await
        .expect("shutdown gives up on the slow request after the grace period")
        .unwrap()
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn shutdown_first_fails_readiness_for_the_drain_time_while_still_serving() {
    let mut app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_SHUTDOWN_DRAIN_SECS", "2".into())],
        ..TestOptions::default()
    })
    .await;
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let started = Instant::now();
    let serving = app.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(100)).await;

    // The balancer's health check sees it going; users' requests are still answered.
    let (status, body, text) = readyz(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert_eq!(body["status"], "draining", "{text}");
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
    assert_eq!(app.get(&browser, "/healthz").await.status(), StatusCode::OK);

    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("the server stops after the drain")
        .unwrap()
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1900));
    assert!(
        tokio::net::TcpStream::connect(app.addr).await.is_err(),
        "no new connections once stopped"
    );
}
