//! What the portal logs during a sign-in: request ids, yes; codes, tokens, secrets, cookies, never.
//! Both log formats are captured (text, and the JSON of `PORTAL_LOG_FORMAT=json`) and checked.

use std::{
    cell::Cell,
    io::Write,
    sync::{Arc, Mutex, Once},
};

use calling_portal::simulator::seed;
use reqwest::StatusCode;
use tracing::Level;
use tracing_subscriber::{Layer as _, filter::dynamic_filter_fn, layer::SubscriberExt as _};
use url::Url;

use crate::support::{TestApp, location};

/// Everything logged on threads that opted in with [`capture_this_thread`], as text and as JSON.
static CAPTURED: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static CAPTURED_JSON: Mutex<Vec<u8>> = Mutex::new(Vec::new());

thread_local! {
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
}

struct Captured;

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct CapturedJson;

impl Write for CapturedJson {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED_JSON.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs (once) a global subscriber that records, at debug level and finer for our own and
/// the web stack's targets, whatever happens on a capturing thread. A global subscriber rather
/// than a scoped one, and a dynamic filter: tests run in parallel, and tracing caches
/// per-callsite interest globally, so a static answer would be decided by whichever thread came
/// first.
fn capture_this_thread() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let verbose = ["calling_portal", "tower_http", "tower_sessions"];
        let filter = dynamic_filter_fn(move |meta, _| {
            CAPTURING.with(Cell::get)
                // The simulator is Webex: what it logs is not the portal's logs.
                && !meta.target().starts_with("calling_portal::simulator")
                && (*meta.level() <= Level::DEBUG
                    || verbose.iter().any(|t| meta.target().starts_with(t)))
        });
        let text = tracing_subscriber::fmt::layer()
            .with_writer(|| Captured)
            .with_ansi(false);
        // The production JSON format, exactly as `PORTAL_LOG_FORMAT=json` sets it up.
        let json = calling_portal::telemetry::log_layer(true, || CapturedJson);
        tracing::subscriber::set_global_default(
            tracing_subscriber::registry().with(text.and_then(json).with_filter(filter)),
        )
        .expect("no other global subscriber in the test binary");
    });
    CAPTURING.with(|c| c.set(true));
}

fn param(url: &Url, name: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {url}"))
}

/// Every maximal run of base64url characters exactly as long as the simulator's codes and tokens
/// (and PKCE verifiers): 32 random bytes, 43 characters.
fn token_shaped(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|run| run.len() == 43)
        // Our TrackingID (`PORTAL_<request id>`) happens to have the same length.
        .filter(|run| !run.starts_with("PORTAL_"))
        .collect()
}

// A current-thread runtime polls every task (portal and simulator) on this thread, so the
// capture sees them all.
#[tokio::test(flavor = "current_thread")]
async fn logs_never_carry_codes_tokens_secrets_or_cookies() {
    capture_this_thread();

    let app = TestApp::spawn().await;
    let id_token = Arc::new(Mutex::new(String::new()));
    let keep = id_token.clone();
    let signer = app.sim.id_token_signer();
    app.sim.override_next_id_token(move |claims| {
        let token = signer.mint(&claims);
        *keep.lock().unwrap() = token.clone();
        token
    });

    // A whole sign-in, a page, a sign-out.
    let browser = app.client();
    let start = app.get(&browser, "/login?next=%2Fme").await;
    let authorize = Url::parse(&location(&start)).unwrap();
    let callback = app
        .submit_sim_sign_in(authorize.as_str(), seed::EMPLOYEE_EMAIL)
        .await;
    let landed = browser.get(callback.clone()).send().await.unwrap();
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    let cookie = browser.session_cookie().unwrap();
    let me = app.get(&browser, "/me").await;
    let request_id = me.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(me.status(), StatusCode::OK);
    // A replay of the callback fails, and is logged as such.
    let replay = app.client().get(callback.clone()).send().await.unwrap();
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    app.post_form(&browser, "/logout", &[]).await;

    let id_token = id_token.lock().unwrap().clone();
    assert!(!id_token.is_empty());
    let text_logs = String::from_utf8(CAPTURED.lock().unwrap().clone()).unwrap();
    let json_logs = String::from_utf8(CAPTURED_JSON.lock().unwrap().clone()).unwrap();
    assert!(
        text_logs.contains("signed in"),
        "the capture works:\n{text_logs}"
    );
    assert!(
        text_logs.contains(&request_id),
        "log lines carry the request id"
    );
    check_json_lines(&json_logs, &request_id);

    for logs in [text_logs, json_logs] {
        check_no_secrets(&logs, &callback, &authorize, &id_token, &cookie);
    }
}

