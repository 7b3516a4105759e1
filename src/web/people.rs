//! Helpdesk actions on a person beyond the settings cards: the voicemail PIN reset
//! (`POST /hx/people/{person_id}/voicemail/pin/reset`).

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse as _, Response},
};
use serde::Deserialize;

use super::{
    Lang,
    middleware::ReqId,
    settings::{Ctx, append},
};
use crate::{
    app::AppState,
    auth::{CurrentUser, authz::require_staff},
    error::AppError,
    store::AuditResult,
    views::PinResetResult,
};

#[derive(Deserialize, Default)]
pub struct TicketForm {
    #[serde(default)]
    pub ticket: Option<String>,
}

/// Resets the person's voicemail PIN to the org default; helpdesk and admins only, audited.
pub async fn post_reset_pin(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    ReqId(request_id): ReqId,
    Path(person_id): Path<String>,
    Form(form): Form<TicketForm>,
) -> Result<Response, AppError> {
    require_staff(&user)?;
    let cx = Ctx::authorize_write(&state, t, user, &person_id, request_id, "voicemail").await?;
    let mut entry = cx.audit_entry("voicemail", form.ticket.as_deref());
    entry.action = "reset_pin".to_owned();
    if let Some(super::settings::Notice::Busy { retry_after_secs }) =
        cx.write_limited(&mut entry).await
    {
        let view = PinResetResult {
            t,
            busy_secs: Some(retry_after_secs),
        };
        return Ok((StatusCode::TOO_MANY_REQUESTS, view).into_response());
    }
    let outcome = cx.webex.reset_voicemail_pin(&cx.target.person_id).await;
    match &outcome {
        Ok(receipt) => entry.webex_tracking_id = Some(receipt.tracking_id.clone()),
        Err(e) => {
            entry.result = AuditResult::Failure;
            entry.error = Some(e.to_string());
            entry.webex_tracking_id = e.tracking_id().map(str::to_owned);
        }
    }
    append(&state, &entry).await;
    outcome?;
    Ok(PinResetResult { t, busy_secs: None }.into_response())
}
