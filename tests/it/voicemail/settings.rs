//! Each voicemail field: saved and read back, or refused with the input kept and nothing sent.

use calling_portal::{simulator::seed, store::AuditResult};
use serde_json::json;

use super::{Alice, PERMISSIONS, RULES, VOICEMAIL, form_fields, tag_with_id};

#[tokio::test]
async fn the_card_shows_what_webex_holds_and_costs_two_calls() {
    let alice = Alice::new().await;
    alice.app.sim.faults().reset_counts();
    let html = alice.card().await;
    // One read each: the settings and what the org lets Alice change.
    assert_eq!(alice.count("GET", VOICEMAIL), 1);
    assert_eq!(alice.count("GET", PERMISSIONS), 1);
    assert_eq!(alice.app.sim.total_request_count(), 2);
    // The PIN part (its own fragment) reads the org's PIN rules.
    let pin = alice
        .app
        .get_hx(&alice.browser, &format!("{}/pin", alice.path))
        .await;
    assert_eq!(pin.status(), 200);
    assert_eq!(alice.count("GET", RULES), 1);
    assert_eq!(alice.app.sim.total_request_count(), 3);

    let fields = super::Fields(form_fields(&html));
    assert_eq!(fields.get("enabled"), Some("on"));
    assert_eq!(fields.get("no_answer_rings"), Some("3"));
    assert_eq!(fields.get("notify_email"), Some(seed::EMPLOYEE_EMAIL));
    assert_eq!(fields.get("storage_type"), Some("INTERNAL"));
    assert_eq!(fields.get("send_all"), None);
    // Every section is editable for Alice.
    assert_eq!(fields.sections().len(), 9);
    // The rings input says Alice's range.
    let rings = tag_with_id(&html, "vm-no_answer_rings");
    assert!(rings.contains("inputmode=\"numeric\""), "{rings}");
    assert!(rings.contains("vm-no_answer_rings-hint"), "{rings}");
    assert!(html.contains("From 2 to 15 rings."));
    // Every input has a label.
    for (name, _) in &fields.0 {
        if name == "section" || name == "fingerprint" {
            continue;
        }
        let id = format!("vm-{name}");
        assert!(html.contains(&format!("for=\"{id}")), "no label for {name}");
    }
    assert!(!html.contains("style="), "no inline style");
    assert!(!html.contains("<script"), "no inline script");
}

#[tokio::test]
async fn rings_and_notifications_are_saved_read_back_and_audited_in_five_calls() {
    let alice = Alice::new().await;
    let mut form = alice.form().await;
    form.set("no_answer_rings", "5")
        .set("notify_sms", "(617) 555-0142");
    alice.app.sim.faults().reset_counts();
    let res = alice.save(&form).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("HX-Trigger").unwrap(), "settings-changed");
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Saved. Shown below is what Webex now holds."),
        "{html}"
    );
    // A fresh read (settings and feature access), the write, the read-back (both again).
    assert_eq!(alice.count("GET", VOICEMAIL), 2);
    assert_eq!(alice.count("GET", PERMISSIONS), 2);
    assert_eq!(alice.count("PUT", VOICEMAIL), 1);
    assert_eq!(alice.app.sim.total_request_count(), 5);

    let vm = alice.voicemail();
    assert_eq!(vm["sendUnansweredCalls"]["numberOfRings"], 5);
    assert_eq!(vm["notifications"]["smsDestination"], "+16175550142");
    assert_eq!(vm["notifications"]["destination"], seed::EMPLOYEE_EMAIL);
    // The page shows the read-back values.
    let shown = super::Fields(form_fields(&html));
    assert_eq!(shown.get("no_answer_rings"), Some("5"));
    assert_eq!(shown.get("notify_sms"), Some("+1 617-555-0142"));

    let audit = alice.audit().await;
    let entry = &audit[0];
    assert_eq!(entry.feature, "voicemail");
    assert_eq!(entry.action.as_str(), "update");
    assert_eq!(entry.result, AuditResult::Success);
    assert_eq!(entry.actor_person_id, alice.person_id);
    assert_eq!(entry.target_person_id, alice.person_id);
    assert!(entry.webex_tracking_id.is_some());
    let before = entry.before.as_ref().unwrap();
    let after = entry.after.as_ref().unwrap();
    assert_eq!(before["sendUnansweredCalls"]["numberOfRings"], 3);
    assert_eq!(after["sendUnansweredCalls"]["numberOfRings"], 5);
    assert_eq!(after["notifications"]["smsDestination"], "+16175550142");
}

