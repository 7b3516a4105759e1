//! The portal in a real browser: headless Chromium, the vendored htmx, the strict CSP.

use std::collections::HashMap;

use calling_portal::{app, config::Config};
use fantoccini::Locator;

use crate::support::browser::Browser;

/// Serves the portal alone (no Webex needed for the public start page) and returns its URL.
async fn serve_portal() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let vars = HashMap::from([
        ("PORTAL_PUBLIC_URL", url.clone()),
        ("WEBEX_OIDC_CLIENT_ID", "unused".to_owned()),
        ("WEBEX_OIDC_CLIENT_SECRET", "unused".to_owned()),
        ("WEBEX_SERVICE_APP_CLIENT_ID", "unused".to_owned()),
        ("WEBEX_SERVICE_APP_CLIENT_SECRET", "unused".to_owned()),
        ("WEBEX_SERVICE_APP_REFRESH_TOKEN", "unused".to_owned()),
        (
            "PORTAL_TOKEN_ENCRYPTION_KEY",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned(),
        ),
    ]);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let state = app::AppState::new(config).await.unwrap();
    tokio::spawn(app::serve(listener, state, std::future::pending()));
    url
}

#[tokio::test]
async fn start_page_loads_htmx_under_the_csp() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let url = serve_portal().await;

    browser.client.goto(&url).await.unwrap();
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
