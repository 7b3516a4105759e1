//! The cards, one module each, and where each feature of the registry meets its card: [`card`] is
//! the one match on [`Feature`] in the web layer, and the compiler refuses a feature without a
//! card. Everything a card offers apart from its own type (routes, its place on the person page,
//! undo) goes through [`AnyCard`].

pub mod anonymous;
pub mod assistant;
pub mod barge_in;
pub mod call_waiting;
pub mod caller_id;
pub mod dnd;
pub mod forwarding;
pub mod intercept;
pub mod numbers;
pub mod phones;
pub mod queues;
pub mod rules;
pub mod voicemail;
// Single number reach (issue 15).
pub mod reach;
// Personal schedules (issue 15).
pub mod schedules;

use std::{future::Future, marker::PhantomData, pin::Pin};

use axum::{
    response::{IntoResponse, Response},
    routing::get,
};

use super::{
    Card, CardForm, Ctx, GET_PUT, PERSON_BASE, Routed, SaveMeta, SaveOutcome, get_card, put_card,
    respond, save,
};
use crate::{
    error::AppError,
    features::Feature,
    i18n::Messages,
    store::AuditEntry,
    views::{UndoResult, card::CardSlot},
    webex::WebexError,
};

/// The card of `feature`.
pub fn card(feature: Feature) -> &'static dyn AnyCard {
    match feature {
        Feature::CallForwarding => &Is::<forwarding::Forwarding>(PhantomData),
        Feature::DoNotDisturb => &Is::<dnd::Dnd>(PhantomData),
        Feature::CallWaiting => &Is::<call_waiting::CallWaiting>(PhantomData),
        Feature::Voicemail => &Is::<voicemail::Voicemail>(PhantomData),
        Feature::PersonalAssistant => &Is::<assistant::Assistant>(PhantomData),
        Feature::CallIntercept => &Is::<intercept::Intercept>(PhantomData),
        Feature::CallerId => &Is::<caller_id::CallerId>(PhantomData),
        Feature::AnonymousCallRejection => &Is::<anonymous::Anonymous>(PhantomData),
        Feature::BargeIn => &Is::<barge_in::BargeIn>(PhantomData),
        Feature::CallQueues => &Is::<queues::Queues>(PhantomData),
        Feature::Phones => &Is::<phones::Phones>(PhantomData),
        Feature::Numbers => &Is::<numbers::Numbers>(PhantomData),
        // Single number reach (issue 15).
        Feature::SingleNumberReach => &Is::<reach::Reach>(PhantomData),
        Feature::Schedules => &Is::<schedules::Schedules>(PhantomData),
        // Call rules.
        Feature::SelectiveForward => &Is::<rules::SelectiveForwardCard>(PhantomData),
        Feature::SelectiveAccept => &Is::<rules::SelectiveAcceptCard>(PhantomData),
        Feature::SelectiveReject => &Is::<rules::SelectiveRejectCard>(PhantomData),
        Feature::SimultaneousRing => &Is::<rules::SimultaneousRingCard>(PhantomData),
    }
}

/// The event a successful undo announces; the audit table reloads on it.
pub const AUDIT_CHANGED: &str = "audit-changed";

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A card, whatever its types.
pub trait AnyCard: Send + Sync {
    fn feature(&self) -> Feature;

    /// Its `GET`/`PUT` route and any others it has.
    fn routes(&self) -> Vec<Routed>;

    /// Its placeholders on the person page whose fragment path is `base`.
    fn slots(&self, t: &'static Messages, base: &str) -> Vec<CardSlot>;

    /// What an audited change of this card did, in the card's own words: `(label, before, after)`
    /// for each value that differs (none when the states cannot be read as this card's).
    fn changes(
        &self,
        t: &'static Messages,
        before: &serde_json::Value,
        after: &serde_json::Value,
    ) -> Vec<(&'static str, String, String)>;

    /// Applies `fields` (the card's form as it was posted, without the shared fields) to what
    /// Webex holds now, through the card's own save: a timed change's start.
    fn apply<'a>(&'a self, cx: &'a Ctx, fields: &'a [(String, String)]) -> BoxFuture<'a, StepSave>;

    /// Applies this card's part of the out-of-office preset to what Webex holds now, through the
    /// card's own save.
    fn apply_preset<'a>(
        &'a self,
        cx: &'a Ctx,
        preset: &'a super::out_of_office::OutOfOffice,
    ) -> BoxFuture<'a, StepSave>;

    /// Puts `before` back through the card's own save, unless the setting no longer has
    /// fingerprint `expect` (it was changed elsewhere): a timed change's end.
    fn restore<'a>(
        &'a self,
        cx: &'a Ctx,
        before: &'a serde_json::Value,
        expect: &'a str,
    ) -> BoxFuture<'a, StepSave>;

    /// Puts `entry`'s before-state back through the card's own save, with a form that carries the
    /// fingerprint of its after-state: nothing is written unless Webex still holds the latter.
    fn undo<'a>(
        &'a self,
        cx: &'a Ctx,
        entry: &'a AuditEntry,
        ticket: Option<String>,
    ) -> BoxFuture<'a, Result<Response, AppError>>;
}

