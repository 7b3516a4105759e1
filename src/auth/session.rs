//! The session façade: named keys, sign-in, sign-out, and the timeouts.
//!
//! The cookie holds only a random session id; the record lives server-side (SQLite, PostgreSQL or
//! Redis). It holds who the user is and when they signed in, never a token. Idle and absolute
//! timeouts are checked here against the injectable [`Clock`]; the store's own expiry (idle) is
//! only the backstop that cleans records up.

use axum::{extract::FromRequestParts, http::request::Parts};
use time::OffsetDateTime;
use tower_sessions::{
    Expiry, Session, SessionManagerLayer,
    cookie::{SameSite, time::Duration as CookieDuration},
};

use super::{SessionUser, oidc::PendingLogin};
use crate::{app::AppState, clock::Clock, config::Config, error::AppError};

/// The session store. One alias, so the store behind it changes in one line.
pub type SessionStore = crate::store::sessions::DynSessionStore;

/// The cookie's name over plain http: says nothing about the software behind it.
pub const COOKIE_NAME: &str = "portal_sid";
/// The cookie's name over https. Browsers accept a `__Host-` cookie only when it is `Secure`, has
/// `Path=/` and no `Domain`, so a sibling subdomain (or an http page) cannot plant or shadow it.
pub const HTTPS_COOKIE_NAME: &str = "__Host-portal_sid";

/// The session cookie's name for this deployment.
pub fn cookie_name(config: &Config) -> &'static str {
    if config.is_https() {
        HTTPS_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}
/// The signed-in user ([`SessionUser`]).
const USER_KEY: &str = "user";
/// Unix time of the last authenticated request, for the idle timeout.
const LAST_SEEN_KEY: &str = "last_seen";
/// A sign-in in progress ([`PendingLogin`]); removed by the callback, whatever its outcome.
const PENDING_LOGIN_KEY: &str = "pending_login";
/// The language the user picked (a catalogue's tag); it outlives sign-in's new session id.
const LANGUAGE_KEY: &str = "language";

/// The session middleware, configured from `config`.
pub fn layer(store: SessionStore, config: &Config) -> SessionManagerLayer<SessionStore> {
    let idle = CookieDuration::try_from(config.session.idle_timeout).expect("idle timeout fits");
    SessionManagerLayer::new(store)
        .with_name(cookie_name(config))
        .with_http_only(true)
        // Lax, not Strict: the OIDC callback is a top-level GET from Webex and must carry the
        // session holding state, nonce and PKCE verifier.
        .with_same_site(SameSite::Lax)
        .with_secure(config.is_https())
        // `Path=/` and no domain: both required by the `__Host-` prefix.
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// Starts a sign-in: remembers what the callback must check.
pub async fn begin_login(session: &Session, pending: PendingLogin) -> Result<(), AppError> {
    session.insert(PENDING_LOGIN_KEY, pending).await?;
    Ok(())
}

/// Takes the sign-in in progress, if any: a callback can use it once only. The removal is written
/// to the store at once, since a failed callback's response may not save the session.
pub async fn take_pending_login(session: &Session) -> Result<Option<PendingLogin>, AppError> {
    let pending = session.remove::<PendingLogin>(PENDING_LOGIN_KEY).await?;
    if pending.is_some() {
        if session.get_value(USER_KEY).await?.is_none() {
            // Nothing else lives in an anonymous session: end it (cookie included).
            session.flush().await?;
        } else {
            session.save().await?;
        }
    }
    Ok(pending)
}

/// Signs `user` in: a new session id (no fixation), then the user and the time.
pub async fn complete_login(
    session: &Session,
    user: SessionUser,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(USER_KEY, user).await?;
    session.insert(LAST_SEEN_KEY, now.unix_timestamp()).await?;
    Ok(())
}

/// The language picked in this session, if any.
pub async fn language(session: &Session) -> Option<String> {
    session.get::<String>(LANGUAGE_KEY).await.ok().flatten()
}

/// Remembers the picked language in a signed-in session (picking one before signing in is
/// remembered by the preference cookie alone); returns the signed-in person's id, if any.
pub async fn set_language(session: &Session, tag: &str) -> Result<Option<String>, AppError> {
    let Some(user) = session.get::<SessionUser>(USER_KEY).await? else {
        return Ok(None);
    };
    session.insert(LANGUAGE_KEY, tag).await?;
    Ok(Some(user.person_id))
}

/// Signs out: the server-side record is deleted, so the old cookie is worth nothing.
pub async fn logout(session: &Session) -> Result<(), AppError> {
    session.flush().await?;
    Ok(())
}

/// The most the recorded last activity may lag behind the real one: a minute, or a twentieth
/// of the idle timeout when that is shorter, so no active user is signed out more than 5% early.
fn last_seen_granularity(idle_timeout: std::time::Duration) -> time::Duration {
    let slack = (idle_timeout / 20).min(std::time::Duration::from_secs(60));
    time::Duration::try_from(slack).unwrap_or(time::Duration::ZERO)
}

/// The signed-in user of this request, if the session is still within its timeouts. An expired
/// session is destroyed here.
pub async fn current_user(
    session: &Session,
    clock: &dyn Clock,
    config: &Config,
) -> Result<Option<SessionUser>, AppError> {
    let Some(user) = session.get::<SessionUser>(USER_KEY).await? else {
        return Ok(None);
    };
    let now = clock.now();
    let last_seen = session
        .get::<i64>(LAST_SEEN_KEY)
        .await?
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .unwrap_or(user.login_at);
    let idle = now - last_seen > config.session.idle_timeout;
    let too_old = now - user.login_at > config.session.absolute_timeout;
    if idle || too_old {
        tracing::info!(idle, absolute = too_old, "session expired");
        session.flush().await?;
        return Ok(None);
    }
    // Writing the session on every request would cost a store write per fragment; a little slack
    // in the idle timeout costs nothing.
    if now - last_seen >= last_seen_granularity(config.session.idle_timeout) {
        session.insert(LAST_SEEN_KEY, now.unix_timestamp()).await?;
    }
    Ok(Some(user))
}

/// Extractor for handlers that need a signed-in user; anyone else is sent to sign in. A guard
/// layer that already extracted it leaves it in the request's extensions for the handler.
#[derive(Clone)]
pub struct CurrentUser(pub SessionUser);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::Internal("session layer missing".into()))?;
        let user = current_user(&session, state.clock.as_ref(), &state.config)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(CurrentUser(recheck_role(&session, state, user).await?))
    }
}

