//! Login with Webex against the simulator: the happy path, and every way a sign-in must fail
//! without leaving a session behind.

mod in_browser;
mod logs;
mod sessions;

use calling_portal::simulator::seed;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use url::Url;

use crate::support::{TestApp, TestOptions, app::Browser, location};

/// The callback was refused with `status` and a page saying `title`; no session exists anywhere.
async fn assert_refused(
    app: &TestApp,
    browser: &Browser,
    response: Response,
    status: StatusCode,
    title: &str,
) {
    assert_eq!(response.status(), status);
    let body = response.text().await.unwrap();
    assert!(body.contains(title), "expected {title:?} in {body}");
    assert_eq!(
        browser.session_cookie(),
        None,
        "the browser keeps no session"
    );
    assert_eq!(app.session_count().await, 0, "the store keeps no session");
    let me = app.get(browser, "/me").await;
    assert_eq!(me.status(), StatusCode::SEE_OTHER, "not signed in");
}

const FAILED: &str = "Sign-in could not be completed";

/// Signs in as the employee with the ID token the simulator returns replaced by `tamper(claims)`.
async fn sign_in_with_id_token(
    app: &TestApp,
    tamper: impl FnOnce(Value) -> String + Send + 'static,
) -> (Browser, Response) {
    app.sim.override_next_id_token(tamper);
    let browser = app.client();
    let response = app.sign_in(&browser, seed::EMPLOYEE_EMAIL, None).await;
    (browser, response)
}

fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn an_employee_signs_in_and_lands_on_their_page() {
    let app = TestApp::spawn().await;
    let browser = app.client();

    let start = app.get(&browser, "/login").await;
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let authorize = Url::parse(&location(&start)).unwrap();
    assert_eq!(
        format!(
            "{}{}",
            authorize.origin().ascii_serialization(),
            authorize.path()
        ),
        format!(
            "{}/authorize",
            app.sim.base_url().as_str().trim_end_matches('/')
        )
    );
    // Exactly the configured redirect URI; PKCE S256; state and nonce; the scopes we need.
    assert_eq!(
        query_param(&authorize, "redirect_uri").as_deref(),
        Some(app.config.redirect_uri().as_str())
    );
    assert_eq!(
        query_param(&authorize, "response_type").as_deref(),
        Some("code")
    );
    assert_eq!(
        query_param(&authorize, "client_id").as_deref(),
        Some(seed::INTEGRATION_CLIENT_ID)
    );
    assert_eq!(
        query_param(&authorize, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(
        query_param(&authorize, "code_challenge").map(|c| c.len()),
        Some(43)
    );
    assert!(query_param(&authorize, "state").is_some_and(|s| s.len() >= 22));
    assert!(query_param(&authorize, "nonce").is_some_and(|s| s.len() >= 22));
    let scope = query_param(&authorize, "scope").unwrap();
    for s in ["openid", "email", "profile"] {
        assert!(scope.split(' ').any(|x| x == s), "{scope}");
    }
    let pending_cookie = browser
        .session_cookie()
        .expect("the sign-in in progress has a session");

    let callback = app
        .submit_sim_sign_in(authorize.as_str(), seed::EMPLOYEE_EMAIL)
        .await;
    let landed = browser.get(callback).send().await.unwrap();
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&landed), "/me");
    let set_cookie = landed
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set_cookie.starts_with("portal_sid="), "{set_cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    for absent in ["Domain", "Secure"] {
        assert!(!set_cookie.contains(absent), "{set_cookie}");
    }
    let signed_in_cookie = browser.session_cookie().unwrap();
    assert_ne!(
        signed_in_cookie, pending_cookie,
        "the session id changes at sign-in"
    );

    let me = app.get(&browser, "/me").await;
    assert_eq!(me.status(), StatusCode::OK);
    let page = me.text().await.unwrap();
    assert!(page.contains("Alice Anderson"), "{page}");
    assert!(page.contains("action=\"/logout\""), "a sign-out form");
    assert_eq!(app.session_count().await, 1);

    // The pre-login session id is worth nothing now (no fixation).
    let old = app.client();
    let me = old
        .get(app.url("/me"))
        .header("Cookie", format!("portal_sid={pending_cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sign_in_returns_to_the_page_first_asked_for() {
    let app = TestApp::spawn().await;
    let browser = app.client();

    let asked = app.get(&browser, "/me?tab=voicemail").await;
    assert_eq!(location(&asked), "/login?next=%2Fme%3Ftab%3Dvoicemail");
    let landed = app
        .sign_in(&browser, seed::EMPLOYEE_EMAIL, Some("/me?tab=voicemail"))
        .await;
    assert_eq!(location(&landed), "/me?tab=voicemail");
}

#[tokio::test]
async fn next_never_leads_off_site() {
    let app = TestApp::spawn().await;
    for next in [
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example/",
        "http:evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "/login",
    ] {
        let browser = app.client();
        let landed = app
            .sign_in(&browser, seed::EMPLOYEE_EMAIL, Some(next))
            .await;
        assert_eq!(landed.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&landed), "/me", "{next:?}");
    }
}

