//! Login with Webex as an OpenID provider (FACTS §5, §6): discovery, the authorize step with a small
//! sign-in page, the token endpoint (authorization code + PKCE, refresh token), userinfo and JWKS.

use std::{collections::BTreeSet, sync::Arc, time::Duration};

use aws_lc_rs::digest;
use axum::{
    Form, Json,
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    Shared,
    api::{self, ApiError, TrackingId},
    seed::ClientKind,
    state::{BrowserSession, Code, Principal, State as World, TokenKind, now_unix, random_string},
};

const SESSION_COOKIE: &str = "webex_sim_session";
/// Authorization codes are single-use and short-lived.
const CODE_TTL: Duration = Duration::from_secs(60);
const ID_TOKEN_TTL: u64 = 3600;
/// With refresh-token rotation on, the previous refresh token keeps working this long.
pub(crate) const REFRESH_GRACE: Duration = Duration::from_secs(60);

pub(crate) async fn discovery(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let url = |p: &str| shared.url(p);
    // FACTS §5: the discovery issuer is a regional idbroker, unlike the tokens' `iss`.
    Json(json!({
        "issuer": shared.discovery_issuer,
        "authorization_endpoint": url("/authorize"),
        "token_endpoint": url("/access_token"),
        "userinfo_endpoint": url("/userinfo"),
        "jwks_uri": url("/verification"),
        "response_types_supported": ["code", "id_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile", "phone", "address"],
        "claims_supported": ["aud", "sub", "auth_time", "iss", "exp", "iat", "nonce", "email",
            "email_verified", "name", "given_name", "family_name", "locale", "phone", "address"],
        "grant_types_supported": ["authorization_code", "implicit", "refresh_token"],
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "code_challenge_methods_supported": ["plain", "S256"],
    }))
}

pub(crate) async fn jwks(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(shared.signer.ring.lock().unwrap().jwks())
}

/// The authorize parameters; the sign-in page carries them in hidden fields.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct AuthParams {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    prompt: Option<String>,
    login_hint: Option<String>,
}

impl AuthParams {
    fn hidden_fields(&self) -> String {
        let fields = [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ];
        fields
            .iter()
            .filter_map(|(name, v)| {
                v.as_ref().map(|v| {
                    format!(
                        r#"<input type="hidden" name="{name}" value="{}">"#,
                        escape(v)
                    )
                })
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn scopes(&self) -> BTreeSet<String> {
        self.scope
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }
}

/// HTML-escapes text for element content and quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// An error the user must see here: with a bad client or redirect URI we must not redirect.
fn error_page(message: &str) -> Response {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Webex sign-in error</title></head>\
         <body><h1>Sign-in error</h1><p id=\"error\">{}</p></body></html>",
        escape(message)
    );
    (StatusCode::BAD_REQUEST, Html(body)).into_response()
}

/// Checks client and redirect URI; the answer is the redirect URI to use.
fn check_client(world: &World, p: &AuthParams) -> Result<String, &'static str> {
    let Some(client) = p.client_id.as_deref().and_then(|id| world.client(id)) else {
        return Err("Unknown client_id.");
    };
    if client.kind != ClientKind::Integration {
        return Err("This client cannot sign users in.");
    }
    match &p.redirect_uri {
        Some(uri) if client.redirect_uris.iter().any(|r| r == uri) => Ok(uri.clone()),
        Some(_) => {
            Err("The redirect_uri does not match a redirect URI registered for this integration.")
        }
        None if client.redirect_uris.len() == 1 => Ok(client.redirect_uris[0].clone()),
        None => Err("redirect_uri is required."),
    }
}

/// `302 Found`, what OAuth servers (and Webex) answer on the authorize step.
fn found(location: &str) -> Response {
    let location = HeaderValue::from_str(location).expect("URL is ASCII");
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

/// Redirects back to the client with an OAuth error.
fn redirect_error(redirect_uri: &str, p: &AuthParams, error: &str, description: &str) -> Response {
    let mut url = url::Url::parse(redirect_uri).expect("registered redirect URIs are URLs");
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("error", error);
        q.append_pair("error_description", description);
        if let Some(s) = &p.state {
            q.append_pair("state", s);
        }
    }
    found(url.as_str())
}

/// Checks the request itself; errors go back to the client as `error=…`.
fn check_request(p: &AuthParams) -> Result<(), (&'static str, &'static str)> {
    if p.response_type.as_deref() != Some("code") {
        return Err((
            "unsupported_response_type",
            "Only response_type=code is supported.",
        ));
    }
    // FACTS §5: nonce is required when the scope has openid.
    if p.scopes().contains("openid") && p.nonce.as_deref().is_none_or(str::is_empty) {
        return Err(("invalid_request", "nonce is required for the openid scope."));
    }
    match (&p.code_challenge, p.code_challenge_method.as_deref()) {
        (None, Some(_)) => Err((
            "invalid_request",
            "code_challenge_method without code_challenge.",
        )),
        (Some(_), Some(m)) if m != "S256" && m != "plain" => Err((
            "invalid_request",
            "code_challenge_method must be S256 or plain.",
        )),
        (Some(c), _) if c.len() < 43 || c.len() > 128 => {
            Err(("invalid_request", "code_challenge has a bad length."))
        }
        _ => Ok(()),
    }
}

fn session_of(world: &World, headers: &HeaderMap) -> Option<(String, u64)> {
    let cookies = headers.get_all(header::COOKIE);
    for value in cookies {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            if let Some((name, sid)) = pair.trim().split_once('=')
                && name == SESSION_COOKIE
                && let Some(s) = world.sessions.get(sid)
            {
                return Some((s.person.clone(), s.auth_time));
            }
        }
    }
    None
}

