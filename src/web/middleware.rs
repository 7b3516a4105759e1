//! Cross-cutting HTTP policy: security headers, the htmx-only rule for fragment writes, request
//! ids in logs, and the login rate limit. `web::router` puts them in order.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use axum::{
    Router,
    body::Body,
    extract::{ConnectInfo, Request},
    http::{HeaderName, HeaderValue, Method, Response, header},
    middleware::Next,
    response::IntoResponse,
};
use tower::util::MapResponseLayer;
use tower_governor::{
    GovernorError, GovernorLayer, governor::GovernorConfigBuilder, key_extractor::KeyExtractor,
};
use tower_http::{request_id::RequestId, trace::MakeSpan};

use crate::{
    config::Config,
    error::{AppError, is_htmx},
};

/// The headers every response carries: pages, fragments, static files and errors. Built once:
/// axum clones the layer stack for every request, and this layer's clone is one reference count.
pub fn security_headers(
    config: &Config,
) -> MapResponseLayer<impl Fn(Response<Body>) -> Response<Body> + Clone + Send + Sync + 'static> {
    let webex_origin = config.oidc.base_url.origin().ascii_serialization();
    // No inline script or style anywhere: htmx is configured through its meta tag. `form-action`
    // lets a sign-in form continue to Webex's authorize page.
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self' {webex_origin}; object-src 'none'"
    );
    let value = |v: &str| HeaderValue::try_from(v).expect("static header values are valid");
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, value(&csp)),
        // Browsers must not guess a type other than the one we send.
        (header::X_CONTENT_TYPE_OPTIONS, value("nosniff")),
        // Our URLs can name people and pages; other sites need not learn them.
        (header::REFERRER_POLICY, value("same-origin")),
        // The portal needs no device or sensor access; a compromised page gets none either.
        (
            HeaderName::from_static("permissions-policy"),
            value(
                "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
                 display-capture=(), interest-cohort=()",
            ),
        ),
        // For browsers that predate `frame-ancestors`.
        (header::X_FRAME_OPTIONS, value("DENY")),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            value("same-origin"),
        ),
    ];
    if let Some(hsts) = config.hsts_header() {
        headers.push((header::STRICT_TRANSPORT_SECURITY, value(&hsts)));
    }
    let headers: Arc<[(HeaderName, HeaderValue)]> = headers.into();
    MapResponseLayer::new(move |mut response: Response<Body>| {
        let set = response.headers_mut();
        for (name, value) in headers.iter() {
            set.insert(name, value.clone());
        }
        response
    })
}

/// Pages show personal settings: no shared cache may keep them, and the back button after
/// sign-out must not show them. Static files set their own caching.
pub fn no_store_by_default()
-> MapResponseLayer<impl Fn(Response<Body>) -> Response<Body> + Clone + Send + Sync + 'static> {
    MapResponseLayer::new(|mut response: Response<Body>| {
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
        response
    })
}

/// The fragment router's guard: writes (any method but GET/HEAD) must come from htmx. A
/// cross-origin page cannot add `HX-Request` without a CORS preflight, which we never grant.
/// Refused before the handler runs.
pub async fn require_htmx_for_writes(req: Request, next: Next) -> Response<Body> {
    let write = !matches!(*req.method(), Method::GET | Method::HEAD);
    if write && !is_htmx(req.headers()) {
        return AppError::Forbidden("fragment write without HX-Request").into_response();
    }
    next.run(req).await
}

/// Request ids are ours: a client-sent `x-request-id` is dropped, so no one chooses what our logs
/// and error pages say.
pub async fn drop_client_request_id(mut req: Request, next: Next) -> Response<Body> {
    req.headers_mut().remove("x-request-id");
    next.run(req).await
}

/// A random (v4) UUID for each request, from the thread's random generator (`rand`), not a
/// system call per request as `MakeRequestUuid` makes.
#[derive(Clone, Copy, Default)]
pub struct MakeRequestId;