#[tokio::test]
async fn a_wrong_or_missing_state_is_refused() {
    let app = TestApp::spawn().await;

    for tamper in ["wrong", "missing"] {
        let browser = app.client();
        let mut callback = app.authorize(&browser, seed::EMPLOYEE_EMAIL, None).await;
        let code = query_param(&callback, "code").unwrap();
        callback.set_query(None);
        {
            let mut q = callback.query_pairs_mut();
            q.append_pair("code", &code);
            if tamper == "wrong" {
                q.append_pair("state", "forged-state-value");
            }
        }
        let response = browser.get(callback).send().await.unwrap();
        assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
    }
}

#[tokio::test]
async fn a_callback_from_another_browser_is_refused() {
    let app = TestApp::spawn().await;
    // The victim's code and state, delivered to a browser that started no sign-in.
    let victim = app.client();
    let callback = app.authorize(&victim, seed::EMPLOYEE_EMAIL, None).await;
    let attacker = app.client();
    let response = attacker.get(callback).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(attacker.session_cookie(), None);
}

#[tokio::test]
async fn a_replayed_code_is_refused() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let callback = app.authorize(&browser, seed::EMPLOYEE_EMAIL, None).await;
    let landed = browser.get(callback.clone()).send().await.unwrap();
    assert_eq!(location(&landed), "/me");

    // Replayed as-is: the sign-in it belonged to is spent.
    let thief = app.client();
    let response = thief.get(callback.clone()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(thief.session_cookie(), None);

    // Replayed inside a sign-in of the thief's own (their state): Webex refuses the used code,
    // and the PKCE verifier would not match either.
    let own = app.authorize(&thief, seed::EMPLOYEE_EMAIL, None).await;
    let mut replay = callback.clone();
    replay.set_query(None);
    replay
        .query_pairs_mut()
        .append_pair("code", &query_param(&callback, "code").unwrap())
        .append_pair("state", &query_param(&own, "state").unwrap());
    let response = thief.get(replay).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(thief.session_cookie(), None);
    assert_eq!(app.session_count().await, 1, "only the real user's session");
}

