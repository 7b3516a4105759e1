//! The security baseline every response and every route shares: headers, request ids, refusal of
//! cross-site writes and of fragment writes without htmx, and what failures look like.

use reqwest::{Response, StatusCode};

use crate::support::{TestApp, TestOptions, location};

/// The policy, with the Webex (here: simulator) origin allowed as a form target.
fn csp(app: &TestApp) -> String {
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self' http://{}; object-src 'none'",
        app.sim.addr()
    )
}

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

fn assert_security_headers(app: &TestApp, response: &Response, what: &str) {
    assert_eq!(
        header(response, "content-security-policy"),
        Some(csp(app).as_str()),
        "{what}"
    );
    assert_eq!(
        header(response, "x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        header(response, "referrer-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(header(response, "x-frame-options"), Some("DENY"), "{what}");
    let permissions = header(response, "permissions-policy").unwrap_or_default();
    for feature in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(permissions.contains(feature), "{what}: {permissions}");
    }
    let id = header(response, "x-request-id").unwrap_or_else(|| panic!("{what}: no request id"));
    uuid::Uuid::parse_str(id).unwrap_or_else(|_| panic!("{what}: request id {id} is no UUID"));
    // Plain http: HSTS would be meaningless (and is only honoured over https anyway).
    assert_eq!(
        header(response, "strict-transport-security"),
        None,
        "{what}"
    );
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let client = app.client();

    let page = app.get(&client, "/").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_security_headers(&app, &page, "start page");
    assert_eq!(header(&page, "cache-control"), Some("no-store"));

    let css = app.get(&client, "/static/css/portal.css").await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_security_headers(&app, &css, "static file");
    assert_ne!(header(&css, "cache-control"), Some("no-store"));

    let missing = app.get(&client, "/no/such/page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_security_headers(&app, &missing, "404 page");

    let fragment_error = app.get_hx(&client, "/hx/no-such-fragment").await;
    assert_eq!(fragment_error.status(), StatusCode::NOT_FOUND);
    assert_security_headers(&app, &fragment_error, "htmx error toast");

    let refused = client
        .post(app.url("/logout"))
        .header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_security_headers(&app, &refused, "CSRF refusal");

    let redirect = app.get(&client, "/me").await;
    assert_eq!(redirect.status(), StatusCode::SEE_OTHER);
    assert_security_headers(&app, &redirect, "sign-in redirect");

    let health = app.get(&client, "/healthz").await;
    assert_security_headers(&app, &health, "health check");
}

#[tokio::test]
async fn https_deployments_get_hsts_and_secure_cookies() {
    let app = TestApp::spawn_with(TestOptions {
        public_url: Some("https://portal.example".into()),
        ..TestOptions::default()
    })
    .await;
    let client = app.client();

    let page = app.get(&client, "/").await;
    assert_eq!(
        header(&page, "strict-transport-security"),
        Some("max-age=31536000")
    );

    let start = app.get(&client, "/login").await;
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let cookie = header(&start, "set-cookie").expect("the sign-in starts a session");
    assert!(cookie.contains("; Secure"), "{cookie}");
    // `__Host-`: browsers then insist on Secure, Path=/ and no Domain, so no subdomain (and no
    // plain-http page) can set or shadow the session cookie.
    assert!(cookie.starts_with("__Host-portal_sid="), "{cookie}");
    assert!(cookie.contains("; Path=/"), "{cookie}");
    assert!(!cookie.to_lowercase().contains("domain="), "{cookie}");
}

#[tokio::test]
async fn plain_http_keeps_the_unprefixed_cookie() {
    // A `__Host-` cookie without Secure would be dropped by browsers.
    let app = TestApp::spawn().await;
    let start = app.get(&app.client(), "/login").await;
    let cookie = header(&start, "set-cookie").expect("the sign-in starts a session");
    assert!(cookie.starts_with("portal_sid="), "{cookie}");
    assert!(!cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn hsts_include_subdomains_and_preload_are_options() {
    for (include_subdomains, preload, expected) in [
        ("true", "false", "max-age=31536000; includeSubDomains"),
        (
            "true",
            "true",
            "max-age=31536000; includeSubDomains; preload",
        ),
    ] {
        let app = TestApp::spawn_with(TestOptions {
            public_url: Some("https://portal.example".into()),
            env: vec![
                ("PORTAL_HSTS_INCLUDE_SUBDOMAINS", include_subdomains.into()),
                ("PORTAL_HSTS_PRELOAD", preload.into()),
            ],
            ..TestOptions::default()
        })
        .await;
        let page = app.get(&app.client(), "/").await;
        assert_eq!(header(&page, "strict-transport-security"), Some(expected));
    }
}

#[tokio::test]
async fn a_client_cannot_choose_its_request_id() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .get(app.url("/"))
        .header("x-request-id", "forged-id")
        .send()
        .await
        .unwrap();
    let id = header(&response, "x-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_with_the_request_id() {
    let app = TestApp::spawn().await;
    let response = app.get(&app.client(), "/nothing-here").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        header(&response, "content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let id = header(&response, "x-request-id").unwrap().to_owned();
    let body = response.text().await.unwrap();
    assert!(body.contains("Page not found"), "{body}");
    assert!(body.contains(&id), "the page shows the request id");
}

#[tokio::test]
async fn htmx_failures_are_retargeted_to_the_toast_region() {
    let app = TestApp::spawn().await;
    let response = app.get_hx(&app.client(), "/hx/nothing-here").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&response, "hx-retarget"), Some("#toasts"));
    assert_eq!(header(&response, "hx-reswap"), Some("innerHTML"));
    let id = header(&response, "x-request-id").unwrap().to_owned();
    let body = response.text().await.unwrap();
    assert!(body.contains("class=\"toast"), "{body}");
    assert!(!body.contains("<html"), "a toast is a fragment, not a page");
    assert!(body.contains(&id));
}

#[tokio::test]
async fn signed_in_pages_send_anonymous_visitors_to_sign_in() {
    let app = TestApp::spawn().await;
    let client = app.client();

    let page = app.get(&client, "/me?tab=voicemail").await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&page), "/login?next=%2Fme%3Ftab%3Dvoicemail");

    // htmx would swap a redirect's target into the page; it follows HX-Redirect instead.
    let fragment = app.get_hx(&client, "/me").await;
    assert_eq!(fragment.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&fragment, "hx-redirect"), Some("/login?next=%2Fme"));
}

