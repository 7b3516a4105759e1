//! "What happens to a call?" (issue 15): the summary's lines for every call rule and their
//! warnings, and the "Try a call" tester answering from the live settings: a selective-reject
//! match, selective forward after hours and in office hours, simultaneous ring, DND, a refusal of
//! bad input; and in the browser, a rule made with the card's editor and then tried.

use std::time::Duration;

use calling_portal::{i18n::EN, simulator::seed};
use fantoccini::Locator;
use serde_json::json;

use crate::selfservice::Signed;
use crate::support::{
    TestApp,
    browser::{Browser, click, sign_in_at, type_into, wait_for, wait_for_text},
};

/// Posts the tester's form; the answer's status and text (HTML entities of `'` undone).
async fn try_call(me: &Signed, fields: &[(&str, &str)]) -> (u16, String) {
    let response = me
        .app
        .post_hx(&me.browser, &me.path("summary/tester"), fields)
        .await;
    let status = response.status().as_u16();
    let text = response
        .text()
        .await
        .unwrap()
        .replace("&#39;", "'")
        .replace("&#x27;", "'");
    (status, text)
}

/// A call from `number` on `day` at `time`, from outside.
async fn from(me: &Signed, number: &str, day: &str, time: &str) -> String {
    let (status, text) = try_call(
        me,
        &[
            ("caller", "number"),
            ("number", number),
            ("origin", "external"),
            ("day", day),
            ("time", time),
        ],
    )
    .await;
    assert_eq!(status, 200, "{text}");
    text
}

/// The answer's sentence.
fn answer(html: &str) -> String {
    let at = html
        .find("class=\"tester-answer-text\">")
        .expect("an answer");
    let from = at + html[at..].find('>').unwrap() + 1;
    html[from..from + html[from..].find("</p>").unwrap()].to_owned()
}

async fn summary(me: &Signed) -> String {
    let response = me.get("summary").await;
    assert_eq!(response.status(), 200);
    response
        .text()
        .await
        .unwrap()
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

#[tokio::test]
async fn the_summary_lists_the_rules_and_offers_the_tester() {
    let me = Signed::employee().await;
    let html = summary(&me).await;
    // Alice's seeded rules, reject before forward (Webex's order), worded with their schedules.
    let reject = html
        .find("Selective reject (rule 1): calls from anonymous callers on “Company holidays” are rejected.")
        .expect(&html);
    let forward = html
        .find(&format!(
            "Selective forward (rule 1): calls from +1 408-555-0100 during “After hours” go to {}.",
            EN.phone(seed::ALICE_MOBILE)
        ))
        .expect(&html);
    assert!(reject < forward, "{html}");
    // After the headline (DND), before the phones ring.
    let headline = html.find("Do not disturb is off.").expect(&html);
    let ring = html.find("Calls ring your phones.").expect(&html);
    assert!(headline < reject && forward < ring, "{html}");
    // The tester's form, posting to its person-scoped route.
    assert!(
        html.contains(&format!("hx-post=\"{}\"", me.path("summary/tester"))),
        "{html}"
    );
    assert!(html.contains("id=\"tester-number\""), "{html}");
    assert!(html.contains("type=\"date\""), "{html}");
}

#[tokio::test]
async fn a_selective_reject_rule_rejects_the_caller_it_names() {
    let me = Signed::employee().await;
    let anonymous = |day: &'static str| {
        [
            ("caller", "anonymous"),
            ("number", ""),
            ("origin", "external"),
            ("day", day),
            ("time", "10:00"),
        ]
    };
    // On a company holiday (24–26 December) an anonymous caller is rejected.
    let (status, html) = try_call(&me, &anonymous("2026-12-24")).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(
        answer(&html),
        "An anonymous call on Thursday 24 December 2026 at 10:00: rejected (Selective reject, rule 1)."
    );
    // Any other day, the call rings.
    let (_, html) = try_call(&me, &anonymous("2026-12-02")).await;
    let text = answer(&html);
    assert!(
        text.starts_with(
            "An anonymous call on Wednesday 2 December 2026 at 10:00: rings your phones"
        ),
        "{text}"
    );
    assert!(!text.contains("rejected"), "{text}");
}

#[tokio::test]
async fn selective_forward_applies_after_hours_and_not_in_office_hours() {
    let me = Signed::employee().await;
    let mobile = EN.phone(seed::ALICE_MOBILE);
    // Friday evening: after hours.
    let html = from(&me, "+1 408 555 0100", "2026-12-04", "18:30").await;
    assert_eq!(
        answer(&html),
        format!(
            "A call from +1 408-555-0100 on Friday 4 December 2026 at 18:30: forwarded to {mobile} (Selective forward, rule 1)."
        )
    );
    // The number as people write it nationally matches too.
    let html = from(&me, "(408) 555-0100", "2026-12-05", "11:00").await;
    assert!(
        answer(&html).contains(&format!("forwarded to {mobile}")),
        "{html}"
    );
    // Friday morning, in office hours: the phones ring.
    let html = from(&me, "+1 408 555 0100", "2026-12-04", "10:15").await;
    let text = answer(&html);
    assert!(text.contains(": rings your phones"), "{text}");
    assert!(!text.contains("forwarded"), "{text}");
    // Another caller after hours: the rule does not name them.
    let html = from(&me, "+1 312 555 0100", "2026-12-04", "18:30").await;
    assert!(!answer(&html).contains("forwarded"), "{html}");
}

