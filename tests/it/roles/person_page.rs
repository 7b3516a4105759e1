//! The helpdesk on a user's page: the banner, the PIN reset, and the notice to the user.

use std::time::Duration;

use calling_portal::simulator::seed;
use reqwest::StatusCode;

use super::{IN_A_EMAIL, person_id, spawn};

fn encoded(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

#[tokio::test]
async fn the_page_says_whose_settings_and_what_they_cannot_change() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let frank = person_id(&app, seed::NO_FORWARDING_EMAIL);
    let response = app
        .get(&henry, &format!("/people/{}", encoded(&frank)))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("You are changing Frank Fischer&#39;s settings")
            || html.contains("You are changing Frank Fischer's settings"),
        "{html}"
    );
    assert!(html.contains("Call forwarding"), "{html}");
    // The cards load from the person's fragments.
    assert!(html.contains(&format!("/hx/people/{}/forwarding", encoded(&frank))));
    // On one's own page there is no banner.
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let html = app.get(&alice, "/me").await.text().await.unwrap();
    assert!(!html.contains("You are changing"));
}

#[tokio::test]
async fn helpdesk_resets_a_voicemail_pin_audited_and_the_user_is_told() {
    let app = spawn(vec![
        ("PORTAL_NOTIFY_ON_HELPDESK_CHANGE", "true".into()),
        ("PORTAL_NOTIFY_BOT_TOKEN", seed::BOT_TOKEN.into()),
    ])
    .await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let liam = person_id(&app, IN_A_EMAIL);
    let before = app.sim.request_count(
        "POST",
        "/v1/people/{personId}/features/voicemail/actions/resetPin/invoke",
    );
    let response = app
        .post_hx(
            &henry,
            &format!("/hx/people/{}/voicemail/pin/reset", encoded(&liam)),
            &[("ticket", "INC-9")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.sim.request_count(
            "POST",
            "/v1/people/{personId}/features/voicemail/actions/resetPin/invoke"
        ),
        before + 1
    );
    let log = app
        .state
        .store
        .list_audit(&Default::default())
        .await
        .unwrap();
    assert_eq!(log[0].action.as_str(), "reset_pin");
    assert_eq!(log[0].ticket.as_deref(), Some("INC-9"));
    assert_eq!(log[0].target_name, "Liam Baker");
    assert!(log[0].webex_tracking_id.is_some());

    // The notice arrives in the background.
    let mut sent = Vec::new();
    for _ in 0..50 {
        sent = app.sim.messages();
        if !sent.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["toPersonId"], liam.as_str());
    let text = sent[0]["markdown"].as_str().unwrap();
    assert!(
        text.contains("Henry Hughes") && text.contains("voicemail PIN"),
        "{text}"
    );

    // Employees cannot reset even their own PIN here.
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let me = person_id(&app, seed::EMPLOYEE_EMAIL);
    let refused = app
        .post_hx(
            &alice,
            &format!("/hx/people/{}/voicemail/pin/reset", encoded(&me)),
            &[],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn changes_people_make_themselves_send_no_notice() {
    let app = spawn(vec![
        ("PORTAL_NOTIFY_ON_HELPDESK_CHANGE", "true".into()),
        ("PORTAL_NOTIFY_BOT_TOKEN", seed::BOT_TOKEN.into()),
    ])
    .await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let me = person_id(&app, seed::ADMIN_EMAIL);
    let response = app
        .post_hx(
            &amara,
            &format!("/hx/people/{}/voicemail/pin/reset", encoded(&me)),
            &[],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(app.sim.messages().is_empty());
}
