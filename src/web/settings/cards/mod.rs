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

    /// The fields a bulk change may set ([`BulkField`]): the form's own, lists left out.
    fn bulk_fields(&self) -> Vec<BulkField>;

    /// Whether a bulk change may reset this setting to Webex's defaults ([`Card::defaults`]).
    fn offers_reset(&self) -> bool;

    /// What the card's form calls its fields ([`field_labels`]).
    fn field_labels(&self, t: &'static Messages) -> std::collections::HashMap<String, String>;

    /// What the bulk change `change` (form field, value; [`RESET`] for Webex's defaults) would do
    /// to what Webex holds now for the person: nothing is written.
    fn check_change<'a>(
        &'a self,
        cx: &'a Ctx,
        change: &'a [(String, String)],
    ) -> BoxFuture<'a, ChangeCheck>;

    /// Applies the bulk change `change` to what Webex holds now, through the card's own save
    /// (only the fields given change).
    fn apply_change<'a>(
        &'a self,
        cx: &'a Ctx,
        change: &'a [(String, String)],
        ticket: Option<&'a str>,
    ) -> BoxFuture<'a, StepSave>;

    /// Puts `entry`'s before-state back as [`AnyCard::undo`] does (the same conflict check), for a
    /// job's step: a bulk change undone as a whole.
    fn revert_entry<'a>(&'a self, cx: &'a Ctx, entry: &'a AuditEntry) -> BoxFuture<'a, StepSave>;

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
        let words = |v: &serde_json::Value| {
            serde_json::from_value::<C::Setting>(v.clone())
                .ok()
                .map(|s| C::describe(&C::form_of(&s), t))
        };
        let (Some(before), Some(after)) = (words(before), words(after)) else {
            return Vec::new();
        };
        // Phone numbers as the reader writes them, like everywhere else.
        differences(before, after, t)
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

    fn bulk_fields(&self) -> Vec<BulkField> {
        bulk_fields::<C>()
    }

    fn offers_reset(&self) -> bool {
        C::OFFERS_RESET
    }

    fn field_labels(&self, t: &'static Messages) -> std::collections::HashMap<String, String> {
        field_labels_of::<C>(t)
    }

    fn check_change<'a>(
        &'a self,
        cx: &'a Ctx,
        change: &'a [(String, String)],
    ) -> BoxFuture<'a, ChangeCheck> {
        Box::pin(async move {
            let (current, may_change) = tokio::join!(
                C::read(&cx.webex, &cx.target.person_id),
                cx.may_change(&cx.webex, C::FEATURE, None)
            );
            let current = match (may_change, current) {
                (Ok(false), _) => return ChangeCheck::Refused(cx.t.bulk.no_access.to_owned()),
                (Err(e), _) | (_, Err(e)) => return ChangeCheck::Failed(e),
                (Ok(true), Ok(current)) => current,
            };
            let form = match wanted::<C>(&current, change, cx.t).await {
                Ok(form) => form,
                Err(why) => return ChangeCheck::Invalid(why),
            };
            if C::denied(&form, &current, &cx.target).is_some() {
                return ChangeCheck::Refused(cx.t.bulk.no_access.to_owned());
            }
            match C::patch(&form, &current, &cx.target, cx.t) {
                Ok(None) => ChangeCheck::Unchanged,
                Ok(Some(_)) => ChangeCheck::Change {
                    changes: differences(
                        C::describe(&C::form_of(&current), cx.t),
                        C::describe(&form, cx.t),
                        cx.t,
                    ),
                },
                Err(errors) => ChangeCheck::Invalid(errors.joined()),
            }
        })
    }

    fn apply_change<'a>(
        &'a self,
        cx: &'a Ctx,
        change: &'a [(String, String)],
        ticket: Option<&'a str>,
    ) -> BoxFuture<'a, StepSave> {
        Box::pin(async move {
            let current = match C::read(&cx.webex, &cx.target.person_id).await {
                Ok(current) => current,
                Err(e) => return StepSave::Failed(e),
            };
            let fields = match wanted::<C>(&current, change, cx.t).await {
                Ok(form) => form,
                Err(why) => return StepSave::Refused(why),
            };
            let form = CardForm {
                fields,
                meta: SaveMeta {
                    fingerprint: C::fingerprint(&current),
                    ticket: ticket.map(str::to_owned),
                    ..SaveMeta::default()
                },
                ..CardForm::default()
            };
            step_save::<C>(save::<C>(cx, form).await, None)
        })
    }

    fn revert_entry<'a>(&'a self, cx: &'a Ctx, entry: &'a AuditEntry) -> BoxFuture<'a, StepSave> {
        Box::pin(async move {
            match undo_form::<C>(entry, None) {
                Ok((before, form)) => step_save::<C>(save::<C>(cx, form).await, Some(&before)),
                Err(e) => StepSave::Refused(e.to_string()),
            }
        })
    }

    fn undo<'a>(
        &'a self,
        cx: &'a Ctx,
        entry: &'a AuditEntry,
        ticket: Option<String>,
    ) -> BoxFuture<'a, Result<Response, AppError>> {
        Box::pin(async move {
            let (_, form) = undo_form::<C>(entry, ticket)?;
            let meta = form.meta.clone();
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

/// The form that puts `entry`'s before-state back, carrying the fingerprint of its after-state
/// (so nothing is written unless Webex still holds that), and the before-state.
fn undo_form<C: Card>(
    entry: &AuditEntry,
    ticket: Option<String>,
) -> Result<(C::Setting, CardForm<C::Form>), AppError> {
    let (Some(before), Some(after)) = (&entry.before, &entry.after) else {
        return Err(AppError::BadRequest("this entry cannot be undone"));
    };
    let before: C::Setting = serde_json::from_value(before.clone())
        .map_err(|e| AppError::Internal(format!("audit entry {}: before-state: {e}", entry.id)))?;
    let after: C::Setting = serde_json::from_value(after.clone())
        .map_err(|e| AppError::Internal(format!("audit entry {}: after-state: {e}", entry.id)))?;
    let form = CardForm {
        fields: C::form_of(&before),
        meta: SaveMeta {
            fingerprint: C::fingerprint(&after),
            ticket,
            ..SaveMeta::default()
        },
        ..CardForm::default()
    };
    Ok((before, form))
}

// ---------------------------------------------------------------------------------------------
// Bulk changes (issue 18): a card's form, with only the fields given changed.

/// The change key that means "reset to Webex's defaults" ([`Card::defaults`]).
pub const RESET: &str = "reset";

/// A field a bulk change may set: the card's form field, a switch (on or off) or text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkField {
    pub name: String,
    pub switch: bool,
}

/// What a bulk change would do to one person's setting ([`AnyCard::check_change`]).
#[derive(Debug)]
pub enum ChangeCheck {
    /// It would change: `(label, now, then)` for each value that differs.
    Change {
        changes: Vec<(&'static str, String, String)>,
    },
    /// Webex already holds what it asks for.
    Unchanged,
    /// The new values are wrong for this person (the card's own messages).
    Invalid(String),
    /// Not the user's to change (feature access).
    Refused(String),
    Failed(WebexError),
}

/// What the card's own form calls each field, in `t`'s words: its label, after the legend of the
/// group it is in ("Always forward: Number"). Read from the card's template rendered empty, so
/// the bulk form says what the card says; a field without a label of its own (a radio group) has none.
pub fn field_labels(
    feature: Feature,
    t: &'static Messages,
) -> std::collections::HashMap<String, String> {
    card(feature).field_labels(t)
}

fn field_labels_of<C: Card>(t: &'static Messages) -> std::collections::HashMap<String, String> {
    let common = crate::views::card::CardCommon::new(
        t,
        "",
        "",
        C::FEATURE,
        true,
        crate::views::card::CardState::shown(String::new()),
    );
    let blank = C::Setting::default();
    C::render(common, C::form_of(&blank), Some(&blank))
        .map(|html| labels_in(&html))
        .unwrap_or_default()
}

/// `name` → "legend: label" for the inputs of `html` that have a `<label for>`.
fn labels_in(html: &str) -> std::collections::HashMap<String, String> {
    use std::collections::HashMap;
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[at..].split('"').next()
    }
    use crate::views::text_of as text;
    let mut for_id: HashMap<&str, String> = HashMap::new();
    // (name, id, the legends around it)
    let mut inputs: Vec<(&str, &str, Vec<String>)> = Vec::new();
    let mut legends: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        let after = &rest[end + 1..];
        if tag.starts_with("<fieldset") {
            legends.push(String::new());
        } else if tag.starts_with("</fieldset") {
            legends.pop();
        } else if tag.starts_with("<legend") {
            if let (Some(close), Some(last)) = (after.find("</legend>"), legends.last_mut()) {
                *last = text(&after[..close]);
            }
        } else if tag.starts_with("<label") {
            if let (Some(id), Some(close)) = (attr(tag, "for"), after.find("</label>")) {
                for_id.insert(id, text(&after[..close]));
            }
        } else if tag.starts_with("<input")
            || tag.starts_with("<select")
            || tag.starts_with("<textarea")
        {
            let radio = attr(tag, "type") == Some("radio");
            if let (Some(name), Some(id), false) = (attr(tag, "name"), attr(tag, "id"), radio) {
                inputs.push((name, id, legends.clone()));
            }
        }
        rest = after;
    }
    let mut out = HashMap::new();
    for (name, id, around) in inputs {
        let Some(label) = for_id.get(id).filter(|l| !l.is_empty()) else {
            continue;
        };
        let legend = around.iter().rev().find(|l| !l.is_empty());
        let words = match legend {
            Some(legend) if legend != label => format!("{legend}: {label}"),
            _ => label.clone(),
        };
        out.entry(name.to_owned()).or_insert(words);
    }
    out
}