struct Is<C>(PhantomData<C>);

impl<C: Card> AnyCard for Is<C> {
    fn feature(&self) -> Feature {
        C::FEATURE
    }

    fn routes(&self) -> Vec<Routed> {
        let path = format!("{PERSON_BASE}/{}", C::FEATURE.segment());
        // A read-only card (the registry's `writable: false`) has no PUT to call.
        let own = if C::FEATURE.info().writable {
            Routed::new(
                path,
                GET_PUT,
                get(get_card::<C>)
                    .put(put_card::<C>)
                    .layer(axum::extract::DefaultBodyLimit::max(C::BODY_LIMIT)),
            )
        } else {
            Routed::new(path, super::GET, get(get_card::<C>))
        };
        std::iter::once(own).chain(C::extra_routes()).collect()
    }

    fn slots(&self, t: &'static Messages, base: &str) -> Vec<CardSlot> {
        let own = CardSlot {
            id: C::FEATURE.card_id(),
            url: format!("{base}/{}", C::FEATURE.segment()),
            heading: (t.feature_name)(C::FEATURE),
        };
        std::iter::once(own)
            .chain(C::extra_slots(t, base))
            .collect()
    }

    fn changes(
        &self,
        t: &'static Messages,
        before: &serde_json::Value,
        after: &serde_json::Value,
    ) -> Vec<(&'static str, String, String)> {
        // Phone numbers as the reader writes them, like everywhere else.
        let words = |v: &serde_json::Value| {
            serde_json::from_value::<C::Setting>(v.clone())
                .ok()
                .map(|s| {
                    C::describe(&C::form_of(&s), t)
                        .into_iter()
                        .map(|(label, value)| (label, reader_number(t, value)))
                        .collect::<Vec<_>>()
                })
        };
        let (Some(before), Some(after)) = (words(before), words(after)) else {
            return Vec::new();
        };
        let value_of = |list: &[(&'static str, String)], label: &str| {
            list.iter()
                .find(|(l, _)| *l == label)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut labels: Vec<&'static str> = before.iter().map(|(l, _)| *l).collect();
        labels.extend(
            after
                .iter()
                .map(|(l, _)| *l)
                .filter(|l| !labels.contains(l))
                .collect::<Vec<_>>(),
        );
        labels
            .into_iter()
            .map(|label| (label, value_of(&before, label), value_of(&after, label)))
            .filter(|(_, b, a)| b != a)
            .collect()
    }

    fn apply<'a>(&'a self, cx: &'a Ctx, fields: &'a [(String, String)]) -> BoxFuture<'a, StepSave> {
        Box::pin(async move {
            let mut form = match super::form_of_pairs::<C::Form>(fields).await {
                Ok(form) => form,
                Err(e) => {
                    return StepSave::Refused(format!("the stored change cannot be read: {e}"));
                }
            };
            let current = match C::read(&cx.webex, &cx.target.person_id).await {
                Ok(current) => current,
                Err(e) => return StepSave::Failed(e),
            };
            form.meta.fingerprint = C::fingerprint(&current);
            step_save::<C>(save::<C>(cx, form).await, None)
        })
    }

