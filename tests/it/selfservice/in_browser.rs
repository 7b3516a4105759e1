//! The self-service page in headless Chromium, under the real CSP: change forwarding and DND and
//! see them after a reload, a validation error with the input kept, and keyboard-only use.

use std::time::Duration;

use calling_portal::simulator::seed;
use fantoccini::{
    Client, Locator,
    actions::{InputSource as _, KeyAction, KeyActions},
};

use crate::support::{
    TestApp,
    browser::{
        Browser, assert_no_sideways_scrolling, click, is_checked, sign_in_at, text_of, type_into,
        value_of, wait_for_text,
    },
};

/// WebDriver's code for the Tab key.
const TAB: char = '\u{e004}';

/// Signs in through the simulator's sign-in page and waits for the cards to load.
async fn sign_in(app: &TestApp, page: &Client) {
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;
}

async fn cards_loaded(page: &Client) {
    for id in ["#fwd-always-enabled", "#dnd-enabled", "#cw-enabled"] {
        page.wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(id))
            .await
            .unwrap_or_else(|e| panic!("{id} never appeared: {e}"));
    }
    page.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#summary ul.summary-lines"))
        .await
        .unwrap();
}

async fn active_id(page: &Client) -> String {
    page.execute(
        "return document.activeElement && document.activeElement.id",
        vec![],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

#[tokio::test]
async fn forwarding_and_dnd_changes_survive_a_reload() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in(&app, page).await;

    click(page, "#fwd-always-enabled").await;
    type_into(page, "#fwd-always-destination", "617 555 0199").await;
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for_text(page, "#card-forwarding .card-notice-ok", "Saved").await;
    // The confirmation takes the focus, so screen readers read it.
    assert_eq!(
        page.execute(
            "return document.activeElement.classList.contains('card-notice')",
            vec![]
        )
        .await
        .unwrap(),
        serde_json::Value::Bool(true)
    );
    assert_eq!(
        value_of(page, "#fwd-always-destination").await,
        "+1 617-555-0199"
    );
    // The summary follows the save.
    wait_for_text(
        page,
        "#summary",
        "All calls are forwarded to +1 617-555-0199.",
    )
    .await;

    click(page, "#dnd-enabled").await;
    click(page, "#card-dnd button[type=submit]").await;
    wait_for_text(page, "#card-dnd .card-notice-ok", "Saved").await;
    wait_for_text(page, "#summary", "Do not disturb is on").await;
    wait_for_text(page, "#history", "Do not disturb").await;

    page.refresh().await.unwrap();
    cards_loaded(page).await;
    assert!(is_checked(page, "#fwd-always-enabled").await);
    assert_eq!(
        value_of(page, "#fwd-always-destination").await,
        "+1 617-555-0199"
    );
    assert!(is_checked(page, "#dnd-enabled").await);
    assert!(
        text_of(page, "#summary")
            .await
            .contains("All calls are forwarded to +1 617-555-0199.")
    );
    wait_for_text(page, "#history", "Call forwarding").await;

    // Usable on a 360 px wide screen: nothing wider than the viewport.
    page.set_window_size(360, 800).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_no_sideways_scrolling(page, "/me").await;

    browser.close().await;
}

#[tokio::test]
async fn a_validation_error_shows_next_to_the_field_with_the_input_kept() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in(&app, page).await;

    click(page, "#fwd-busy-enabled").await;
    type_into(page, "#fwd-busy-destination", "my mobile").await;
    type_into(page, "#fwd-no-answer-rings", "30").await;
    click(page, "#card-forwarding button[type=submit]").await;

    wait_for_text(
        page,
        "#fwd-busy-destination-error",
        "“my mobile” is not a phone number or an extension.",
    )
    .await;
    assert_eq!(value_of(page, "#fwd-busy-destination").await, "my mobile");
    assert!(
        is_checked(page, "#fwd-busy-enabled").await,
        "the tick is kept"
    );
    assert_eq!(value_of(page, "#fwd-no-answer-rings").await, "30");
    assert_eq!(
        text_of(page, "#fwd-no-answer-rings-error").await,
        "Choose between 2 and 15 rings."
    );
    // The first invalid field has the focus.
    assert_eq!(active_id(page).await, "fwd-busy-destination");
    assert_eq!(app.sim.request_count("PUT", super::FORWARDING), 0);

    browser.close().await;
}

#[tokio::test]
async fn the_keyboard_alone_reaches_every_control_of_the_cards() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in(&app, page).await;

    let controls: Vec<String> = page
        .execute(
            // A radio group is one Tab stop (arrow keys move within it): its checked radio. Only
            // controls on screen: a rule's destination is hidden while the rule is off. A disabled
            // control (a queue that forbids leaving it) takes no focus; its card says why.
            "return Array.from(document.querySelectorAll('.card input:not([type=hidden]):not([type=radio]), .card input[type=radio]:checked, .card button'))\
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
    assert!(controls.len() >= 20, "{controls:?}");

    page.execute(
        "document.activeElement && document.activeElement.blur()",
        vec![],
    )
    .await
    .unwrap();
    let mut reached = Vec::new();
    for _ in 0..260 {
        // A key press rather than typing into the element: a file input (the voicemail greeting
        // upload) would take typed keys as a file name.
        page.perform_actions(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: TAB })
                .then(KeyAction::Up { value: TAB }),
        )
        .await
        .unwrap();
        let label: String = page
            .execute(
                "const e = document.activeElement; \
                 return e.id || ((e.closest('section') || {}).id + ' ' + e.textContent.trim())",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned();
        reached.push(label);
    }
    for control in &controls {
        assert!(
            reached.contains(control),
            "{control} not reached by Tab: {reached:?}"
        );
    }
    // And a save works from the keyboard: Space ticks, Enter submits.
    crate::support::browser::reveal(page, "#dnd-enabled").await;
    let dnd = page.find(Locator::Css("#dnd-enabled")).await.unwrap();
    dnd.send_keys(" ").await.unwrap();
    // Enter on the focused button, as a keyboard user submits.
    page.find(Locator::Css("#card-dnd button[type=submit]"))
        .await
        .unwrap()
        .send_keys("\u{e007}")
        .await
        .unwrap();
    wait_for_text(page, "#card-dnd .card-notice-ok", "Saved").await;
    assert_eq!(
        app.sim
            .person_setting(
                &app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap(),
                "doNotDisturb"
            )
            .unwrap()["enabled"],
        true
    );

    browser.close().await;
}

/// A forwarding rule's "Forward to" fields are on screen, and take the focus, only while the rule
/// is on; every page starts with a skip link, and the navigation marks the current page.
#[tokio::test]
async fn destinations_show_only_for_rules_that_are_on_and_the_page_has_a_skip_link() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in(&app, page).await;
    let shown = |css: &'static str| async move {
        page.execute(
            &format!("return document.querySelector('{css}').getClientRects().length > 0"),
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
    };
    assert!(!shown("#fwd-always-destination").await, "off: hidden");
    click(page, "#fwd-always-enabled").await;
    assert!(shown("#fwd-always-destination").await, "on: shown");
    // The first Tab stop is the skip link, and it leads to the main content.
    let first = page
        .execute(
            "return document.querySelector('a[href=\"#main\"]') === document.body.querySelector('a, button, input')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(first.as_bool(), Some(true));
    let current = page
        .execute(
            "return document.querySelector('nav a[aria-current=page]').getAttribute('href')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(current.as_str(), Some("/me"));
    browser.close().await;
}