fn issue_code(
    world: &mut World,
    p: &AuthParams,
    redirect_uri: &str,
    person: &str,
    auth_time: u64,
) -> Response {
    world.sweep();
    let code = random_string();
    world.codes.insert(
        code.clone(),
        Code {
            client: p.client_id.clone().unwrap_or_default(),
            redirect_uri: redirect_uri.to_string(),
            redirect_uri_given: p.redirect_uri.is_some(),
            person: person.to_string(),
            scope: p.scope.clone().unwrap_or_default(),
            nonce: p.nonce.clone(),
            challenge: p.code_challenge.clone().map(|c| {
                (
                    c,
                    p.code_challenge_method
                        .clone()
                        .unwrap_or_else(|| "plain".into()),
                )
            }),
            auth_time,
            expires: std::time::Instant::now() + CODE_TTL,
        },
    );
    let mut url = url::Url::parse(redirect_uri).expect("registered redirect URIs are URLs");
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("code", &code);
        if let Some(s) = &p.state {
            q.append_pair("state", s);
        }
    }
    found(url.as_str())
}

pub(crate) async fn authorize_page(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(p): Query<AuthParams>,
) -> Response {
    let mut world = shared.state.lock().unwrap();
    let redirect_uri = match check_client(&world, &p) {
        Ok(r) => r,
        Err(message) => return error_page(message),
    };
    if let Err((error, description)) = check_request(&p) {
        return redirect_error(&redirect_uri, &p, error, description);
    }
    let session = session_of(&world, &headers);
    if p.prompt.as_deref() == Some("none") {
        return match session {
            Some((person, auth_time)) => {
                issue_code(&mut world, &p, &redirect_uri, &person, auth_time)
            }
            None => redirect_error(
                &redirect_uri,
                &p,
                "login_required",
                "The user is not signed in.",
            ),
        };
    }
    let current = session.and_then(|(person, _)| world.person_by_uuid(&person));
    Html(sign_in_page(
        &world,
        &p,
        current.map(|c| c.uuid.as_str()),
        None,
    ))
    .into_response()
}

