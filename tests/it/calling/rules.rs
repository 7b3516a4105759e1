//! The call rule cards (issue 15): selective forward, accept, reject and simultaneous ring, each
//! with its switch and fields saved through the one save flow, and criteria created and deleted
//! with the shared editor, against the simulator: refusals (bad numbers, unknown schedules,
//! Webex's required fields), conflicts, feature access, undo, and the helpdesk on someone else.

use calling_portal::{simulator::seed, store::AuditResult};

use super::{deny, form_fields, loaded, put, with};
use crate::selfservice::{Signed, encode, fingerprint};

const SF_PUT: &str = "/v1/telephony/config/people/{personId}/selectiveForward";
const CRITERIA_POST: &str = "/v1/telephony/config/people/{personId}/selectiveForward/criteria";

/// The fields of the criteria editor's form in `html` (the card's `rule-editor` form).
fn editor_fields(html: &str) -> Vec<(String, String)> {
    let at = html
        .find("class=\"rule-editor\"")
        .expect("the editor is open");
    let start = html[..at].rfind("<form").unwrap();
    form_fields(&html[start..])
}

async fn open_editor(me: &Signed, card: &str) -> String {
    let response = me
        .app
        .get_hx(&me.browser, &format!("{}/criteria", me.path(card)))
        .await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn post_rule(me: &Signed, card: &str, fields: &[(String, String)]) -> reqwest::Response {
    let body: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    me.app
        .post_hx(&me.browser, &format!("{}/criteria", me.path(card)), &body)
        .await
}

#[tokio::test]
async fn selective_forward_saves_its_fields_refuses_bad_ones_and_undoes() {
    let me = Signed::employee().await;
    let (html, _) = me.load("selective-forward").await;
    // Alice's seeded rule is listed, with its schedule.
    assert!(html.contains("“After hours”"), "{html}");
    assert!(html.contains("Forward them"), "{html}");
    let form = form_fields(&html);
    let bad = with(form.clone(), "default_number", Some("call my mobile"));
    let response = put(&me, "selective-forward", &bad).await;
    assert_eq!(response.status(), 422);
    let text = response.text().await.unwrap();
    assert!(text.contains("is not a phone number"), "{text}");
    assert!(text.contains("value=\"call my mobile\""), "input kept");
    assert_eq!(me.app.sim.request_count("PUT", SF_PUT), 0);

    // Webex's rule: the number is needed while calls go to voicemail.
    let missing = with(
        with(form.clone(), "default_number", Some("")),
        "to_voicemail",
        Some("on"),
    );
    let response = put(&me, "selective-forward", &missing).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Enter the usual number")
    );

    let good = with(form.clone(), "default_number", Some("+1 617 555 0111"));
    let good = with(good, "ring_reminder", Some("on"));
    let response = put(&me, "selective-forward", &good).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let state = me.setting("selectiveForward");
    assert_eq!(state["defaultPhoneNumberToForward"], "+16175550111");
    assert_eq!(state["ringReminderEnabled"], true);
    assert_eq!(
        state["enabled"], true,
        "the PUT requires enabled: sent as it was"
    );
    assert_eq!(
        state["criteria"].as_array().unwrap().len(),
        1,
        "criteria untouched"
    );
    assert_eq!(me.app.sim.request_count("PUT", SF_PUT), 1);

    // A save with the old fingerprint after the change: a conflict, nothing written.
    let response = put(
        &me,
        "selective-forward",
        &with(good.clone(), "ring_reminder", None),
    )
    .await;
    assert_eq!(response.status(), 409);
    assert_eq!(me.app.sim.request_count("PUT", SF_PUT), 1);

    // Undo through the registry.
    let entry = me
        .audit()
        .await
        .into_iter()
        .find(|e| e.result == AuditResult::Success)
        .unwrap();
    assert_eq!(entry.feature, "selective_forward");
    let response = me
        .app
        .post_hx(&me.browser, &format!("/hx/audit/{}/undo", entry.id), &[])
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let state = me.setting("selectiveForward");
    assert_eq!(state["ringReminderEnabled"], false);
    assert_ne!(state["defaultPhoneNumberToForward"], "+16175550111");
}