    fn apply_preset<'a>(
        &'a self,
        cx: &'a Ctx,
        preset: &'a super::out_of_office::OutOfOffice,
    ) -> BoxFuture<'a, StepSave> {
        Box::pin(async move {
            let current = match C::read(&cx.webex, &cx.target.person_id).await {
                Ok(current) => current,
                Err(e) => return StepSave::Failed(e),
            };
            let Some(fields) = C::preset(&current, preset) else {
                return StepSave::Refused("out of office does not change this setting".into());
            };
            let form = CardForm {
                fields,
                meta: SaveMeta {
                    fingerprint: C::fingerprint(&current),
                    ..SaveMeta::default()
                },
                ..CardForm::default()
            };
            step_save::<C>(save::<C>(cx, form).await, None)
        })
    }

    fn restore<'a>(
        &'a self,
        cx: &'a Ctx,
        before: &'a serde_json::Value,
        expect: &'a str,
    ) -> BoxFuture<'a, StepSave> {
        Box::pin(async move {
            let before: C::Setting = match serde_json::from_value(before.clone()) {
                Ok(b) => b,
                Err(e) => return StepSave::Refused(format!("the stored before-state: {e}")),
            };
            let form = CardForm {
                fields: C::form_of(&before),
                meta: SaveMeta {
                    fingerprint: expect.to_owned(),
                    ..SaveMeta::default()
                },
                ..CardForm::default()
            };
            step_save::<C>(save::<C>(cx, form).await, Some(&before))
        })
    }

    fn undo<'a>(
        &'a self,
        cx: &'a Ctx,
        entry: &'a AuditEntry,
        ticket: Option<String>,
    ) -> BoxFuture<'a, Result<Response, AppError>> {
        Box::pin(async move {
            let (Some(before), Some(after)) = (&entry.before, &entry.after) else {
                return Err(AppError::BadRequest("this entry cannot be undone"));
            };
            let before: C::Setting = serde_json::from_value(before.clone()).map_err(|e| {
                AppError::Internal(format!("audit entry {}: before-state: {e}", entry.id))
            })?;
            let after: C::Setting = serde_json::from_value(after.clone()).map_err(|e| {
                AppError::Internal(format!("audit entry {}: after-state: {e}", entry.id))
            })?;
            let meta = SaveMeta {
                fingerprint: C::fingerprint(&after),
                ticket,
                ..SaveMeta::default()
            };
            let form = CardForm {
                fields: C::form_of(&before),
                meta: meta.clone(),
                ..CardForm::default()
            };
            let t = cx.t;
            Ok(match save::<C>(cx, form).await {
                // The audit table reloads itself: the entry is no longer offered for undo.
                SaveOutcome::Saved { .. } | SaveOutcome::Unchanged { .. } => (
                    [(
                        axum::http::HeaderName::from_static("hx-trigger"),
                        axum::http::HeaderValue::from_static(AUDIT_CHANGED),
                    )],
                    UndoResult { t, done: true },
                )
                    .into_response(),
                SaveOutcome::Conflict { .. } => (
                    axum::http::StatusCode::CONFLICT,
                    UndoResult { t, done: false },
                )
                    .into_response(),
                // A Webex failure or a refused value: the card says what happened.
                other => respond::<C>(cx, &meta, other),
            })
        })
    }
}

/// How a job's step went through a card's save ([`AnyCard::apply`], [`AnyCard::restore`]).
#[derive(Debug)]
pub enum StepSave {
    /// Written: what Webex held before (JSON), and the fingerprint of what it holds now (empty
    /// when reading it back failed).
    Saved {
        before: serde_json::Value,
        fingerprint: String,
    },
    /// Webex already held it (for a restore: the person had put it back themselves).
    Unchanged {
        current: serde_json::Value,
        fingerprint: String,
    },
    /// The setting was not as expected (changed elsewhere): nothing written.
    Conflict,
    /// Refused (no longer valid, or feature access): nothing written.
    Refused(String),
    Failed(WebexError),
}

fn step_save<C: Card>(outcome: SaveOutcome<C>, restoring: Option<&C::Setting>) -> StepSave {
    let json = |s: &C::Setting| serde_json::to_value(s).unwrap_or_default();
    match outcome {
        SaveOutcome::Saved {
            shown,
            before,
            readback_failed,
        } => StepSave::Saved {
            before: json(&before),
            fingerprint: match readback_failed {
                None => C::fingerprint(&shown),
                Some(_) => String::new(),
            },
        },
        SaveOutcome::Unchanged { current } => StepSave::Unchanged {
            fingerprint: C::fingerprint(&current),
            current: json(&current),
        },
        // Already back as it was (the person did it): nothing to do, nothing overwritten.
        SaveOutcome::Conflict { current, .. }
            if restoring.is_some_and(|b| C::fingerprint(b) == C::fingerprint(&current)) =>
        {
            StepSave::Unchanged {
                fingerprint: C::fingerprint(&current),
                current: json(&current),
            }
        }
        SaveOutcome::Conflict { .. } => StepSave::Conflict,
        SaveOutcome::Invalid { errors, .. } => StepSave::Refused(
            errors
                .0
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        SaveOutcome::Denied { why } => StepSave::Refused(why.to_owned()),
        SaveOutcome::Failed { error, .. } => StepSave::Failed(error),
        SaveOutcome::Busy { .. } => StepSave::Refused("the write limit refused it".to_owned()),
    }
}

/// `value` in the reader's format when it is a phone number (as a form shows it, `+1 617-555-0100`,
/// or as Webex stores it); anything else as it is.
fn reader_number(t: &'static Messages, value: String) -> String {
    let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let is_number = compact.len() > 4
        && compact.starts_with('+')
        && compact[1..].chars().all(|c| c.is_ascii_digit());
    if is_number { t.phone(&compact) } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_its_own_card() {
        for feature in Feature::ALL {
            assert_eq!(card(feature).feature(), feature);
        }
    }

    #[test]
    fn numbers_in_the_audit_are_written_as_the_reader_writes_them() {
        let de = &crate::i18n::DE;
        assert_eq!(reader_number(de, "+4930123456".into()), "030 123456");
        assert_eq!(
            reader_number(&crate::i18n::EN, "+1 617-555-0100".into()),
            "+1 617-555-0100"
        );
        assert_eq!(
            reader_number(&crate::i18n::EN, "+16175550100".into()),
            "+1 617-555-0100"
        );
        assert_eq!(reader_number(de, "2001".into()), "2001");
        assert_eq!(reader_number(de, "Ja".into()), "Ja");
    }
}
