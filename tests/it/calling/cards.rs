//! Personal assistant, caller ID, anonymous call rejection, barge-in, phones and numbers.

use calling_portal::{simulator::seed, store::AuditResult};

use super::{deny, form_fields, loaded, put, with};
use crate::selfservice::Signed;

#[tokio::test]
async fn the_personal_assistant_saves_and_heads_the_summary_while_on() {
    let me = Signed::employee().await;
    let form = loaded(&me, "personal-assistant").await;
    let form = with(form, "enabled", Some("on"));
    let form = with(form, "presence", Some("VACATION"));
    let form = with(form, "until_date", Some("2026-12-24"));
    let form = with(form, "until_time", Some("17:00"));
    let form = with(form, "transfer_enabled", Some("on"));
    let form = with(form, "transfer_number", Some("+1 617 555 0100"));
    let form = with(form, "alerting", Some("ALERT_ME_FIRST"));
    let form = with(form, "rings", Some("4"));
    let response = put(&me, "personal-assistant", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let state = me.setting("personalAssistant");
    assert_eq!(state["enabled"], true);
    assert_eq!(state["presence"], "VACATION");
    assert_eq!(state["untilDateTime"], "2026-12-24T17:00:00.000Z");
    assert_eq!(state["transferNumber"], "+16175550100");
    assert_eq!(state["alertMeFirstNumberOfRings"], 4);

    let summary = me
        .app
        .get_hx(&me.browser, &me.path("summary"))
        .await
        .text()
        .await
        .unwrap();
    let first = summary.split("<li>").nth(1).unwrap();
    assert!(
        first.starts_with("You&#39;re away (on vacation): the personal assistant answers your calls until 2026-12-24 17:00 UTC; callers can press 0 to reach +16175550100."),
        "{summary}"
    );
}

#[tokio::test]
async fn henrys_assistant_is_on_and_bad_values_are_refused() {
    let me = Signed::as_user(seed::HELPDESK_EMAIL).await;
    let (html, _) = me.load("personal-assistant").await;
    assert!(
        html.contains("id=\"pa-enabled\" name=\"enabled\" value=\"on\" checked"),
        "{html}"
    );
    let summary = me
        .app
        .get_hx(&me.browser, &me.path("summary"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        summary
            .split("<li>")
            .nth(1)
            .unwrap()
            .starts_with("You&#39;re away"),
        "{summary}"
    );

    let form = with(form_fields(&html), "alerting", Some("ALERT_ME_FIRST"));
    let form = with(form, "rings", Some("25"));
    let form = with(form, "until_date", Some("2026-02-30"));
    let form = with(form, "until_time", Some("10:00"));
    let before = me.setting("personalAssistant");
    let response = put(&me, "personal-assistant", &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Choose between 2 and 20 rings."), "{html}");
    assert!(html.contains("Enter a real date and a time"), "{html}");
    assert_eq!(me.setting("personalAssistant"), before);
}

#[tokio::test]
async fn caller_id_offers_what_the_get_offers_and_saves_a_choice() {
    let me = Signed::employee().await;
    let (html, _) = me.load("caller-id").await;
    assert!(html.contains("My direct line ("), "{html}");
    let form = with(form_fields(&html), "name_policy", Some("OTHER"));
    let form = with(form, "custom_name", Some("Acme Sales"));
    let form = with(form, "block", Some("on"));
    let response = put(&me, "caller-id", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let state = me.setting("callerId");
    assert_eq!(state["externalCallerIdNamePolicy"], "OTHER");
    assert_eq!(state["customExternalCallerIdName"], "Acme Sales");
    assert_eq!(state["blockInForwardCallsEnabled"], true);

    // A choice the GET does not offer is refused.
    let (html, _) = me.load("caller-id").await;
    let response = put(
        &me,
        "caller-id",
        &with(form_fields(&html), "selected", Some("SOMEONE_ELSE")),
    )
    .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn caller_id_blocking_follows_feature_access() {
    let me = Signed::employee().await;
    deny(&me, "blockCallerId");
    let (html, _) = me.load("caller-id").await;
    assert!(
        html.contains("Your organization does not let you change this."),
        "{html}"
    );
    let before = me.setting("callerId");
    let writes = crate::roles::webex_writes(&me.app);
    let forged = with(form_fields(&html), "block", Some("on"));
    let response = put(&me, "caller-id", &forged).await;
    assert_eq!(response.status(), 403);
    assert_eq!(crate::roles::webex_writes(&me.app), writes);
    assert_eq!(me.setting("callerId"), before);
    assert_eq!(me.audit().await[0].result, AuditResult::Denied);
    // The rest of the card still saves.
    let form = with(form_fields(&html), "name_policy", Some("LOCATION"));
    assert_eq!(put(&me, "caller-id", &form).await.status(), 200);
}

#[tokio::test]
async fn anonymous_rejection_saves_follows_feature_access_and_may_be_unavailable() {
    let me = Signed::employee().await;
    let form = with(
        loaded(&me, "anonymous-rejection").await,
        "enabled",
        Some("on"),
    );
    assert_eq!(put(&me, "anonymous-rejection", &form).await.status(), 200);
    assert_eq!(me.setting("anonymousCallReject")["enabled"], true);

    // (The card shows feature access as read for the page a while; a save reads it afresh.)
    deny(&me, "anonymousCallRejection");
    let (html, _) = me.load("anonymous-rejection").await;
    let writes = crate::roles::webex_writes(&me.app);
    let response = put(&me, "anonymous-rejection", &form_fields(&html)).await;
    assert_eq!(response.status(), 403);
    assert_eq!(crate::roles::webex_writes(&me.app), writes);
}

#[tokio::test]
async fn anonymous_rejection_where_webex_does_not_have_it_says_so() {
    let me = Signed::employee().await;
    me.app.sim.set_anonymous_call_reject_available(false);
    let html = me.get("anonymous-rejection").await.text().await.unwrap();
    assert!(
        html.contains("not available for you in Webex yet"),
        "{html}"
    );
    assert!(!html.contains("<form"), "{html}");
    // A forged save writes nothing.
    let writes = crate::roles::webex_writes(&me.app);
    let response = me
        .put(
            "anonymous-rejection",
            &[("fingerprint", "forged"), ("enabled", "on")],
        )
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(crate::roles::webex_writes(&me.app), writes);
}

#[tokio::test]
async fn barge_in_switches_and_follows_feature_access() {
    let me = Signed::employee().await;
    let (html, _) = me.load("barge-in").await;
    assert!(
        html.contains("id=\"barge-enabled\" name=\"enabled\" value=\"on\" checked"),
        "{html}"
    );
    let form = with(form_fields(&html), "enabled", None);
    assert_eq!(put(&me, "barge-in", &form).await.status(), 200);
    assert_eq!(me.setting("bargeIn")["enabled"], false);

    deny(&me, "bargeIn");
    let (html, _) = me.load("barge-in").await;
    let response = put(
        &me,
        "barge-in",
        &with(form_fields(&html), "enabled", Some("on")),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_eq!(me.setting("bargeIn")["enabled"], false);
}

#[tokio::test]
async fn phones_and_numbers_are_shown_read_only() {
    let me = Signed::employee().await;
    let html = me.get("phones").await.text().await.unwrap();
    assert!(html.contains("Cisco "), "{html}");
    assert!(html.contains("MAC address"), "{html}");
    assert!(
        !html.contains("<form") && !html.contains("type=\"submit\""),
        "{html}"
    );
    let html = me.get("numbers").await.text().await.unwrap();
    assert!(html.contains("Yes, my main number"), "{html}");
    assert!(!html.contains("<form"), "{html}");
    // Read only: there is no PUT.
    let response = me.put("phones", &[("fingerprint", "x")]).await;
    assert!(
        matches!(response.status().as_u16(), 404 | 405),
        "{}",
        response.status()
    );

    let frank = Signed::as_user(seed::NO_FORWARDING_EMAIL).await;
    let html = frank.get("phones").await.text().await.unwrap();
    assert!(html.contains("You have no phones."), "{html}");
}
