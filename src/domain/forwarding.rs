//! The call forwarding card's form (FACTS §1): always, busy, no answer, business continuity.
//! What people fill in, checked and turned into the smallest change to send: only the rules whose
//! values differ from what Webex holds end up in the [`CallForwardingPatch`] (a PUT is a partial
//! update).
//!
//! Problems are language-free ([`FieldError`]); the card renders them through the catalogue.

use serde::{Deserialize, Serialize};

use super::phone::{DenyList, Destination, DestinationError};
use crate::webex::models::{CallForwardingPatch, CallForwardingSettings, ForwardTarget};

/// FACTS §1: "must be between 2 and 20, inclusive", and at most the org's `systemMaxNumberOfRings`.
pub const MIN_RINGS: u32 = 2;
pub const MAX_RINGS: u32 = 20;

/// The form as posted: one group of fields per rule (strings, so a bad input can be shown again).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ForwardingForm {
    pub always_enabled: Option<String>,
    #[serde(default)]
    pub always_destination: String,
    pub always_voicemail: Option<String>,
    pub always_ring_reminder: Option<String>,
    pub busy_enabled: Option<String>,
    #[serde(default)]
    pub busy_destination: String,
    pub busy_voicemail: Option<String>,
    pub no_answer_enabled: Option<String>,
    #[serde(default)]
    pub no_answer_destination: String,
    pub no_answer_voicemail: Option<String>,
    #[serde(default)]
    pub no_answer_rings: String,
    pub bc_enabled: Option<String>,
    #[serde(default)]
    pub bc_destination: String,
    pub bc_voicemail: Option<String>,
}

/// The fields a problem can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    AlwaysDestination,
    BusyDestination,
    NoAnswerDestination,
    NoAnswerRings,
    BusinessContinuityDestination,
}