/// Resolves `user`'s role and scope from the role map, as of now, and records when. Locations
/// the map names by bare UUID are kept as their Webex ids (the People API takes nothing else).
pub async fn resolve_role(state: &AppState, user: &mut SessionUser) {
    let now = state.clock.now();
    let grant = state
        .roles
        .grant_for(&state.webex, &user.person_id, &user.email, now)
        .await;
    let uuids = grant.scope.bare_uuids();
    let (scope, found_all) = if uuids.is_empty() {
        (grant.scope.clone(), true)
    } else {
        let ids = state.locations.webex_ids(&state.webex, uuids).await;
        grant.scope.clone().with_webex_ids(&ids)
    };
    if !found_all {
        tracing::warn!(person_id = %user.person_id, "a location of the role map is not known to Webex (yet); it grants nothing until it is");
    }
    if grant.role != user.role || scope != user.scope {
        tracing::info!(person_id = %user.person_id, from = ?user.role, to = ?grant.role, "role changed");
    }
    user.role = grant.role;
    user.scope = scope;
    // An incomplete lookup (Webex unreachable) grants less and is tried again on the next request.
    user.roles_checked_at = (grant.complete && found_all).then_some(now);
}

/// Re-resolves the session's role once its last check is older than the re-check interval, so a
/// removal from a group takes effect without a new sign-in.
async fn recheck_role(
    session: &Session,
    state: &AppState,
    mut user: SessionUser,
) -> Result<SessionUser, AppError> {
    if !state.roles.is_due(user.roles_checked_at, state.clock.now()) {
        return Ok(user);
    }
    let before = (user.role, user.scope.clone(), user.roles_checked_at);
    resolve_role(state, &mut user).await;
    if before != (user.role, user.scope.clone(), user.roles_checked_at) {
        session.insert(USER_KEY, &user).await?;
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn activity_is_recorded_well_inside_the_idle_timeout() {
        for idle in [1, 20, 60, 600, 1800, 43_200] {
            let slack = super::last_seen_granularity(Duration::from_secs(idle));
            assert!(
                slack.whole_milliseconds() as u128 * 20 <= u128::from(idle) * 1000,
                "{idle}"
            );
            assert!(slack <= time::Duration::minutes(1));
        }
    }
}