#[tokio::test]
async fn a_selective_forward_rule_is_created_checked_and_deleted() {
    let me = Signed::employee().await;
    let html = open_editor(&me, "selective-forward").await;
    // The person's schedules and the location's are offered by name.
    assert!(html.contains("“After hours” (my business hours)"), "{html}");
    assert!(html.contains("“Company holidays” (my holidays)"), "{html}");
    let form = editor_fields(&html);

    // Missing required fields (Webex: forwardToPhoneNumber; SELECT needs numbers or callers).
    let empty = with(form.clone(), "calls_from", Some("SELECT_PHONE_NUMBERS"));
    let response = post_rule(&me, "selective-forward", &empty).await;
    assert_eq!(response.status(), 422);
    let text = response.text().await.unwrap();
    assert!(text.contains("Enter the number to forward to."), "{text}");
    assert!(text.contains("Enter at least one number"), "{text}");
    assert!(
        text.contains("class=\"rule-editor\""),
        "the editor stays open"
    );

    // A bad number, an extension and a schedule that is not there.
    let bad = with(empty.clone(), "numbers", Some("not a number\n1234"));
    let bad = with(bad, "forward_to", Some("+1 617 555 0142"));
    let bad = with(bad, "schedule", Some("PEOPLE:businessHours:Night shift"));
    let response = post_rule(&me, "selective-forward", &bad).await;
    assert_eq!(response.status(), 422);
    let text = response.text().await.unwrap();
    assert!(text.contains("is not a phone number"), "{text}");
    assert!(text.contains("“1234” is an extension"), "{text}");
    assert!(text.contains("That schedule no longer exists"), "{text}");
    assert!(text.contains("not a number\n1234"), "input kept: {text}");
    // A forged callsFrom selective forward does not have.
    let forged = with(bad.clone(), "calls_from", Some("FORWARDED"));
    assert_eq!(
        post_rule(&me, "selective-forward", &forged).await.status(),
        422
    );
    assert_eq!(me.app.sim.request_count("POST", CRITERIA_POST), 0);

    // "Calls from +1 408 555 0100 after hours go to my mobile".
    let good = with(empty, "numbers", Some("+1 408 555 0100"));
    let good = with(good, "forward_to", Some("+1 617 555 0142"));
    let good = with(good, "schedule", Some("PEOPLE:businessHours:After hours"));
    let response = post_rule(&me, "selective-forward", &good).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(response.headers()["hx-trigger"], "settings-changed");
    let text = response.text().await.unwrap();
    assert!(text.contains("Rule 2"), "{text}");
    assert_eq!(me.app.sim.request_count("POST", CRITERIA_POST), 1);
    let criteria = me.setting("selectiveForward")["criteria"].clone();
    let created = &criteria.as_array().unwrap()[1];
    assert_eq!(created["phoneNumbers"][0], "+14085550100");
    assert_eq!(created["forwardToPhoneNumber"], "+16175550142");
    assert_eq!(created["scheduleName"], "After hours");
    assert_eq!(created["scheduleLevel"], "PEOPLE");
    assert_eq!(created["sendToVoicemailEnabled"], false);
    let entry = &me.audit().await[0];
    assert_eq!(entry.action.as_str(), "add_rule");
    assert!(entry.before.is_none() && entry.after.is_some());

    // Delete it; deleting it again finds it gone (a conflict, nothing sent).
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("{}/criteria/{}", me.path("selective-forward"), encode(&id));
    let response = me.app.delete_hx(&me.browser, &path, &[]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        me.setting("selectiveForward")["criteria"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let entry = &me.audit().await[0];
    assert_eq!(entry.action.as_str(), "delete_rule");
    assert!(entry.before.is_some());
    // A criterion entry is not offered for undo.
    let undo = me
        .app
        .post_hx(&me.browser, &format!("/hx/audit/{}/undo", entry.id), &[])
        .await;
    assert_eq!(undo.status(), 400);
    let response = me.app.delete_hx(&me.browser, &path, &[]).await;
    assert_eq!(response.status(), 409);
}

/// Alice's seeded rule, changed: the editor opens on it with its values (numbers as people write
/// them), a bad value keeps the input, a change made elsewhere meanwhile is a conflict, and the
/// change is written once, read back and audited with before and after.
#[tokio::test]
async fn a_selective_forward_rule_is_edited_in_place() {
    let me = Signed::employee().await;
    let seeded = me.setting("selectiveForward")["criteria"][0].clone();
    let id = seeded["id"].as_str().unwrap().to_owned();
    let path = format!("{}/criteria/{}", me.path("selective-forward"), encode(&id));
    let criterion_put = format!("{CRITERIA_POST}/{{id}}");
    let (card, _) = me.load("selective-forward").await;
    assert!(
        card.contains(&format!("hx-get=\"/hx{path}\"")) || card.contains("Edit rule 1"),
        "{card}"
    );

    let response = me.app.get_hx(&me.browser, &path).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<legend>Edit rule 1</legend>"), "{html}");
    let form = editor_fields(&html);
    let value = |name: &str| {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(value("schedule"), "PEOPLE:businessHours:After hours");
    assert!(!value("fingerprint").is_empty());

    // A bad number: refused, typed text kept, editor still on this rule, nothing sent.
    let bad = with(form.clone(), "forward_to", Some("my mobile"));
    let response = me.app.put_hx(&me.browser, &path, &pairs(&bad)).await;
    assert_eq!(response.status(), 422);
    let text = response.text().await.unwrap();
    assert!(text.contains("value=\"my mobile\""), "{text}");
    assert!(text.contains("<legend>Edit rule 1</legend>"), "{text}");
    assert_eq!(me.app.sim.request_count("PUT", &criterion_put), 0);

    // Changed: calls from any number now, to another mobile.
    let good = with(form.clone(), "forward_to", Some("+1 617 555 0199"));
    let good = with(good, "calls_from", Some("ANY_PHONE_NUMBER"));
    let response = me.app.put_hx(&me.browser, &path, &pairs(&good)).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(response.headers()["hx-trigger"], "settings-changed");
    assert_eq!(me.app.sim.request_count("PUT", &criterion_put), 1);
    let now = me.setting("selectiveForward")["criteria"][0].clone();
    assert_eq!(now["id"], seeded["id"]);
    assert_eq!(now["forwardToPhoneNumber"], "+16175550199");
    assert_eq!(now["callsFrom"], "ANY_PHONE_NUMBER");
    assert_eq!(now["scheduleName"], "After hours");
    let entry = &me.audit().await[0];
    assert_eq!(entry.action.as_str(), "change_rule");
    assert_eq!(entry.result, AuditResult::Success);
    assert_eq!(
        entry.before.as_ref().unwrap()["forwardToPhoneNumber"],
        seeded["forwardToPhoneNumber"]
    );
    assert_eq!(
        entry.after.as_ref().unwrap()["forwardToPhoneNumber"],
        "+16175550199"
    );

    // The same form again: the rule moved since that editor opened, so nothing is written.
    let response = me.app.put_hx(&me.browser, &path, &pairs(&good)).await;
    assert_eq!(response.status(), 409);
    assert_eq!(me.app.sim.request_count("PUT", &criterion_put), 1);
    assert_eq!(me.audit().await[0].result, AuditResult::Conflict);

    // Gone: opening or saving it says so.
    me.app.delete_hx(&me.browser, &path, &[]).await;
    assert_eq!(me.app.get_hx(&me.browser, &path).await.status(), 409);
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn reject_accept_and_simultaneous_ring_save_and_take_rules() {
    let me = Signed::employee().await;
    // Selective reject: Alice's holiday rule is listed; switch it off and on.
    let (html, _) = me.load("selective-reject").await;
    assert!(html.contains("“Company holidays”"), "{html}");
    let response = put(
        &me,
        "selective-reject",
        &with(form_fields(&html), "enabled", None),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(me.setting("selectiveReject")["enabled"], false);
    // A reject rule for forwarded calls (only reject offers them).
    let form = editor_fields(&open_editor(&me, "selective-reject").await);
    let form = with(form, "calls_from", Some("FORWARDED"));
    let response = post_rule(&me, "selective-reject", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let criteria = me.setting("selectiveReject")["criteria"].clone();
    assert_eq!(criteria[1]["callsFrom"], "FORWARDED");
    assert_eq!(criteria[1]["rejectEnabled"], true);

    // Selective accept: a "don't accept" rule for anonymous callers at all times.
    let form = editor_fields(&open_editor(&me, "selective-accept").await);
    let form = with(form, "calls_from", Some("SELECT_PHONE_NUMBERS"));
    let form = with(form, "anonymous", Some("on"));
    let form = with(form, "action", Some("off"));
    let response = post_rule(&me, "selective-accept", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let c = &me.setting("selectiveAccept")["criteria"][0];
    assert_eq!(c["acceptEnabled"], false);
    assert_eq!(c["anonymousCallersEnabled"], true);
    assert!(c.get("scheduleName").is_none(), "all hours");
    let form = with(loaded(&me, "selective-accept").await, "enabled", Some("on"));
    assert_eq!(put(&me, "selective-accept", &form).await.status(), 200);
    assert_eq!(me.setting("selectiveAccept")["enabled"], true);

    // Simultaneous ring: numbers with answer confirmation, don't ring while on a call.
    let form = loaded(&me, "simultaneous-ring").await;
    let on = with(form.clone(), "enabled", Some("on"));
    let response = put(&me, "simultaneous-ring", &on).await;
    assert_eq!(response.status(), 422, "on without numbers");
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Enter at least one number to ring.")
    );
    let mut rows: Vec<(String, String)> = on
        .into_iter()
        .filter(|(k, _)| k != "number" && k != "confirm")
        .collect();
    rows.push(("number".into(), "+1 617 555 0142".into()));
    rows.push(("number".into(), "+1 617 555 0142".into()));
    let response = put(&me, "simultaneous-ring", &rows).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("is in the list twice")
    );
    rows.pop();
    rows.push(("number".into(), "+44 20 7946 0018".into()));
    rows.push(("confirm".into(), "2".into()));
    rows.push(("do_not_ring".into(), "on".into()));
    let response = put(&me, "simultaneous-ring", &rows).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let s = me.setting("simultaneousRing");
    assert_eq!(s["enabled"], true);
    assert_eq!(s["doNotRingIfOnCallEnabled"], true);
    assert_eq!(s["phoneNumbers"][0]["phoneNumber"], "+16175550142");
    assert_eq!(s["phoneNumbers"][0]["answerConfirmationEnabled"], false);
    assert_eq!(s["phoneNumbers"][1]["phoneNumber"], "+442079460018");
    assert_eq!(s["phoneNumbers"][1]["answerConfirmationEnabled"], true);
    // A rule: ring the other numbers for calls from one number during office hours.
    let form = editor_fields(&open_editor(&me, "simultaneous-ring").await);
    let form = with(form, "calls_from", Some("SELECT_PHONE_NUMBERS"));
    let form = with(form, "numbers", Some("+1 408 555 0100"));
    let form = with(form, "schedule", Some("PEOPLE:businessHours:Office hours"));
    let response = post_rule(&me, "simultaneous-ring", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        me.setting("simultaneousRing")["criteria"][0]["ringEnabled"],
        true
    );
}

#[tokio::test]
async fn feature_access_locks_the_cards_and_refuses_their_writes() {
    let me = Signed::employee().await;
    deny(&me, "selectivelyForwardCalls");
    let (html, _) = me.load("selective-forward").await;
    let reason = html.find("read-only-reason").expect("says why");
    assert!(reason < html.find("<form").unwrap(), "at its top");
    assert!(!html.contains("Add a rule"), "{html}");
    let writes = crate::roles::webex_writes(&me.app);
    let before = me.setting("selectiveForward");
    let forged = with(form_fields(&html), "enabled", None);
    assert_eq!(put(&me, "selective-forward", &forged).await.status(), 403);
    let rule = vec![
        ("calls_from".to_owned(), "ANY_PHONE_NUMBER".to_owned()),
        ("forward_to".to_owned(), "+1 617 555 0142".to_owned()),
        ("action".to_owned(), "on".to_owned()),
    ];
    assert_eq!(
        post_rule(&me, "selective-forward", &rule).await.status(),
        403
    );
    let id = before["criteria"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("{}/criteria/{}", me.path("selective-forward"), encode(&id));
    assert_eq!(
        me.app.delete_hx(&me.browser, &path, &[]).await.status(),
        403
    );
    assert_eq!(crate::roles::webex_writes(&me.app), writes);
    assert_eq!(me.setting("selectiveForward"), before);
    assert!(
        me.audit()
            .await
            .iter()
            .take(3)
            .all(|e| e.result == AuditResult::Denied)
    );
}

#[tokio::test]
async fn the_helpdesk_adds_a_rule_for_someone_else_with_a_ticket() {
    let app = crate::roles::spawn(vec![]).await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let henry = Signed::with(app, seed::HELPDESK_EMAIL).await;
    let path = format!("/hx/people/{}/selective-reject", encode(&alice));
    let html = henry
        .app
        .get_hx(&henry.browser, &format!("{path}/criteria"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"ticket\""), "{html}");
    let form = with(
        editor_fields(&html),
        "calls_from",
        Some("SELECT_PHONE_NUMBERS"),
    );
    let form = with(form, "unavailable", Some("on"));
    let form = with(form, "ticket", Some("INC-15"));
    let body: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = henry
        .app
        .post_hx(&henry.browser, &format!("{path}/criteria"), &body)
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let s = henry
        .app
        .sim
        .person_setting(&alice, "selectiveReject")
        .unwrap();
    assert_eq!(s["criteria"][1]["unavailableCallersEnabled"], true);
    let entries = henry
        .app
        .state
        .store
        .list_audit(&calling_portal::store::AuditFilter {
            target_person_id: Some(alice.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries[0].ticket.as_deref(), Some("INC-15"));
    // The switch too, on her behalf.
    let (card, _) = (
        henry
            .app
            .get_hx(&henry.browser, &path)
            .await
            .text()
            .await
            .unwrap(),
        (),
    );
    let form = with(form_fields(&card), "enabled", None);
    let form = with(form, "fingerprint", Some(&fingerprint(&card)));
    let body: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        henry
            .app
            .put_hx(&henry.browser, &path, &body)
            .await
            .status(),
        200
    );
    assert_eq!(
        henry
            .app
            .sim
            .person_setting(&alice, "selectiveReject")
            .unwrap()["enabled"],
        false
    );
}