#[tokio::test]
async fn every_section_saves() {
    let alice = Alice::new().await;
    let mut form = alice.form().await;
    form.uncheck("enabled")
        .check("send_all")
        .uncheck("busy_enabled")
        .uncheck("no_answer_enabled")
        .set("no_answer_rings", "15")
        .set("notify_email", "alice.alerts@acme.example")
        .check("transfer_enabled")
        .set("transfer_number", "+44 20 7946 0018")
        .check("email_copy_enabled")
        .set("email_copy_address", "alice.copies@acme.example")
        .uncheck("mwi_enabled")
        .set("storage_type", "EXTERNAL")
        .set("external_email", "alice.store@acme.example")
        .check("fax_enabled")
        .set("fax_number", "+1 617 555 0199")
        .set("fax_extension", "4321");
    let res = alice.save(&form).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let vm = alice.voicemail();
    assert_eq!(
        vm,
        json!({
            "enabled": false,
            "sendAllCalls": {"enabled": true},
            "sendBusyCalls": {"enabled": false, "greeting": "DEFAULT", "greetingUploaded": false},
            "sendUnansweredCalls": {"enabled": false, "greeting": "DEFAULT", "greetingUploaded": false,
                                    "numberOfRings": 15, "systemMaxNumberOfRings": 15},
            "notifications": {"enabled": true, "destination": "alice.alerts@acme.example"},
            "transferToNumber": {"enabled": true, "destination": "+442079460018"},
            "emailCopyOfMessage": {"enabled": true, "emailId": "alice.copies@acme.example"},
            "messageStorage": {"mwiEnabled": false, "storageType": "EXTERNAL",
                               "externalEmail": "alice.store@acme.example"},
            "faxMessage": {"enabled": true, "phoneNumber": "+16175550199", "extension": "4321"},
            "voiceMessageForwardingEnabled": true
        })
    );

    // And back: a custom greeting is refused until one is uploaded; the default is fine.
    let mut form = alice.form().await;
    form.set("busy_greeting", "CUSTOM");
    let res = alice.save(&form).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Upload your own greeting before choosing it.")
    );
}

#[tokio::test]
async fn an_unchanged_form_writes_nothing() {
    let alice = Alice::new().await;
    let form = alice.form().await;
    let res = alice.save(&form).await;
    assert_eq!(res.status(), 200);
    assert_eq!(alice.count("PUT", VOICEMAIL), 0);
}

/// Saves `changes` over the loaded form and expects a 422 that names `message`, keeps what was
/// typed in `kept`, marks `field` invalid and focuses the first problem, with no Webex write.
async fn refused(changes: &[(&str, Option<&str>)], field: &str, kept: &str, message: &str) {
    let alice = Alice::new().await;
    let mut form = alice.form().await;
    for (name, value) in changes {
        match value {
            Some(v) => form.set(name, v),
            None => form.uncheck(name),
        };
    }
    let before = alice.voicemail();
    let res = alice.save(&form).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(message), "{message} not in {html}");
    assert!(
        html.contains("Nothing was saved: please correct the marked fields."),
        "{html}"
    );
    let input = tag_with_id(&html, &format!("vm-{field}"));
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(input.contains("autofocus"), "{input}");
    assert!(
        input.contains(&format!("aria-describedby=\""))
            && input.contains(&format!("vm-{field}-error")),
        "{input}"
    );
    let shown = super::Fields(form_fields(&html));
    assert_eq!(shown.get(field), Some(kept), "input kept");
    assert_eq!(alice.count("PUT", VOICEMAIL), 0);
    assert_eq!(alice.voicemail(), before);
}

#[tokio::test]
async fn rings_out_of_range_are_refused() {
    refused(
        &[("no_answer_rings", Some("16"))],
        "no_answer_rings",
        "16",
        "Choose from 2 to 15 rings.",
    )
    .await;
    refused(
        &[("no_answer_rings", Some("1"))],
        "no_answer_rings",
        "1",
        "Choose from 2 to 15 rings.",
    )
    .await;
}

#[tokio::test]
async fn external_storage_needs_an_email() {
    refused(
        &[
            ("storage_type", Some("EXTERNAL")),
            ("external_email", Some("")),
        ],
        "external_email",
        "",
        "Enter an email address.",
    )
    .await;
}

#[tokio::test]
async fn fax_needs_a_number() {
    refused(
        &[("fax_enabled", Some("on")), ("fax_number", Some(""))],
        "fax_number",
        "",
        "Enter a number or an extension.",
    )
    .await;
}

#[tokio::test]
async fn notification_email_must_be_an_address() {
    refused(
        &[("notify_email", Some("alice at acme"))],
        "notify_email",
        "alice at acme",
        "is not an email address",
    )
    .await;
}

#[tokio::test]
async fn text_alerts_go_to_us_or_canadian_numbers_only() {
    refused(
        &[("notify_sms", Some("+44 20 7946 0018"))],
        "notify_sms",
        "+44 20 7946 0018",
        "US and Canadian mobile numbers only",
    )
    .await;
}

#[tokio::test]
async fn transfer_number_must_parse() {
    refused(
        &[
            ("transfer_enabled", Some("on")),
            ("transfer_number", Some("reception please")),
        ],
        "transfer_number",
        "reception please",
        "is not a phone number or an extension",
    )
    .await;
}

#[tokio::test]
async fn a_change_made_elsewhere_is_not_overwritten() {
    let alice = Alice::new().await;
    let mut form = alice.form().await;
    // Control Hub changes the rings after Alice loaded the card.
    alice.app.sim.set_person_setting(
        &alice.person_id,
        "voicemail",
        json!({"sendUnansweredCalls": {"numberOfRings": 7}}),
    );
    form.set("no_answer_rings", "5");
    let res = alice.save(&form).await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("Changed elsewhere, nothing saved"), "{html}");
    // What is set now is shown, so the next save starts from it.
    assert_eq!(
        super::Fields(form_fields(&html)).get("no_answer_rings"),
        Some("7")
    );
    assert_eq!(alice.count("PUT", VOICEMAIL), 0);
    assert_eq!(alice.voicemail()["sendUnansweredCalls"]["numberOfRings"], 7);
    assert_eq!(alice.audit().await[0].result, AuditResult::Conflict);

    // Saving again from the refreshed form works.
    let mut form = super::Fields(form_fields(&html));
    form.set("no_answer_rings", "5");
    assert_eq!(alice.save(&form).await.status(), 200);
    assert_eq!(alice.voicemail()["sendUnansweredCalls"]["numberOfRings"], 5);
}
