//! The voicemail card in headless Chromium: change, reload, see; a refused value stays; every
//! control is reachable with the keyboard.

use std::collections::BTreeSet;

use calling_portal::simulator::seed;
use fantoccini::{
    Client, Locator,
    actions::{InputSource as _, KeyAction, KeyActions},
    key::Key,
};

use crate::support::{
    TestApp,
    browser::{Browser, click, sign_in_at, type_into, value_of},
};

async fn sign_in(page: &Client, app: &TestApp) {
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    page.wait()
        .for_element(Locator::Css("#voicemail-form"))
        .await
        .unwrap();
    page.wait()
        .for_element(Locator::Css("#pin-new"))
        .await
        .unwrap();
}

async fn save(page: &Client) {
    click(page, "#voicemail-form button[type=submit]").await;
}

#[tokio::test]
async fn voicemail_changes_survive_a_reload_and_refused_input_stays() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in(page, &app).await;

    type_into(page, "#vm-no_answer_rings", "6").await;
    type_into(page, "#vm-notify_sms", "(617) 555-0142").await;
    save(page).await;
    page.wait()
        .for_element(Locator::XPath(
            "//section[@id='card-voicemail']//p[contains(., 'Saved. Shown below is what Webex now holds.')]",
        ))
        .await
        .unwrap();

    page.refresh().await.unwrap();
    page.wait()
        .for_element(Locator::Css("#voicemail-form"))
        .await
        .unwrap();
    assert_eq!(value_of(page, "#vm-no_answer_rings").await, "6");
    assert_eq!(value_of(page, "#vm-notify_sms").await, "+1 617-555-0142");

    // A refused value stays in its field, which gets the focus.
    type_into(page, "#vm-no_answer_rings", "40").await;
    save(page).await;
    page.wait()
        .for_element(Locator::Css("#vm-no_answer_rings-error"))
        .await
        .unwrap();
    assert_eq!(value_of(page, "#vm-no_answer_rings").await, "40");
    let focused = page
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused.as_str(), Some("vm-no_answer_rings"));

    // Usable on a 360 px wide screen: the card is no wider than the viewport.
    page.set_window_size(360, 800).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let widths = page
        .execute(
            "const card = document.getElementById('card-voicemail');
             return [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                     Math.ceil(card.getBoundingClientRect().right)]",
            vec![],
        )
        .await
        .unwrap();
    let w = |i: usize| widths[i].as_u64().unwrap();
    assert!(w(1) <= 360, "the window is narrow: {}", w(1));
    assert!(w(0) <= w(1), "no sideways scrolling: {widths}");
    assert!(w(2) <= w(1), "the card fits: {widths}");
    browser.close().await;
}

/// What a Tab stop is, for comparing: radios by group (arrows move inside a group), others by id
/// or, for buttons, by the id of the part they belong to.
const STOP_KEY: &str = "
    const key = (el) => el.type === 'radio' ? 'radio:' + el.name
        : el.id ? el.id
        : 'button:' + el.closest('[id]').id;";

#[tokio::test]
async fn the_keyboard_reaches_every_voicemail_control() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in(page, &app).await;

    let all = page
        .execute(
            &format!(
                "{STOP_KEY}
                return [...document.querySelectorAll('#card-voicemail input:not([type=hidden]), #card-voicemail button, #card-voicemail-pin input, #card-voicemail-pin button, #card-voicemail summary')]
                    .filter(e => !e.closest('details:not([open]) > :not(summary)'))
                    .map(key);"
            ),
            vec![],
        )
        .await
        .unwrap();
    let wanted: BTreeSet<String> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(wanted.len() > 20, "{wanted:?}");

    let mut reached = BTreeSet::new();
    // The voicemail section's tab first, as a keyboard user opens it.
    crate::support::browser::reveal(page, "#voicemail-form").await;
    page.execute("document.activeElement.blur(); window.focus();", vec![])
        .await
        .unwrap();
    for _ in 0..150 {
        // A key press, not typing into the element: a file input would take it as a file name.
        let tab = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            });
        page.perform_actions(tab).await.unwrap();
        let at = page
            .execute(
                &format!(
                    "{STOP_KEY}
                    const el = document.activeElement;
                    return el && el.closest('#card-voicemail, #card-voicemail-pin') ? key(el) : null;"
                ),
                vec![],
            )
            .await
            .unwrap();
        if let Some(k) = at.as_str() {
            reached.insert(k.to_owned());
        }
        if reached.len() == wanted.len() {
            break;
        }
    }
    let missed: Vec<_> = wanted.difference(&reached).collect();
    assert!(missed.is_empty(), "not reachable by Tab: {missed:?}");
    browser.close().await;
}

/// Upload a greeting of one's own and use it: choose it, pick the file beside it, save once. No
/// false "changed elsewhere" (the upload changes what Webex says about the greeting).
#[tokio::test]
async fn a_greeting_uploaded_on_the_page_can_be_chosen_at_once() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in(page, &app).await;

    let file = std::env::temp_dir().join(format!("greeting-{}.wav", std::process::id()));
    std::fs::write(&file, super::wav(2048)).unwrap();
    click(page, "#vm-busy_greeting-custom").await;
    page.find(Locator::Css("#vm-busy_greeting_file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    save(page).await;
    crate::support::browser::wait_for_text(
        page,
        "#card-voicemail .card-notice",
        "Saved. Shown below is what Webex now holds.",
    )
    .await;
    assert!(
        crate::support::browser::is_checked(page, "#vm-busy_greeting-custom").await,
        "the greeting of one's own is in use"
    );
    crate::support::browser::wait_for_text(
        page,
        "#vm-busy_greeting-uploaded",
        calling_portal::i18n::EN.voicemail.greeting_uploaded,
    )
    .await;
    assert_eq!(
        app.sim.request_count(
            "POST",
            "/v1/people/{personId}/features/voicemail/actions/uploadBusyGreeting/invoke"
        ),
        1
    );
    std::fs::remove_file(file).ok();
    browser.close().await;
}
