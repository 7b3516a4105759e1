//! Resilience: Webex going away and coming back, the portal restarting, the database blinking.
//! The portal must stay up, say what is wrong in the card (keeping the user's input), and recover
//! by itself.

use std::time::Duration;

use crate::load::form_fields;
use calling_portal::simulator::seed;
use reqwest::StatusCode;

use crate::support::{TestApp, TestOptions, app::Browser, services};

const UNREACHABLE: &str = "Webex cannot be reached right now";

fn forwarding_path(app: &TestApp, email: &str) -> String {
    let id = app.sim.person_id_by_email(email).unwrap();
    format!(
        "/hx/people/{}/forwarding",
        url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
    )
}

/// The card's form with busy forwarding to `destination` switched on.
fn busy_forwarding_form(card: &str, destination: &str) -> Vec<(String, String)> {
    let mut form = form_fields(card);
    assert!(form.iter().any(|(n, _)| n == "fingerprint"), "{card}");
    form.retain(|(n, _)| n != "busy_enabled" && n != "busy_destination");
    form.push(("busy_enabled".into(), "on".into()));
    form.push(("busy_destination".into(), destination.into()));
    form
}

async fn put_form(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    form: &[(String, String)],
) -> (StatusCode, String) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let response = app.put_hx(browser, path, &pairs).await;
    (response.status(), response.text().await.unwrap())
}

