//! The portal in a real browser: headless Chromium, the vendored htmx, the strict CSP.

use fantoccini::Locator;

use crate::support::{TestApp, browser::Browser};

#[tokio::test]
async fn start_page_loads_htmx_under_the_csp() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;

    browser.client.goto(&app.url("/")).await.unwrap();
    let heading = browser
        .client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Your calls, your way");
    let htmx = browser
        .client
        .execute("return typeof htmx", vec![])
        .await
        .unwrap();
    assert_eq!(htmx, serde_json::json!("object"), "htmx did not load");

    browser.close().await;
}