impl Field {
    /// The form field's name.
    pub fn name(self) -> &'static str {
        match self {
            Field::AlwaysDestination => "always_destination",
            Field::BusyDestination => "busy_destination",
            Field::NoAnswerDestination => "no_answer_destination",
            Field::NoAnswerRings => "no_answer_rings",
            Field::BusinessContinuityDestination => "bc_destination",
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// The rule forwards to a number, or to the destination's voicemail, and none was given.
    DestinationRequired,
    Destination(DestinationError),
    RingsNotANumber,
    RingsOutOfRange {
        min: u32,
        max: u32,
    },
}

/// Who the form is for: how national numbers are read, and the person's own number (a rule sent
/// to their own voicemail names it).
#[derive(Debug, Clone, Default)]
pub struct FormContext {
    pub country: Option<String>,
    /// The person's extension, else their direct number.
    pub own_number: Option<String>,
    /// Where calls may not be forwarded to (`PORTAL_FORWARDING_DENY_LIST`).
    pub deny: std::sync::Arc<DenyList>,
}

/// The form showing `s` (destinations in international format).
pub fn form_of(s: &CallForwardingSettings) -> ForwardingForm {
    let rules = &s.call_forwarding;
    let on = |b: bool| b.then(String::new);
    ForwardingForm {
        always_enabled: on(rules.always.enabled),
        always_destination: shown(rules.always.destination.as_deref()),
        always_voicemail: on(rules.always.destination_voicemail_enabled),
        always_ring_reminder: on(rules.always.ring_reminder_enabled),
        busy_enabled: on(rules.busy.enabled),
        busy_destination: shown(rules.busy.destination.as_deref()),
        busy_voicemail: on(rules.busy.destination_voicemail_enabled),
        no_answer_enabled: on(rules.no_answer.enabled),
        no_answer_destination: shown(rules.no_answer.destination.as_deref()),
        no_answer_voicemail: on(rules.no_answer.destination_voicemail_enabled),
        no_answer_rings: rules.no_answer.number_of_rings.unwrap_or(3).to_string(),
        bc_enabled: on(s.business_continuity.enabled),
        bc_destination: shown(s.business_continuity.destination.as_deref()),
        bc_voicemail: on(s.business_continuity.destination_voicemail_enabled),
    }
}

/// Checks `f` against `current`: the patch of what changed (`None`: nothing did), or the problems.
pub fn parse(
    f: &ForwardingForm,
    current: &CallForwardingSettings,
    cx: &FormContext,
) -> Result<Option<CallForwardingPatch>, Vec<(Field, FieldError)>> {
    let mut errors = Vec::new();
    let rules = &current.call_forwarding;

    let mut always = rules.always.clone();
    always.ring_reminder_enabled = ticked(&f.always_ring_reminder);
    apply_target(
        &mut always,
        Field::AlwaysDestination,
        (
            &f.always_enabled,
            &f.always_destination,
            &f.always_voicemail,
        ),
        cx,
        &mut errors,
    );

    let mut busy = rules.busy.clone();
    apply_target(
        &mut busy,
        Field::BusyDestination,
        (&f.busy_enabled, &f.busy_destination, &f.busy_voicemail),
        cx,
        &mut errors,
    );

    let mut no_answer = rules.no_answer.clone();
    apply_target(
        &mut no_answer,
        Field::NoAnswerDestination,
        (
            &f.no_answer_enabled,
            &f.no_answer_destination,
            &f.no_answer_voicemail,
        ),
        cx,
        &mut errors,
    );
    let max = max_rings(Some(current));
    match f.no_answer_rings.trim().parse::<u32>() {
        Ok(n) if (MIN_RINGS..=max).contains(&n) => no_answer.number_of_rings = Some(n),
        Ok(_) => errors.push((
            Field::NoAnswerRings,
            FieldError::RingsOutOfRange {
                min: MIN_RINGS,
                max,
            },
        )),
        Err(_) => errors.push((Field::NoAnswerRings, FieldError::RingsNotANumber)),
    }

    let mut bc = current.business_continuity.clone();
    apply_target(
        &mut bc,
        Field::BusinessContinuityDestination,
        (&f.bc_enabled, &f.bc_destination, &f.bc_voicemail),
        cx,
        &mut errors,
    );

    if !errors.is_empty() {
        return Err(errors);
    }
    let changed = |new: &ForwardTarget, old: &ForwardTarget| (new != old).then(|| new.clone());
    let patch = CallForwardingPatch {
        always: (always != rules.always).then_some(always),
        busy: changed(&busy, &rules.busy),
        no_answer: (no_answer != rules.no_answer).then_some(no_answer),
        business_continuity: changed(&bc, &current.business_continuity),
    };
    Ok((!patch.is_empty()).then_some(patch))
}

/// The most rings a no-answer rule may wait: 20, or less if the org says so.
pub fn max_rings(setting: Option<&CallForwardingSettings>) -> u32 {
    setting
        .and_then(|s| s.call_forwarding.no_answer.system_max_number_of_rings)
        .unwrap_or(MAX_RINGS)
        .clamp(MIN_RINGS, MAX_RINGS)
}

/// The shape every rule shares: enabled, destination, to voicemail (Webex has three rule types
/// with those fields).
trait Rule {
    fn set(&mut self, enabled: bool, to_voicemail: bool);
    fn destination(&mut self) -> &mut Option<String>;
}

macro_rules! rule {
    ($($ty:ty),*) => {$(
        impl Rule for $ty {
            fn set(&mut self, enabled: bool, to_voicemail: bool) {
                self.enabled = enabled;
                self.destination_voicemail_enabled = to_voicemail;
            }
            fn destination(&mut self) -> &mut Option<String> {
                &mut self.destination
            }
        }
    )*};
}
rule!(
    ForwardTarget,
    crate::webex::models::ForwardAlways,
    crate::webex::models::ForwardNoAnswer
);

fn apply_target(
    rule: &mut impl Rule,
    field: Field,
    (enabled, input, voicemail): (&Option<String>, &String, &Option<String>),
    cx: &FormContext,
    errors: &mut Vec<(Field, FieldError)>,
) {
    let (enabled, to_voicemail) = (ticked(enabled), ticked(voicemail));
    rule.set(enabled, to_voicemail);
    let current = rule.destination().clone();
    *rule.destination() = destination(field, input, enabled, to_voicemail, &current, cx, errors);
}

/// The destination to store for what the user typed: normalized (E.164 or extension digits),
/// required when the rule forwards to a number, the person's own extension (or number) for an
/// enabled rule to voicemail left blank, and left as it was when blank otherwise.
fn destination(
    field: Field,
    input: &str,
    enabled: bool,
    to_voicemail: bool,
    current: &Option<String>,
    cx: &FormContext,
    errors: &mut Vec<(Field, FieldError)>,
) -> Option<String> {
    let (required, to_own_voicemail) = (enabled && !to_voicemail, enabled && to_voicemail);
    if input.trim().is_empty() {
        if to_own_voicemail {
            // `destinationVoicemailEnabled` sends calls to the destination's voicemail, and Webex
            // wants a destination with it (FACTS §1): "voicemail" alone means the person's own.
            if let Some(own) = &cx.own_number {
                return Some(own.clone());
            }
        }
        if required || to_own_voicemail {
            errors.push((field, FieldError::DestinationRequired));
        }
        // Blank stays blank: an absent destination is not changed into an empty one.
        return match current.as_deref() {
            None | Some("") => current.clone(),
            Some(_) => Some(String::new()),
        };
    }
    match Destination::parse_allowed(input, cx.country.as_deref(), &cx.deny) {
        Ok(d) => Some(d.as_webex().to_owned()),
        Err(e) => {
            errors.push((field, FieldError::Destination(e)));
            current.clone()
        }
    }
}

/// A stored destination as people read it: numbers in international format, extensions as digits.
pub fn shown(stored: Option<&str>) -> String {
    let stored = stored.unwrap_or("");
    match Destination::parse(stored, None) {
        Ok(number @ Destination::Number(_)) => number.to_string(),
        _ => stored.to_owned(),
    }
}

fn ticked(field: &Option<String>) -> bool {
    field.is_some()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn cx() -> FormContext {
        FormContext {
            country: Some("US".into()),
            own_number: None,
            deny: Default::default(),
        }
    }

    /// Every rule off; at most 15 rings.
    pub(crate) fn current() -> CallForwardingSettings {
        serde_json::from_value(serde_json::json!({
            "callForwarding": {
                "always": {"enabled": false, "ringReminderEnabled": false, "destinationVoicemailEnabled": false},
                "busy": {"enabled": false, "destinationVoicemailEnabled": false},
                "noAnswer": {"enabled": false, "numberOfRings": 3, "systemMaxNumberOfRings": 15,
                             "destinationVoicemailEnabled": false}
            },
            "businessContinuity": {"enabled": false, "destinationVoicemailEnabled": false}
        }))
        .unwrap()
    }

    #[test]
    fn the_loaded_form_unchanged_is_no_patch() {
        let c = current();
        assert_eq!(parse(&form_of(&c), &c, &cx()), Ok(None));
    }

    #[test]
    fn only_the_changed_rule_is_sent_normalized() {
        let c = current();
        let mut form = form_of(&c);
        form.busy_enabled = Some("on".into());
        form.busy_destination = "(617) 555-0100".into();
        let patch = parse(&form, &c, &cx()).unwrap().unwrap();
        assert!(patch.always.is_none() && patch.no_answer.is_none());
        assert_eq!(
            patch.busy.unwrap().destination.as_deref(),
            Some("+16175550100")
        );
    }

    #[test]
    fn refusals_name_their_field() {
        let c = current();
        let mut form = form_of(&c);
        form.always_enabled = Some("on".into());
        form.no_answer_rings = "16".into();
        form.bc_destination = "call me".into();
        let errors = parse(&form, &c, &cx()).unwrap_err();
        let of = |field: Field| errors.iter().find(|(f, _)| *f == field).map(|(_, e)| e);
        assert_eq!(
            of(Field::AlwaysDestination),
            Some(&FieldError::DestinationRequired)
        );
        assert_eq!(
            of(Field::NoAnswerRings),
            Some(&FieldError::RingsOutOfRange { min: 2, max: 15 })
        );
        assert!(matches!(
            of(Field::BusinessContinuityDestination),
            Some(FieldError::Destination(DestinationError::Unrecognized(s))) if s.contains("call me")
        ));
    }

    #[test]
    fn numbers_are_shown_internationally() {
        assert_eq!(shown(Some("+16175550100")), "+1 617-555-0100");
        assert_eq!(shown(Some("2001")), "2001");
        assert_eq!(shown(None), "");
    }
}
