//! Timed changes' steps (issue 17): `timed_apply` puts a card's change in place at the start of
//! the period, `timed_revert` puts back what was there before at its end. Both go through the
//! card's own save ([`AnyCard::apply`], [`AnyCard::restore`]) as the person who scheduled them,
//! authorized again on the target (a helpdesk whose scope no longer covers the person is
//! refused), on the background budget, and audited as `timed_apply` / `timed_revert`.
//!
//! The revert is safe: it writes only while the setting still has the fingerprint of what the
//! portal wrote. Changed elsewhere meanwhile, it is left as it is ("left as you changed it"): the
//! save audits the conflict, and the step is `skipped` with that reason for the person's list.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{StepCx, StepOutcome};
use crate::{
    auth::SessionUser,
    features::Feature,
    store::{AuditAction, StepState},
    web::settings::{
        Ctx,
        cards::{StepSave, card},
    },
};

pub const KIND: &str = "timed";
pub const APPLY: &str = "timed_apply";
pub const REVERT: &str = "timed_revert";

/// Why a revert did nothing (`result.reason`).
pub const CHANGED_ELSEWHERE: &str = "changed_elsewhere";
pub const NOT_APPLIED: &str = "not_applied";

/// A step's payload: who scheduled it (their session as it was, so the step acts as them), in
/// which language, and what to do.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TimedStep {
    pub actor: SessionUser,
    pub lang: String,
    /// `timed_apply`: the card's form fields to save.
    #[serde(default)]
    pub fields: Vec<(String, String)>,
    /// `timed_revert` of a change applied when it was scheduled: the setting before it, and the
    /// fingerprint of what the portal wrote. Otherwise the job's `timed_apply` step has them.
    #[serde(default)]
    pub before: Option<Value>,
    #[serde(default)]
    pub expect: Option<String>,
    /// `timed_apply` of an out-of-office: the preset, each step applying its card's part.
    #[serde(default)]
    pub preset: Option<crate::web::settings::out_of_office::OutOfOffice>,
}

/// The request context a step acts in, or the outcome when there is none.
async fn step_ctx(cx: &StepCx, action: AuditAction) -> Result<(Ctx, Feature), StepOutcome> {
    let payload: TimedStep = serde_json::from_value(cx.step.payload.clone())
        .map_err(|e| StepOutcome::failed(format!("the step's payload cannot be read: {e}")))?;
    let feature = Feature::from_audit_key(&cx.step.feature)
        .ok_or_else(|| StepOutcome::failed(format!("no such setting: {}", cx.step.feature)))?;
    let ctx = cx.acting(payload.actor, &payload.lang, action).await?;
    Ok((ctx, feature))
}

/// `timed_apply`: the change, saved now; the step keeps the before-state and what was written.
pub async fn apply(cx: StepCx) -> StepOutcome {
    let (ctx, feature) = match step_ctx(&cx, AuditAction::TimedApply).await {
        Ok(c) => c,
        Err(outcome) => return outcome,
    };
    let payload: TimedStep = match serde_json::from_value(cx.step.payload.clone()) {
        Ok(p) => p,
        Err(e) => {
            return StepOutcome::Failed {
                error: e.to_string(),
                result: json!({}),
            };
        }
    };
    let late = cx.late_by().map(|d| d.as_secs());
    let saved = match &payload.preset {
        Some(preset) => card(feature).apply_preset(&ctx, preset).await,
        None => card(feature).apply(&ctx, &payload.fields).await,
    };
    match saved {
        StepSave::Saved {
            before,
            fingerprint,
        } => StepOutcome::Done(
            json!({ "before": before, "expect": fingerprint, "late_by_secs": late }),
        ),
        StepSave::Unchanged {
            current,
            fingerprint,
        } => StepOutcome::Done(
            json!({ "before": current, "expect": fingerprint, "unchanged": true, "late_by_secs": late }),
        ),
        // Moved between the read and the save: try again.
        StepSave::Conflict => StepOutcome::Retry {
            error: "the setting changed while the change was applied".into(),
            after: None,
        },
        StepSave::Refused(why) => StepOutcome::Failed {
            result: json!({ "error": why }),
            error: why,
        },
        StepSave::Failed(e) => StepOutcome::from_webex_error(&e),
    }
}

/// `timed_revert`: what was there before, put back unless the setting was changed elsewhere.
pub async fn revert(cx: StepCx) -> StepOutcome {
    let (ctx, feature) = match step_ctx(&cx, AuditAction::TimedRevert).await {
        Ok(c) => c,
        Err(outcome) => return outcome,
    };
    let payload: TimedStep = match serde_json::from_value(cx.step.payload.clone()) {
        Ok(p) => p,
        Err(e) => {
            return StepOutcome::Failed {
                error: e.to_string(),
                result: json!({}),
            };
        }
    };
    let late = cx.late_by().map(|d| d.as_secs());
    let (before, expect) = match (payload.before, payload.expect) {
        (Some(before), Some(expect)) => (before, expect),
        // Applied by the job's own `timed_apply` step: its result says what to put back.
        _ => {
            let steps = match cx.state.store.job_steps(cx.step.job_id).await {
                Ok(steps) => steps,
                Err(e) => {
                    return StepOutcome::Retry {
                        error: e.to_string(),
                        after: None,
                    };
                }
            };
            let applied = steps
                .iter()
                .find(|s| s.kind == APPLY && s.feature == cx.step.feature);
            match applied {
                Some(s) if s.state == StepState::Done => {
                    let result = s.result.clone().unwrap_or_default();
                    (
                        result["before"].clone(),
                        result["expect"].as_str().unwrap_or_default().to_owned(),
                    )
                }
                // Not yet (it is retrying): wait for it.
                Some(s) if !s.state.is_final() => {
                    return StepOutcome::Retry {
                        error: "the change has not been applied yet".into(),
                        after: None,
                    };
                }
                _ => return StepOutcome::Skipped(json!({ "reason": NOT_APPLIED })),
            }
        }
    };
    match card(feature).restore(&ctx, &before, &expect).await {
        StepSave::Saved { .. } => {
            StepOutcome::Done(json!({ "restored": true, "late_by_secs": late }))
        }
        StepSave::Unchanged { .. } => {
            StepOutcome::Done(json!({ "already": true, "late_by_secs": late }))
        }
        StepSave::Conflict => StepOutcome::Skipped(json!({ "reason": CHANGED_ELSEWHERE })),
        StepSave::Refused(why) => StepOutcome::Failed {
            result: json!({ "error": why }),
            error: why,
        },
        StepSave::Failed(e) => StepOutcome::from_webex_error(&e),
    }
}
