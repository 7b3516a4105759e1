//! The person's recent changes, newest first, from the audit log.

use super::Ctx;
use crate::{
    error::AppError,
    store::AuditFilter,
    views::{History, HistoryRow},
    web::ViewerLocale,
};

/// How many changes the page shows.
const SHOWN: i64 = 10;

pub async fn get_history(cx: Ctx, ViewerLocale(locale): ViewerLocale) -> Result<History, AppError> {
    let t = cx.t;
    let entries = cx
        .state
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
            when: locale.datetime(e.at),
            what: crate::web::audit::words(t, &e).summary,
            who: e.actor_name,
            result: (t.audit_result)(e.result),
        })
        .collect();
    Ok(History { t, rows })
}
