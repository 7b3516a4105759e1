//! Request counting and fault injection for the Webex paths.
//!
//! Every request to a `/v1` route is counted under its method and route pattern (e.g.
//! `PUT /v1/people/{personId}/features/callForwarding`), so tests can assert how many Webex calls the
//! portal made. Fault rules (latency, 5xx, 429 with or without `Retry-After` and with a JSON or
//! `text/html` body, a per-token budget per minute, forced token expiry) are set in-process through
//! [`Faults`] or over the control endpoints under `/_sim` (see [`control_routes`]).

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Json, Router,
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    Shared,
    api::{self, ApiError, TrackingId},
    state::TokenKind,
};

/// One fault rule. All matching rules apply; a field at its default does nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FaultRule {
    /// Route pattern (`/v1/people/{personId}/features/callForwarding`), a literal path, or a prefix
    /// ending in `*`. `None` matches every Webex path.
    pub path: Option<String>,
    /// HTTP method (`GET`, `PUT`, …); `None` matches all.
    pub method: Option<String>,
    /// Only requests carrying this bearer token.
    pub token: Option<String>,
    /// Added before the answer.
    pub latency_ms: u64,
    /// Probability (0.0–1.0) of answering `error_status` instead.
    pub error_rate: f64,
    /// Status for `error_rate` (default 500).
    pub error_status: u16,
    /// Answer the next N matching requests with 503.
    pub fail_next: u32,
    /// Answer the next N matching requests with 429 (`u32::MAX`: all of them).
    pub too_many_requests: u32,
    /// `Retry-After` seconds on 429s (this rule's and the budget's).
    pub retry_after_secs: u64,
    /// Send 429s without a `Retry-After` header.
    pub omit_retry_after: bool,
    /// Error bodies as `text/html` instead of the Webex JSON (FACTS §7: a 429 may be HTML).
    pub html_body: bool,
    /// Requests allowed per token per minute; beyond that 429, like Webex's rate limit.
    pub budget_per_minute: Option<u32>,
}

impl Default for FaultRule {
    fn default() -> Self {
        FaultRule {
            path: None,
            method: None,
            token: None,
            latency_ms: 0,
            error_rate: 0.0,
            error_status: 500,
            fail_next: 0,
            too_many_requests: 0,
            retry_after_secs: 1,
            omit_retry_after: false,
            html_body: false,
            budget_per_minute: None,
        }
    }
}

impl FaultRule {
    /// A rule for one route pattern (or literal path, or `prefix*`).
    pub fn for_path(path: &str) -> FaultRule {
        FaultRule {
            path: Some(path.to_string()),
            ..FaultRule::default()
        }
    }

    fn matches(&self, method: &str, pattern: &str, path: &str, token: Option<&str>) -> bool {
        let path_ok = match self.path.as_deref() {
            None => true,
            Some(p) => match p.strip_suffix('*') {
                Some(prefix) => pattern.starts_with(prefix) || path.starts_with(prefix),
                None => p == pattern || p == path,
            },
        };
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        let token_ok = self.token.as_deref().is_none_or(|t| Some(t) == token);
        path_ok && method_ok && token_ok
    }
}

struct ActiveRule {
    rule: FaultRule,
    fail_left: u32,
    too_many_left: u32,
    /// Per token: start of the current minute and requests in it.
    windows: HashMap<String, (Instant, u32)>,
}

#[derive(Default)]
pub(crate) struct FaultState {
    rules: Mutex<Vec<ActiveRule>>,
    counts: Mutex<BTreeMap<(String, String), u64>>,
    /// 429s answered (by a rule or the budget), so a test can tell whether Webex pushed back.
    too_many_answered: std::sync::atomic::AtomicU64,
}

enum Outcome {
    Pass,
    Error(StatusCode, bool),
    TooMany {
        retry_after: Option<u64>,
        html: bool,
    },
}

impl FaultState {
    pub(crate) fn count(&self, method: &str, pattern: &str) {
        *self
            .counts
            .lock()
            .unwrap()
            .entry((method.to_string(), pattern.to_string()))
            .or_default() += 1;
    }

