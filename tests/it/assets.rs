//! Static files: served from the binary, linked by version or content hash, cached for good.

use crate::support::TestApp;

#[tokio::test]
async fn css_and_htmx_are_linked_by_version_and_cached_for_good() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let page = app.get(&browser, "/").await.text().await.unwrap();

    let css = page
        .split('"')
        .find(|s| s.starts_with("/static/css/portal.css?v="))
        .expect("the stylesheet is linked with its content hash");
    for url in [css, "/static/vendor/htmx-2.0.11.min.js"] {
        let response = app.get(&browser, url).await;
        assert_eq!(response.status(), 200, "{url}");
        let cache = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cache.contains("immutable") && cache.contains("max-age=31536000"),
            "{url}: {cache}"
        );
    }
    // Without a version the file may change under the same URL: a short cache only.
    let plain = app.get(&browser, "/static/css/portal.css").await;
    assert!(
        !plain.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
}