/// The form's scalar fields (from its default, serialized: `null` for an `Option`, a string
/// for a `String`); lists such as voicemail's section markers are not a bulk change's to set.
fn bulk_fields<C: Card>() -> Vec<BulkField> {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(C::Form::default()) else {
        return Vec::new();
    };
    map.into_iter()
        .filter_map(|(name, value)| match value {
            serde_json::Value::Null => Some(BulkField {
                switch: !C::TEXT_OPTIONS.contains(&name.as_str()),
                name,
            }),
            serde_json::Value::String(_) => Some(BulkField {
                name,
                switch: false,
            }),
            _ => None,
        })
        .collect()
}

/// A bulk cell's switch value: on or off, in the words people write in a spreadsheet.
pub fn switch_value(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "on" | "true" | "yes" | "1" | "ja" | "oui" | "an" | "ein" => Some(true),
        "off" | "false" | "no" | "0" | "nein" | "non" | "aus" => Some(false),
        _ => None,
    }
}

/// The form that holds what Webex holds now (`current`), or Webex's defaults for [`RESET`],
/// with the fields of `change` set; an unknown field or a switch that is neither on nor off is
/// refused with a message.
async fn wanted<C: Card>(
    current: &C::Setting,
    change: &[(String, String)],
    t: &'static Messages,
) -> Result<C::Form, String> {
    use serde_json::Value;
    let base = if change.iter().any(|(k, _)| k == RESET) {
        C::defaults(current).ok_or_else(|| t.bulk.no_reset.to_owned())?
    } else {
        C::form_of(current)
    };
    let Ok(Value::Object(mut map)) = serde_json::to_value(&base) else {
        return Err(t.bulk.no_reset.to_owned());
    };
    let fields = bulk_fields::<C>();
    for (name, value) in change.iter().filter(|(k, _)| k != RESET) {
        let field = fields
            .iter()
            .find(|f| &f.name == name)
            .ok_or_else(|| (t.bulk.unknown_field)(name))?;
        let new = if field.switch {
            match switch_value(value) {
                Some(true) => Value::String("on".to_owned()),
                Some(false) => Value::Null,
                None => return Err((t.bulk.not_on_off)(name)),
            }
        } else {
            Value::String(value.trim().to_owned())
        };
        map.insert(name.clone(), new);
    }
    let mut pairs = Vec::new();
    for (name, value) in map {
        match value {
            Value::Null => {}
            Value::String(s) => pairs.push((name, s)),
            Value::Array(items) => pairs.extend(items.into_iter().map(|item| {
                let text = match item {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (name.clone(), text)
            })),
            other => pairs.push((name, other.to_string())),
        }
    }
    super::form_of_pairs::<C::Form>(&pairs)
        .await
        .map(|f| f.fields)
        .map_err(|e| e.to_string())
}

/// `(label, before, after)` for each label whose value differs, numbers as the reader writes them.
fn differences(
    before: Vec<(&'static str, String)>,
    after: Vec<(&'static str, String)>,
    t: &'static Messages,
) -> Vec<(&'static str, String, String)> {
    let value_of = |list: &[(&'static str, String)], label: &str| {
        list.iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| reader_number(t, v.clone()))
            .unwrap_or_default()
    };
    let mut labels: Vec<&'static str> = before.iter().map(|(l, _)| *l).collect();
    for (l, _) in &after {
        if !labels.contains(l) {
            labels.push(l);
        }
    }
    labels
        .into_iter()
        .map(|label| (label, value_of(&before, label), value_of(&after, label)))
        .filter(|(_, b, a)| b != a)
        .collect()
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
        SaveOutcome::Invalid { errors, .. } => StepSave::Refused(errors.joined()),
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
    fn the_bulk_form_calls_a_field_what_its_card_calls_it() {
        let en = field_labels(Feature::CallForwarding, &crate::i18n::EN);
        let always = en.get("always_enabled").expect("labelled");
        assert!(always.contains(": "), "{always}");
        assert!(en.contains_key("always_destination"), "{en:?}");
        let dnd = field_labels(Feature::DoNotDisturb, &crate::i18n::DE);
        assert!(dnd.contains_key("enabled"), "{dnd:?}");
        // The switches of the settings people change most are labelled.
        for feature in [
            Feature::CallForwarding,
            Feature::DoNotDisturb,
            Feature::Voicemail,
            Feature::PersonalAssistant,
        ] {
            let labels = field_labels(feature, &crate::i18n::EN);
            for field in card(feature).bulk_fields().iter().filter(|f| f.switch) {
                assert!(
                    labels.contains_key(&field.name),
                    "{feature:?}.{}: {labels:?}",
                    field.name
                );
            }
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
