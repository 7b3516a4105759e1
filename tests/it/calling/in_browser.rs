//! Call intercept and call queue join in headless Chromium, under the real CSP: switch intercept
//! on, upload an announcement, choose it, and see it after a reload; leave a queue and join it
//! again; and a queue that forbids it says so. A weekly schedule created and put in words.

use std::time::Duration;

use calling_portal::simulator::seed;
use fantoccini::{Client, Locator};

use crate::support::{
    TestApp,
    browser::{
        Browser, click, is_checked, reveal, sign_in_at, text_of, type_into, wait_for, wait_for_text,
    },
};

/// Clicks `css` once the card has settled: an element found just as htmx swaps the card in is
/// stale, so it is looked up again.
async fn click_settled(page: &Client, css: &str) {
    for _ in 0..20 {
        reveal(page, css).await;
        if let Ok(e) = page.find(Locator::Css(css)).await
            && e.click().await.is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} could not be clicked");
}

#[tokio::test]
async fn intercept_with_an_uploaded_announcement_survives_a_reload() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    wait_for(page, "#ic-enabled").await;

    // Upload first: the card comes back with the announcement named.
    let file = std::env::temp_dir().join(format!("away-{}.wav", std::process::id()));
    std::fs::write(&file, super::wav(2048)).unwrap();
    page.find(fantoccini::Locator::Css("#ic-announcement-file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    click(page, "#card-intercept form[hx-post] button[type=submit]").await;
    wait_for_text(
        page,
        "#card-intercept",
        "Your own announcement is uploaded.",
    )
    .await;

    click(page, "#ic-enabled").await;
    click(page, "#ic-greeting-2").await;
    click(page, "#ic-new-number-enabled").await;
    type_into(page, "#ic-new-number", "617 555 0142").await;
    click(page, "#card-intercept form[hx-put] button[type=submit]").await;
    wait_for_text(page, "#card-intercept .card-notice-ok", "Saved").await;
    // The summary reloads on the save and leads with intercept.
    wait_for_text(page, "#summary", "Your calls are intercepted").await;

    page.refresh().await.unwrap();
    wait_for(page, "#ic-enabled").await;
    assert!(is_checked(page, "#ic-enabled").await);
    assert!(is_checked(page, "#ic-greeting-2").await);
    assert!(
        text_of(page, "#card-intercept")
            .await
            .contains("Your own announcement is uploaded.")
    );
    let _ = std::fs::remove_file(&file);
    browser.close().await;
}

#[tokio::test]
async fn leaving_and_joining_a_queue_and_a_queue_that_forbids_it() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    wait_for(page, "#queue-join-1").await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let joined = |queue: &str| {
        app.sim
            .call_queue_agents(queue)
            .into_iter()
            .find(|(a, _)| *a == alice)
            .map(|(_, j)| j)
    };
    assert_eq!(joined("Sales Queue"), Some(true));

    click_settled(page, "#queue-join-1").await;
    click_settled(page, "#card-queues button[type=submit]").await;
    wait_for_text(page, "#card-queues .card-notice-ok", "Saved").await;
    assert_eq!(joined("Sales Queue"), Some(false));
    assert!(!is_checked(page, "#queue-join-1").await);

    click_settled(page, "#queue-join-1").await;
    click_settled(page, "#card-queues button[type=submit]").await;
    wait_for_text(page, "#card-queues .card-notice-ok", "Saved").await;
    assert_eq!(joined("Sales Queue"), Some(true));

    // Billing forbids agents to join or leave: its box is read-only and says why.
    // Read through script, not an element handle: the save just before may still be swapping the
    // card in, which would leave a handle stale. Both renders hold the box disabled.
    wait_for(page, "#queue-join-2").await;
    let disabled = page
        .execute(
            "return document.querySelector('#queue-join-2').disabled",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(disabled, serde_json::json!(true));
    assert!(is_checked(page, "#queue-join-2").await);
    assert!(
        text_of(page, "#queue-locked-2")
            .await
            .contains("does not let its agents join or leave it themselves")
    );
    click_settled(page, "#card-queues button[type=submit]").await;
    wait_for_text(page, "#card-queues .card-notice-info", "Nothing to save").await;
    assert_eq!(joined("Billing Queue"), Some(true));
    browser.close().await;
}

/// Issue 15: an employee makes "calls from +1 408 555 0100 after hours go to my mobile" with the
/// selective-forward card's rule editor, under the real CSP.
#[tokio::test]
async fn an_employee_creates_a_selective_forward_rule_in_the_browser() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    wait_for(page, "#card-selective-forward-enabled").await;
    click_settled(page, "#card-selective-forward button[hx-get$='/criteria']").await;
    wait_for(page, "#card-selective-forward-rule-schedule").await;
    page.find(Locator::Css("#card-selective-forward-rule-schedule"))
        .await
        .unwrap()
        .select_by_value("PEOPLE:businessHours:After hours")
        .await
        .unwrap();
    click_settled(page, "#card-selective-forward-rule-calls-2").await;
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
    click_settled(
        page,
        "#card-selective-forward .rule-editor button[type=submit]",
    )
    .await;
    wait_for_text(page, "#card-selective-forward", "Rule 2").await;
    assert!(
        text_of(page, "#card-selective-forward .card-notice")
            .await
            .contains("Saved")
    );
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let state = app.sim.person_setting(&alice, "selectiveForward").unwrap();
    let rule = &state["criteria"][1];
    assert_eq!(rule["phoneNumbers"][0], "+14085550100");
    assert_eq!(rule["forwardToPhoneNumber"], "+16175550142");
    assert_eq!(rule["scheduleName"], "After hours");
    // After a reload the card lists it.
    page.refresh().await.unwrap();
    wait_for_text(page, "#card-selective-forward", "Rule 2").await;
    browser.close().await;
}

