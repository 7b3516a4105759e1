//! Call intercept: on/off, incoming and outgoing, the numbers, the announcement (WAV checks like
//! voicemail greetings), the summary line, undo, and the helpdesk on someone else.

use calling_portal::{simulator::seed, store::AuditResult};

use super::{ANNOUNCEMENT, INTERCEPT, form_fields, loaded, put, upload, wav, with};
use crate::selfservice::{Signed, fingerprint};

#[tokio::test]
async fn intercept_saves_each_part_and_reads_back() {
    let me = Signed::employee().await;
    let form = loaded(&me, "intercept").await;
    assert!(!form.iter().any(|(n, _)| n == "enabled"), "off at first");
    let form = with(form, "enabled", Some("on"));
    let form = with(form, "incoming_type", Some("INTERCEPT_ALL"));
    let form = with(form, "incoming_voicemail", Some("on"));
    let form = with(form, "new_number_enabled", Some("on"));
    let form = with(form, "new_number", Some("+1 617 555 0142"));
    let form = with(form, "outgoing_type", Some("ALLOW_LOCAL_ONLY"));
    me.app.sim.faults().reset_counts();
    let response = put(&me, "intercept", &form).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["hx-trigger"], "settings-changed");
    let html = response.text().await.unwrap();
    assert!(html.contains("Saved"), "{html}");
    let state = me.setting("intercept");
    assert_eq!(state["enabled"], true);
    assert_eq!(state["incoming"]["voicemailEnabled"], true);
    assert_eq!(
        state["incoming"]["announcements"]["newNumber"]["destination"],
        "+16175550142"
    );
    assert_eq!(state["outgoing"]["type"], "ALLOW_LOCAL_ONLY");
    assert_eq!(me.app.sim.request_count("PUT", INTERCEPT), 1);
    // The read-back is what the card shows.
    assert!(
        html.contains("id=\"ic-enabled\" name=\"enabled\" value=\"on\" checked"),
        "{html}"
    );

    // The summary says calls are intercepted, before anything else.
    let summary = me
        .app
        .get_hx(&me.browser, &me.path("summary"))
        .await
        .text()
        .await
        .unwrap();
    let first = summary.split("<li>").nth(1).unwrap();
    assert!(
        first.starts_with("Your calls are intercepted: callers hear an announcement and go to voicemail. You can make local calls only."),
        "{summary}"
    );

    let entries = me.audit().await;
    assert_eq!(entries[0].feature, "call_intercept");
    assert_eq!(entries[0].result, AuditResult::Success);
}

#[tokio::test]
async fn bad_numbers_and_a_missing_announcement_are_refused_with_the_input_kept() {
    let me = Signed::employee().await;
    let form = loaded(&me, "intercept").await;
    let form = with(form, "enabled", Some("on"));
    let form = with(form, "zero_transfer_enabled", Some("on"));
    let form = with(form, "zero_transfer", Some("call reception"));
    let form = with(form, "outgoing_transfer_enabled", Some("on"));
    let form = with(form, "outgoing_destination", Some(""));
    let form = with(form, "greeting", Some("CUSTOM"));
    let before = me.setting("intercept");
    me.app.sim.faults().reset_counts();
    let response = put(&me, "intercept", &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("“call reception” is not a phone number"),
        "{html}"
    );
    assert!(html.contains("Enter a number or an extension."), "{html}");
    assert!(html.contains("Upload an announcement first"), "{html}");
    assert!(
        html.contains("value=\"call reception\""),
        "input kept: {html}"
    );
    assert_eq!(me.app.sim.request_count("PUT", INTERCEPT), 0);
    assert_eq!(me.setting("intercept"), before);
}

#[tokio::test]
async fn the_announcement_is_checked_like_a_greeting_then_uploaded_and_chosen() {
    let me = Signed::employee().await;
    me.app.sim.faults().reset_counts();
    // Not a WAV: refused before Webex.
    let response = upload(&me, b"ID3\x04 an mp3".to_vec(), "hello.mp3").await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("must be a WAV file"), "{html}");
    // Too large: refused before Webex too.
    let response = upload(&me, wav(5000 * 1024 + 1), "long.wav").await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("5001 KB"));
    assert_eq!(me.app.sim.request_count("POST", ANNOUNCEMENT), 0);

    let response = upload(&me, wav(4096), "away.wav").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Your own announcement is uploaded."),
        "{html}"
    );
    assert_eq!(me.app.sim.request_count("POST", ANNOUNCEMENT), 1);
    let entry = &me.audit().await[0];
    assert_eq!(entry.action.as_str(), "upload_greeting");
    assert_eq!(entry.feature, "call_intercept");
    assert!(entry.before.is_none(), "an upload is not offered for undo");

    // Now the uploaded announcement can be chosen, with the card the upload returned.
    let form = with(form_fields(&html), "greeting", Some("CUSTOM"));
    let response = put(&me, "intercept", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        me.setting("intercept")["incoming"]["announcements"]["greeting"],
        "CUSTOM"
    );
}

#[tokio::test]
async fn an_intercept_change_is_undone_through_the_registry() {
    let me = Signed::employee().await;
    let form = with(loaded(&me, "intercept").await, "enabled", Some("on"));
    assert_eq!(put(&me, "intercept", &form).await.status(), 200);
    assert_eq!(me.setting("intercept")["enabled"], true);
    let entry = me.audit().await[0].id;
    let response = me
        .app
        .post_hx(&me.browser, &format!("/hx/audit/{entry}/undo"), &[])
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(me.setting("intercept")["enabled"], false);
}

#[tokio::test]
async fn amaras_announcement_shows_and_the_helpdesk_changes_intercept_with_a_ticket() {
    let app = crate::roles::spawn(vec![]).await;
    let amara = app.sim.person_id_by_email(seed::ADMIN_EMAIL).unwrap();
    let henry = Signed::with(app, seed::HELPDESK_EMAIL).await;
    let path = format!(
        "/hx/people/{}/intercept",
        crate::selfservice::encode(&amara)
    );
    let html = henry
        .app
        .get_hx(&henry.browser, &path)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Your own announcement is uploaded."),
        "{html}"
    );
    assert!(html.contains("name=\"ticket\""), "{html}");
    let mut form = form_fields(&html);
    form = with(form, "outgoing_type", Some("ALLOW_LOCAL_ONLY"));
    form = with(form, "ticket", Some("INC-16"));
    form = with(form, "fingerprint", Some(&fingerprint(&html)));
    let body: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = henry.app.put_hx(&henry.browser, &path, &body).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let state = henry.app.sim.person_setting(&amara, "intercept").unwrap();
    assert_eq!(state["outgoing"]["type"], "ALLOW_LOCAL_ONLY");
}
