//! The call forwarding card (FACTS §1): always, busy, no answer, business continuity.

use serde::Deserialize;

use super::{Card, CardCommon, FieldErrors, SaveMeta, ticked};
use crate::{
    auth::authz::Target,
    domain::phone::{DenyList, Destination},
    i18n::Messages,
    webex::{
        CallForwardingPatch, CallForwardingSettings, ForwardTarget, Receipt, WebexClient,
        WebexError, feature,
    },
};

/// FACTS §1: "must be between 2 and 20, inclusive", and at most the org's `systemMaxNumberOfRings`.
const MIN_RINGS: u32 = 2;
const MAX_RINGS: u32 = 20;

pub struct Forwarding;

/// The form as posted: one group of fields per rule.
#[derive(Debug, Clone, Default, Deserialize)]
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
    #[serde(flatten)]
    pub meta: SaveMeta,
}

impl Card for Forwarding {
    const FEATURE: &'static str = "call_forwarding";
    const ACCESS_KEY: Option<&'static str> = Some(feature::CALL_FORWARDING);
    type Setting = CallForwardingSettings;
    type Form = ForwardingForm;
    type Patch = CallForwardingPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_call_forwarding(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_call_forwarding(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
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
            meta: SaveMeta::default(),
        }
    }

    fn meta(form: &Self::Form) -> &SaveMeta {
        &form.meta
    }

