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

#[tokio::test]
async fn a_location_scope_given_as_a_bare_uuid_searches_by_number() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![(
            "PORTAL_ROLE_MAP",
            format!(
                "email:{}=helpdesk@{}",
                crate::roles::SCOPED_HELPDESK_EMAIL,
                seed::LOCATION_BOSTON_UUID.to_uppercase()
            ),
        )],
        ..TestOptions::default()
    })
    .await;
    let ethan = app.login_as(crate::roles::SCOPED_HELPDESK_EMAIL).await;
    // Digits list the scope's locations: with the Webex location id, not the UUID.
    let response = app.get_hx(&ethan, "/hx/search?q=10").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("Liam Baker"), "{html}");
    assert!(!html.contains("Olivia Carter"), "{html}");
    // The person page and the audit log go by the same scope.
    let liam = app
        .sim
        .person_id_by_email(crate::roles::IN_A_EMAIL)
        .unwrap();
    let olivia = app
        .sim
        .person_id_by_email(crate::roles::IN_B_EMAIL)
        .unwrap();
    let page = app.get(&ethan, &format!("/hx/people/{liam}/summary")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = app
        .get(&ethan, &format!("/hx/people/{olivia}/summary"))
        .await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    // Liam's own change shows in the audit log of the helpdesk of his location.
    let liam_browser = app.login_as(crate::roles::IN_A_EMAIL).await;
    let card = app
        .get_hx(&liam_browser, &format!("/hx/people/{liam}/dnd"))
        .await
        .text()
        .await
        .unwrap();
    let fp = crate::selfservice::fingerprint(&card);
    let saved = app
        .put_hx(
            &liam_browser,
            &format!("/hx/people/{liam}/dnd"),
            &[("fingerprint", fp.as_str()), ("enabled", "on")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let audit = app.get(&ethan, "/audit").await.text().await.unwrap();
    assert!(audit.contains("Liam Baker"), "{audit}");
}

#[tokio::test]
async fn the_token_endpoint_authentication_follows_configuration() {
    for (configured, expected) in [
        (None, "client_secret_basic"),
        (Some("client_secret_basic"), "client_secret_basic"),
        (Some("client_secret_post"), "client_secret_post"),
    ] {
        let env = configured
            .map(|m| vec![("WEBEX_OIDC_TOKEN_AUTH_METHOD", m.to_owned())])
            .unwrap_or_default();
        let app = TestApp::spawn_with(TestOptions {
            env,
            ..TestOptions::default()
        })
        .await;
        let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
        assert_eq!(app.get(&alice, "/me").await.status(), StatusCode::OK);
        assert_eq!(
            app.sim.token_auth_methods(seed::INTEGRATION_CLIENT_ID),
            vec![expected],
            "{configured:?}"
        );
    }
}

#[tokio::test]
async fn the_429_page_says_the_wait_its_retry_after_gives() {
    let app = TestApp::spawn_with(TestOptions {
        login_rate_limit_per_minute: Some(2),
        ..TestOptions::default()
    })
    .await;
    let browser = app.client();
    let mut refused = None;
    for _ in 0..4 {
        let response = app.get(&browser, "/login").await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(response);
            break;
        }
    }
    let refused = refused.expect("the third sign-in start in a minute is refused");
    let secs: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&secs), "{secs}");
    let page = refused.text().await.unwrap();
    let wait = if secs == 1 {
        "1 second".to_owned()
    } else {
        format!("{secs} seconds")
    };
    assert!(
        page.contains(&format!("Wait {wait}, then try again.")),
        "{page}"
    );
    assert!(!page.contains("Wait a minute"), "{page}");
}

#[tokio::test]
async fn a_body_over_the_limit_says_so_and_names_the_limit() {
    let app = TestApp::spawn().await;
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let id = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let huge = "1".repeat(3 * 1024 * 1024);
    let response = app
        .put_hx(
            &alice,
            &format!("/hx/people/{id}/forwarding"),
            &[("fingerprint", "x"), ("busy_destination", huge.as_str())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // In the card (its fields, as Webex holds them), not a generic failure.
    let card = response.text().await.unwrap();
    assert!(card.contains("too large (limit 64 KB)"), "{card}");
    assert!(card.contains("id=\"fwd-busy-destination\""), "{card}");
    assert!(!card.contains("could not be handled"), "{card}");
    // A form-encoded POST elsewhere over the limit says the same in the toast.
    let response = app
        .post_hx(
            &alice,
            &format!("/hx/people/{id}/voicemail/pin"),
            &[("pin", huge.as_str()), ("pin_confirm", "1")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let toast = response.text().await.unwrap();
    assert!(toast.contains("too large (limit 64 KB)"), "{toast}");
}