#[tokio::test]
async fn a_provider_error_is_refused() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let callback = app.authorize(&browser, seed::EMPLOYEE_EMAIL, None).await;
    let mut denied = callback.clone();
    denied.set_query(None);
    denied
        .query_pairs_mut()
        .append_pair("error", "access_denied")
        .append_pair("state", &query_param(&callback, "state").unwrap());
    let response = browser.get(denied).send().await.unwrap();
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn a_nonce_mismatch_is_refused() {
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) = sign_in_with_id_token(&app, move |mut claims| {
        claims["nonce"] = json!("a-nonce-from-another-sign-in");
        signer.mint(&claims)
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn an_id_token_signed_by_another_key_is_refused() {
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) =
        sign_in_with_id_token(&app, move |claims| signer.mint_with_foreign_key(&claims)).await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn an_unsigned_id_token_is_refused() {
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) =
        sign_in_with_id_token(&app, move |claims| signer.mint_alg_none(&claims)).await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) = sign_in_with_id_token(&app, move |mut claims| {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        claims["iat"] = json!(now - 7200);
        claims["exp"] = json!(now - 3600);
        signer.mint(&claims)
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn an_id_token_issued_in_the_future_is_refused() {
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) = sign_in_with_id_token(&app, move |mut claims| {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        claims["iat"] = json!(now + 3600);
        claims["exp"] = json!(now + 7200);
        signer.mint(&claims)
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn an_id_token_for_another_client_is_refused() {
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) = sign_in_with_id_token(&app, move |mut claims| {
        claims["aud"] = json!("some-other-integration");
        signer.mint(&claims)
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;

    // Our client id among others we do not trust is no better.
    let signer = app.sim.id_token_signer();
    let (browser, response) = sign_in_with_id_token(&app, move |mut claims| {
        claims["aud"] = json!([seed::INTEGRATION_CLIENT_ID, "some-other-integration"]);
        signer.mint(&claims)
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn an_id_token_from_an_unknown_issuer_is_refused() {
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) = sign_in_with_id_token(&app, move |mut claims| {
        claims["iss"] = json!("https://idbroker.evil.example/idb");
        signer.mint(&claims)
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn an_id_token_for_another_person_is_refused() {
    // A valid token whose subject is not the person the email belongs to.
    let app = TestApp::spawn().await;
    let signer = app.sim.id_token_signer();
    let (browser, response) = sign_in_with_id_token(&app, move |mut claims| {
        claims["sub"] = json!("00000000-0000-4000-8000-00000000dead");
        signer.mint(&claims)
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn the_issuer_accepted_is_configuration_not_discovery() {
    // The simulator's discovery issuer differs from its tokens' `iss`, like Webex (FACTS §5); the
    // portal accepts what configuration names, and nothing else.
    let app = TestApp::spawn_with(TestOptions {
        env: vec![(
            "WEBEX_OIDC_ALLOWED_ISSUERS",
            "https://idbroker-b-us.webex.com/idb".into(),
        )],
        ..TestOptions::default()
    })
    .await;
    assert_ne!(app.sim.discovery_issuer(), app.sim.token_issuer());
    let browser = app.client();
    let response = app.sign_in(&browser, seed::EMPLOYEE_EMAIL, None).await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn rotated_signing_keys_are_picked_up() {
    let app = TestApp::spawn().await;
    app.login_as(seed::EMPLOYEE_EMAIL).await; // caches the JWKS
    app.sim.rotate_signing_key();
    app.sim.remove_old_signing_keys();
    app.login_as(seed::EMPLOYEE_EMAIL).await; // signed with a kid the cache lacks
    assert_eq!(
        app.sim.request_count("GET", "/v1/verification"),
        2,
        "fetched once, then once more for the new key"
    );
    assert_eq!(
        app.sim
            .request_count("GET", "/v1/.well-known/openid-configuration"),
        2
    );
}

#[tokio::test]
async fn discovery_and_keys_are_fetched_once_not_per_sign_in() {
    let app = TestApp::spawn().await;
    for _ in 0..3 {
        app.login_as(seed::EMPLOYEE_EMAIL).await;
    }
    assert_eq!(
        app.sim
            .request_count("GET", "/v1/.well-known/openid-configuration"),
        1
    );
    assert_eq!(app.sim.request_count("GET", "/v1/verification"), 1);
}

#[tokio::test]
async fn users_without_webex_calling_are_turned_away() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let response = app.sign_in(&browser, seed::NO_CALLING_EMAIL, None).await;
    // A page of its own: the callback's one-time URL leaves the address bar, and reloading the
    // page says the same again (not "the sign-in took too long").
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/sign-in/refused/no-calling");
    for _ in 0..2 {
        let page = app.get(&browser, "/sign-in/refused/no-calling").await;
        assert_refused(
            &app,
            &browser,
            page,
            StatusCode::FORBIDDEN,
            "This portal is for Webex Calling users",
        )
        .await;
    }
}

#[tokio::test]
async fn users_of_another_organization_are_turned_away() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let response = app.sign_in(&browser, seed::OTHER_ORG_EMAIL, None).await;
    // A page of its own: the callback's one-time URL leaves the address bar, and reloading the
    // page says the same again (not "the sign-in took too long").
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/sign-in/refused/other-organization");
    for _ in 0..2 {
        let page = app
            .get(&browser, "/sign-in/refused/other-organization")
            .await;
        assert_refused(
            &app,
            &browser,
            page,
            StatusCode::FORBIDDEN,
            "This portal serves another organization",
        )
        .await;
    }
}

#[tokio::test]
async fn webex_refuses_a_redirect_uri_it_does_not_know() {
    // The portal only ever sends its configured redirect URI (checked in the happy path); this is
    // the other half: Webex (the simulator) would not send a code anywhere else.
    let app = TestApp::spawn().await;
    let browser = app.client();
    let start = app.get(&browser, "/login").await;
    let mut authorize = Url::parse(&location(&start)).unwrap();
    let pairs: Vec<(String, String)> = authorize
        .query_pairs()
        .into_owned()
        .map(|(k, v)| {
            if k == "redirect_uri" {
                (k, "https://evil.example/auth/callback".to_owned())
            } else {
                (k, v)
            }
        })
        .collect();
    authorize.query_pairs_mut().clear().extend_pairs(pairs);
    let page = reqwest::get(authorize).await.unwrap();
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_client() {
    let app = TestApp::spawn_with(TestOptions {
        login_rate_limit_per_minute: Some(3),
        ..TestOptions::default()
    })
    .await;
    let browser = app.client();
    for _ in 0..3 {
        assert_eq!(
            app.get(&browser, "/login").await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let limited = app.get(&browser, "/login").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    assert!(limited.headers().contains_key("content-security-policy"));
    let body = limited.text().await.unwrap();
    assert!(body.contains("Too many attempts"), "{body}");

    for _ in 0..3 {
        app.get(&browser, "/auth/callback?code=x&state=y").await;
    }
    let limited = app.get(&browser, "/auth/callback?code=x&state=y").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);

    // Other pages are not limited.
    assert_eq!(app.get(&browser, "/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_destroys_the_session() {
    let app = TestApp::spawn().await;
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let cookie = browser.session_cookie().unwrap();

    let out = app.post_form(&browser, "/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/");
    assert_eq!(browser.session_cookie(), None, "the cookie is cleared");
    assert_eq!(app.session_count().await, 0, "the record is gone");

    // Someone who kept a copy of the cookie gets nothing from it.
    let copy = app.client();
    let me = copy
        .get(app.url("/me"))
        .header("Cookie", format!("portal_sid={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn logout_is_a_post_only() {
    let app = TestApp::spawn().await;
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let get = app.get(&browser, "/logout").await;
    assert_ne!(get.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_cross_site_logout_changes_nothing() {
    let app = TestApp::spawn().await;
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let refused = browser
        .post(app.url("/logout"))
        .header("Origin", "https://evil.example")
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.session_count().await, 1);
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_users_webex_tokens_are_not_kept() {
    let app = TestApp::spawn().await;
    let captured = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let keep = captured.clone();
    let signer = app.sim.id_token_signer();
    app.sim.override_next_id_token(move |claims| {
        let token = signer.mint(&claims);
        *keep.lock().unwrap() = token.clone();
        token
    });
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let id_token = captured.lock().unwrap().clone();
    assert!(!id_token.is_empty());

    // The session record holds who the user is, not what Webex gave us.
    let record = sessions::raw_records(&app).await;
    assert_eq!(record.len(), 1);
    let text = &record[0];
    assert!(text.contains("Alice Anderson"), "{text}");
    assert!(!text.contains(&id_token));
    for word in ["access_token", "refresh_token", "id_token", "pkce", "nonce"] {
        assert!(!text.to_lowercase().contains(word), "{word} in {text}");
    }
    // Nor does any page.
    let page = app.get(&browser, "/me").await.text().await.unwrap();
    assert!(!page.contains(&id_token));
}

#[tokio::test]
async fn an_id_token_signed_with_the_client_secret_is_refused() {
    // Algorithm confusion: HS256 keyed with the client secret (which the verifier never holds).
    let app = TestApp::spawn().await;
    let kid = app.sim.id_token_signer().current_kid();
    let (browser, response) = sign_in_with_id_token(&app, move |claims| {
        use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
        let header = json!({ "alg": "HS256", "typ": "JWT", "kid": kid });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let key = aws_lc_rs::hmac::Key::new(
            aws_lc_rs::hmac::HMAC_SHA256,
            seed::INTEGRATION_CLIENT_SECRET.as_bytes(),
        );
        let tag = aws_lc_rs::hmac::sign(&key, signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
    })
    .await;
    assert_refused(&app, &browser, response, StatusCode::BAD_REQUEST, FAILED).await;
}

#[tokio::test]
async fn webex_failing_during_sign_in_shows_a_502_page_with_the_request_id() {
    let app = TestApp::spawn().await;
    let browser = app.client();

    // Discovery fails: the sign-in cannot even start.
    app.sim.faults().fail_next(10);
    let start = app.get(&browser, "/login").await;
    assert_eq!(start.status(), StatusCode::BAD_GATEWAY);
    let id = start.headers()["x-request-id"].to_str().unwrap().to_owned();
    let page = start.text().await.unwrap();
    assert!(page.contains("Webex did not answer"), "{page}");
    assert!(page.contains(&id));
    // (The request id is a random UUID and may itself hold "503".)
    let visible = page.replace(&id, "");
    for detail in ["503 ", " 503", "Service Unavailable"] {
        assert!(!visible.contains(detail), "no upstream detail: {page}");
    }
    app.sim.faults().clear();

    // The person lookup fails after a good token exchange: no session either.
    let callback = app.authorize(&browser, seed::EMPLOYEE_EMAIL, None).await;
    app.sim.faults().add(calling_portal::simulator::FaultRule {
        fail_next: 10,
        ..calling_portal::simulator::FaultRule::for_path("/v1/people")
    });
    let response = browser.get(callback).send().await.unwrap();
    assert_refused(
        &app,
        &browser,
        response,
        StatusCode::BAD_GATEWAY,
        "Webex did not answer",
    )
    .await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_limit_counts_per_forwarded_client() {
    let login_from = |app: &TestApp, forwarded_for: &'static str| {
        let request = app
            .client()
            .get(app.url("/login"))
            .header("X-Forwarded-For", forwarded_for);
        async move { request.send().await.unwrap().status() }
    };

    let behind_proxy = TestApp::spawn_with(TestOptions {
        login_rate_limit_per_minute: Some(2),
        env: vec![("PORTAL_TRUST_FORWARDED_FOR", "true".into())],
        ..TestOptions::default()
    })
    .await;
    // The proxy appends the real client; what the client wrote itself comes first and is ignored.
    for _ in 0..2 {
        assert_eq!(
            login_from(&behind_proxy, "6.6.6.6, 192.0.2.1").await,
            StatusCode::SEE_OTHER
        );
    }
    assert_eq!(
        login_from(&behind_proxy, "7.7.7.7, 192.0.2.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login_from(&behind_proxy, "192.0.2.2").await,
        StatusCode::SEE_OTHER
    );

    // Without a proxy the header proves nothing: one peer, one budget.
    let direct = TestApp::spawn_with(TestOptions {
        login_rate_limit_per_minute: Some(2),
        ..TestOptions::default()
    })
    .await;
    assert_eq!(
        login_from(&direct, "192.0.2.1").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        login_from(&direct, "192.0.2.2").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        login_from(&direct, "192.0.2.3").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