    pub(crate) fn count_of(&self, method: &str, pattern: &str) -> u64 {
        let any = |s: &str| s.is_empty() || s == "*";
        self.counts
            .lock()
            .unwrap()
            .iter()
            .filter(|((m, p), _)| {
                (any(method) || m.eq_ignore_ascii_case(method)) && (any(pattern) || p == pattern)
            })
            .map(|(_, n)| n)
            .sum()
    }

    fn decide(
        &self,
        method: &str,
        pattern: &str,
        path: &str,
        token: Option<&str>,
    ) -> (Duration, Outcome) {
        let mut latency = Duration::ZERO;
        let mut outcome = Outcome::Pass;
        let mut rules = self.rules.lock().unwrap();
        for active in rules.iter_mut() {
            if !active.rule.matches(method, pattern, path, token) {
                continue;
            }
            let r = &active.rule;
            latency += Duration::from_millis(r.latency_ms);
            if !matches!(outcome, Outcome::Pass) {
                continue;
            }
            let retry_after = (!r.omit_retry_after).then_some(r.retry_after_secs);
            if active.fail_left > 0 {
                active.fail_left -= 1;
                outcome = Outcome::Error(StatusCode::SERVICE_UNAVAILABLE, r.html_body);
            } else if active.too_many_left > 0 {
                if active.too_many_left != u32::MAX {
                    active.too_many_left -= 1;
                }
                outcome = Outcome::TooMany {
                    retry_after,
                    html: r.html_body,
                };
            } else if r.error_rate > 0.0 && rand::random::<f64>() < r.error_rate {
                let status = StatusCode::from_u16(r.error_status)
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                outcome = Outcome::Error(status, r.html_body);
            } else if let Some(budget) = r.budget_per_minute {
                let key = token.unwrap_or("").to_string();
                let now = Instant::now();
                let window = active.windows.entry(key).or_insert((now, 0));
                if now.duration_since(window.0) >= Duration::from_secs(60) {
                    *window = (now, 0);
                }
                window.1 += 1;
                if window.1 > budget {
                    let left = 60u64
                        .saturating_sub(now.duration_since(window.0).as_secs())
                        .max(1);
                    outcome = Outcome::TooMany {
                        retry_after: (!r.omit_retry_after).then_some(left),
                        html: r.html_body,
                    };
                }
            }
        }
        (latency, outcome)
    }
}

/// Route layer for the Webex paths: count, then apply the matching fault rules.
pub(crate) async fn count_and_inject(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let pattern = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| path.clone(), |m| m.as_str().to_string());
    shared.faults.count(&method, &pattern);
    let token = api::bearer(req.headers()).map(str::to_string);
    let (latency, outcome) = shared
        .faults
        .decide(&method, &pattern, &path, token.as_deref());
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let tid = req
        .extensions()
        .get::<TrackingId>()
        .cloned()
        .unwrap_or_else(|| TrackingId("ROUTER_FAULT".into()));
    let res = match outcome {
        Outcome::Pass => next.run(req).await,
        Outcome::Error(status, html) => error_response(status, &tid, html, None),
        Outcome::TooMany { retry_after, html } => {
            shared
                .faults
                .too_many_answered
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            error_response(StatusCode::TOO_MANY_REQUESTS, &tid, html, retry_after)
        }
    };
    // The route pattern only: no ids, tokens or query strings in the log.
    tracing::debug!(%method, path = %pattern, status = res.status().as_u16(), tracking_id = %tid.0, "simulator request");
    res
}