fn sign_in_page(
    world: &World,
    p: &AuthParams,
    current: Option<&str>,
    error: Option<&str>,
) -> String {
    let hidden = p.hidden_fields();
    let mut users = String::new();
    for org in &world.orgs {
        users.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape(&org.name)));
        for person in world.people.iter().filter(|x| x.org == org.uuid) {
            let marker = if current == Some(person.uuid.as_str()) {
                " (signed in)"
            } else {
                ""
            };
            let calling = match &person.calling {
                Some(c) => format!("ext. {}", c.extension),
                None => "no Webex Calling".to_string(),
            };
            users.push_str(&format!(
                "<li><button type=\"submit\" name=\"user\" value=\"{}\">{}</button> {} · {}{}</li>\n",
                escape(&person.uuid),
                escape(&person.display_name),
                escape(&person.email),
                escape(&calling),
                marker
            ));
        }
        users.push_str("</ul>\n");
    }
    let error = error
        .map(|e| format!("<p id=\"error\" role=\"alert\">{}</p>", escape(e)))
        .unwrap_or_default();
    let hint = escape(p.login_hint.as_deref().unwrap_or(""));
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to Webex (simulator)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}}
label{{display:block;margin:.4rem 0}} li{{margin:.25rem 0}} #error{{color:#b00020}}</style></head>
<body>
<h1>Sign in to Webex</h1>
<p>This is the built-in Webex simulator. Pick a user, or sign in with email and password.</p>
{error}
<form method="post" action="/v1/authorize" id="password-login">
{hidden}
<label>Email <input type="email" name="email" value="{hint}" autocomplete="username"></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/v1/authorize" id="pick-user">
{hidden}
{users}
</form>
</body></html>"#
    )
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(flatten)]
    params: AuthParams,
    user: Option<String>,
    email: Option<String>,
    password: Option<String>,
}

pub(crate) async fn authorize_submit(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<LoginForm>,
) -> Response {
    let p = form.params;
    let mut world = shared.state.lock().unwrap();
    let redirect_uri = match check_client(&world, &p) {
        Ok(r) => r,
        Err(message) => return error_page(message),
    };
    if let Err((error, description)) = check_request(&p) {
        return redirect_error(&redirect_uri, &p, error, description);
    }
    let person = match (&form.user, &form.email, &form.password) {
        (Some(uuid), _, _) => world.person_by_uuid(uuid),
        (None, Some(email), Some(password)) => world
            .person_by_email(email.trim())
            .filter(|p| p.password == *password),
        _ => None,
    };
    let Some(person) = person.map(|p| p.uuid.clone()) else {
        let page = sign_in_page(&world, &p, None, Some("Wrong email or password."));
        return (StatusCode::UNAUTHORIZED, Html(page)).into_response();
    };
    let auth_time = now_unix();
    let sid = random_string();
    world.sessions.insert(
        sid.clone(),
        BrowserSession {
            person: person.clone(),
            auth_time,
        },
    );
    let mut res = issue_code(&mut world, &p, &redirect_uri, &person, auth_time);
    let cookie = format!("{SESSION_COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax");
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    );
    res
}

/// An OAuth error from the token endpoint (RFC 6749 §5.2), plus Webex's tracking id.
fn oauth_error(status: StatusCode, tid: &TrackingId, error: &str, description: &str) -> Response {
    let body = json!({
        "error": error,
        "error_description": description,
        "message": description,
        "errors": [{ "description": description }],
        "trackingId": tid.0,
    });
    let mut res = (status, Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"webex\""),
        );
    }
    res
}