/// Polls `path` until the card loads without a failure notice (or gives up after ~10 s).
async fn wait_for_card(app: &TestApp, browser: &Browser, path: &str) -> String {
    for _ in 0..100 {
        let response = app.get_hx(browser, path).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        if status == StatusCode::OK && !body.contains("role=\"alert\"") {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} did not recover");
}

#[tokio::test]
async fn webex_going_away_is_shown_in_the_cards_and_recovery_needs_nothing() {
    let mut app = TestApp::spawn().await;
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let path = forwarding_path(&app, seed::EMPLOYEE_EMAIL);
    let card = wait_for_card(&app, &browser, &path).await;
    let form = busy_forwarding_form(&card, "+1 617 555 0142");

    // Traffic in flight while Webex disappears.
    let traffic = {
        let url = app.url(&path);
        let client = reqwest::Client::new();
        let cookie = format!(
            "{}={}",
            calling_portal::auth::session::COOKIE_NAME,
            browser.session_cookie().unwrap()
        );
        tokio::spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..40 {
                let r = client
                    .get(&url)
                    .header("HX-Request", "true")
                    .header("Cookie", &cookie)
                    .send()
                    .await
                    .expect("the portal stays up");
                statuses.push(r.status());
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            statuses
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let port = app.stop_simulator().await;
    // Past the 2 s in which a card may reuse what the page just read.
    app.clock.advance(Duration::from_secs(3));

    // Reads: the card says Webex is unreachable; the page itself still renders.
    let response = app.get_hx(&browser, &path).await;
    let body = response.text().await.unwrap();
    assert!(body.contains(UNREACHABLE), "{body}");
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
    assert_eq!(app.get(&browser, "/healthz").await.status(), StatusCode::OK);
    // Readiness turns degraded at once: a call failed after Webex's last answer.
    let ready = app.get(&browser, "/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    let ready: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(ready["status"], "degraded", "{ready}");
    assert_eq!(ready["checks"]["webex"]["status"], "degraded", "{ready}");

    // A save: refused with the same message, and the input comes back in the form.
    let (status, body) = put_form(&app, &browser, &path, &form).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert!(body.contains(UNREACHABLE), "{body}");
    let kept = form_fields(&body);
    assert!(
        kept.contains(&("busy_enabled".into(), "on".into())),
        "{body}"
    );
    assert!(
        kept.iter()
            .any(|(n, v)| n == "busy_destination" && v.contains("617")),
        "{body}"
    );

    // Webex returns (a restarted service: the portal's access token is unknown to it).
    app.restart_simulator(port).await;
    let statuses = traffic.await.unwrap();
    assert!(
        statuses
            .iter()
            .all(|s| s.is_success() || s.is_server_error()),
        "{statuses:?}"
    );
    let card = wait_for_card(&app, &browser, &path).await;
    let form = busy_forwarding_form(&card, "+1 617 555 0142");
    let (status, body) = put_form(&app, &browser, &path, &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let person = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let saved = app.sim.person_setting(&person, "callForwarding").unwrap();
    assert_eq!(saved["callForwarding"]["busy"]["enabled"], true, "{saved}");
    let ready: serde_json::Value = app.get(&browser, "/readyz").await.json().await.unwrap();
    assert_eq!(ready["status"], "ready", "{ready}");
}

#[tokio::test]
async fn a_portal_restart_keeps_users_signed_in_and_the_service_token() {
    let mut app = TestApp::spawn().await;
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let path = forwarding_path(&app, seed::EMPLOYEE_EMAIL);
    wait_for_card(&app, &browser, &path).await;
    let refreshes = app.sim.request_count("POST", "/v1/access_token");

    // Requests racing the restart may fail at the connection; none may be answered wrongly.
    let racing = {
        let url = app.url(&path);
        let client = reqwest::Client::new();
        let cookie = format!(
            "{}={}",
            calling_portal::auth::session::COOKIE_NAME,
            browser.session_cookie().unwrap()
        );
        tokio::spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..30 {
                if let Ok(r) = client
                    .get(&url)
                    .header("HX-Request", "true")
                    .header("Cookie", &cookie)
                    .send()
                    .await
                {
                    statuses.push(r.status());
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            statuses
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    app.restart_portal().await;
    let statuses = racing.await.unwrap();
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );

    // Still signed in: the page and the cards load without a new sign-in.
    let page = app.get(&browser, "/me").await;
    assert_eq!(page.status(), StatusCode::OK);
    let card = wait_for_card(&app, &browser, &path).await;
    let form = busy_forwarding_form(&card, "1002");
    let (status, body) = put_form(&app, &browser, &path, &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The stored service-app token was reused, not refreshed again.
    assert_eq!(
        app.sim.request_count("POST", "/v1/access_token"),
        refreshes,
        "the restarted portal asked Webex for a new service-app token"
    );
}

#[tokio::test]
async fn the_database_going_away_briefly_fails_cleanly_and_heals() {
    let Some(database_url) = services::fresh_postgres_database().await else {
        return;
    };
    let app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_DATABASE_URL", database_url.clone())],
        ..TestOptions::default()
    })
    .await;
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let path = forwarding_path(&app, seed::EMPLOYEE_EMAIL);
    wait_for_card(&app, &browser, &path).await;

    // Cut every connection the portal holds to its database, several times while requests run.
    let database = database_url.rsplit('/').next().unwrap().to_owned();
    let admin_url = database_url.replace(&format!("/{database}"), "/postgres");
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()")
            .bind(&database)
            .execute(&mut admin)
            .await
            .unwrap();
        for target in [path.as_str(), "/me"] {
            let response = app.get_hx(&browser, target).await;
            let status = response.status();
            let body = response.text().await.unwrap();
            // Either served, or a clean failure that says to try again (never a panic's 500 page
            // without a message, never a sign-out).
            assert!(
                status == StatusCode::OK
                    || status == StatusCode::SERVICE_UNAVAILABLE
                    || status == StatusCode::INTERNAL_SERVER_ERROR,
                "{target}: {status} {body}"
            );
            assert_ne!(
                status,
                StatusCode::SEE_OTHER,
                "{target} signed the user out"
            );
            statuses.push(status);
        }
    }
    eprintln!("statuses while connections were cut: {statuses:?}");

    // Service resumes without a restart.
    let card = wait_for_card(&app, &browser, &path).await;
    assert!(card.contains("name=\"fingerprint\""));
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
}