fn error_response(
    status: StatusCode,
    tid: &TrackingId,
    html: bool,
    retry_after: Option<u64>,
) -> Response {
    let message = match status {
        StatusCode::TOO_MANY_REQUESTS => "Too Many Requests: the request has been rate limited.",
        StatusCode::SERVICE_UNAVAILABLE => {
            "Service Unavailable: Server is overloaded with requests. Try again later."
        }
        _ => "Internal Server Error: Something went wrong on the server.",
    };
    let mut res = if html {
        let body = format!(
            "<html><head><title>{} {}</title></head><body><h1>{}</h1></body></html>",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            message
        );
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        res
    } else {
        ApiError::new(status, tid, message).into_response()
    };
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

/// In-process control of faults, counts and token expiry (the same as the `/_sim` endpoints).
#[derive(Clone)]
pub struct Faults {
    pub(crate) shared: Arc<Shared>,
}

impl Faults {
    /// Adds a rule; rules apply in the order added.
    pub fn add(&self, rule: FaultRule) {
        let active = ActiveRule {
            fail_left: rule.fail_next,
            too_many_left: rule.too_many_requests,
            windows: HashMap::new(),
            rule,
        };
        self.shared.faults.rules.lock().unwrap().push(active);
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.shared.faults.rules.lock().unwrap().clear();
    }

    /// The rules as they were added.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.shared
            .faults
            .rules
            .lock()
            .unwrap()
            .iter()
            .map(|a| a.rule.clone())
            .collect()
    }

    /// Answers the next `n` Webex requests (any path) with 503.
    pub fn fail_next(&self, n: u32) {
        self.add(FaultRule {
            fail_next: n,
            ..FaultRule::default()
        });
    }

    /// Adds `latency` to every Webex request.
    pub fn latency(&self, latency: Duration) {
        self.add(FaultRule {
            latency_ms: latency.as_millis() as u64,
            ..FaultRule::default()
        });
    }

    /// Answers the next `n` Webex requests with 429 and `Retry-After: retry_after_secs`.
    pub fn rate_limit_next(&self, n: u32, retry_after_secs: u64) {
        self.add(FaultRule {
            too_many_requests: n,
            retry_after_secs,
            ..FaultRule::default()
        });
    }

    /// Makes every access token issued so far invalid (401); refresh tokens keep working.
    pub fn expire_all_tokens(&self) {
        expire_access_tokens(&self.shared);
    }

    /// Requests counted for `method` and route pattern; `"*"` (or `""`) matches any.
    pub fn count(&self, method: &str, pattern: &str) -> u64 {
        self.shared.faults.count_of(method, pattern)
    }

    /// Sets every count back to zero.
    pub fn reset_counts(&self) {
        self.shared.faults.counts.lock().unwrap().clear();
    }

    /// How many requests were answered 429 by a fault rule or a budget so far.
    pub fn too_many_requests_answered(&self) -> u64 {
        self.shared
            .faults
            .too_many_answered
            .load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn expire_access_tokens(shared: &Shared) {
    let now = Instant::now();
    let mut world = shared.state.lock().unwrap();
    for t in world.tokens.values_mut() {
        if t.kind == TokenKind::Access {
            t.expires = t.expires.min(now);
        }
    }
}

/// `/_sim/…`: the simulator's own control endpoints (not part of the Webex API, never counted).
pub(crate) fn control_routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/_sim/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/_sim/expire-tokens", post(expire_tokens))
        .route("/_sim/rotate-signing-key", post(rotate_key))
        .route("/_sim/counts", get(counts).delete(reset_counts))
}

async fn list_faults(State(shared): State<Arc<Shared>>) -> Json<Vec<FaultRule>> {
    Json(Faults { shared }.rules())
}

async fn add_fault(State(shared): State<Arc<Shared>>, Json(rule): Json<FaultRule>) -> StatusCode {
    Faults { shared }.add(rule);
    StatusCode::CREATED
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> StatusCode {
    Faults { shared }.clear();
    StatusCode::NO_CONTENT
}

async fn expire_tokens(State(shared): State<Arc<Shared>>) -> StatusCode {
    expire_access_tokens(&shared);
    StatusCode::NO_CONTENT
}

async fn rotate_key(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.signer.ring.lock().unwrap().rotate();
    StatusCode::NO_CONTENT
}

async fn counts(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
    let counts = shared.faults.counts.lock().unwrap();
    let list: Vec<_> = counts
        .iter()
        .map(|((m, p), n)| json!({ "method": m, "path": p, "count": n }))
        .collect();
    let total: u64 = counts.values().sum();
    Json(json!({ "counts": list, "total": total }))
}

async fn reset_counts(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.faults.counts.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}
