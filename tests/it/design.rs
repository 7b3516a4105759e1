//! The person page as a keyboard user and a first-time user meet it: tab order follows what the
//! eye reads at a phone's and a desktop's width, focus lands where the page just spoke (the notice
//! after a save or a conflict, the field with its label after a mistake), the tasks the portal is
//! for take no more steps than they should, and the page's height at 360 px is printed.

use calling_portal::simulator::seed;
use fantoccini::Client;
use serde_json::json;

use crate::{
    roles::{person_id, spawn},
    support::browser::{Browser, click, sign_in_at, type_into, wait_for, wait_for_text},
};

/// Pairs of focusable elements in `main` that the keyboard reaches in an order the eye does not
/// read: the next one above the last (in the same card), or its card neither below nor to the
/// right on the same row. Also any positive tabindex (which would reorder the page).
const TAB_ORDER: &str = "
    const out = [];
    if (document.querySelector('[tabindex]:not([tabindex=\"-1\"]):not([tabindex=\"0\"])')) out.push('a positive tabindex');
    // Inside a closed <details> (the card's \"When\"), only the summary takes the focus.
    const shown = (el) => { const s = getComputedStyle(el); return s.visibility !== 'hidden' && el.getClientRects().length > 0 && !el.closest('details:not([open]) > :not(summary)'); };
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[' + el.name + ']' : '');
    const list = Array.from(document.querySelectorAll('main a[href], main button:not([disabled]), main input:not([disabled]):not([type=hidden]), main select:not([disabled]), main textarea, main [tabindex=\"0\"]')).filter(shown);
    for (let i = 1; i < list.length; i++) {
        const a = list[i - 1], b = list[i];
        const ca = a.closest('.card') || a, cb = b.closest('.card') || b;
        if (ca === cb) {
            const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
            const below = rb.top >= ra.top - 2;
            const sameLineRight = rb.bottom > ra.top && rb.left >= ra.left;
            if (!below && !sameLineRight) out.push(name(a) + ' then ' + name(b) + ': goes back up');
        } else {
            const ra = ca.getBoundingClientRect(), rb = cb.getBoundingClientRect();
            const below = rb.top >= ra.bottom - 2;
            const sameRowRight = Math.abs(rb.top - ra.top) <= 2 && rb.left > ra.left;
            if (!below && !sameRowRight) out.push(name(a) + ' then ' + name(b) + ': jumps across');
        }
    }
    return { count: list.length, problems: out };";

/// Where the focus is and whether a person sees it: the element, and whether it and its label
/// (a `label[for]`, else itself) are inside the window.
const FOCUS_SEEN: &str = "
    const el = document.activeElement;
    if (!el || el === document.body) return { id: '', classes: '', seen: false, label_seen: false };
    const vh = window.innerHeight;
    const inside = (r) => r.top >= 0 && r.bottom <= vh;
    const label = el.id ? document.querySelector('label[for=\"' + el.id + '\"]') : null;
    return {
        id: el.id, classes: String(el.className), text: el.textContent.trim().slice(0, 80),
        seen: inside(el.getBoundingClientRect()),
        label_seen: inside((label || el).getBoundingClientRect()),
    };";

async fn cards_loaded(page: &Client) {
    for id in [
        "#fwd-always-enabled",
        "#dnd-enabled",
        "#cw-enabled",
        "#voicemail-form",
        "#card-numbers[aria-labelledby]",
    ] {
        wait_for(page, id).await;
    }
    wait_for(page, "#summary ul").await;
}

async fn focus(page: &Client) -> serde_json::Value {
    page.execute(FOCUS_SEEN, vec![]).await.unwrap()
}

/// Waits until the focus has moved to something matching `css`, then returns where it is.
async fn focus_on(page: &Client, css: &str) -> serde_json::Value {
    for _ in 0..50 {
        let on = page
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0])",
                vec![json!(css)],
            )
            .await
            .unwrap();
        if on == json!(true) {
            // focus.js scrolls on htmx:afterSettle, after the focus moved.
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
            return focus(page).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the focus never reached {css}: {}", focus(page).await);
}