#[tokio::test]
async fn simultaneous_ring_numbers_ring_with_the_phones() {
    let me = Signed::employee().await;
    me.app.sim.set_person_setting(
        &me.person_id,
        "simultaneousRing",
        json!({"enabled": true, "criteriasEnabled": false,
            "phoneNumbers": [{"phoneNumber": "+16175550142", "answerConfirmationEnabled": false},
                             {"phoneNumber": "+442079460018", "answerConfirmationEnabled": true}]}),
    );
    let html = summary(&me).await;
    let ring = html.find("Calls ring your phones.").expect(&html);
    let together = html
        .find("Simultaneous ring: +1 617-555-0142 and +44 20 7946 0018 ring together with your phones.")
        .expect(&html);
    assert!(ring < together, "with the ringing line: {html}");
    let html = from(&me, "+1 312 555 0100", "2026-12-04", "10:00").await;
    let text = answer(&html);
    assert!(
        text.contains(": rings your phones and +1 617-555-0142 and +44 20 7946 0018 together;"),
        "{text}"
    );
    assert!(
        text.contains("if nobody answers in 3 rings, voicemail"),
        "{text}"
    );
}

#[tokio::test]
async fn do_not_disturb_gives_the_busy_treatment_and_says_the_order_is_ours() {
    let me = Signed::employee().await;
    me.app
        .sim
        .set_person_setting(&me.person_id, "doNotDisturb", json!({"enabled": true}));
    let html = from(&me, "+1 312 555 0100", "2026-12-04", "10:00").await;
    let text = answer(&html);
    assert!(text.contains(": do not disturb is on, so "), "{text}");
    assert!(!text.contains("rings your phones"), "{text}");
    assert!(
        html.contains("Webex does not document this order; this is our reading."),
        "{html}"
    );
    // The selective rules still come first (not documented either): the summary says so.
    let html = summary(&me).await;
    assert!(
        html.contains("These rules apply even while do not disturb is on. Webex does not document this order; this is our reading."),
        "{html}"
    );
    let html = from(&me, "+1 408 555 0100", "2026-12-04", "18:30").await;
    assert!(answer(&html).contains("forwarded to"), "{html}");
}

#[tokio::test]
async fn a_rule_naming_a_schedule_that_is_gone_is_flagged() {
    let me = Signed::employee().await;
    // "After hours" is deleted elsewhere; the forward rule still names it.
    let mut schedules = me.setting("schedules");
    let list = schedules["schedules"].as_array_mut().unwrap();
    list.retain(|s| s["name"] != "After hours");
    me.app
        .sim
        .set_person_setting(&me.person_id, "schedules", schedules);
    let html = summary(&me).await;
    assert!(
        html.contains("Selective forward: a rule names the schedule “After hours”, which no longer exists, so it never applies."),
        "{html}"
    );
    // And the tester no longer forwards the call.
    let html = from(&me, "+1 408 555 0100", "2026-12-04", "18:30").await;
    assert!(!answer(&html).contains("forwarded"), "{html}");
    assert!(html.contains("which no longer exists"), "{html}");
}

