//! The admin page and "sign everyone out".

use calling_portal::simulator::seed;
use reqwest::StatusCode;

use super::spawn;

#[tokio::test]
async fn the_admin_page_shows_the_token_the_roles_and_the_sessions() {
    let app = spawn(vec![]).await;
    let _alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let response = app.get(&amara, "/admin").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("Healthy"), "{html}");
    assert!(html.contains("Access token expires"));
    // The role map as resolved: the entries, and who each one names.
    assert!(
        html.contains("group:Portal Helpdesk") && html.contains("Henry Hughes"),
        "{html}"
    );
    assert!(html.contains("group:Portal Admins") && html.contains("Amara Adams"));
    assert!(html.contains(&format!("email:{}", super::SCOPED_HELPDESK_EMAIL)));
    assert!(html.contains("2 active sessions"), "{html}");
    // Never a token in the page.
    assert!(!html.contains(seed::SERVICE_APP_REFRESH_TOKEN));
}

#[tokio::test]
async fn signing_everyone_out_ends_every_session_and_is_audited() {
    let app = spawn(vec![]).await;
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    // Only admins may.
    let refused = app.post_form(&henry, "/admin/sign-out-everyone", &[]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&alice, "/me").await.status(), StatusCode::OK);

    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let done = app.post_form(&amara, "/admin/sign-out-everyone", &[]).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    for browser in [&alice, &henry, &amara] {
        assert_eq!(
            app.get(browser, "/me").await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let log = app
        .state
        .store
        .list_audit(&Default::default())
        .await
        .unwrap();
    assert_eq!(log[0].action, "sign_out_everyone");
    assert_eq!(log[0].actor_name, "Amara Adams");
}