/// Every JSON line parses; each event of a request carries that request's id.
fn check_json_lines(logs: &str, me_request_id: &str) {
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let signed_in = lines
        .iter()
        .find(|l| l["message"] == "signed in")
        .unwrap_or_else(|| panic!("no sign-in line in:\n{logs}"));
    let request_id_of = |line: &serde_json::Value| -> Option<String> {
        line["spans"]
            .as_array()?
            .iter()
            .find_map(|s| s["request_id"].as_str().map(str::to_owned))
    };
    let id = request_id_of(signed_in).unwrap_or_default();
    assert!(id.len() >= 32, "the request id is on the line: {signed_in}");
    // Every event inside a request span names the request.
    let in_requests: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| {
            l["spans"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s["name"] == "request"))
        })
        .collect();
    assert!(in_requests.len() > 3, "{logs}");
    for line in in_requests {
        assert!(
            request_id_of(line).is_some_and(|id| id != "-"),
            "an event inside a request lacks its request id: {line}"
        );
    }
    assert!(
        logs.contains(me_request_id),
        "the /me request's id is in the JSON logs"
    );
}

fn check_no_secrets(logs: &str, callback: &Url, authorize: &Url, id_token: &str, cookie: &str) {
    let secrets = [
        ("authorization code", param(callback, "code")),
        ("state", param(callback, "state")),
        ("nonce", param(authorize, "nonce")),
        ("PKCE challenge", param(authorize, "code_challenge")),
        ("ID token", id_token.to_owned()),
        // The signature alone must not show either.
        (
            "ID token signature",
            id_token.rsplit('.').next().unwrap().to_owned(),
        ),
        ("client secret", seed::INTEGRATION_CLIENT_SECRET.to_owned()),
        (
            "service-app secret",
            seed::SERVICE_APP_CLIENT_SECRET.to_owned(),
        ),
        (
            "service-app refresh token",
            seed::SERVICE_APP_REFRESH_TOKEN.to_owned(),
        ),
        ("session cookie", cookie.to_owned()),
    ];
    for (what, secret) in secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "the {what} is in the logs:\n{logs}"
        );
    }
    // The user's and the service app's access tokens, the refresh token and the PKCE verifier are
    // never seen by the test; they are all 43-character base64url strings.
    assert_eq!(
        token_shaped(logs),
        Vec::<&str>::new(),
        "token-like strings in:\n{logs}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_issuer_mismatch_is_logged_with_every_allowed_issuer() {
    capture_this_thread();
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    app.sim.override_next_id_token(move |mut claims| {
        claims["iss"] = serde_json::json!("https://idbroker.mismatch.example/idb");
        signer.mint(&claims)
    });
    let browser = app.client();
    let landed = app.sign_in(&browser, seed::EMPLOYEE_EMAIL, None).await;
    assert_eq!(landed.status(), StatusCode::BAD_REQUEST);
    let text_logs = String::from_utf8(CAPTURED.lock().unwrap().clone()).unwrap();
    let line = text_logs
        .lines()
        .find(|l| l.contains("https://idbroker.mismatch.example/idb"))
        .unwrap_or_else(|| panic!("the token's issuer is logged:\n{text_logs}"));
    for allowed in &app.config.oidc.allowed_issuers {
        assert!(line.contains(allowed.as_str()), "{allowed}: {line}");
    }
    assert_eq!(app.config.oidc.allowed_issuers.len(), 3);
}
