//! One error type decides what a failure looks like to the browser.
//!
//! Handlers return [`AppError`]; its `IntoResponse` logs the cause and leaves only a [`Failure`]
//! (what the user may know) on an empty response. The [`present`] middleware then renders every
//! failure, whoever produced it (handlers, the CSRF layer, the rate limiter, axum's own rejections),
//! with the request context: a login redirect, a full error page, or an htmx toast, each carrying the
//! request id. No cause, stack trace or Webex detail ever reaches the browser.

use askama::Template;
use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use tower_http::{csrf::ProtectionError, request_id::RequestId};

use crate::{
    auth::LoginError,
    i18n::{self, Messages},
    views,
    webex::WebexError,
};

/// The most a request body may hold (forms and fragments; greeting uploads have their own, larger
/// limit and say so in their card). Set on the router, so the message can name it.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed: {0}")]
    Forbidden(&'static str),
    #[error("no such page")]
    NotFound,
    /// The request itself is wrong (a malformed filter, an unknown value).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The request body is over [`BODY_LIMIT`].
    #[error("request body over the limit")]
    TooLarge,
    #[error("rate limit reached")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("sign-in: {0}")]
    Login(#[from] LoginError),
    #[error("session store: {0}")]
    Session(#[from] tower_sessions::session::Error),
    /// A Webex call failed (the tracking id is in the message, for the log).
    #[error("Webex: {0} (tracking id {tid})", tid = .0.tracking_id().unwrap_or("-"))]
    Webex(#[from] WebexError),
    #[error("internal: {0}")]
    Internal(String),
}

/// What the browser is told: a category, never a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    SignInRequired,
    Forbidden,
    NotFound,
    RateLimited,
    BadRequest,
    /// The request body is over the limit ([`BODY_LIMIT`] for forms).
    TooLarge,
    /// Signed in at Webex, but not someone this portal serves.
    NotCallingUser,
    OtherOrganization,
    /// The sign-in round trip failed (expired or tampered); starting again usually works.
    SignInFailed,
    Upstream,
    /// The portal's call budget (or Webex itself) said "busy": waiting is what helps.
    WebexBusy,
    Internal,
}

impl Failure {
    pub fn status(self) -> StatusCode {
        match self {
            Failure::SignInRequired => StatusCode::UNAUTHORIZED,
            Failure::Forbidden | Failure::NotCallingUser | Failure::OtherOrganization => {
                StatusCode::FORBIDDEN
            }
            Failure::NotFound => StatusCode::NOT_FOUND,
            Failure::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Failure::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Failure::BadRequest | Failure::SignInFailed => StatusCode::BAD_REQUEST,
            Failure::Upstream => StatusCode::BAD_GATEWAY,
            Failure::WebexBusy => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// For failures that arrive as a bare status (from layers and axum's rejections).
    fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::UNAUTHORIZED => Failure::SignInRequired,
            StatusCode::FORBIDDEN => Failure::Forbidden,
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => Failure::NotFound,
            StatusCode::TOO_MANY_REQUESTS => Failure::RateLimited,
            StatusCode::PAYLOAD_TOO_LARGE => Failure::TooLarge,
            StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT => Failure::Upstream,
            s if s.is_client_error() => Failure::BadRequest,
            _ => Failure::Internal,
        }
    }

    /// Whether the page should offer to start a sign-in.
    pub fn offers_sign_in(self) -> bool {
        matches!(
            self,
            Failure::SignInRequired | Failure::SignInFailed | Failure::RateLimited
        )
    }
}

impl AppError {
    pub fn failure(&self) -> Failure {
        match self {
            AppError::Unauthenticated => Failure::SignInRequired,
            AppError::Forbidden(_) => Failure::Forbidden,
            AppError::NotFound => Failure::NotFound,
            AppError::BadRequest(_) => Failure::BadRequest,
            AppError::TooLarge => Failure::TooLarge,
            AppError::RateLimited { .. } => Failure::RateLimited,
            AppError::Login(e) => e.failure(),
            AppError::Webex(e) if e.status() == Some(404) => Failure::NotFound,
            AppError::Webex(WebexError::RateLimited { .. }) => Failure::WebexBusy,
            AppError::Webex(_) => Failure::Upstream,
            AppError::Session(_) | AppError::Internal(_) => Failure::Internal,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let failure = self.failure();
        // The request id is on the enclosing span, so the log line and the page can be matched.
        match failure {
            Failure::Internal | Failure::Upstream => {
                tracing::error!(error = %self, "request failed")
            }
            Failure::SignInRequired | Failure::NotFound => {
                tracing::debug!(error = %self, "request refused")
            }
            _ => tracing::warn!(error = %self, "request refused"),
        }
        let mut response = failure.status().into_response();
        let retry_after_secs = match &self {
            AppError::RateLimited {
                retry_after_secs: Some(secs),
            } => Some(*secs),
            AppError::Webex(WebexError::RateLimited { retry_after, .. }) => {
                Some(retry_after.as_secs().max(1))
            }
            _ => None,
        };
        if let Some(secs) = retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(failure);
        response
    }
}

/// The parts of the request a failure's presentation depends on.
struct RequestContext {
    t: &'static Messages,
    request_id: String,
    htmx: bool,
    method: Method,
    /// Where to come back to after signing in.
    resume_at: Option<String>,
}

impl RequestContext {
    fn of(req: &Request) -> Self {
        let headers = req.headers();
        let htmx = is_htmx(headers);
        let resume_at = if htmx {
            // The page the fragment belongs to, not the fragment itself.
            headers
                .get(axum_htmx::HX_CURRENT_URL)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| url::Url::parse(v).ok())
                .map(|u| match u.query() {
                    Some(q) => format!("{}?{q}", u.path()),
                    None => u.path().to_owned(),
                })
        } else if req.method() == Method::GET {
            req.uri().path_and_query().map(|pq| pq.as_str().to_owned())
        } else {
            None
        };
        RequestContext {
            // src/web/locale.rs put it there; a session's pick comes back on the response.
            t: req.extensions().get::<i18n::Locale>().map_or_else(
                || {
                    i18n::negotiate(
                        headers
                            .get(header::ACCEPT_LANGUAGE)
                            .and_then(|v| v.to_str().ok()),
                        &i18n::EN,
                    )
                },
                |l| l.t,
            ),
            request_id: req
                .extensions()
                .get::<RequestId>()
                .and_then(|id| id.header_value().to_str().ok())
                .unwrap_or("-")
                .to_owned(),
            htmx,
            method: req.method().clone(),
            resume_at,
        }
    }
}

pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers
        .get(axum_htmx::HX_REQUEST)
        .is_some_and(|v| v.as_bytes() == b"true")
}

/// Renders every failure response; everything else passes through untouched.
pub async fn present(req: Request, next: Next) -> Response {
    let mut context = RequestContext::of(&req);
    let response = next.run(req).await;
    if let Some(locale) = response.extensions().get::<i18n::Locale>() {
        context.t = locale.t;
    }
    let failure = if let Some(failure) = response.extensions().get::<Failure>() {
        *failure
    } else if response.extensions().get::<ProtectionError>().is_some() {
        tracing::warn!("cross-site request refused");
        Failure::Forbidden
    } else if (response.status().is_client_error() || response.status().is_server_error())
        && !is_html(response.headers())
    {
        // A layer's or extractor's bare error (its text may describe internals): replace it.
        Failure::from_status(response.status())
    } else {
        return response;
    };
    // The page says how long to wait exactly as `Retry-After` does.
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let mut rendered = render(failure, &context, retry_after);
    // Keep what inner layers added (the session cookie's removal, Retry-After, …); the body and
    // its description are ours.
    for name in response.headers().keys() {
        if rendered.headers().contains_key(name)
            || name == header::CONTENT_TYPE
            || name == header::CONTENT_LENGTH
        {
            continue;
        }
        for value in response.headers().get_all(name) {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

fn render(failure: Failure, context: &RequestContext, retry_after: Option<u64>) -> Response {
    if failure == Failure::SignInRequired {
        let login = match &context.resume_at {
            Some(next) => format!("/login?next={}", urlencode(next)),
            None => "/login".to_owned(),
        };
        if context.htmx {
            // htmx follows HX-Redirect whatever the status; a redirect would only swap the login page in.
            let mut response = failure.status().into_response();
            response.headers_mut().insert(
                axum_htmx::HX_REDIRECT,
                HeaderValue::try_from(login).expect("an encoded path is a header value"),
            );
            return response;
        }
        if context.method == Method::GET {
            return Redirect::to(&login).into_response();
        }
        return Redirect::to("/login").into_response();
    }

    let t = context.t;
    let message = match (failure, retry_after) {
        (Failure::RateLimited, Some(secs)) => (t.rate_limited_message)(secs),
        // Worded as the cards word it ("Webex is busy. Please try again in 42 seconds.").
        (Failure::WebexBusy, Some(secs)) => (t.webex_error)(&WebexError::RateLimited {
            retry_after: std::time::Duration::from_secs(secs),
            tracking_id: None,
        }),
        (Failure::TooLarge, _) => (t.too_large_message)(BODY_LIMIT / 1024),
        _ => (t.failure_message)(failure).to_owned(),
    };
    if context.htmx {
        let toast = views::ErrorToast {
            t,
            title: (t.failure_title)(failure),
            message: &message,
            request_id: &context.request_id,
        };
        let mut response = (failure.status(), html(&toast)).into_response();
        // Errors land in the page's toast region, whatever the request targeted.
        let headers = response.headers_mut();
        headers.insert(
            axum_htmx::HX_RETARGET,
            HeaderValue::from_static(views::TOAST_TARGET),
        );
        headers.insert(axum_htmx::HX_RESWAP, HeaderValue::from_static("innerHTML"));
        return response;
    }

    let page = views::ErrorPage {
        t,
        title: (t.failure_title)(failure),
        message: &message,
        request_id: &context.request_id,
        offer_sign_in: failure.offers_sign_in(),
    };
    (failure.status(), html(&page)).into_response()
}

fn html(template: &impl Template) -> Html<String> {
    // The error templates only print plain fields; should rendering ever fail, say so plainly.
    Html(template.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "error template failed to render");
        "<!doctype html><title>Error</title><p>Something went wrong.</p>".to_owned()
    }))
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