fn form_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Client credentials from HTTP Basic or the form body (both are documented, FACTS §5).
fn client_credentials(
    headers: &HeaderMap,
    form: &std::collections::HashMap<String, String>,
) -> Result<(String, String, &'static str), &'static str> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, b64)| b64.trim().to_string());
    match basic {
        Some(b64) => {
            if form.contains_key("client_secret") {
                return Err("Use one client authentication method, not two.");
            }
            let decoded = STANDARD
                .decode(b64)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or("Malformed Basic credentials.")?;
            let (id, secret) = decoded
                .split_once(':')
                .ok_or("Malformed Basic credentials.")?;
            let (id, secret) = (form_decode(id), form_decode(secret));
            if form.get("client_id").is_some_and(|body_id| *body_id != id) {
                return Err("client_id does not match the authenticated client.");
            }
            Ok((id, secret, "client_secret_basic"))
        }
        None => match (form.get("client_id"), form.get("client_secret")) {
            (Some(id), Some(secret)) => Ok((id.clone(), secret.clone(), "client_secret_post")),
            _ => Err("Client authentication is required."),
        },
    }
}

fn pkce_ok(challenge: &str, method: &str, verifier: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
    if !well_formed {
        return false;
    }
    match method {
        "S256" => {
            URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA256, verifier.as_bytes()))
                == challenge
        }
        _ => verifier == challenge,
    }
}

pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut form = std::collections::HashMap::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        if form.insert(k.into_owned(), v.into_owned()).is_some() {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                &tid,
                "invalid_request",
                "A parameter is repeated.",
            );
        }
    }
    let (client_id, secret, method) = match client_credentials(&headers, &form) {
        Ok(c) => c,
        Err(msg) => return oauth_error(StatusCode::UNAUTHORIZED, &tid, "invalid_client", msg),
    };
    shared
        .token_auth
        .lock()
        .unwrap()
        .push((client_id.clone(), method));
    let mut world = shared.state.lock().unwrap();
    let Some(client) = world
        .client(&client_id)
        .filter(|c| c.secret == secret)
        .map(|c| (c.kind, c.org.clone()))
    else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            &tid,
            "invalid_client",
            "Client authentication failed.",
        );
    };
    let grant = |msg: &str| oauth_error(StatusCode::BAD_REQUEST, &tid, "invalid_grant", msg);
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            if client.0 != ClientKind::Integration {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    &tid,
                    "unauthorized_client",
                    "This client may not use the authorization code grant.",
                );
            }
            let Some(code) = form.get("code").and_then(|c| world.codes.remove(c)) else {
                return grant("The authorization code is invalid or was already used.");
            };
            if code.client != client_id {
                return grant("The authorization code was issued to another client.");
            }
            if code.expires <= std::time::Instant::now() {
                return grant("The authorization code has expired.");
            }
            // RFC 6749 §4.1.3: required here exactly when the authorization request had one.
            let expected = code.redirect_uri_given.then_some(&code.redirect_uri);
            if form.get("redirect_uri") != expected
                && form.get("redirect_uri") != Some(&code.redirect_uri)
            {
                return grant("redirect_uri does not match the authorization request.");
            }
            if let Some((challenge, method)) = &code.challenge {
                match form.get("code_verifier") {
                    Some(v) if pkce_ok(challenge, method, v) => {}
                    _ => return grant("PKCE verification failed."),
                }
            }
            let Some(person) = world.person_by_uuid(&code.person) else {
                return grant("The user no longer exists.");
            };
            let principal = Principal::User {
                person: person.uuid.clone(),
                org: person.org.clone(),
            };
            let scopes: BTreeSet<String> =
                code.scope.split_whitespace().map(str::to_string).collect();
            let access = world.issue(
                TokenKind::Access,
                principal.clone(),
                &client_id,
                scopes.clone(),
                shared.access_ttl,
            );
            let refresh = world.issue(
                TokenKind::Refresh,
                principal,
                &client_id,
                scopes.clone(),
                shared.refresh_ttl,
            );
            drop(world);
            let mut body = token_body(&shared, &access, &refresh, shared.refresh_ttl, &scopes);
            if scopes.contains("openid") {
                let now = now_unix();
                let mut claims = json!({
                    "iss": shared.token_issuer,
                    "sub": code.person,
                    "aud": client_id,
                    "exp": now + ID_TOKEN_TTL,
                    "iat": now,
                    "auth_time": code.auth_time,
                });
                if let Some(n) = code.nonce {
                    claims["nonce"] = n.into();
                }
                let custom = shared.next_id_token.lock().unwrap().take();
                body["id_token"] = match custom {
                    Some(f) => f(claims),
                    None => shared.signer.mint(&claims),
                }
                .into();
            }
            no_store(Json(body).into_response())
        }
        Some("refresh_token") => {
            let presented = form.get("refresh_token").cloned().unwrap_or_default();
            let now = std::time::Instant::now();
            let Some(old) = world
                .tokens
                .get(&presented)
                .filter(|t| t.kind == TokenKind::Refresh && t.expires > now)
                .cloned()
            else {
                return grant("The refresh token is invalid or expired.");
            };
            if old.client != client_id {
                return grant("The refresh token was issued to another client.");
            }
            // A service app's tokens belong to the org it was authorised for.
            if client.0 == ClientKind::ServiceApp
                && client.1.as_deref() != Some(old.principal.org())
            {
                return grant("The refresh token belongs to another org.");
            }
            let access = world.issue(
                TokenKind::Access,
                old.principal.clone(),
                &client_id,
                old.scopes.clone(),
                shared.access_ttl,
            );
            let refresh = if shared.rotate_refresh_tokens {
                if let Some(t) = world.tokens.get_mut(&presented) {
                    t.expires = t.expires.min(now + REFRESH_GRACE);
                }
                world.issue(
                    TokenKind::Refresh,
                    old.principal.clone(),
                    &client_id,
                    old.scopes.clone(),
                    shared.refresh_ttl,
                )
            } else {
                // FACTS §6: refresh tokens in regular use "will be refreshed to last forever".
                if let Some(t) = world.tokens.get_mut(&presented) {
                    t.expires = now + shared.refresh_ttl;
                }
                presented
            };
            drop(world);
            let body = token_body(&shared, &access, &refresh, shared.refresh_ttl, &old.scopes);
            no_store(Json(body).into_response())
        }
        Some(_) => oauth_error(
            StatusCode::BAD_REQUEST,
            &tid,
            "unsupported_grant_type",
            "Unsupported grant_type.",
        ),
        None => oauth_error(
            StatusCode::BAD_REQUEST,
            &tid,
            "invalid_request",
            "grant_type is required.",
        ),
    }
}