/// Sets a date or time input as the browser's picker would (typing into one depends on the
/// browser's locale).
async fn set_value(page: &Client, css: &str, value: &str) {
    reveal(page, css).await;
    page.execute(
        "document.querySelector(arguments[0]).value = arguments[1];",
        vec![serde_json::json!(css), serde_json::json!(value)],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_weekly_schedule_is_created_and_shown_in_words() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    wait_for(page, "#card-schedules[aria-labelledby]").await;
    click(page, "#sch-new-form summary").await;
    type_into(page, "#sch-new-name", "Lunch").await;
    type_into(page, "#sch-new-event-name", "Break").await;
    set_value(page, "#sch-new-start_date", "2026-12-07").await;
    set_value(page, "#sch-new-start_time", "12:00").await;
    set_value(page, "#sch-new-end_time", "13:00").await;
    click(page, "#sch-new-repeat-weekly").await;
    click(page, "#sch-new-day-monday").await;
    click(page, "#sch-new-day-friday").await;
    click(page, "#sch-new-form button[type=submit]").await;
    wait_for_text(page, "#card-schedules .card-notice-ok", "Saved").await;
    wait_for_text(
        page,
        "#card-schedules",
        "Break: Every Monday and Friday, 12:00–13:00, from 7 Dec 2026",
    )
    .await;
    // Its rename form is there, with the warning about rules.
    click_settled(page, "#sch-4-rename-form summary").await;
    assert!(
        text_of(page, "#card-schedules")
            .await
            .contains("after a rename, rules that name the old name no longer apply")
    );
    browser.close().await;
}

/// The Call rules section by keyboard alone: every control (with the rule editor open) is a Tab
/// stop, and a rule is created with keys only: a schedule picked by typing, the callers by arrow
/// keys, the numbers typed, Enter to save.
#[tokio::test]
async fn a_rule_is_created_with_the_keyboard_alone() {
    use fantoccini::{actions::InputSource as _, key::Key};
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me#section-rules"), seed::EMPLOYEE_EMAIL).await;
    wait_for(page, "#card-selective-forward[aria-labelledby]").await;
    let enter = |css: &'static str| async move {
        reveal(page, css).await;
        page.find(Locator::Css(css))
            .await
            .unwrap()
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .unwrap();
    };
    enter("#card-selective-forward button[hx-get$='/criteria']").await;
    wait_for(page, "#card-selective-forward-rule-schedule").await;

    let controls: Vec<String> = page
        .execute(
            "return Array.from(document.querySelectorAll('#section-rules input:not([type=hidden]):not([type=radio]), #section-rules input[type=radio]:checked, #section-rules button, #section-rules select, #section-rules textarea, #section-rules summary'))\
               .filter(e => e.getClientRects().length > 0 && !e.disabled && !e.closest('details:not([open]) > :not(summary)'))\
               .map(e => e.id || e.closest('section').id + ' ' + e.textContent.trim())",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(controls.len() >= 15, "{controls:?}");
    page.execute(
        "document.activeElement && document.activeElement.blur()",
        vec![],
    )
    .await
    .unwrap();
    let mut reached = std::collections::BTreeSet::new();
    for _ in 0..200 {
        page.perform_actions(
            fantoccini::actions::KeyActions::new("keyboard".into())
                .then(fantoccini::actions::KeyAction::Down {
                    value: Key::Tab.into(),
                })
                .then(fantoccini::actions::KeyAction::Up {
                    value: Key::Tab.into(),
                }),
        )
        .await
        .unwrap();
        let label = page
            .execute(
                "const e = document.activeElement; \
                 return e.id || ((e.closest('section') || {}).id + ' ' + e.textContent.trim())",
                vec![],
            )
            .await
            .unwrap();
        reached.insert(label.as_str().unwrap_or_default().to_owned());
    }
    let missed: Vec<_> = controls.iter().filter(|c| !reached.contains(*c)).collect();
    assert!(missed.is_empty(), "not reached by Tab: {missed:?}");

    // The rule, by keys: typing picks the schedule, the arrow key the callers.
    let keys = |css: &'static str, text: String| async move {
        reveal(page, css).await;
        page.find(Locator::Css(css))
            .await
            .unwrap()
            .send_keys(&text)
            .await
            .unwrap();
    };
    keys("#card-selective-forward-rule-schedule", "“After".into()).await;
    keys(
        "#card-selective-forward-rule-calls-1",
        char::from(Key::Down).to_string(),
    )
    .await;
    assert!(is_checked(page, "#card-selective-forward-rule-calls-2").await);
    keys(
        "#card-selective-forward-rule-numbers",
        "+1 408 555 0100".into(),
    )
    .await;
    keys(
        "#card-selective-forward-rule-forward-to",
        "+1 617 555 0142".into(),
    )
    .await;
    enter("#card-selective-forward .rule-editor button[type=submit]").await;
    wait_for_text(page, "#card-selective-forward .rules", "Rule 2").await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let criteria = app.sim.person_setting(&alice, "selectiveForward").unwrap()["criteria"].clone();
    let created = &criteria.as_array().unwrap()[1];
    assert_eq!(created["scheduleName"], "After hours");
    assert_eq!(created["phoneNumbers"][0], "+14085550100");
    assert_eq!(created["forwardToPhoneNumber"], "+16175550142");
    browser.close().await;
}
