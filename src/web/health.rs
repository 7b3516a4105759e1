//! Liveness (`/healthz`) and readiness (`/readyz`) for load balancers and orchestrators.
//!
//! Readiness lists each check with `ok`, `degraded` (still serving; an operator should look) or
//! `failing`; any failing check makes it 503 so the balancer sends users to another replica, as
//! does shutdown (`draining`, for `PORTAL_SHUTDOWN_DRAIN_SECS`, while requests are still served).
//! The body names checks and gives short reasons only: no token, URL or secret.

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;

use crate::app::AppState;

/// Webex counts as reachable if it answered this recently and no call failed since; otherwise
/// readiness asks it.
const WEBEX_RECENT: Duration = Duration::from_secs(60);
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Serialize)]
pub struct Readiness {
    /// `ready`, `degraded`, `not_ready`, or `draining` (shutting down, still serving).
    pub status: &'static str,
    /// Left out while draining: nothing to check, the answer is 503 either way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<Checks>,
}

#[derive(Serialize)]
pub struct Checks {
    pub store: Check,
    pub service_app_token: Check,
    pub webex: Check,
}

#[derive(Serialize)]
pub struct Check {
    pub status: CheckStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Degraded,
    Failing,
}

impl Check {
    fn ok() -> Self {
        Check {
            status: CheckStatus::Ok,
            reason: None,
        }
    }

    fn with(status: CheckStatus, reason: impl Into<String>) -> Self {
        Check {
            status,
            reason: Some(reason.into()),
        }
    }
}

/// Liveness: the process is up and serving.
pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    if state.is_draining() {
        let draining = Readiness {
            status: "draining",
            checks: None,
        };
        return (StatusCode::SERVICE_UNAVAILABLE, Json(draining));
    }
    let checks = Checks {
        store: match state.store.ping().await {
            Ok(()) => Check::ok(),
            // The error may quote the database's own message; the reason stays generic.
            Err(e) => {
                tracing::warn!(error = %e, "readiness: the database does not answer");
                Check::with(CheckStatus::Failing, "the database does not answer")
            }
        },
        service_app_token: token_check(&state),
        webex: webex_check(&state).await,
    };
    let worst = [
        checks.store.status,
        checks.service_app_token.status,
        checks.webex.status,
    ]
    .into_iter()
    .max()
    .unwrap_or(CheckStatus::Ok);
    let (code, status) = match worst {
        CheckStatus::Ok => (StatusCode::OK, "ready"),
        CheckStatus::Degraded => (StatusCode::OK, "degraded"),
        CheckStatus::Failing => (StatusCode::SERVICE_UNAVAILABLE, "not_ready"),
    };
    let checks = Some(checks);
    (code, Json(Readiness { status, checks }))
}

/// Failing without a usable access token; degraded when it is usable but cannot be refreshed,
/// the refresh token nears expiry, or it lacks scopes a feature needs (all need an operator, but
/// the rest of the portal still works).
fn token_check(state: &AppState) -> Check {
    let health = state.webex.tokens().health();
    let usable = health
        .access_expires_at
        .is_some_and(|at| at > state.clock.now());
    match (usable, super::admin::token_problem(state, &health)) {
        (true, None) => Check::ok(),
        (true, Some(reason)) => Check::with(CheckStatus::Degraded, reason),
        (false, Some(reason)) => Check::with(CheckStatus::Failing, reason),
        (false, None) => Check::with(CheckStatus::Failing, "no usable service-app access token"),
    }
}

async fn webex_check(state: &AppState) -> Check {
    let now = state.clock.now();
    let answered = state.webex.last_answer_at();
    let failed_since = state
        .webex
        .last_failure_at()
        .is_some_and(|failed| answered.is_none_or(|answered| failed > answered));
    let recent = answered.is_some_and(|at| now - at < WEBEX_RECENT);
    if recent && !failed_since {
        return Check::ok();
    }
    match state.webex.probe(PROBE_TIMEOUT).await {
        Ok(()) => Check::ok(),
        // Degraded, not failing: Webex being away hits every replica alike, so taking this one
        // out of the balancer helps nobody, while the portal still serves its own pages and
        // tells users in each card that Webex cannot be reached.
        Err(e) => {
            tracing::warn!(error = %e, "readiness: Webex does not answer");
            Check::with(CheckStatus::Degraded, "Webex does not answer")
        }
    }
}
