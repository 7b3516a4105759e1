//! The staff pages in headless Chromium, under the real CSP: a helpdesk user searches as they
//! type, opens a person, changes forwarding with a ticket, finds it in the audit log and undoes
//! it; an admin sees the token and the role mapping; none of the pages scrolls sideways at 360 px.

use std::time::Duration;

use calling_portal::simulator::seed;
use fantoccini::{Client, Locator};

use super::spawn;
use crate::support::browser::{
    Browser, assert_no_sideways_scrolling, click, reveal, sign_in_at, text_of, type_into, wait_for,
    wait_for_text,
};

/// At 360 px wide, the page at `url` scrolls no wider than the window; back to 1280 after.
async fn fits_360(page: &Client, url: &str, ready: &str) {
    page.set_window_size(360, 800).await.unwrap();
    page.goto(url).await.unwrap();
    wait_for(page, ready).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_no_sideways_scrolling(page, url).await;
    page.set_window_size(1280, 900).await.unwrap();
}

#[tokio::test]
async fn helpdesk_searches_changes_audits_and_undoes_and_an_admin_sees_the_admin_page() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(vec![]).await;
    let page = &browser.client;

    // Henry (helpdesk) signs in through the simulator's page and lands on the search.
    sign_in_at(page, &app.url("/helpdesk"), seed::HELPDESK_EMAIL).await;
    let search = wait_for(page, "#search-q").await;
    // Results appear as he types (htmx, no submit).
    search.send_keys("Lia").await.unwrap();
    wait_for_text(page, "#search-results", "Liam Baker").await;
    wait_for_text(page, "#search-results", "Boston HQ").await;

    // He opens Liam: the banner names him and his location.
    page.find(Locator::LinkText("Liam Baker"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(
        page,
        ".acting-banner",
        "You are changing Liam Baker's settings (Boston HQ)",
    )
    .await;

    // Forwarding with a ticket reference.
    wait_for(page, "#fwd-always-enabled").await;
    let enabled = page
        .find(Locator::Css("#fwd-always-enabled"))
        .await
        .unwrap();
    if enabled.prop("checked").await.unwrap().as_deref() != Some("true") {
        enabled.click().await.unwrap();
    }
    type_into(page, "#fwd-always-destination", "617 555 0177").await;
    type_into(page, "#fwd-ticket", "INC-4242").await;
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for_text(page, "#card-forwarding .card-notice-ok", "Saved").await;
    let person_url = page.current_url().await.unwrap().to_string();

    // The audit log has the change with the ticket and Liam's location; undo puts it back.
    page.find(Locator::LinkText("Audit log"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(page, "table.audit tbody tr:first-child", "INC-4242").await;
    wait_for_text(
        page,
        "table.audit tbody tr:first-child",
        "Liam Baker (Boston HQ)",
    )
    .await;
    click(page, "table.audit tbody tr:first-child button[type=submit]").await;
    wait_for_text(page, "#audit-notice", "The change was undone.").await;
    let log = app
        .state
        .store
        .list_audit(&Default::default())
        .await
        .unwrap();
    assert_eq!(log[0].action.as_str(), "undo", "{log:?}");
    assert_eq!(log[1].ticket.as_deref(), Some("INC-4242"));

    // The staff pages fit a phone.
    fits_360(page, &app.url("/helpdesk?q=Liam"), "table.results").await;
    fits_360(page, &person_url, "#fwd-always-enabled").await;
    fits_360(page, &app.url("/audit"), "table.audit").await;

    // Amara (admin), in the same browser after Henry signs out: the simulator session goes too
    // (its cookie is on the same host).
    click(page, ".sign-out button").await;
    page.delete_all_cookies().await.unwrap();
    sign_in_at(page, &app.url("/admin"), seed::ADMIN_EMAIL).await;
    wait_for_text(page, "main", "Service app token").await;
    let main = text_of(page, "main").await;
    assert!(main.contains("Healthy"), "{main}");
    assert!(main.contains("group:Portal Helpdesk"), "{main}");
    assert!(main.contains("Henry Hughes"), "{main}");
    assert!(main.contains("helpdesk@Boston HQ ("), "{main}");
    fits_360(page, &app.url("/admin"), "table.roles").await;

    browser.close().await;
}

/// Element ids in the page that more than one element has.
async fn duplicate_ids(page: &Client) -> Vec<String> {
    let dups = page
        .execute(
            "const seen = {}, dup = new Set();
             for (const el of document.querySelectorAll('[id]')) {
               if (seen[el.id]) dup.add(el.id); seen[el.id] = true;
             }
             return [...dup];",
            vec![],
        )
        .await
        .unwrap();
    dups.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// What a helpdesk agent hit on a first try: two inputs with one id on a person's page, a PIN reset
/// without asking, the audit filter putting a fragment URL in the address bar, and undo leaving
/// the table as it was (Undo still offered on the row just undone).
#[tokio::test]
async fn the_person_page_and_the_audit_log_behave_for_a_first_time_helpdesk_agent() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(vec![]).await;
    let page = &browser.client;
    let liam = super::person_id(&app, super::IN_A_EMAIL);
    let person_url = app.url(&format!(
        "/people/{}",
        url::form_urlencoded::byte_serialize(liam.as_bytes()).collect::<String>()
    ));
    sign_in_at(page, &person_url, seed::HELPDESK_EMAIL).await;
    wait_for(page, "#pin-new").await;
    wait_for(page, "#fwd-always-enabled").await;

    // Every id once: the PIN reset's ticket label focuses its own field.
    assert_eq!(duplicate_ids(page).await, Vec::<String>::new());
    reveal(page, "#pin-reset-ticket").await;
    let target = page
        .find(Locator::Css("label[for=pin-reset-ticket]"))
        .await
        .unwrap();
    target.click().await.unwrap();
    let focused = page
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused.as_str(), Some("pin-reset-ticket"));

    // Resetting the PIN asks first; dismissing it sends nothing.
    let resets = || {
        app.sim.request_count(
            "POST",
            "/v1/people/{personId}/features/voicemail/actions/resetPin/invoke",
        )
    };
    let before = resets();
    page.find(Locator::XPath(
        "//button[contains(., 'Reset voicemail PIN')]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let question = page.get_alert_text().await.unwrap();
    assert!(question.contains("Liam Baker"), "{question}");
    page.dismiss_alert().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(resets(), before, "a dismissed reset sends nothing");

    // A change to undo.
    reveal(page, "#dnd-enabled").await;
    let enabled = page.find(Locator::Css("#dnd-enabled")).await.unwrap();
    enabled.click().await.unwrap();
    click(page, "#card-dnd button[type=submit]").await;
    wait_for_text(page, "#card-dnd .card-notice-ok", "Saved").await;

    // Filtering the audit log keeps the page's own URL in the address bar.
    page.goto(&app.url("/audit")).await.unwrap();
    wait_for(page, "table.audit").await;
    page.find(Locator::Css(
        "select[name=feature] option[value=do_not_disturb]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    click(page, "form.filters button[type=submit]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let address = page.current_url().await.unwrap();
    assert_eq!(address.path(), "/audit", "{address}");
    assert!(
        address
            .query()
            .unwrap_or("")
            .contains("feature=do_not_disturb"),
        "{address}"
    );
    // Reloading it gives the whole page, filtered.
    page.refresh().await.unwrap();
    wait_for(page, "header").await;
    wait_for_text(page, "table.audit tbody tr:first-child", "Do not disturb").await;

    // Undo refreshes the table: the row undone offers no Undo any more, the undo is listed.
    let rows_before = page
        .find_all(Locator::Css("table.audit tbody tr"))
        .await
        .unwrap()
        .len();
    click(page, "table.audit tbody tr:first-child button[type=submit]").await;
    wait_for_text(page, "#audit-notice", "The change was undone.").await;
    for _ in 0..50 {
        let rows = page
            .find_all(Locator::Css("table.audit tbody tr"))
            .await
            .unwrap()
            .len();
        if rows == rows_before + 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let buttons = page
        .find_all(Locator::Css("table.audit tbody button[type=submit]"))
        .await
        .unwrap()
        .len();
    let rows = page
        .find_all(Locator::Css("table.audit tbody tr"))
        .await
        .unwrap()
        .len();
    assert_eq!(rows, rows_before + 1, "the undo is listed");
    // The undo itself can be undone; the change it put back cannot be undone twice.
    assert_eq!(buttons, 1, "one Undo: on the undo's own row");
    browser.close().await;
}
