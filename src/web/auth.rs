//! Sign-in and sign-out: `GET /login`, `GET /auth/callback`, `POST /logout`.

use axum::{
    Extension,
    extract::{Path, Query, State},
    response::Redirect,
};
use serde::Deserialize;
use tower_http::request_id::RequestId;
use tower_sessions::Session;

use crate::{
    app::AppState,
    auth::{self, LoginError, oidc::PENDING_LOGIN_TTL, session},
    error::AppError,
};

/// Where a user lands after signing in when they asked for nothing else.
pub const HOME: &str = "/me";

#[derive(Deserialize)]
pub struct LoginParams {
    next: Option<String>,
}

/// Starts Login with Webex: remembers state, nonce and PKCE verifier, then sends the browser to
/// Webex's authorize page.
pub async fn get_login(
    State(state): State<AppState>,
    session: Session,
    Query(params): Query<LoginParams>,
) -> Result<Redirect, AppError> {
    let next = params.next.as_deref().and_then(safe_next);
    let (authorize_url, pending) = state.oidc.start(next).await.map_err(LoginError::from)?;
    session::begin_login(&session, pending).await?;
    Ok(Redirect::to(authorize_url.as_str()))
}

/// Webex's answer. No `Debug`: the code must not reach a log line.
#[derive(Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Finishes the sign-in. Every failure leaves no signed-in session behind. A person Webex signed
/// in whom this portal does not serve is sent to a page of their own ([`get_refused`]), so the
/// callback's one-time URL leaves the address bar and reloading says the same again.
pub async fn get_callback(
    state: State<AppState>,
    request_id: Extension<RequestId>,
    session: Session,
    lang: super::Lang,
    params: Query<CallbackParams>,
) -> Result<Redirect, AppError> {
    match finish_sign_in(state, request_id, session, lang, params).await {
        Err(AppError::Login(e)) if refusal_slug(&e).is_some() => {
            tracing::warn!(error = %e, "sign-in refused");
            let slug = refusal_slug(&e).unwrap_or_default();
            Ok(Redirect::to(&format!("/sign-in/refused/{slug}")))
        }
        other => other,
    }
}

/// Who this portal does not serve, as a path segment.
fn refusal_slug(e: &LoginError) -> Option<&'static str> {
    match e {
        LoginError::NotCallingUser => Some("no-calling"),
        LoginError::NotInOrganization => Some("other-organization"),
        _ => None,
    }
}

/// `GET /sign-in/refused/{reason}`: why the person who just signed in cannot use the portal.
pub async fn get_refused(Path(reason): Path<String>) -> AppError {
    match reason.as_str() {
        "no-calling" => LoginError::NotCallingUser.into(),
        "other-organization" => LoginError::NotInOrganization.into(),
        _ => AppError::NotFound,
    }
}

async fn finish_sign_in(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    session: Session,
    super::Lang(t): super::Lang,
    Query(params): Query<CallbackParams>,
) -> Result<Redirect, AppError> {
    // Single use: whatever happens next, this sign-in attempt is spent.
    let pending = session::take_pending_login(&session)
        .await?
        .ok_or(LoginError::NoPendingLogin)?;
    let now = state.clock.now();
    let state_matches = params.state.as_deref().is_some_and(|given| {
        aws_lc_rs::constant_time::verify_slices_are_equal(
            given.as_bytes(),
            pending.state.as_bytes(),
        )
        .is_ok()
    });
    if !state_matches {
        return Err(LoginError::StateMismatch.into());
    }
    if now - pending.started_at > PENDING_LOGIN_TTL {
        return Err(LoginError::PendingExpired.into());
    }
    if let Some(error) = params.error {
        return Err(LoginError::ProviderError(log_safe(&error)).into());
    }
    let code = params.code.ok_or(LoginError::MissingCode)?;
    let next = pending.next.clone();

    let identity = state
        .oidc
        .finish(pending, code)
        .await
        .map_err(LoginError::from)?;
    let webex = state.webex.with_request_id(request_id_of(&request_id));
    let mut user = auth::identify(&webex, &identity, now).await?;
    session::resolve_role(&state, &mut user).await;
    // The /me shell makes no Webex call and shows the location's name only from the cache, so
    // fill it here (a listing at most every few minutes; a failure only leaves the id unnamed).
    state.locations.name(&webex, &user.location_id).await;
    tracing::info!(person_id = %user.person_id, role = ?user.role, "signed in");
    // The language this person reads the portal in, for the bot's notices to them.
    super::locale::remember_for_messages(&state, &user.person_id, t).await;
    session::complete_login(&session, user, now).await?;
    Ok(Redirect::to(next.as_deref().unwrap_or(HOME)))
}

/// Signs out and destroys the server-side session.
pub async fn post_logout(session: Session) -> Result<Redirect, AppError> {
    session::logout(&session).await?;
    Ok(Redirect::to("/"))
}

/// `next` if it is a path on this site, else None. Anything a browser could read as another
/// origin (`//host`, `/\host`, `https://…`, control characters it would strip) is refused.
pub fn safe_next(next: &str) -> Option<String> {
    let mut chars = next.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && next.len() <= 2048
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    // Coming back to the sign-in routes would only loop.
    let sign_in_route = next.starts_with("/login") || next.starts_with("/auth/");
    (local && !sign_in_route).then(|| next.to_owned())
}

fn request_id_of(id: &RequestId) -> String {
    id.header_value().to_str().unwrap_or("-").to_owned()
}

/// A provider-sent error code, reduced to what an OAuth error code may contain.
fn log_safe(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_accepted_as_next() {
        for good in ["/me", "/me/forwarding?tab=busy", "/helpdesk/users/abc"] {
            assert_eq!(safe_next(good).as_deref(), Some(good), "{good}");
        }
        for bad in [
            "",
            "me",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/me\r\nSet-Cookie: x=1",
            "/ /evil.example",
            "/login?next=/me",
            "/auth/callback",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