fn token_body(
    shared: &Shared,
    access: &str,
    refresh: &str,
    refresh_ttl: Duration,
    scopes: &BTreeSet<String>,
) -> Value {
    json!({
        "access_token": access,
        "expires_in": shared.access_ttl.as_secs(),
        "refresh_token": refresh,
        "refresh_token_expires_in": refresh_ttl.as_secs(),
        "token_type": "Bearer",
        "scope": scopes.iter().cloned().collect::<Vec<_>>().join(" "),
    })
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut()
        .insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    res
}

pub(crate) async fn userinfo(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = api::authenticate(&shared, &headers, &tid)?;
    let Principal::User { person, .. } = &caller.principal else {
        return Err(api::forbidden(&tid));
    };
    caller.require_any(&tid, &["openid"])?;
    let world = shared.state.lock().unwrap();
    let p = world
        .person_by_uuid(person)
        .ok_or_else(|| ApiError::not_found(&tid, "User not found."))?;
    let mut body = json!({ "sub": p.uuid });
    if caller.has("email") {
        body["email"] = p.email.clone().into();
        // FACTS §5: a string in userinfo, although the ID token's is a boolean.
        body["email_verified"] = "true".into();
    }
    if caller.has("profile") {
        body["name"] = p.display_name.clone().into();
        body["given_name"] = p.first_name.clone().into();
        body["family_name"] = p.last_name.clone().into();
    }
    Ok(Json(body))
}
