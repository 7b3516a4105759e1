//! Fair use of the one service-app token: Webex rate-limits per token (the simulator's per-token
//! budget answers 429 with Retry-After like Webex), and every user's calls share that token. One
//! user saving in a loop must neither make Webex push back nor make anyone else's sign-in, pages,
//! saves or searches fail; their own extra saves are refused in the card with the input kept.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use calling_portal::{
    simulator::{FaultRule, seed},
    store::{AuditFilter, AuditResult},
};
use reqwest::StatusCode;

use crate::load::form_fields;

use crate::support::{TestApp, TestOptions, app::Browser};

/// Webex's budget for the service-app token in these tests, per minute.
const WEBEX_BUDGET: u32 = 150;
/// Another calling employee, in another location than Alice.
const OLIVIA_EMAIL: &str = "olivia.carter@acme.example";
const SAVING_TOO_OFTEN: &str = "You are saving very often; try again in";
const RESET_PIN: &str = "/v1/people/{personId}/features/voicemail/actions/resetPin/invoke";

async fn spawn(extra: Vec<(&'static str, String)>) -> TestApp {
    let mut env = vec![
        ("PORTAL_ROLE_MAP", crate::roles::role_map()),
        // A little below Webex's own limit, as the README advises.
        (
            "WEBEX_CALL_BUDGET_PER_MINUTE",
            (WEBEX_BUDGET - 10).to_string(),
        ),
    ];
    env.extend(extra);
    let app = TestApp::spawn_with(TestOptions {
        env,
        ..TestOptions::default()
    })
    .await;
    app.sim.faults().add(FaultRule {
        budget_per_minute: Some(WEBEX_BUDGET),
        ..FaultRule::default()
    });
    app
}

fn card_path(app: &TestApp, email: &str, card: &str) -> String {
    let id = app.sim.person_id_by_email(email).unwrap();
    let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    format!("/hx/people/{id}/{card}")
}

/// The forwarding form in `card` with busy forwarding on, to `destination`.
fn busy_to(card: &str, destination: &str) -> Vec<(String, String)> {
    let mut form = form_fields(card);
    assert!(form.iter().any(|(n, _)| n == "fingerprint"), "{card}");
    form.retain(|(n, _)| n != "busy_enabled" && n != "busy_destination");
    form.push(("busy_enabled".into(), "on".into()));
    form.push(("busy_destination".into(), destination.into()));
    form
}

async fn put(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    form: &[(String, String)],
) -> (StatusCode, String) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let response = app.put_hx(browser, path, &pairs).await;
    (response.status(), response.text().await.unwrap())
}

/// What one save in the loop got back, and the destination it sent.
struct Attempt {
    status: StatusCode,
    body: String,
    sent: String,
}

/// Alice saves her forwarding `n` times in a row, each save valid and on the fingerprint the
/// previous answer carried; `done` counts the attempts as they finish.
async fn save_loop(app: &TestApp, browser: &Browser, n: usize, done: &AtomicUsize) -> Vec<Attempt> {
    let path = card_path(app, seed::EMPLOYEE_EMAIL, "forwarding");
    let first = app.get_hx(browser, &path).await;
    assert_eq!(first.status(), StatusCode::OK);
    let mut card = first.text().await.unwrap();
    let mut attempts = Vec::new();
    for i in 0..n {
        // A different destination every time, so every save changes something.
        let sent = format!("+1 617 555 {:04}", 100 + i);
        let (status, body) = put(app, browser, &path, &busy_to(&card, &sent)).await;
        if body.contains("name=\"fingerprint\"") {
            card = body.clone();
        }
        attempts.push(Attempt { status, body, sent });
        done.fetch_add(1, Ordering::SeqCst);
    }
    attempts
}

/// Someone else meanwhile: Olivia signs in, loads `/me` and every fragment on it, saves her
/// forwarding; the helpdesk signs in and searches. Every step must succeed.
async fn everyone_else(app: &TestApp) {
    let olivia = app.login_as(OLIVIA_EMAIL).await;
    assert_eq!(app.get(&olivia, "/me").await.status(), StatusCode::OK);
    for fragment in [
        "summary",
        "forwarding",
        "dnd",
        "call-waiting",
        "voicemail",
        "history",
    ] {
        let response = app
            .get_hx(&olivia, &card_path(app, OLIVIA_EMAIL, fragment))
            .await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "Olivia's {fragment}: {body}");
        assert!(
            !body.contains("role=\"alert\""),
            "Olivia's {fragment}: {body}"
        );
    }
    let path = card_path(app, OLIVIA_EMAIL, "forwarding");
    let card = app.get_hx(&olivia, &path).await.text().await.unwrap();
    let (status, body) = put(app, &olivia, &path, &busy_to(&card, "+1 312 555 0199")).await;
    assert_eq!(status, StatusCode::OK, "Olivia's save: {body}");
    assert!(body.contains("Saved."), "Olivia's save: {body}");

    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let response = app.get_hx(&henry, "/hx/search?q=Alice").await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "search: {body}");
    assert!(body.contains("Alice Anderson"), "search: {body}");
}

