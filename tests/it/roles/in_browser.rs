//! The staff pages in headless Chromium, under the real CSP: a helpdesk user searches as they
//! type, opens a person, changes forwarding with a ticket, finds it in the audit log and undoes
//! it; an admin sees the token and the role mapping; none of the pages scrolls sideways at 360 px.

use std::time::Duration;

use calling_portal::simulator::seed;
use fantoccini::{Client, Locator};

use super::spawn;
use crate::support::browser::{
    Browser, assert_no_sideways_scrolling, click, sign_in_at, text_of, type_into, wait_for,
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
