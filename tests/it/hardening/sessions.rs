//! Sessions, sign-in and what the portal says when it refuses: the idle timeout, the token
//! endpoint's client authentication, bare-UUID location scopes, the 429 page and the audit CSV.

use std::time::Duration;

use calling_portal::simulator::seed;
use reqwest::StatusCode;

use crate::support::{TestApp, TestOptions};

#[tokio::test]
async fn an_active_user_is_not_signed_out_by_a_short_idle_timeout() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_SESSION_IDLE_TIMEOUT_SECS", "60".into())],
        ..TestOptions::default()
    })
    .await;
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    // A request every 20 s for five minutes: never idle for 60 s.
    for i in 0..15 {
        app.clock.advance(Duration::from_secs(20));
        let me = app.get(&alice, "/me").await;
        assert_eq!(
            me.status(),
            StatusCode::OK,
            "request {i}, {} s in",
            (i + 1) * 20
        );
    }
    // Then a minute and a bit (more than the 5% slack) without one ends it.
    app.clock.advance(Duration::from_secs(64));
    let me = app.get(&alice, "/me").await;
    assert_eq!(me.status(), StatusCode::SEE_OTHER);
}
