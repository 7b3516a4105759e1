//! Prometheus metrics: what is recorded, the HTTP middleware that records requests, the
//! periodic gauges, and the separate listener that serves `/metrics`.
//!
//! Metrics go to a listener of their own (`PORTAL_METRICS_LISTEN`, loopback by default) so they
//! are never public by accident: the portal's own listener has no `/metrics` route.
//!
//! The recorder is process-global; [`handle`] installs it on first use, so every app started in
//! one process (tests start many) records into the same registry.

use std::{
    sync::OnceLock,
    time::{Duration, Instant},
};

use axum::{
    Router,
    extract::{MatchedPath, Request},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::{auth::session::SessionStore, webex::WebexClient};

/// Portal requests, by route pattern (not the raw path), method and status.
pub const HTTP_REQUESTS: &str = "portal_http_requests_total";
pub const HTTP_DURATION: &str = "portal_http_request_duration_seconds";
/// Webex responses (every attempt), by method, operation and status (`error` when none came).
pub const WEBEX_REQUESTS: &str = "portal_webex_requests_total";
pub const WEBEX_DURATION: &str = "portal_webex_request_duration_seconds";
/// 429s from Webex, by operation.
pub const WEBEX_RATE_LIMITED: &str = "portal_webex_rate_limited_total";
/// Attempts repeated by the client, by operation and reason.
pub const WEBEX_RETRIES: &str = "portal_webex_retries_total";
/// Service-app calls the portal's call budget admitted, by class (`interactive`, `background`).
pub const WEBEX_BUDGET_ADMITTED: &str = "portal_webex_budget_admitted_total";
/// Calls that had to wait for room in the budget, by class and reason (`budget`, `user_share`,
/// `reserve`); counted once per call.
pub const WEBEX_BUDGET_HELD: &str = "portal_webex_budget_held_total";
/// Calls answered "busy" without reaching Webex because the budget had no room soon enough.
pub const WEBEX_BUDGET_REFUSED: &str = "portal_webex_budget_refused_total";
/// Calls admitted in the last minute, by class; and the budget per minute they count against.
pub const WEBEX_BUDGET_USED: &str = "portal_webex_budget_used";
pub const WEBEX_BUDGET_LIMIT: &str = "portal_webex_budget_per_minute";
/// Saves refused by the per-user write limit (`PORTAL_WRITE_RATE_LIMIT_PER_MINUTE`).
/// Job steps run, by kind and outcome (done, skipped, retried, failed, lost_lease).
pub const JOB_STEPS: &str = "portal_job_steps_total";
pub const WRITES_LIMITED: &str = "portal_writes_rate_limited_total";
/// Seconds until the service-app access token expires (negative once it has).
pub const TOKEN_EXPIRES_IN: &str = "portal_webex_token_expires_in_seconds";
/// Sessions not yet expired, as the session store counts them.
pub const SESSIONS_ACTIVE: &str = "portal_sessions_active";

/// How often the gauges are refreshed and histograms compacted.
const UPDATE_INTERVAL: Duration = Duration::from_secs(15);

/// Latency buckets in seconds: page loads are milliseconds, Webex calls up to the request timeout.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0,
];

/// The process's recorder handle, installing the recorder on first use.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Suffix("_duration_seconds".to_owned()),
                LATENCY_BUCKETS,
            )
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        describe();
        if metrics::set_global_recorder(recorder).is_err() {
            // Someone else's recorder came first (only possible when embedded); ours stays empty.
            tracing::warn!("a metrics recorder is already installed; /metrics will be empty");
        }
        handle
    })
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        HTTP_REQUESTS,
        "Requests served, by route, method and status."
    );
    describe_histogram!(HTTP_DURATION, Unit::Seconds, "Time to answer a request.");
    describe_counter!(
        WEBEX_REQUESTS,
        "Webex API responses (each attempt), by operation and status."
    );
    describe_histogram!(WEBEX_DURATION, Unit::Seconds, "Time per Webex API attempt.");
    describe_counter!(WEBEX_RATE_LIMITED, "Webex 429 answers, by operation.");
    describe_counter!(
        JOB_STEPS,
        "Background job steps run, by step kind and outcome."
    );
    describe_counter!(
        WEBEX_RETRIES,
        "Webex attempts repeated, by operation and reason."
    );
    describe_counter!(
        WEBEX_BUDGET_ADMITTED,
        "Service-app calls admitted by the portal's call budget, by class."
    );
    describe_counter!(
        WEBEX_BUDGET_HELD,
        "Service-app calls that waited for room in the call budget, by class and reason."
    );
    describe_counter!(
        WEBEX_BUDGET_REFUSED,
        "Service-app calls answered busy by the call budget without reaching Webex, by class and reason."
    );
    describe_gauge!(
        WEBEX_BUDGET_USED,
        "Service-app calls admitted in the last minute, by class."
    );
    describe_gauge!(
        WEBEX_BUDGET_LIMIT,
        "The call budget: service-app calls allowed per minute."
    );
    describe_counter!(
        WRITES_LIMITED,
        "Saves refused because the user saved more often than the write limit allows."
    );
    describe_gauge!(
        TOKEN_EXPIRES_IN,
        Unit::Seconds,
        "Seconds until the service-app access token expires."
    );
    describe_gauge!(SESSIONS_ACTIVE, "Sessions not yet expired.");
}

/// Middleware: counts and times every request under its route pattern (`/static/{*path}`), so
/// the label set stays small whatever paths clients send; unmatched paths share one label.
pub async fn track_http(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(HTTP_DURATION, "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Refreshes the token, call budget and session gauges every [`UPDATE_INTERVAL`] until aborted.
pub fn spawn_updater(webex: WebexClient, sessions: SessionStore) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(UPDATE_INTERVAL);
        loop {
            every.tick().await;
            update_gauges(&webex, &sessions).await;
            handle().run_upkeep();
        }
    })
}

async fn update_gauges(webex: &WebexClient, sessions: &SessionStore) {
    let budget = webex.budget_usage();
    metrics::gauge!(WEBEX_BUDGET_USED, "class" => "interactive").set(budget.interactive);
    metrics::gauge!(WEBEX_BUDGET_USED, "class" => "background").set(budget.background);
    metrics::gauge!(WEBEX_BUDGET_LIMIT).set(budget.per_minute);
    if let Some(at) = webex.tokens().health().access_expires_at {
        let left = at - time::OffsetDateTime::now_utc();
        metrics::gauge!(TOKEN_EXPIRES_IN).set(left.as_seconds_f64());
    }
    match sessions.count_active().await {
        Ok(Some(n)) => metrics::gauge!(SESSIONS_ACTIVE).set(n as f64),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "cannot count sessions for the metrics"),
    }
}

/// The metrics listener's router: `GET /metrics` in the Prometheus text format.
pub fn router() -> Router {
    Router::new().route(
        "/metrics",
        get(|| async {
            (
                [(
                    header::CONTENT_TYPE,
                    "text/plain; version=0.0.4; charset=utf-8",
                )],
                handle().render(),
            )
                .into_response()
        }),
    )
}
