//! Telling people that someone else changed their settings (`PORTAL_NOTIFY_ON_HELPDESK_CHANGE`):
//! a Webex message from the configured bot, saying who changed what.

use crate::{
    app::AppState,
    store::{AuditAction, AuditResult, NewAuditEntry},
    webex::MessageTo,
};

/// Sends the notice for `entry` in the background if notifications are on and the entry is a
/// successful change made by someone other than the person it concerns. A failure is logged only:
/// the change itself stands.
pub fn after_change(state: &AppState, entry: &NewAuditEntry) {
    let Some(token) = state.config.notify.bot_token.clone() else {
        return;
    };
    // A timed change's end that found the setting changed elsewhere: the person, and whoever
    // scheduled it, learn that it was left as it is.
    if entry.action == AuditAction::TimedRevert && entry.result == AuditResult::Conflict {
        let mut to = vec![entry.target_person_id.clone()];
        if entry.actor_person_id != entry.target_person_id {
            to.push(entry.actor_person_id.clone());
        }
        let (state, feature) = (state.clone(), entry.feature.clone());
        let webex = state.webex.with_request_id(entry.request_id.as_str());
        tokio::spawn(async move {
            for person in to {
                let t = crate::web::locale::messages_for(&state, &person).await;
                let markdown = (t.staff.notice_left_as_changed)(t.audit_feature(&feature));
                if let Err(e) = webex
                    .send_message(&token, MessageTo::PersonId(&person), &markdown)
                    .await
                {
                    tracing::warn!(person_id = %person, error = %e, "left-as-changed notice not sent");
                }
            }
        });
        return;
    }
    if entry.result != AuditResult::Success
        || entry.actor_person_id == entry.target_person_id
        || entry.target_person_id == "*"
    {
        return;
    }
    let webex = state.webex.with_request_id(entry.request_id.as_str());
    let person = entry.target_person_id.clone();
    let (actor, action, feature) = (
        entry.actor_name.clone(),
        entry.action,
        entry.feature.clone(),
    );
    let state = state.clone();
    tokio::spawn(async move {
        // In the language the person last used the portal in, else the default.
        let t = crate::web::locale::messages_for(&state, &person).await;
        let what = match action {
            AuditAction::ResetPin => t.staff.voicemail_pin,
            _ => t.audit_feature(&feature),
        };
        let markdown = (t.staff.notice_changed)(&actor, what);
        match webex
            .send_message(&token, MessageTo::PersonId(&person), &markdown)
            .await
        {
            Ok(receipt) => {
                tracing::info!(person_id = %person, tracking_id = receipt.tracking_id, "change notice sent")
            }
            Err(e) => tracing::warn!(person_id = %person, error = %e, "change notice not sent"),
        }
    });
}
