//! The person's recent changes, newest first, from the audit log.

use axum::extract::{Path, State};

use super::Ctx;
use crate::{
    app::AppState,
    auth::CurrentUser,
    error::AppError,
    store::AuditFilter,
    views::{History, HistoryRow},
    web::{Lang, middleware::ReqId},
};

/// How many changes the page shows.
const SHOWN: i64 = 10;

pub async fn get(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    ReqId(request_id): ReqId,
    Path(person_id): Path<String>,
) -> Result<History, AppError> {
    let cx = Ctx::authorize(&state, t, user, &person_id, request_id).await?;
    let entries = state
        .store
        .list_audit(&AuditFilter {
            target_person_id: Some(cx.target.person_id.clone()),
            limit: SHOWN,
            ..AuditFilter::default()
        })
        .await
        .map_err(|e| AppError::Internal(format!("audit log: {e}")))?;
    let rows = entries
        .into_iter()
        .map(|e| HistoryRow {
            datetime: e
                .at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            when: format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                e.at.year(),
                u8::from(e.at.month()),
                e.at.day(),
                e.at.hour(),
                e.at.minute()
            ),
            what: (t.feature_name)(&e.feature),
            who: e.actor_name,
            result: (t.audit_result)(e.result),
        })
        .collect();
    Ok(History { t, rows })
}
