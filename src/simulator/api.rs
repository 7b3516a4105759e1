//! What every Webex REST answer shares: the tracking id, the error body, bearer-token checks.

use axum::{
    extract::{FromRequestParts, Request},
    http::{HeaderMap, HeaderValue, StatusCode, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{
    Shared,
    state::{Principal, TokenKind},
};

/// The request's `TrackingID` header, or a generated `ROUTER_<uuid>` (FACTS §7).
#[derive(Clone, Debug)]
pub(crate) struct TrackingId(pub String);

impl TrackingId {
    fn generate() -> TrackingId {
        TrackingId(format!(
            "ROUTER_{}",
            uuid::Uuid::new_v4().to_string().to_uppercase()
        ))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for TrackingId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<TrackingId>()
            .cloned()
            .unwrap_or_else(TrackingId::generate))
    }
}

/// Middleware: pick the tracking id, hand it to handlers, and return it as `trackingid`.
pub(crate) async fn tracking_id(mut req: Request, next: Next) -> Response {
    let tid = req
        .headers()
        .get("trackingid")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 200)
        .map(|v| TrackingId(v.to_string()))
        .unwrap_or_else(TrackingId::generate);
    req.extensions_mut().insert(tid.clone());
    let mut res = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&tid.0) {
        res.headers_mut().insert("trackingid", v);
    }
    res
}

/// A Webex error answer: `{message, errors:[{description}], trackingId}` (FACTS §7).
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub code: Option<u32>,
    pub tracking_id: String,
}

impl ApiError {
    pub fn new(status: StatusCode, tid: &TrackingId, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            code: None,
            tracking_id: tid.0.clone(),
        }
    }

    pub fn bad_request(tid: &TrackingId, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, tid, message)
    }

    pub fn not_found(tid: &TrackingId, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, tid, message)
    }

    pub fn with_code(mut self, code: u32) -> ApiError {
        self.code = Some(code);
        self
    }

    pub fn body(&self) -> Value {
        let mut detail = json!({ "description": self.message });
        let mut body = json!({
            "message": self.message,
            "errors": [],
            "trackingId": self.tracking_id,
        });
        if let Some(code) = self.code {
            detail["errorCode"] = code.into();
            body["errorCode"] = code.into();
        }
        body["errors"] = json!([detail]);
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                "www-authenticate",
                HeaderValue::from_static("Bearer realm=\"webex\""),
            );
        }
        res
    }
}

/// The holder of a valid access token.
pub(crate) struct Caller {
    pub principal: Principal,
    pub scopes: std::collections::BTreeSet<String>,
}

impl Caller {
    pub fn is_admin(&self) -> bool {
        matches!(self.principal, Principal::App { .. })
    }

    pub fn has(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }

    /// 403 unless the token carries one of `scopes`.
    pub fn require_any(&self, tid: &TrackingId, scopes: &[&str]) -> Result<(), ApiError> {
        if scopes.iter().any(|s| self.has(s)) {
            Ok(())
        } else {
            Err(forbidden(tid))
        }
    }
}

pub(crate) fn forbidden(tid: &TrackingId) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        tid,
        "The request is understood, but it has been refused or access is not allowed.",
    )
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// 401 with the Webex body unless the request carries a live access token.
pub(crate) fn authenticate(
    shared: &Shared,
    headers: &HeaderMap,
    tid: &TrackingId,
) -> Result<Caller, ApiError> {
    let unauthorized = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            tid,
            "The request requires a valid access token set in the Authorization request header.",
        )
    };
    let token = bearer(headers).ok_or_else(unauthorized)?;
    let state = shared.state.lock().unwrap();
    let t = state.tokens.get(token).ok_or_else(unauthorized)?;
    if t.kind != TokenKind::Access || t.expires <= std::time::Instant::now() {
        return Err(unauthorized());
    }
    Ok(Caller {
        principal: t.principal.clone(),
        scopes: t.scopes.clone(),
    })
}

/// Parses a JSON request body the way Webex reports problems with it: 415 unless it is sent as
/// `application/json`, 400 (with the Webex body) if it is missing or not JSON.
pub(crate) fn json_body(
    headers: &HeaderMap,
    bytes: &[u8],
    tid: &TrackingId,
) -> Result<Value, ApiError> {
    let is_json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            tid,
            "The request body must be sent as application/json.",
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(tid, "Request body is missing.").with_code(25008));
    }
    serde_json::from_slice(bytes)
        .map_err(|_| ApiError::bad_request(tid, "Request body is not valid JSON.").with_code(25009))
}