impl tower_http::request_id::MakeRequestId for MakeRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
        let mut text = uuid::Uuid::encode_buffer();
        let text = id.hyphenated().encode_lower(&mut text);
        HeaderValue::from_str(text).ok().map(RequestId::new)
    }
}

/// The request id `SetRequestIdLayer` gave this request (`-` outside the layer stack): for the
/// audit log, and for the Webex client's `TrackingID`.
pub struct ReqId(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ReqId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let id = parts
            .extensions
            .get::<RequestId>()
            .and_then(|id| id.header_value().to_str().ok())
            .unwrap_or("-");
        Ok(ReqId(id.to_owned()))
    }
}

/// The span every log line of a request sits in. Only the path is logged: the query of the
/// OIDC callback carries the code and state.
#[derive(Clone, Copy)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, req: &axum::http::Request<B>) -> tracing::Span {
        let request_id = req
            .extensions()
            .get::<RequestId>()
            .and_then(|id| id.header_value().to_str().ok())
            .unwrap_or("-");
        tracing::info_span!(
            "request",
            request_id = %request_id,
            method = %req.method(),
            path = %req.uri().path(),
        )
    }
}

/// Limits every route of `router` to `per_minute` requests per client IP (bursts allowed),
/// answered with the 429 page.
pub fn rate_limited<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    per_minute: u32,
    client_ip: ClientIp,
) -> Router<S> {
    let per_minute = per_minute.max(1);
    let config = GovernorConfigBuilder::default()
        .period(Duration::from_millis(60_000 / u64::from(per_minute)))
        .burst_size(per_minute)
        .key_extractor(client_ip)
        .finish()
        .expect("a positive period and burst");
    let config = Arc::new(config);
    let limiter = config.limiter().clone();
    // Forget idle clients now and then; the task ends once the router is gone.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if Arc::strong_count(&limiter) == 1 {
                break;
            }
            limiter.retain_recent();
        }
    });
    router.route_layer(GovernorLayer::new(config).error_handler(|e| {
        match e {
            // Never "0": the page says to wait at least a second, and so does the header.
            GovernorError::TooManyRequests { wait_time, .. } => AppError::RateLimited {
                retry_after_secs: Some(wait_time.max(1)),
            }
            .into_response(),
            other => AppError::Internal(format!("rate limiter: {other}")).into_response(),
        }
    }))
}

/// Who a rate limit counts a request against: the peer address, or, behind a reverse proxy that
/// sets it (`PORTAL_TRUST_FORWARDED_FOR`), the last `X-Forwarded-For` entry, which that proxy
/// added (earlier entries come from the client and prove nothing).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp {
    pub trust_forwarded_for: bool,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<IpAddr, GovernorError> {
        let forwarded = || {
            req.headers()
                .get_all("x-forwarded-for")
                .iter()
                .next_back()?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()?
                .trim()
                .parse()
                .ok()
        };
        if self.trust_forwarded_for
            && let Some(ip) = forwarded()
        {
            return Ok(ip);
        }
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };

    use axum::{Router, body::Body, http::Request, middleware::from_fn, routing::post};
    use tower::ServiceExt as _;

    use super::require_htmx_for_writes;

    #[tokio::test]
    async fn fragment_writes_without_hx_request_never_reach_the_handler() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let app = Router::new()
            .route(
                "/hx/thing",
                post(move || async move {
                    counted.fetch_add(1, Ordering::SeqCst);
                    "changed"
                }),
            )
            .layer(from_fn(require_htmx_for_writes));
        let post = |hx: Option<&str>| {
            let mut request = Request::post("/hx/thing");
            if let Some(v) = hx {
                request = request.header("HX-Request", v);
            }
            request.body(Body::empty()).unwrap()
        };

        for refused in [None, Some("false"), Some("1")] {
            let response = app.clone().oneshot(post(refused)).await.unwrap();
            assert_eq!(response.status(), 403, "{refused:?}");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 0, "no refused request ran");

        let response = app.oneshot(post(Some("true"))).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
