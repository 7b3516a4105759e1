//! Login with Webex against the simulator: discovery, sign-in page, code + PKCE, token exchange,
//! ID-token signature, userinfo, and the ways each step must refuse.

use std::time::Duration;

use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use calling_portal::simulator::{Simulator, SimulatorOptions, seed};
use serde_json::{Value, json};

use super::{admin_token, browser, pkce, start, start_with, url};

const REDIRECT: &str = "http://127.0.0.1:8080/auth/callback";

struct Authz {
    params: Vec<(&'static str, String)>,
    verifier: String,
}

fn authz(method: &str) -> Authz {
    let (verifier, challenge) = pkce();
    let challenge = if method == "plain" {
        verifier.clone()
    } else {
        challenge
    };
    Authz {
        params: vec![
            ("response_type", "code".into()),
            ("client_id", seed::INTEGRATION_CLIENT_ID.into()),
            ("redirect_uri", REDIRECT.into()),
            ("scope", "openid email profile".into()),
            ("state", "st<&>\"ate".into()),
            ("nonce", "n-0S6_WzA2Mj".into()),
            ("code_challenge", challenge),
            ("code_challenge_method", method.into()),
        ],
        verifier,
    }
}

fn with(
    params: &[(&'static str, String)],
    key: &'static str,
    value: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut p: Vec<_> = params.iter().filter(|(k, _)| *k != key).cloned().collect();
    if let Some(v) = value {
        p.push((key, v.to_string()));
    }
    p
}

fn location(res: &reqwest::Response) -> url::Url {
    url::Url::parse(res.headers()["location"].to_str().unwrap()).unwrap()
}

fn query(u: &url::Url, key: &str) -> Option<String> {
    u.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Posts the email + password form; answers the redirect.
async fn sign_in(
    sim: &Simulator,
    client: &reqwest::Client,
    params: &[(&'static str, String)],
    email: &str,
) -> reqwest::Response {
    let mut form = params.to_vec();
    form.push(("email", email.into()));
    form.push(("password", seed::USER_PASSWORD.into()));
    client
        .post(url(sim, "/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn code_for(sim: &Simulator, a: &Authz, email: &str) -> String {
    let res = sign_in(sim, &browser(), &a.params, email).await;
    assert_eq!(res.status(), 302, "sign-in redirects");
    let loc = location(&res);
    assert_eq!(&loc.as_str()[..REDIRECT.len()], REDIRECT);
    assert_eq!(query(&loc, "state").as_deref(), Some("st<&>\"ate"));
    query(&loc, "code").unwrap()
}

async fn exchange(sim: &Simulator, code: &str, verifier: &str, basic: bool) -> reqwest::Response {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
    ];
    let req = reqwest::Client::new().post(url(sim, "/access_token"));
    let req = if basic {
        req.basic_auth(
            seed::INTEGRATION_CLIENT_ID,
            Some(seed::INTEGRATION_CLIENT_SECRET),
        )
    } else {
        form.push(("client_id", seed::INTEGRATION_CLIENT_ID));
        form.push(("client_secret", seed::INTEGRATION_CLIENT_SECRET));
        req
    };
    req.form(&form).send().await.unwrap()
}

fn b64json(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// Checks the RS256 signature against the JWKS and answers the claims.
async fn verify_id_token(sim: &Simulator, token: &str) -> Value {
    let jwks: Value = reqwest::get(url(sim, "/verification"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut parts = token.split('.');
    let (h, c, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let header = b64json(h);
    assert_eq!(header["alg"], "RS256");
    let kid = header["kid"].as_str().unwrap();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
        .expect("kid in JWKS");
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["use"], "sig");
    let n = URL_SAFE_NO_PAD.decode(key["n"].as_str().unwrap()).unwrap();
    let e = URL_SAFE_NO_PAD.decode(key["e"].as_str().unwrap()).unwrap();
    RsaPublicKeyComponents { n: &n, e: &e }
        .verify(
            &RSA_PKCS1_2048_8192_SHA256,
            format!("{h}.{c}").as_bytes(),
            &URL_SAFE_NO_PAD.decode(s).unwrap(),
        )
        .expect("signature verifies");
    b64json(c)
}

async fn full_flow(basic: bool) {
    let sim = start().await;
    let client = browser();
    let disco: Value = client
        .get(url(&sim, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(disco["issuer"], "https://idbroker-b-us.webex.com/idb");
    assert_eq!(disco["authorization_endpoint"], url(&sim, "/authorize"));
    assert_eq!(disco["token_endpoint"], url(&sim, "/access_token"));
    assert_eq!(disco["userinfo_endpoint"], url(&sim, "/userinfo"));
    assert_eq!(disco["jwks_uri"], url(&sim, "/verification"));
    assert_eq!(
        disco["code_challenge_methods_supported"],
        json!(["plain", "S256"])
    );

    let a = authz("S256");
    let page = client
        .get(url(&sim, "/authorize"))
        .query(&a.params)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(seed::EMPLOYEE_EMAIL));
    assert!(
        html.contains(r#"name="state" value="st&lt;&amp;&gt;&quot;ate""#),
        "escaped hidden field"
    );
    assert!(!html.contains("st<&>"));

    let res = sign_in(&sim, &client, &a.params, seed::EMPLOYEE_EMAIL).await;
    assert_eq!(res.status(), 302);
    let code = query(&location(&res), "code").unwrap();
    let res = exchange(&sim, &code, &a.verifier, basic).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let tokens: Value = res.json().await.unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 1_209_600);
    assert_eq!(tokens["refresh_token_expires_in"], 7_776_000);
    assert!(tokens["refresh_token"].is_string());
    let claims = verify_id_token(&sim, tokens["id_token"].as_str().unwrap()).await;
    let employee_uuid =
        seed::decode_webex_id(&sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap())
            .unwrap()
            .1;
    assert_eq!(claims["sub"], employee_uuid.as_str());
    assert_eq!(claims["aud"], seed::INTEGRATION_CLIENT_ID);
    assert_eq!(claims["iss"], "https://idbroker.webex.com/idb");
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
    for c in ["exp", "iat", "auth_time"] {
        assert!(claims[c].is_u64(), "{c}");
    }
    assert!(claims.get("email").is_none(), "email comes from userinfo");

    let info: Value = client
        .get(url(&sim, "/userinfo"))
        .bearer_auth(tokens["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        info,
        json!({
            "sub": employee_uuid,
            "email": seed::EMPLOYEE_EMAIL,
            "email_verified": "true",
            "name": "Alice Anderson",
            "given_name": "Alice",
            "family_name": "Anderson",
        })
    );
    assert_eq!(sim.request_count("POST", "/v1/access_token"), 1);
    assert_eq!(sim.request_count("GET", "/v1/userinfo"), 1);
}

#[tokio::test]
async fn code_flow_with_pkce_and_basic_auth() {
    full_flow(true).await;
}

#[tokio::test]
async fn code_flow_with_client_secret_in_the_body() {
    full_flow(false).await;
}

#[tokio::test]
async fn picking_a_user_button_signs_in_without_password() {
    let sim = start().await;
    let a = authz("S256");
    let uuid = seed::decode_webex_id(&sim.person_id_by_email(seed::HELPDESK_EMAIL).unwrap())
        .unwrap()
        .1;
    let mut form = a.params.clone();
    form.push(("user", uuid.clone()));
    let res = browser()
        .post(url(&sim, "/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let code = query(&location(&res), "code").unwrap();
    let tokens: Value = exchange(&sim, &code, &a.verifier, true)
        .await
        .json()
        .await
        .unwrap();
    let claims = verify_id_token(&sim, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], uuid.as_str());
}

#[tokio::test]
async fn plain_pkce_works() {
    let sim = start().await;
    let a = authz("plain");
    let code = code_for(&sim, &a, seed::EMPLOYEE_EMAIL).await;
    assert_eq!(exchange(&sim, &code, &a.verifier, true).await.status(), 200);
}

async fn oauth_error(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    (status, body["error"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn pkce_mismatch_is_invalid_grant() {
    let sim = start().await;
    let a = authz("S256");
    let code = code_for(&sim, &a, seed::EMPLOYEE_EMAIL).await;
    let (other, _) = pkce();
    let res = exchange(&sim, &code, &other, true).await;
    assert_eq!(oauth_error(res).await, (400, "invalid_grant".into()));
}

#[tokio::test]
async fn a_code_is_single_use() {
    let sim = start().await;
    let a = authz("S256");
    let code = code_for(&sim, &a, seed::EMPLOYEE_EMAIL).await;
    assert_eq!(exchange(&sim, &code, &a.verifier, true).await.status(), 200);
    let res = exchange(&sim, &code, &a.verifier, true).await;
    assert_eq!(oauth_error(res).await, (400, "invalid_grant".into()));
}

#[tokio::test]
async fn wrong_client_secret_is_invalid_client() {
    let sim = start().await;
    let a = authz("S256");
    let code = code_for(&sim, &a, seed::EMPLOYEE_EMAIL).await;
    let res = reqwest::Client::new()
        .post(url(&sim, "/access_token"))
        .basic_auth(seed::INTEGRATION_CLIENT_ID, Some("wrong"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("code_verifier", a.verifier.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(oauth_error(res).await, (401, "invalid_client".into()));
}

#[tokio::test]
async fn unregistered_redirect_uri_shows_an_error_page_and_does_not_redirect() {
    let sim = start().await;
    let a = authz("S256");
    let params = with(&a.params, "redirect_uri", Some("http://evil.example/cb"));
    let res = browser()
        .get(url(&sim, "/authorize"))
        .query(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.headers().get("location").is_none());
    assert!(res.text().await.unwrap().contains("redirect_uri"));
    // The login POST refuses it too.
    let res = sign_in(&sim, &browser(), &params, seed::EMPLOYEE_EMAIL).await;
    assert_eq!(res.status(), 400);
    assert!(res.headers().get("location").is_none());
}

#[tokio::test]
async fn a_registered_redirect_uri_is_accepted() {
    let sim = start().await;
    sim.register_redirect_uri(
        seed::INTEGRATION_CLIENT_ID,
        "http://127.0.0.1:4321/auth/callback",
    );
    let a = authz("S256");
    let params = with(
        &a.params,
        "redirect_uri",
        Some("http://127.0.0.1:4321/auth/callback"),
    );
    let res = sign_in(&sim, &browser(), &params, seed::EMPLOYEE_EMAIL).await;
    assert_eq!(res.status(), 302);
    assert!(
        location(&res)
            .as_str()
            .starts_with("http://127.0.0.1:4321/auth/callback?code=")
    );
}

#[tokio::test]
async fn missing_nonce_redirects_with_invalid_request() {
    let sim = start().await;
    let a = authz("S256");
    let res = browser()
        .get(url(&sim, "/authorize"))
        .query(&with(&a.params, "nonce", None))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let loc = location(&res);
    assert_eq!(query(&loc, "error").as_deref(), Some("invalid_request"));
    assert_eq!(query(&loc, "state").as_deref(), Some("st<&>\"ate"));
    assert!(query(&loc, "code").is_none());
}

#[tokio::test]
async fn prompt_none_needs_a_simulator_session() {
    let sim = start().await;
    let client = browser();
    let a = authz("S256");
    let silent = with(&a.params, "prompt", Some("none"));
    let res = client
        .get(url(&sim, "/authorize"))
        .query(&silent)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(
        query(&location(&res), "error").as_deref(),
        Some("login_required")
    );

    // After signing in once, the same browser gets a code silently.
    sign_in(&sim, &client, &a.params, seed::EMPLOYEE_EMAIL).await;
    let b = authz("S256");
    let res = client
        .get(url(&sim, "/authorize"))
        .query(&with(&b.params, "prompt", Some("none")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let code = query(&location(&res), "code").expect("silent code");
    assert_eq!(exchange(&sim, &code, &b.verifier, true).await.status(), 200);
}

#[tokio::test]
async fn wrong_password_stays_on_the_page() {
    let sim = start().await;
    let a = authz("S256");
    let mut form = a.params.clone();
    form.push(("email", seed::EMPLOYEE_EMAIL.into()));
    form.push(("password", "nope".into()));
    let res = browser()
        .post(url(&sim, "/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers().get("location").is_none());
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Wrong email or password")
    );
}

#[tokio::test]
async fn service_app_refresh_grant_yields_admin_tokens() {
    let sim = start().await;
    let res = reqwest::Client::new()
        .post(url(&sim, "/access_token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", seed::SERVICE_APP_CLIENT_ID),
            ("client_secret", seed::SERVICE_APP_CLIENT_SECRET),
            ("refresh_token", seed::SERVICE_APP_REFRESH_TOKEN),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    for f in ["access_token", "refresh_token", "token_type"] {
        assert!(body[f].is_string(), "{f}");
    }
    assert!(body["expires_in"].is_u64() && body["refresh_token_expires_in"].is_u64());
    // Webex returns the same refresh token, renewed (FACTS §6).
    assert_eq!(body["refresh_token"], seed::SERVICE_APP_REFRESH_TOKEN);
    let people = reqwest::Client::new()
        .get(url(&sim, "/people"))
        .bearer_auth(body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(people.status(), 200);

    // Another client may not use the service app's refresh token.
    let res = reqwest::Client::new()
        .post(url(&sim, "/access_token"))
        .basic_auth(
            seed::INTEGRATION_CLIENT_ID,
            Some(seed::INTEGRATION_CLIENT_SECRET),
        )
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", seed::SERVICE_APP_REFRESH_TOKEN),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(oauth_error(res).await, (400, "invalid_grant".into()));
}

#[tokio::test]
async fn rotating_refresh_tokens_keeps_the_old_one_briefly() {
    let sim = start_with(SimulatorOptions {
        rotate_refresh_tokens: true,
        ..SimulatorOptions::default()
    })
    .await;
    let refresh = |rt: String| {
        let u = url(&sim, "/access_token");
        async move {
            reqwest::Client::new()
                .post(u)
                .basic_auth(
                    seed::SERVICE_APP_CLIENT_ID,
                    Some(seed::SERVICE_APP_CLIENT_SECRET),
                )
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", rt.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let body: Value = refresh(seed::SERVICE_APP_REFRESH_TOKEN.into())
        .await
        .json()
        .await
        .unwrap();
    let new_rt = body["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(new_rt, seed::SERVICE_APP_REFRESH_TOKEN);
    assert_eq!(refresh(new_rt).await.status(), 200);
    assert_eq!(
        refresh(seed::SERVICE_APP_REFRESH_TOKEN.into())
            .await
            .status(),
        200,
        "grace period"
    );
}

#[tokio::test]
async fn expired_and_unknown_tokens_get_401_with_the_webex_body() {
    let sim = start_with(SimulatorOptions {
        access_token_lifetime: Duration::from_millis(300),
        ..SimulatorOptions::default()
    })
    .await;
    let token = admin_token(&sim).await;
    let get = |t: String| {
        let u = url(&sim, "/people");
        async move {
            reqwest::Client::new()
                .get(u)
                .bearer_auth(t)
                .header("TrackingID", "SIMPLE_test-1")
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(get(token.clone()).await.status(), 200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let res = get(token).await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["trackingid"], "SIMPLE_test-1");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["trackingId"], "SIMPLE_test-1");
    assert!(body["message"].is_string());
    assert!(body["errors"][0]["description"].is_string());
    assert_eq!(get("not-a-token".into()).await.status(), 401);
    let res = reqwest::get(url(&sim, "/people")).await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(
        res.headers()["trackingid"]
            .to_str()
            .unwrap()
            .starts_with("ROUTER_")
    );
}

#[tokio::test]
async fn userinfo_needs_a_user_token_with_openid() {
    let sim = start().await;
    let admin = admin_token(&sim).await;
    let res = reqwest::Client::new()
        .get(url(&sim, "/userinfo"))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let user = sim
        .issue_user_token(seed::EMPLOYEE_EMAIL, &["email"])
        .unwrap();
    let res = reqwest::Client::new()
        .get(url(&sim, "/userinfo"))
        .bearer_auth(user)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn rotated_keys_stay_in_the_jwks_until_removed() {
    let sim = start().await;
    let first = sim.id_token_signer().current_kid();
    sim.rotate_signing_key();
    let second = sim.id_token_signer().current_kid();
    assert_ne!(first, second);
    let token = sim.mint_id_token(json!({"sub": "x"}));
    verify_id_token(&sim, &token).await;
    let kids = |jwks: Value| -> Vec<String> {
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap().to_string())
            .collect()
    };
    let jwks: Value = reqwest::get(url(&sim, "/verification"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(kids(jwks), vec![first.clone(), second.clone()]);
    sim.remove_old_signing_keys();
    let jwks: Value = reqwest::get(url(&sim, "/verification"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(kids(jwks), vec![second]);
}

#[tokio::test]
async fn the_next_id_token_can_be_replaced_for_attack_tests() {
    let sim = start().await;
    let signer = sim.id_token_signer();
    sim.override_next_id_token(move |mut claims| {
        claims["aud"] = "someone-else".into();
        signer.mint_with_foreign_key(&claims)
    });
    let a = authz("S256");
    let code = code_for(&sim, &a, seed::EMPLOYEE_EMAIL).await;
    let tokens: Value = exchange(&sim, &code, &a.verifier, true)
        .await
        .json()
        .await
        .unwrap();
    let token = tokens["id_token"].as_str().unwrap();
    let mut parts = token.split('.');
    let _ = parts.next();
    let claims = b64json(parts.next().unwrap());
    assert_eq!(claims["aud"], "someone-else");
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
    // Only once: the next exchange is honest again.
    let b = authz("S256");
    let code = code_for(&sim, &b, seed::EMPLOYEE_EMAIL).await;
    let tokens: Value = exchange(&sim, &code, &b.verifier, true)
        .await
        .json()
        .await
        .unwrap();
    verify_id_token(&sim, tokens["id_token"].as_str().unwrap()).await;
    let none = sim.id_token_signer().mint_alg_none(&json!({"sub": "x"}));
    assert!(none.ends_with('.'));
}

#[tokio::test]
async fn an_expired_refresh_token_needs_a_new_pair() {
    let sim = start_with(SimulatorOptions {
        refresh_token_lifetime: Duration::from_millis(300),
        ..SimulatorOptions::default()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let res = reqwest::Client::new()
        .post(url(&sim, "/access_token"))
        .basic_auth(
            seed::SERVICE_APP_CLIENT_ID,
            Some(seed::SERVICE_APP_CLIENT_SECRET),
        )
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", seed::SERVICE_APP_REFRESH_TOKEN),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(oauth_error(res).await, (400, "invalid_grant".into()));
}

#[tokio::test]
async fn settings_writes_must_be_json() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let alice = sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let res = reqwest::Client::new()
        .put(format!(
            "{}/people/{alice}/features/callWaiting",
            sim.base_url()
        ))
        .bearer_auth(token)
        .header("content-type", "text/plain")
        .body(r#"{"enabled": true}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
}

/// The simulator's discovery document, JWKS and token response parse with openidconnect's types,
/// and its ID tokens verify with openidconnect (given the token issuer, FACTS §5); the minted
/// attack tokens fail for the intended reason.
#[tokio::test]
async fn openidconnect_accepts_the_simulators_documents_and_rejects_the_attack_tokens() {
    use openidconnect::{
        ClientId, ClientSecret, IssuerUrl, Nonce, TokenResponse,
        core::{
            CoreIdToken, CoreIdTokenVerifier, CoreJsonWebKeySet, CoreProviderMetadata,
            CoreTokenResponse,
        },
    };
    let sim = start().await;
    let get = |p: &str| {
        let u = url(&sim, p);
        async move {
            reqwest::get(u)
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let meta: CoreProviderMetadata =
        serde_json::from_value(get("/.well-known/openid-configuration").await).unwrap();
    assert_eq!(meta.issuer().as_str(), sim.discovery_issuer());
    let jwks: CoreJsonWebKeySet = serde_json::from_value(get("/verification").await).unwrap();
    let a = authz("S256");
    let code = code_for(&sim, &a, seed::EMPLOYEE_EMAIL).await;
    let tokens: CoreTokenResponse = exchange(&sim, &code, &a.verifier, true)
        .await
        .json()
        .await
        .unwrap();
    let verifier = |issuer: &str| {
        CoreIdTokenVerifier::new_confidential_client(
            ClientId::new(seed::INTEGRATION_CLIENT_ID.into()),
            ClientSecret::new(seed::INTEGRATION_CLIENT_SECRET.into()),
            IssuerUrl::new(issuer.into()).unwrap(),
            jwks.clone(),
        )
    };
    let nonce = Nonce::new("n-0S6_WzA2Mj".into());
    let id_token = tokens.id_token().unwrap();
    let claims = id_token
        .claims(&verifier(sim.token_issuer()), &nonce)
        .unwrap();
    assert_eq!(
        claims.subject().as_str(),
        seed::decode_webex_id(&sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap())
            .unwrap()
            .1
    );
    // The discovery issuer is not the tokens' `iss`: a client that trusts discovery alone fails.
    assert!(
        id_token
            .claims(&verifier(sim.discovery_issuer()), &nonce)
            .is_err()
    );

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let good = json!({
        "iss": sim.token_issuer(), "sub": "u", "aud": seed::INTEGRATION_CLIENT_ID,
        "exp": now + 600, "iat": now, "auth_time": now, "nonce": "n-0S6_WzA2Mj",
    });
    let check = |token: String| {
        let t: CoreIdToken = token.parse().unwrap();
        t.claims(&verifier(sim.token_issuer()), &nonce)
            .map(|_| ())
            .is_ok()
    };
    assert!(check(sim.mint_id_token(good.clone())));
    assert!(
        !check(sim.mint_id_token_with_foreign_key(good.clone())),
        "foreign key"
    );
    assert!(
        !check(sim.id_token_signer().mint_alg_none(&good)),
        "alg none"
    );
    let mut expired = good.clone();
    expired["exp"] = json!(now - 60);
    assert!(!check(sim.mint_id_token(expired)), "expired");
    let mut wrong_aud = good.clone();
    wrong_aud["aud"] = json!("someone-else");
    assert!(!check(sim.mint_id_token(wrong_aud)), "audience");
    let mut wrong_iss = good.clone();
    wrong_iss["iss"] = json!("https://evil.example/idb");
    assert!(!check(sim.mint_id_token(wrong_iss)), "issuer");
}
