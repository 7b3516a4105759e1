//! What the portal logs during a sign-in: request ids, yes; codes, tokens, secrets, cookies, never.

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

/// Everything logged on threads that opted in with [`capture_this_thread`].
static CAPTURED: Mutex<Vec<u8>> = Mutex::new(Vec::new());

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

/// Installs (once) a global subscriber that records, at debug level and finer for our own and
/// the web stack's targets, whatever happens on a capturing thread. A global subscriber rather
/// than a scoped one, and a dynamic filter: tests run in parallel, and tracing caches
/// per-callsite interest globally, so a static answer would be decided by whichever thread came
/// first.
fn capture_this_thread() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let verbose = ["calling_portal", "tower_http", "tower_sessions"];
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(|| Captured)
            .with_ansi(false)
            .with_filter(dynamic_filter_fn(move |meta, _| {
                CAPTURING.with(Cell::get)
                    // The simulator is Webex: what it logs is not the portal's logs.
                    && !meta.target().starts_with("calling_portal::simulator")
                    && (*meta.level() <= Level::DEBUG
                        || verbose.iter().any(|t| meta.target().starts_with(t)))
            }));
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
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

    let logs = String::from_utf8(CAPTURED.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("signed in"), "the capture works:\n{logs}");
    assert!(logs.contains(&request_id), "log lines carry the request id");

    let id_token = id_token.lock().unwrap().clone();
    assert!(!id_token.is_empty());
    let secrets = [
        ("authorization code", param(&callback, "code")),
        ("state", param(&callback, "state")),
        ("nonce", param(&authorize, "nonce")),
        ("PKCE challenge", param(&authorize, "code_challenge")),
        ("ID token", id_token.clone()),
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
        ("session cookie", cookie),
    ];
    for (what, secret) in secrets {
        assert!(
            !logs.contains(&secret),
            "the {what} is in the logs:\n{logs}"
        );
    }
    // The user's and the service app's access tokens, the refresh token and the PKCE verifier are
    // never seen by the test; they are all 43-character base64url strings.
    assert_eq!(
        token_shaped(&logs),
        Vec::<&str>::new(),
        "token-like strings in:\n{logs}"
    );
}