#[tokio::test]
async fn cross_site_posts_are_refused_with_a_page() {
    let app = TestApp::spawn().await;
    let client = app.client();

    for (sec_fetch_site, origin) in [
        (Some("cross-site"), Some("https://evil.example")),
        (Some("same-site"), Some("https://sub.127.0.0.1.example")),
        // An old browser: no Sec-Fetch-Site, and an Origin that is not ours.
        (None, Some("https://evil.example")),
    ] {
        let mut request = client.post(app.url("/logout"));
        if let Some(v) = sec_fetch_site {
            request = request.header("Sec-Fetch-Site", v);
        }
        if let Some(v) = origin {
            request = request.header("Origin", v);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{sec_fetch_site:?} {origin:?}"
        );
        let body = response.text().await.unwrap();
        assert!(body.contains("Not allowed"), "{body}");
    }

    // The same POST from our own pages passes.
    let response = app.post_form(&client, "/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn fragment_writes_without_htmx_are_refused_before_routing() {
    let app = TestApp::spawn().await;
    let client = app.client();

    // Same-origin, but not from htmx: refused even where no route exists (nothing ran).
    let response = app.post_form(&client, "/hx/me/forwarding", &[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // With HX-Request the guard lets it through to routing (404: no such fragment yet).
    let response = app.post_hx(&client, "/hx/me/forwarding", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Reads need no header: a GET changes nothing.
    let response = app.get(&client, "/hx/me/forwarding").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[test]
fn templates_hold_no_inline_script_or_style() {
    // The CSP would block them anyway; this catches them before a browser does.
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut files,
    );
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap().to_lowercase();
        let name = file.display();
        assert!(!text.contains("<style"), "{name}: <style>");
        assert!(!text.contains(" style="), "{name}: style attribute");
        assert!(!text.contains("hx-on"), "{name}: hx-on needs eval");
        assert!(!text.contains("javascript:"), "{name}: javascript: URL");
        for (i, _) in text.match_indices("<script") {
            let tag = &text[i..i + text[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{name}: inline <script>");
        }
        // Event-handler attributes (onclick=, onload=, …).
        let bytes = text.as_bytes();
        for (i, _) in text.match_indices(" on") {
            let rest = &bytes[i + 3..];
            let attr_len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            assert!(
                !(attr_len > 0 && rest.get(attr_len) == Some(&b'=')),
                "{name}: inline event handler"
            );
        }
    }
}