    fn meta_mut(form: &mut Self::Form) -> &mut SaveMeta {
        &mut form.meta
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let country = target.country.as_deref();
        let own = target
            .extension
            .as_deref()
            .or(target.phone_number.as_deref());
        let mut errors = FieldErrors::default();
        let rules = &current.call_forwarding;

        let mut always = rules.always.clone();
        always.enabled = ticked(&f.always_enabled);
        always.destination_voicemail_enabled = ticked(&f.always_voicemail);
        always.ring_reminder_enabled = ticked(&f.always_ring_reminder);
        always.destination = destination(
            "always_destination",
            &f.always_destination,
            always.enabled && !always.destination_voicemail_enabled,
            always.enabled && always.destination_voicemail_enabled,
            &always.destination,
            own,
            (country, &target.forwarding_deny),
            t,
            &mut errors,
        );

        let mut busy = rules.busy.clone();
        apply_target(
            &mut busy,
            "busy_destination",
            (&f.busy_enabled, &f.busy_destination, &f.busy_voicemail),
            target,
            t,
            &mut errors,
        );

        let mut no_answer = rules.no_answer.clone();
        no_answer.enabled = ticked(&f.no_answer_enabled);
        no_answer.destination_voicemail_enabled = ticked(&f.no_answer_voicemail);
        no_answer.destination = destination(
            "no_answer_destination",
            &f.no_answer_destination,
            no_answer.enabled && !no_answer.destination_voicemail_enabled,
            no_answer.enabled && no_answer.destination_voicemail_enabled,
            &no_answer.destination,
            own,
            (country, &target.forwarding_deny),
            t,
            &mut errors,
        );
        let max = max_rings(Some(current));
        match f.no_answer_rings.trim().parse::<u32>() {
            Ok(n) if (MIN_RINGS..=max).contains(&n) => no_answer.number_of_rings = Some(n),
            Ok(_) => errors.add("no_answer_rings", (t.rings_out_of_range)(MIN_RINGS, max)),
            Err(_) => errors.add("no_answer_rings", t.rings_not_a_number),
        }

        let mut bc = current.business_continuity.clone();
        apply_target(
            &mut bc,
            "bc_destination",
            (&f.bc_enabled, &f.bc_destination, &f.bc_voicemail),
            target,
            t,
            &mut errors,
        );

        if !errors.is_empty() {
            return Err(errors);
        }
        // Only the rules that changed are sent (FACTS §1: a PUT is a partial update).
        let changed = |new: &ForwardTarget, old: &ForwardTarget| (new != old).then(|| new.clone());
        let patch = CallForwardingPatch {
            always: (always != rules.always).then_some(always),
            busy: changed(&busy, &rules.busy),
            no_answer: (no_answer != rules.no_answer).then_some(no_answer),
            business_continuity: changed(&bc, &current.business_continuity),
        };
        Ok((!patch.is_empty()).then_some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let yes_no = |b: &Option<String>| if ticked(b) { t.yes } else { t.no }.to_owned();
        let rule = |enabled: &Option<String>, destination: &str, voicemail: &Option<String>| {
            if !ticked(enabled) {
                t.no.to_owned()
            } else if ticked(voicemail) {
                (t.target)(&crate::domain::calls::Target::Voicemail)
            } else {
                destination.trim().to_owned()
            }
        };
        vec![
            (
                t.fwd_always,
                rule(
                    &f.always_enabled,
                    &f.always_destination,
                    &f.always_voicemail,
                ),
            ),
            (t.fwd_ring_reminder, yes_no(&f.always_ring_reminder)),
            (
                t.fwd_busy,
                rule(&f.busy_enabled, &f.busy_destination, &f.busy_voicemail),
            ),
            (
                t.fwd_no_answer,
                rule(
                    &f.no_answer_enabled,
                    &f.no_answer_destination,
                    &f.no_answer_voicemail,
                ),
            ),
            (t.fwd_rings, f.no_answer_rings.trim().to_owned()),
            (
                t.fwd_business_continuity,
                rule(&f.bc_enabled, &f.bc_destination, &f.bc_voicemail),
            ),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        askama::Template::render(&crate::views::ForwardingCard {
            max_rings: max_rings(setting),
            min_rings: MIN_RINGS,
            c,
            form,
        })
    }
}

/// The most rings a no-answer rule may wait: 20, or less if the org says so.
fn max_rings(setting: Option<&CallForwardingSettings>) -> u32 {
    setting
        .and_then(|s| s.call_forwarding.no_answer.system_max_number_of_rings)
        .unwrap_or(MAX_RINGS)
        .clamp(MIN_RINGS, MAX_RINGS)
}

/// Busy and business continuity share a shape: enabled, destination, to voicemail.
fn apply_target(
    rule: &mut ForwardTarget,
    field: &'static str,
    (enabled, input, voicemail): (&Option<String>, &String, &Option<String>),
    target: &Target,
    t: &'static Messages,
    errors: &mut FieldErrors,
) {
    rule.enabled = ticked(enabled);
    rule.destination_voicemail_enabled = ticked(voicemail);
    rule.destination = destination(
        field,
        input,
        rule.enabled && !rule.destination_voicemail_enabled,
        rule.enabled && rule.destination_voicemail_enabled,
        &rule.destination,
        target
            .extension
            .as_deref()
            .or(target.phone_number.as_deref()),
        (target.country.as_deref(), &target.forwarding_deny),
        t,
        errors,
    );
}

/// The destination to store for what the user typed: normalized (E.164 or extension digits),
/// required when the rule forwards to a number, the person's own extension (or number) for an
/// enabled rule to voicemail left blank, and left as it was when blank otherwise.
#[allow(clippy::too_many_arguments)]
fn destination(
    field: &'static str,
    input: &str,
    required: bool,
    to_own_voicemail: bool,
    current: &Option<String>,
    own_number: Option<&str>,
    (country, deny): (Option<&str>, &DenyList),
    t: &'static Messages,
    errors: &mut FieldErrors,
) -> Option<String> {
    if input.trim().is_empty() {
        if to_own_voicemail {
            // `destinationVoicemailEnabled` sends calls to the destination's voicemail, and Webex
            // wants a destination with it (FACTS §1): "voicemail" alone means the person's own.
            if let Some(own) = own_number {
                return Some(own.to_owned());
            }
        }
        if required || to_own_voicemail {
            errors.add(field, t.fwd_destination_required);
        }
        // Blank stays blank: an absent destination is not changed into an empty one.
        return match current.as_deref() {
            None | Some("") => current.clone(),
            Some(_) => Some(String::new()),
        };
    }
    match Destination::parse_allowed(input, country, deny) {
        Ok(d) => Some(d.as_webex().to_owned()),
        Err(e) => {
            errors.add(field, (t.destination_error)(&e));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            person_id: "p".into(),
            display_name: "P".into(),
            org_id: "o".into(),
            location_id: None,
            extension: None,
            phone_number: None,
            country: Some("US".into()),
            acting: crate::auth::authz::Acting::OnSelf,
            forwarding_deny: Default::default(),
        }
    }

    fn current() -> CallForwardingSettings {
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
        let form = Forwarding::form_of(&c);
        assert_eq!(
            Forwarding::patch(&form, &c, &target(), &crate::i18n::EN),
            Ok(None)
        );
    }

    #[test]
    fn only_the_changed_rule_is_sent_normalized() {
        let c = current();
        let mut form = Forwarding::form_of(&c);
        form.busy_enabled = Some("on".into());
        form.busy_destination = "(617) 555-0100".into();
        let patch = Forwarding::patch(&form, &c, &target(), &crate::i18n::EN)
            .unwrap()
            .unwrap();
        assert!(patch.always.is_none() && patch.no_answer.is_none());
        assert_eq!(
            patch.busy.unwrap().destination.as_deref(),
            Some("+16175550100")
        );
    }

    #[test]
    fn refusals_name_their_field() {
        let c = current();
        let mut form = Forwarding::form_of(&c);
        form.always_enabled = Some("on".into());
        form.no_answer_rings = "16".into();
        form.bc_destination = "call me".into();
        let errors = Forwarding::patch(&form, &c, &target(), &crate::i18n::EN).unwrap_err();
        assert!(errors.get("always_destination").is_some());
        assert_eq!(
            errors.get("no_answer_rings"),
            Some("Choose between 2 and 15 rings.")
        );
        assert!(errors.get("bc_destination").unwrap().contains("call me"));
    }

    #[test]
    fn numbers_are_shown_internationally() {
        assert_eq!(shown(Some("+16175550100")), "+1 617-555-0100");
        assert_eq!(shown(Some("2001")), "2001");
        assert_eq!(shown(None), "");
    }
}