async fn page_height(page: &Client) -> u64 {
    page.execute("return document.documentElement.scrollHeight", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

/// Tab order is reading order at 360 and 1280 px, and the page's height at 360 px is reported.
#[tokio::test]
async fn the_person_page_is_read_and_tabbed_in_the_same_order_at_every_width() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(vec![]).await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;
    for width in [360, 1280] {
        page.set_window_size(width, 900).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        let order = page.execute(TAB_ORDER, vec![]).await.unwrap();
        eprintln!(
            "/me at {width} px: {} px tall, {} stops for the keyboard",
            page_height(page).await,
            order["count"]
        );
        assert!(order["count"].as_u64().unwrap() > 20, "{order}");
        assert_eq!(order["problems"], json!([]), "at {width} px");
    }
    browser.close().await;
}

/// Forward all calls to a mobile number: one click on the rule's switch, the number typed, one
/// click on Save (on the page as it opens), and the summary says so; the focus is on the notice,
/// which is in view. Then a mistake (the number emptied) puts the focus on the field, its label in
/// view; and a conflict puts it on the conflict's notice, in view.
#[tokio::test]
async fn forwarding_all_calls_takes_two_clicks_and_typing_and_focus_follows_what_the_page_says() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(vec![]).await;
    let page = &browser.client;
    page.set_window_size(360, 800).await.unwrap();
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;

    let mut clicks = 0;
    click(page, "#fwd-always-enabled").await;
    clicks += 1;
    type_into(page, "#fwd-always-destination", "+1 408 555 0177").await;
    click(page, "#card-forwarding button[type=submit]").await;
    clicks += 1;
    wait_for_text(page, "#card-forwarding .card-notice-ok", "Saved").await;
    let saved = focus_on(page, "#card-forwarding .card-notice").await;
    assert_eq!(saved["seen"], json!(true), "the notice is in view: {saved}");
    wait_for_text(
        page,
        "#summary",
        "All calls are forwarded to +1 408-555-0177.",
    )
    .await;
    // The card's header says it too.
    wait_for_text(
        page,
        "#card-forwarding .status-pill",
        "Forwarding to +1 408-555-0177",
    )
    .await;
    assert!(clicks <= 3, "{clicks} clicks");

    // A mistake: the number emptied.
    type_into(page, "#fwd-always-destination", "").await;
    click(page, "#card-forwarding button[type=submit]").await;
    let invalid = focus_on(page, "#fwd-always-destination").await;
    assert_eq!(invalid["seen"], json!(true), "{invalid}");
    assert_eq!(invalid["label_seen"], json!(true), "{invalid}");

    // A conflict: DND changed elsewhere, then saved here.
    let alice = person_id(&app, seed::EMPLOYEE_EMAIL);
    app.sim
        .set_person_setting(&alice, "doNotDisturb", json!({"ringSplashEnabled": true}));
    click(page, "#dnd-enabled").await;
    click(page, "#card-dnd button[type=submit]").await;
    wait_for_text(page, "#card-dnd .card-notice", "Changed elsewhere").await;
    let conflict = focus_on(page, "#card-dnd .card-notice").await;
    assert_eq!(conflict["seen"], json!(true), "{conflict}");
    browser.close().await;
}

/// The helpdesk finds Alice by her extension, turns on DND with a ticket, finds that change in the
/// audit log by her name, undoes it, and the log shows the undo in words.
#[tokio::test]
async fn helpdesk_finds_alice_by_extension_changes_dnd_and_undoes_it_from_the_log() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(vec![]).await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/helpdesk"), seed::HELPDESK_EMAIL).await;
    wait_for(page, "#search-q").await;
    type_into(page, "#search-q", "1001").await;
    wait_for_text(page, "#search-results", "Alice Anderson").await;
    click(page, "#search-results a").await;
    wait_for(page, "#dnd-enabled").await;
    wait_for(page, "#dnd-ticket").await;
    click(page, "#dnd-enabled").await;
    type_into(page, "#dnd-ticket", "INC-1001").await;
    click(page, "#card-dnd button[type=submit]").await;
    wait_for_text(page, "#card-dnd .card-notice-ok", "Saved").await;
    wait_for_text(page, "#card-dnd .status-pill", "On").await;

    page.goto(&app.url("/audit")).await.unwrap();
    wait_for(page, "input[name=person]").await;
    type_into(page, "input[name=person]", "Alice Anderson").await;
    click(page, ".filters button[type=submit]").await;
    wait_for_text(page, "table.audit tbody tr:first-child", "INC-1001").await;
    wait_for_text(page, "table.audit tbody tr:first-child", "Do not disturb").await;
    click(page, "table.audit tbody tr:first-child button[type=submit]").await;
    wait_for_text(page, "#audit-notice", "The change was undone.").await;
    // The table reloads: its first row is the undo, in words.
    wait_for_text(page, "table.audit tbody tr:first-child", "Undo").await;
    wait_for_text(page, "table.audit tbody tr:first-child", "Do not disturb").await;
    let alice = person_id(&app, seed::EMPLOYEE_EMAIL);
    assert_eq!(
        app.sim.person_setting(&alice, "doNotDisturb").unwrap()["enabled"],
        json!(false)
    );
    browser.close().await;
}

/// The sections are tabs a keyboard and a link can reach: a deep link to a card opens its section,
/// arrow keys move to the next tab (the address follows), and a reload stays there.
#[tokio::test]
async fn a_deep_link_opens_its_section_and_arrow_keys_move_between_tabs() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(vec![]).await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;
    page.goto(&app.url("/me#card-voicemail")).await.unwrap();
    cards_loaded(page).await;
    let shown = |id: &'static str| async move {
        page.execute(
            "return !document.getElementById(arguments[0]).hidden",
            vec![json!(id)],
        )
        .await
        .unwrap()
    };
    assert_eq!(shown("section-voicemail").await, json!(true));
    assert_eq!(shown("section-forwarding").await, json!(false));
    let tab = wait_for(page, "#section-voicemail-tab[aria-selected=true]").await;
    // Only the selected tab is a Tab stop; the arrow key moves on.
    assert_eq!(tab.attr("tabindex").await.unwrap().as_deref(), Some("0"));
    tab.send_keys("\u{E014}").await.unwrap();
    let focused = page
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("section-caller-id-tab"));
    assert_eq!(shown("section-caller-id").await, json!(true));
    assert_eq!(shown("section-voicemail").await, json!(false));
    let url = page.current_url().await.unwrap();
    assert_eq!(url.fragment(), Some("section-caller-id"));
    page.refresh().await.unwrap();
    wait_for(page, "#section-caller-id-tab[aria-selected=true]").await;
    browser.close().await;
}
