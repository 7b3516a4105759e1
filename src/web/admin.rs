//! The admin page (`GET /admin`) and "sign everyone out" (`POST /admin/sign-out-everyone`).

use axum::{Extension, extract::State, response::Redirect};
use tower_http::request_id::RequestId;
use tower_sessions::Session;

use super::{ViewerLocale, audit::store_error};
use crate::{
    app::AppState,
    auth::roles::Subject,
    auth::{CurrentUser, session},
    error::AppError,
    store::{AuditAction, AuditFilter, AuditResult, NewAuditEntry},
    views::{AdminPage, FailureView, RoleRuleView, ScopeRowView},
    webex::{
        TokenHealth, TokenState,
        scopes::{self, FeatureScopes, InUse},
    },
};

/// How many recent audit entries are searched for failures.
const RECENT_ENTRIES: i64 = 500;
const RECENT_FAILURES_SHOWN: usize = 20;

pub async fn get_admin(
    State(state): State<AppState>,
    ViewerLocale(locale): ViewerLocale,
    CurrentUser(user): CurrentUser,
) -> Result<AdminPage, AppError> {
    let t = locale.t;
    let now = state.clock.now();
    let health = state.webex.tokens().health();
    let scope_rows = scope_report(&state, &health)
        .iter()
        .map(|row| ScopeRowView::new(t, row))
        .collect();
    let token_problem = token_problem(&state, &health);
    let until =
        |at: Option<time::OffsetDateTime>| at.map(|at| (t.staff.duration_from_now)(at - now));
    let recent = state
        .store
        .list_audit(&AuditFilter {
            limit: RECENT_ENTRIES,
            ..AuditFilter::default()
        })
        .await
        .map_err(store_error)?;
    let failures = recent
        .into_iter()
        .filter(|e| e.result == AuditResult::Failure)
        .take(RECENT_FAILURES_SHOWN)
        .map(|entry| FailureView {
            when: locale.datetime(entry.at),
            entry,
        })
        .collect();
    let resolved = state.roles.resolve_all(&state.webex, now).await;
    let names = state
        .locations
        .names(
            &state.webex,
            resolved.iter().flat_map(|r| match &r.rule.scope {
                crate::auth::Scope::Locations(ids) => ids.iter().map(String::as_str).collect(),
                crate::auth::Scope::Org => Vec::new(),
            }),
        )
        .await;
    let rules = resolved
        .into_iter()
        .map(|r| RoleRuleView::new(t, r, &names))
        .collect();
    Ok(AdminPage {
        t,
        token_healthy: token_problem.is_none(),
        token_problem,
        granted_scopes: health
            .granted_scopes
            .map(|s| s.into_iter().collect::<Vec<_>>().join(" ")),
        scope_rows,
        access_expires_in: until(health.access_expires_at),
        refresh_expires_in: until(health.refresh_expires_at),
        last_refresh: health
            .last_refresh_at
            .map(|at| (t.staff.duration_ago)(now - at)),
        failures,
        rules,
        recheck_secs: state.roles.recheck_interval().as_secs(),
        active_sessions: state.sessions.count_active().await.map_err(store_error)?,
        budget: state.webex.budget_usage(),
        user,
    })
}

/// The service app's granted scopes against what this deployment's features need: the role map's
/// groups only when it names groups, change notices only when they are on. Shown on the admin page;
/// `/readyz` reports missing scopes as degraded.
pub(super) fn scope_report(state: &AppState, health: &TokenHealth) -> Vec<FeatureScopes> {
    let in_use = InUse {
        role_groups: state
            .roles
            .map()
            .rules
            .iter()
            .any(|r| matches!(r.subject, Subject::GroupName(_) | Subject::GroupId(_))),
        change_notices: state.config.notify.bot_token.is_some(),
    };
    scopes::check(health.granted_scopes.as_ref(), in_use)
}

/// What an operator should fix about the service-app token, `None` when nothing: its health and
/// any missing scopes. The admin page shows it; `/readyz` reports it.
pub(super) fn token_problem(state: &AppState, health: &TokenHealth) -> Option<String> {
    let missing = scopes::missing_reason(&scope_report(state, health));
    match (&health.state, missing) {
        (TokenState::Healthy, missing) => missing,
        (TokenState::Degraded { reason }, None) => Some(reason.clone()),
        (TokenState::Degraded { reason }, Some(missing)) => Some(format!("{reason}; {missing}")),
    }
}

#[derive(serde::Deserialize)]
pub struct SignOutEveryoneForm {
    #[serde(default)]
    confirm: String,
}

/// Ends every session, the admin's own included; audited.
pub async fn post_sign_out_everyone(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    session: Session,
    CurrentUser(user): CurrentUser,
    axum::Form(form): axum::Form<SignOutEveryoneForm>,
) -> Result<Redirect, AppError> {
    // The page asks for a ticked confirmation; a bare POST ends nobody's session.
    if form.confirm != "yes" {
        return Err(AppError::BadRequest(
            "tick the confirmation to sign everyone out",
        ));
    }
    let outcome = state.sessions.delete_all().await;
    let entry = NewAuditEntry {
        actor_person_id: user.person_id.clone(),
        actor_name: user.display_name.clone(),
        actor_role: user.role,
        target_person_id: "*".to_owned(),
        target_name: "*".to_owned(),
        target_location_id: None,
        feature: "sessions".to_owned(),
        action: AuditAction::SignOutEveryone,
        before: None,
        after: None,
        result: if outcome.is_ok() {
            AuditResult::Success
        } else {
            AuditResult::Failure
        },
        error: outcome.as_ref().err().map(|e| e.to_string()),
        ticket: None,
        webex_tracking_id: None,
        request_id: request_id.header_value().to_str().unwrap_or("-").to_owned(),
        undo_of: None,
    };
    state
        .store
        .append_audit(&entry)
        .await
        .map_err(store_error)?;
    outcome.map_err(store_error)?;
    tracing::warn!(person_id = %user.person_id, "every session ended by an admin");
    // This request's session is gone from the store too; make sure the response does not write it back.
    session::logout(&session).await?;
    Ok(Redirect::to("/?signed-out=everyone"))
}
