//! Which language and time zone a request is answered in, and the language picker.
//!
//! The language is, in order: the user's pick (remembered in the session and in the long-lived
//! `portal_lang` cookie, so it survives signing out), then `Accept-Language`, then
//! `PORTAL_DEFAULT_LANGUAGE`. The time zone is the browser's, set as the `portal_tz` cookie by
//! `static/js/tz.js`, else UTC. Every response says its language (`Content-Language`) and that it
//! depends on `Accept-Language` (`Vary`).

use axum::{
    Form,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    app::AppState,
    auth::session,
    config::Config,
    error::AppError,
    i18n::{self, Locale, Messages},
};

/// The preference cookie: the picked language's tag.
pub const LANGUAGE_COOKIE: &str = "portal_lang";
/// The browser's IANA time zone, written by `static/js/tz.js`.
pub const TIME_ZONE_COOKIE: &str = "portal_tz";
/// How long the preference cookie lasts: a year.
const LANGUAGE_COOKIE_MAX_AGE: u64 = 365 * 24 * 3600;

/// A cookie's value from the request's `Cookie` headers.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// A catalogue by tag, the pseudo-locale included when the configuration offers it.
fn catalogue(config: &Config, tag: &str) -> Option<&'static Messages> {
    if config.pseudo_locale && tag.eq_ignore_ascii_case(i18n::pseudo::TAG) {
        return Some(i18n::pseudo::messages());
    }
    i18n::by_tag(tag)
}

/// The configured default catalogue.
pub fn default_messages(config: &Config) -> &'static Messages {
    i18n::by_tag(config.default_language).unwrap_or(&i18n::EN)
}

/// The language without the session: cookie, then `Accept-Language`, then the default.
fn negotiate(config: &Config, headers: &HeaderMap) -> &'static Messages {
    if let Some(m) = cookie(headers, LANGUAGE_COOKIE).and_then(|tag| catalogue(config, tag)) {
        return m;
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    if config.pseudo_locale
        && accept.is_some_and(|a| a.trim().eq_ignore_ascii_case(i18n::pseudo::TAG))
    {
        return i18n::pseudo::messages();
    }
    i18n::negotiate(accept, default_messages(config))
}

/// Outer layer (before error pages are rendered): the locale from cookies and headers.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // Static files are the same in every language: no Vary, so caches keep one copy.
    let localized = !req.uri().path().starts_with("/static/");
    let headers = req.headers();
    let locale = Locale {
        t: negotiate(&state.config, headers),
        tz: i18n::time_zone(
            cookie(headers, TIME_ZONE_COOKIE)
                .and_then(decode)
                .as_deref(),
        ),
    };
    req.extensions_mut().insert(locale);
    let mut response = next.run(req).await;
    if !localized {
        return response;
    }
    let t = response
        .extensions()
        .get::<Locale>()
        .map_or(locale.t, |l| l.t);
    let headers = response.headers_mut();
    if let Ok(lang) = HeaderValue::from_str(t.lang) {
        headers.insert(header::CONTENT_LANGUAGE, lang);
    }
    let varies = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("accept-language"));
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
    response
}

/// Inner layer (inside the session layer): the session's pick, when there is one, wins. It is
/// put on the response too, so error pages and `Content-Language` follow it.
pub async fn from_session(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    // Static files are the same in every language: no session read for them.
    if req.uri().path().starts_with("/static/") {
        return next.run(req).await;
    }
    let picked = match session::language(&session).await {
        Some(tag) => catalogue(&state.config, &tag),
        None => None,
    };
    let Some(t) = picked else {
        return next.run(req).await;
    };
    let tz = req
        .extensions()
        .get::<Locale>()
        .map_or_else(|| i18n::time_zone(None), |l| l.tz);
    let locale = Locale { t, tz };
    req.extensions_mut().insert(locale);
    let mut response = next.run(req).await;
    response.extensions_mut().insert(locale);
    response
}

/// The cookie's percent-encoding undone (`Europe%2FBerlin`).
fn decode(v: &str) -> Option<String> {
    url::form_urlencoded::parse(format!("z={v}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
}

/// `POST /language`: remembers the pick (cookie, and session when signed in) and sends the
/// browser back to the page it came from (a path on this site only, from `Referer`).
pub async fn post_language(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let t = catalogue(&state.config, &form.lang).ok_or(AppError::BadRequest("unknown language"))?;
    if let Some(person_id) = session::set_language(&session, t.lang).await? {
        remember_for_messages(&state, &person_id, t).await;
    }
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| same_origin_path(&state.config, &headers, r))
        .unwrap_or_else(|| "/".to_owned());
    let secure = if state.config.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age={LANGUAGE_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax{secure}",
        t.lang
    );
    let mut response = Redirect::to(&back).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    // The new language already answers this response (e.g. its Content-Language).
    response.extensions_mut().insert(Locale {
        t,
        tz: i18n::time_zone(None),
    });
    Ok(response)
}

/// Remembers the language `person_id` uses, for what is sent to them later (the bot's notices).
/// A failure only loses the preference.
pub async fn remember_for_messages(state: &AppState, person_id: &str, t: &'static Messages) {
    if t.lang == i18n::pseudo::TAG {
        return;
    }
    if let Err(e) = state.store.save_person_language(person_id, t.lang).await {
        tracing::warn!(error = %e, "the person's language was not saved");
    }
}

/// The catalogue to write to `person_id` in: theirs when known, else the default.
pub async fn messages_for(state: &AppState, person_id: &str) -> &'static Messages {
    match state.store.person_language(person_id).await {
        Ok(Some(tag)) => i18n::by_tag(&tag).unwrap_or_else(|| default_messages(&state.config)),
        Ok(None) => default_messages(&state.config),
        Err(e) => {
            tracing::warn!(error = %e, "the person's language could not be read");
            default_messages(&state.config)
        }
    }
}

/// The path and query of `referer` when it is a page of this portal (its host is the public
/// URL's or the one the browser asked for); only ever a local path, so the picker cannot send
/// anyone elsewhere.
fn same_origin_path(config: &Config, headers: &HeaderMap, referer: &str) -> Option<String> {
    let url = url::Url::parse(referer).ok()?;
    let host = url.host_str()?;
    let asked = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(|h| h.rsplit_once(':').map_or(h, |(name, _)| name));
    if config.public_url.host_str() != Some(host) && asked != Some(host) {
        return None;
    }
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    crate::web::auth::safe_next(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; portal_lang=de; portal_tz=Europe%2FBerlin"),
        );
        assert_eq!(cookie(&h, LANGUAGE_COOKIE), Some("de"));
        assert_eq!(cookie(&h, TIME_ZONE_COOKIE), Some("Europe%2FBerlin"));
        assert_eq!(decode("Europe%2FBerlin").as_deref(), Some("Europe/Berlin"));
        assert_eq!(cookie(&h, "missing"), None);
    }
}
