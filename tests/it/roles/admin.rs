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
    // Without the ticked confirmation nothing happens.
    let unconfirmed = app.post_form(&amara, "/admin/sign-out-everyone", &[]).await;
    assert_eq!(unconfirmed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.get(&alice, "/me").await.status(), StatusCode::OK);
    let done = app
        .post_form(&amara, "/admin/sign-out-everyone", &[("confirm", "yes")])
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    // The admin lands on the start page, which says what happened.
    let landing = done.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(landing, "/?signed-out=everyone");
    let start = app.get(&amara, &landing).await.text().await.unwrap();
    assert!(
        start.contains("Everyone was signed out, you included."),
        "{start}"
    );
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
    assert_eq!(log[0].action.as_str(), "sign_out_everyone");
    assert_eq!(log[0].actor_name, "Amara Adams");
}

/// The scope table's rows as (feature, status), from the admin page.
fn scope_rows(html: &str) -> Vec<(String, String)> {
    html.split("<tr data-scope-status=\"")
        .skip(1)
        .map(|row| {
            let (status, rest) = row.split_once('"').unwrap();
            let feature = rest
                .split_once("<td")
                .and_then(|(_, r)| r.split_once('>'))
                .and_then(|(_, r)| r.split_once("</td>"))
                .map(|(f, _)| f.to_owned())
                .unwrap();
            (feature, status.to_owned())
        })
        .collect()
}

async fn readyz(app: &crate::support::TestApp) -> serde_json::Value {
    let response = app.get(&app.client(), "/readyz").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_feature_shows_its_scopes_granted_with_the_seeded_service_app() {
    let app = spawn(vec![
        ("PORTAL_NOTIFY_ON_HELPDESK_CHANGE", "true".into()),
        ("PORTAL_NOTIFY_BOT_TOKEN", seed::BOT_TOKEN.into()),
    ])
    .await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let html = app.get(&amara, "/admin").await.text().await.unwrap();
    assert!(
        html.contains("<code class=\"wrap\">identity:groups_read spark-admin:devices_read spark-admin:locations_read spark-admin:people_read"),
        "the granted scopes are listed: {html}"
    );
    let rows = scope_rows(&html);
    let features: Vec<&str> = rows.iter().map(|(f, _)| f.as_str()).collect();
    for feature in [
        "People lookup and search",
        "Call forwarding",
        "Do not disturb",
        "Call waiting",
        "Voicemail settings",
        "Voicemail greetings",
        "Voicemail PIN reset",
        "Voicemail passcode and its rules",
        "Groups for the role map",
        "Feature access (what users may change)",
        "Change notices (messages)",
        "Call queue join and leave (needs a full administrator)",
    ] {
        assert!(features.contains(&feature), "{feature} in {features:?}");
    }
    for (feature, status) in &rows {
        // The bot's scopes are never reported by Webex.
        let expected = if feature.starts_with("Change notices") {
            "unknown"
        } else {
            "granted"
        };
        assert_eq!(status, expected, "{feature}");
    }
    let ready = readyz(&app).await;
    assert_eq!(
        ready["checks"]["service_app_token"]["status"], "ok",
        "{ready}"
    );
}

#[tokio::test]
async fn missing_scopes_show_on_the_admin_page_and_degrade_readiness() {
    // The service app was authorised without the telephony scopes.
    let mut simulator = calling_portal::simulator::SimulatorOptions::default();
    let app_client = simulator
        .seed
        .clients
        .iter_mut()
        .find(|c| c.client_id == seed::SERVICE_APP_CLIENT_ID)
        .unwrap();
    app_client.scopes = vec![
        "spark-admin:people_read".into(),
        "spark-admin:people_write".into(),
        "identity:groups_read".into(),
    ];
    let app = crate::support::TestApp::spawn_with(crate::support::TestOptions {
        env: vec![("PORTAL_ROLE_MAP", super::role_map())],
        simulator,
        ..Default::default()
    })
    .await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let html = app.get(&amara, "/admin").await.text().await.unwrap();
    let rows = scope_rows(&html);
    let status = |feature: &str| {
        rows.iter()
            .find(|(f, _)| f == feature)
            .map(|(_, s)| s.as_str())
            .unwrap_or_else(|| panic!("{feature} in {rows:?}"))
    };
    assert_eq!(status("Voicemail passcode and its rules"), "missing");
    assert_eq!(status("Feature access (what users may change)"), "missing");
    assert_eq!(status("Call forwarding"), "granted");
    assert_eq!(status("Groups for the role map"), "granted");
    assert!(
        !rows.iter().any(|(f, _)| f.starts_with("Change notices")),
        "notices are off: {rows:?}"
    );
    assert!(html.contains("<code>spark-admin:telephony_config_write</code> <span class=\"scope-missing\">missing</span>"));
    assert!(
        !html.contains("<p>Healthy</p>")
            && html.contains("was not granted spark-admin:telephony_config_read"),
        "the token section says what is wrong: {html}"
    );

    let ready = readyz(&app).await;
    assert_eq!(ready["status"], "degraded", "{ready}");
    let check = &ready["checks"]["service_app_token"];
    assert_eq!(check["status"], "degraded", "{ready}");
    let reason = check["reason"].as_str().unwrap();
    assert!(
        reason.contains("spark-admin:telephony_config_read")
            && reason.contains("spark-admin:telephony_config_write")
            && !reason.contains("people_write"),
        "{reason}"
    );
}