/// Runs Alice's loop of `n` saves and, once `head_start` of them are done, everyone else.
async fn loop_and_everyone_else(app: &TestApp, n: usize, head_start: usize) -> Vec<Attempt> {
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let done = Arc::new(AtomicUsize::new(0));
    let others = async {
        while done.load(Ordering::SeqCst) < head_start {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        everyone_else(app).await;
    };
    let (attempts, ()) = tokio::join!(save_loop(app, &alice, n, &done), others);
    attempts
}

#[tokio::test]
async fn one_user_saving_in_a_loop_leaves_sign_in_pages_saves_and_search_to_everyone_else() {
    let app = spawn(vec![]).await;
    let attempts = loop_and_everyone_else(&app, 100, 30).await;

    // Alice's loop: the write limit (20 a minute, one more every 3 s) lets about 20 through,
    // and says so for the rest, in the card, with her input kept and nothing sent to Webex.
    let saved = attempts
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let busy: Vec<&Attempt> = attempts
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!((20..=25).contains(&saved), "saved {saved}");
    assert_eq!(
        saved + busy.len(),
        100,
        "every save either saved or was told to wait"
    );
    for a in &busy {
        assert!(a.body.contains(SAVING_TOO_OFTEN), "{}", a.body);
        let kept = form_fields(&a.body);
        assert!(
            kept.iter()
                .any(|(n, v)| n == "busy_destination" && *v == a.sent),
            "input kept: {}",
            a.body
        );
    }
    // Audited as refused.
    let alice_id = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let entries = app
        .state
        .store
        .list_audit(&AuditFilter {
            actor_person_id: Some(alice_id),
            limit: 500,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let denied = entries
        .iter()
        .filter(|e| e.result == AuditResult::Denied)
        .count();
    assert_eq!(denied, busy.len());
    // Webex never had to push back: the portal stayed inside the token's budget.
    assert_eq!(app.sim.faults().too_many_requests_answered(), 0);
}

#[tokio::test]
async fn the_call_budget_holds_back_one_users_burst_and_lets_everyone_else_through() {
    // Without the write limit in the way, what protects everyone is the call budget's per-user
    // share: Alice's calls stop at 40 a minute, everyone else's go ahead.
    let app = spawn(vec![
        ("PORTAL_WRITE_RATE_LIMIT_PER_MINUTE", "1000".into()),
        ("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE", "40".into()),
    ])
    .await;
    let attempts = loop_and_everyone_else(&app, 100, 30).await;

    let saved = attempts
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert!(
        (5..=12).contains(&saved),
        "saved {saved} (40 calls, 4 a save)"
    );
    for a in attempts.iter().filter(|a| a.status != StatusCode::OK) {
        assert_eq!(a.status, StatusCode::BAD_GATEWAY, "{}", a.body);
        assert!(
            a.body.contains("Webex is busy. Please try again in"),
            "{}",
            a.body
        );
        assert!(
            form_fields(&a.body)
                .iter()
                .any(|(n, v)| n == "busy_destination" && *v == a.sent),
            "input kept: {}",
            a.body
        );
    }
    assert_eq!(app.sim.faults().too_many_requests_answered(), 0);
    let usage = app.state.webex.budget_usage();
    assert!(usage.used() <= WEBEX_BUDGET - 10, "{usage:?}");
    assert_eq!(usage.users_at_share, 1, "{usage:?}");
    assert!(usage.refused > 0, "{usage:?}");

    // The admin page shows it.
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let response = app.get(&amara, "/admin").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("Webex call budget"), "{html}");
    assert!(html.contains(" of 140 ("), "{html}");
    assert!(html.contains("data-budget-at-share=\"1\""), "{html}");
    assert!(html.contains("40 calls a minute"), "{html}");
    // And so do the metrics.
    let metrics = calling_portal::telemetry::metrics::handle().render();
    for name in [
        "portal_webex_budget_admitted_total",
        "portal_webex_budget_refused_total",
        "portal_webex_budget_per_minute",
        "portal_webex_budget_used",
    ] {
        assert!(metrics.contains(name), "{name} missing");
    }
}

#[tokio::test]
async fn saving_too_often_is_refused_before_webex_with_the_input_kept_and_audited() {
    let app = spawn(vec![("PORTAL_WRITE_RATE_LIMIT_PER_MINUTE", "2".into())]).await;
    let alice = crate::voicemail::Alice::signed_in(app, seed::EMPLOYEE_EMAIL).await;
    let app = &alice.app;
    let browser = &alice.browser;
    let path = card_path(app, seed::EMPLOYEE_EMAIL, "forwarding");
    let mut card = app.get_hx(browser, &path).await.text().await.unwrap();
    for destination in ["+1 617 555 0101", "+1 617 555 0102"] {
        let (status, body) = put(app, browser, &path, &busy_to(&card, destination)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        card = body;
    }
    let calls_before = app.sim.request_count("*", "*");
    let (status, body) = put(app, browser, &path, &busy_to(&card, "+1 617 555 0103")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // Two a minute: one more every 30 s.
    assert!(body.contains(&format!("{SAVING_TOO_OFTEN} 30 s")), "{body}");
    assert!(body.contains("role=\"alert\""), "{body}");
    assert!(
        form_fields(&body)
            .iter()
            .any(|(n, v)| n == "busy_destination" && v == "+1 617 555 0103"),
        "{body}"
    );
    assert_eq!(
        app.sim.request_count("*", "*"),
        calls_before,
        "nothing sent to Webex"
    );
    let entry = &alice.audit().await[0];
    assert_eq!(
        (entry.feature.as_str(), entry.action.as_str(), entry.result),
        ("call_forwarding", "update", AuditResult::Denied)
    );
    assert!(
        entry.error.as_deref().unwrap().contains("saving too often"),
        "{entry:?}"
    );
    let metrics = calling_portal::telemetry::metrics::handle().render();
    assert!(metrics.contains("portal_writes_rate_limited_total"));

    // The PIN counts as a save too (greetings are uploaded by the card's save).
    let response = alice.post_pin("470318", "470318").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = response.text().await.unwrap();
    assert!(html.contains(SAVING_TOO_OFTEN), "{html}");
    assert!(!html.contains("470318"), "the PIN is never echoed: {html}");
    assert_eq!(alice.count("PUT", crate::voicemail::PASSCODE), 0);
    let response = alice.upload("busy", crate::voicemail::wav(2048)).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.text().await.unwrap().contains(SAVING_TOO_OFTEN));
    assert_eq!(alice.count("POST", crate::voicemail::BUSY_GREETING), 0);
    let audit = alice.audit().await;
    assert_eq!(
        (audit[0].action.as_str(), audit[0].result),
        ("update", AuditResult::Denied)
    );
    assert_eq!(
        (audit[1].action.as_str(), audit[1].result),
        ("set_pin", AuditResult::Denied)
    );

    // The helpdesk's PIN reset too, per helpdesk person.
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let reset = format!("{}/pin/reset", alice.path);
    for _ in 0..2 {
        let response = app.post_hx(&henry, &reset, &[("ticket", "INC-1")]).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let resets = alice.count("POST", RESET_PIN);
    let response = app.post_hx(&henry, &reset, &[("ticket", "INC-1")]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.text().await.unwrap().contains(SAVING_TOO_OFTEN));
    assert_eq!(alice.count("POST", RESET_PIN), resets);
    let audit = alice.audit().await;
    assert_eq!(
        (audit[0].action.as_str(), audit[0].result),
        ("reset_pin", AuditResult::Denied)
    );

    // Someone else may still save; and half a minute later Alice may again.
    let olivia = app.login_as(OLIVIA_EMAIL).await;
    let other = card_path(app, OLIVIA_EMAIL, "forwarding");
    let card_o = app.get_hx(&olivia, &other).await.text().await.unwrap();
    let (status, body) = put(app, &olivia, &other, &busy_to(&card_o, "+1 312 555 0101")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.clock.advance(Duration::from_secs(30));
    let (status, body) = put(app, browser, &path, &busy_to(&card, "+1 617 555 0103")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// When the budget says "busy" before a page can even look its person up, the page says Webex is
/// busy and how long to wait (503 with `Retry-After`), not that Webex failed to answer.
#[tokio::test]
async fn a_page_refused_by_the_budget_says_webex_is_busy_and_when_to_try_again() {
    let app = crate::roles::spawn(vec![
        ("WEBEX_CALL_BUDGET_PER_MINUTE", "12".into()),
        ("WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE", "0".into()),
    ])
    .await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let people = [
        seed::EMPLOYEE_EMAIL,
        seed::NO_FORWARDING_EMAIL,
        seed::ADMIN_EMAIL,
        crate::roles::IN_A_EMAIL,
        crate::roles::IN_B_EMAIL,
        OLIVIA_EMAIL,
    ];
    let mut refused = None;
    'pages: for _ in 0..4 {
        for email in people {
            let id = crate::roles::person_id(&app, email);
            let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
            let response = app.get(&henry, &format!("/people/{id}")).await;
            if response.status() != StatusCode::OK {
                refused = Some(response);
                break 'pages;
            }
            // Past the person lookups' sharing, so that every page asks Webex again.
            app.clock.advance(Duration::from_secs(3));
        }
    }
    let response = refused.expect("the 12 calls a minute run out");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let wait: u64 = response.headers()[reqwest::header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=61).contains(&wait), "Retry-After {wait}");
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Webex is busy. Please try again in"),
        "{body}"
    );
    assert!(!body.contains("did not answer"), "{body}");
    assert!(body.contains("Request id"), "{body}");
}
