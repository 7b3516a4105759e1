//! Sign-in and sign-out in headless Chromium, under the real CSP and cookie rules.

use calling_portal::simulator::seed;
use fantoccini::Locator;

use crate::support::{
    TestApp,
    browser::{Browser, click, text_of, type_into},
};

#[tokio::test]
async fn a_browser_signs_in_lands_where_it_asked_and_signs_out() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;

    // Asking for a signed-in page leads through Webex's sign-in (the simulator's form).
    page.goto(&app.url("/me")).await.unwrap();
    let at = page.current_url().await.unwrap();
    assert!(
        at.as_str().starts_with(app.sim.base_url().as_str()),
        "at Webex's sign-in page: {at}"
    );
    type_into(
        page,
        "#password-login input[name=email]",
        seed::EMPLOYEE_EMAIL,
    )
    .await;
    type_into(
        page,
        "#password-login input[name=password]",
        seed::USER_PASSWORD,
    )
    .await;
    click(page, "#password-login button[type=submit]").await;

    // Back at the portal, on the page first asked for.
    page.wait()
        .for_element(Locator::Css("dl.facts"))
        .await
        .unwrap();
    assert_eq!(page.current_url().await.unwrap().as_str(), app.url("/me"));
    let name = text_of(page, "h1").await;
    assert_eq!(name, "Alice Anderson");
    // The session cookie is not readable from script.
    let script_cookies = page
        .execute("return document.cookie", vec![])
        .await
        .unwrap();
    assert!(
        !script_cookies
            .as_str()
            .unwrap_or_default()
            .contains("portal_sid"),
        "{script_cookies}"
    );

    // Signing out is a form POST that passes the CSRF check from our own page.
    click(page, "form.sign-out button").await;
    page.wait()
        .for_element(Locator::Css("a.button"))
        .await
        .unwrap();
    assert_eq!(page.current_url().await.unwrap().as_str(), app.url("/"));
    assert_eq!(app.session_count().await, 0);

    browser.close().await;
}