#[tokio::test]
async fn bad_input_is_refused_by_the_field_and_kept() {
    let me = Signed::employee().await;
    let before = me.app.sim.total_request_count();
    let (status, html) = try_call(
        &me,
        &[
            ("caller", "number"),
            ("number", "call me"),
            ("origin", "internal"),
            ("day", "4.12.2026"),
            ("time", "25:00"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("is not a phone number"), "{html}");
    assert!(html.contains("value=\"call me\""), "input kept: {html}");
    assert!(html.contains("value=\"4.12.2026\""), "{html}");
    assert!(html.contains("value=\"25:00\""), "{html}");
    assert!(html.contains("Enter a day, such as 2026-12-04."), "{html}");
    assert!(
        html.contains("Enter a time between 00:00 and 23:59"),
        "{html}"
    );
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    assert!(
        html.contains("id=\"tester-origin-internal\" name=\"origin\" value=\"internal\" checked"),
        "{html}"
    );
    assert!(!html.contains("tester-answer"), "{html}");
    let (status, html) = try_call(&me, &[("caller", "number")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Enter the caller's number."), "{html}");
    assert_eq!(
        me.app.sim.total_request_count(),
        before,
        "no Webex call for bad input"
    );
}

#[tokio::test]
async fn rules_that_cannot_be_read_leave_the_summary_and_stop_the_tester() {
    let me = Signed::employee().await;
    me.app
        .sim
        .faults()
        .add(calling_portal::simulator::FaultRule {
            error_rate: 1.0,
            method: Some("GET".into()),
            ..calling_portal::simulator::FaultRule::for_path(
                "/v1/telephony/config/people/{personId}/selectiveReject",
            )
        });
    // The summary still says what forwarding does, and that the rules are missing from it.
    let html = summary(&me).await;
    assert!(html.contains("Calls ring your phones."), "{html}");
    assert!(
        html.contains("The call rules could not be read, so they are not in this summary."),
        "{html}"
    );
    assert!(!html.contains("Selective forward (rule 1)"), "{html}");
    // The tester cannot answer without every rule: it says so and keeps the input.
    let (status, html) = try_call(
        &me,
        &[
            ("caller", "number"),
            ("number", "+1 408 555 0100"),
            ("day", "2026-12-04"),
            ("time", "18:30"),
        ],
    )
    .await;
    assert_eq!(status, 502, "{html}");
    assert!(html.contains("card-notice-error"), "{html}");
    assert!(html.contains("value=\"+1 408 555 0100\""), "{html}");
    assert!(!html.contains("tester-answer"), "{html}");
}

#[tokio::test]
async fn the_helpdesk_reads_the_answer_about_the_person() {
    let app = crate::roles::spawn(vec![]).await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let henry = Signed::with(app, seed::HELPDESK_EMAIL).await;
    let path = format!(
        "/hx/people/{}/summary/tester",
        crate::selfservice::encode(&alice)
    );
    let response = henry
        .app
        .post_hx(
            &henry.browser,
            &path,
            &[
                ("caller", "number"),
                ("number", "+1 312 555 0100"),
                ("day", "2026-12-04"),
                ("time", "10:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response
        .text()
        .await
        .unwrap()
        .replace("&#39;", "'")
        .replace("&#x27;", "'");
    assert!(
        answer(&html).contains("rings Alice Anderson's phones"),
        "{html}"
    );
    assert!(html.contains("In Alice Anderson's local time."), "{html}");
}

/// Issue 15's "done when": an employee makes "calls from +1 408 555 0100 after hours go to my
/// mobile" with the card's editor, then the tester answers for that caller on a weekday evening.
#[tokio::test]
async fn a_rule_made_in_the_browser_is_what_the_tester_answers() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    // Without the seeded rule, so the answer can only come from the new one.
    app.sim
        .set_person_setting(&alice, "selectiveForward", json!({"criteria": []}));
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    wait_for(page, "#card-selective-forward-enabled").await;
    click(page, "#card-selective-forward button[hx-get$='/criteria']").await;
    wait_for(page, "#card-selective-forward-rule-schedule").await;
    page.find(Locator::Css("#card-selective-forward-rule-schedule"))
        .await
        .unwrap()
        .select_by_value("PEOPLE:businessHours:After hours")
        .await
        .unwrap();
    click(page, "#card-selective-forward-rule-calls-2").await;
    type_into(
        page,
        "#card-selective-forward-rule-numbers",
        "+1 408 555 0100",
    )
    .await;
    type_into(
        page,
        "#card-selective-forward-rule-forward-to",
        "+1 617 555 0142",
    )
    .await;
    click(
        page,
        "#card-selective-forward .rule-editor button[type=submit]",
    )
    .await;
    wait_for_text(page, "#card-selective-forward", "Rule 1").await;
    // The summary reloads with the rule (and a fresh tester form).
    app.clock.advance(Duration::from_secs(3));
    wait_for_text(
        page,
        "#summary",
        "calls from +1 408-555-0100 during “After hours” go to +1 617-555-0142.",
    )
    .await;
    click(page, "#tester summary").await;
    type_into(page, "#tester-number", "+1 408 555 0100").await;
    // Date and time inputs take their values as the browser's pickers would set them.
    page.execute(
        "document.getElementById('tester-day').value = '2026-12-03'; \
         document.getElementById('tester-time').value = '19:45';",
        vec![],
    )
    .await
    .unwrap();
    click(page, "#tester button[type=submit]").await;
    wait_for_text(
        page,
        "#tester .tester-answer",
        "A call from +1 408-555-0100 on Thursday 3 December 2026 at 19:45: forwarded to +1 617-555-0142 (Selective forward, rule 1).",
    )
    .await;
    // The tester is a read: nothing was written by it.
    let state = app.sim.person_setting(&alice, "selectiveForward").unwrap();
    assert_eq!(state["criteria"].as_array().unwrap().len(), 1);
    browser.close().await;
}
