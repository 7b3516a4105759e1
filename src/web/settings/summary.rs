//! "What happens to my calls": the live forwarding, voicemail and DND settings, read in parallel,
//! summarized by `domain::calls` and worded by the catalogue. The page reloads it whenever a card
//! announces a save (`settings-changed`).

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use super::Ctx;
use crate::{
    domain::{
        calls::{CallHandling, Target},
        forwarding::shown,
    },
    error::AppError,
    views::Summary,
    webex::{CallForwardingSettings, DoNotDisturb, VoicemailSettings},
};

pub async fn get_summary(cx: Ctx) -> Result<Response, AppError> {
    let t = cx.t;
    let id = cx.target.person_id.as_str();
    // The cards of the same page read these too: shared, so each is read from Webex once.
    let webex = cx.webex_for_display();
    let (forwarding, voicemail, dnd, before) = tokio::join!(
        webex.get_call_forwarding(id),
        webex.get_voicemail(id),
        webex.get_do_not_disturb(id),
        before_rules(&cx),
    );
    let (view, status) = match (forwarding, voicemail, dnd) {
        (Ok(f), Ok(v), Ok(d)) => {
            let summary = handling(&f, &v, &d).summarize();
            // About someone else (the helpdesk), the summary names them (issue 14, defect 8).
            let (lines, warnings): (Vec<String>, Vec<String>) = match third_person(&cx) {
                None => (
                    summary.lines.iter().map(t.summary_line).collect(),
                    summary
                        .warnings
                        .iter()
                        .map(|w| (t.warning)(w).to_owned())
                        .collect(),
                ),
                Some(name) => (
                    summary
                        .lines
                        .iter()
                        .map(|l| (t.reach.summary_line_of)(l, name))
                        .collect(),
                    summary
                        .warnings
                        .iter()
                        .map(|w| (t.reach.warning_of)(w, name))
                        .collect(),
                ),
            };
            let view = Summary {
                t,
                lines: before.into_iter().chain(lines).collect(),
                warnings,
                error: None,
                tracking_id: None,
            };
            (view, StatusCode::OK)
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            tracing::warn!(error = %e, "summary could not be loaded");
            let view = Summary {
                t,
                lines: Vec::new(),
                warnings: Vec::new(),
                error: Some((t.webex_error)(&e)),
                tracking_id: e.tracking_id().map(str::to_owned),
            };
            (view, StatusCode::BAD_GATEWAY)
        }
    };
    let html = askama::Template::render(&view)
        .map_err(|e| AppError::Internal(format!("summary template: {e}")))?;
    Ok((status, Html(html)).into_response())
}

/// The summary's inputs from the three settings, as Webex applies them.
pub fn handling(
    f: &CallForwardingSettings,
    v: &VoicemailSettings,
    d: &DoNotDisturb,
) -> CallHandling {
    let target = |enabled: bool, to_voicemail: bool, destination: &Option<String>| {
        enabled.then(|| {
            if to_voicemail {
                Target::Voicemail
            } else {
                Target::Number(shown(destination.as_deref()))
            }
        })
    };
    let rules = &f.call_forwarding;
    CallHandling {
        do_not_disturb: d.enabled,
        forward_always: target(
            rules.always.enabled,
            rules.always.destination_voicemail_enabled,
            &rules.always.destination,
        ),
        forward_busy: target(
            rules.busy.enabled,
            rules.busy.destination_voicemail_enabled,
            &rules.busy.destination,
        ),
        forward_no_answer: target(
            rules.no_answer.enabled,
            rules.no_answer.destination_voicemail_enabled,
            &rules.no_answer.destination,
        )
        .map(|t| (t, rules.no_answer.number_of_rings.unwrap_or(3))),
        business_continuity: target(
            f.business_continuity.enabled,
            f.business_continuity.destination_voicemail_enabled,
            &f.business_continuity.destination,
        ),
        voicemail_enabled: v.enabled,
        voicemail_send_all: v.send_all_calls.enabled,
        voicemail_busy: v.send_busy_calls.enabled,
        voicemail_unanswered: v
            .send_unanswered_calls
            .enabled
            .then(|| v.send_unanswered_calls.number_of_rings.unwrap_or(3)),
    }
}

/// The summary's first lines: the personal assistant (while it is on) and call intercept, which
/// come before every other rule. One that cannot be read is left out: the cards say why.
async fn before_rules(cx: &Ctx) -> Vec<String> {
    let (t, id, webex) = (
        cx.t.calling,
        cx.target.person_id.as_str(),
        cx.webex_for_display(),
    );
    let (pa, ic) = tokio::join!(
        webex.get_personal_assistant(id),
        webex.get_call_intercept(id)
    );
    let away = pa.ok().as_ref().and_then(crate::domain::calls::away);
    let intercepted = ic.ok().as_ref().and_then(crate::domain::calls::intercepted);
    match third_person(cx) {
        None => away
            .iter()
            .map(t.summary_away)
            .chain(intercepted.iter().map(t.summary_intercepted))
            .collect(),
        Some(name) => {
            let r = cx.t.reach;
            away.iter()
                .map(|a| (r.away_of)(a, name))
                .chain(intercepted.iter().map(|i| (r.intercepted_of)(i, name)))
                .collect()
        }
    }
}

/// The person's name when the summary is about someone else than the reader.
fn third_person(cx: &Ctx) -> Option<&str> {
    (cx.target.acting == crate::auth::authz::Acting::OnBehalf)
        .then_some(cx.target.display_name.as_str())
}
