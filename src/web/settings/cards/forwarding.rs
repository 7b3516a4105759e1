//! The call forwarding card (FACTS §1): always, busy, no answer, business continuity. The form and
//! its checks are `domain::forwarding`; this is the card around them.

use crate::web::settings::{Card, FieldErrors, ticked};
use crate::{
    auth::authz::Target,
    domain::forwarding::{self, FormContext, MIN_RINGS},
    features::Feature,
    i18n::Messages,
    views::card::CardCommon,
    webex::{CallForwardingPatch, CallForwardingSettings, Receipt, WebexClient, WebexError},
};

pub use crate::domain::forwarding::ForwardingForm;

pub struct Forwarding;

impl Card for Forwarding {
    const FEATURE: Feature = Feature::CallForwarding;
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
        forwarding::form_of(s)
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let cx = FormContext {
            country: target.country.clone(),
            own_number: target
                .extension
                .clone()
                .or_else(|| target.phone_number.clone()),
            deny: target.forwarding_deny.clone(),
        };
        forwarding::parse(f, current, &cx).map_err(|errors| {
            FieldErrors(
                errors
                    .iter()
                    .map(|(field, e)| (field.name(), (t.forwarding_error)(e)))
                    .collect(),
            )
        })
    }

    /// "Forwarding to …" while all calls go elsewhere; "On" while another rule is on; else "Off".
    /// Out of office: all calls to the number, or to voicemail.
    fn preset(
        current: &Self::Setting,
        preset: &crate::web::settings::out_of_office::OutOfOffice,
    ) -> Option<Self::Form> {
        let mut form = Self::form_of(current);
        form.always_enabled = Some("on".into());
        match (&preset.forward_to, preset.forward_to_voicemail) {
            (Some(number), _) => {
                form.always_destination = number.clone();
                form.always_voicemail = None;
            }
            (None, true) => form.always_voicemail = Some("on".into()),
            (None, false) => return None,
        }
        Some(form)
    }

    /// A new user's forwarding (FACTS §1, wxc_sdk defaults): every rule off, no destination,
    /// 3 rings.
    const OFFERS_RESET: bool = true;

    fn defaults(_current: &Self::Setting) -> Option<Self::Form> {
        Some(ForwardingForm {
            no_answer_rings: "3".to_owned(),
            ..ForwardingForm::default()
        })
    }

    fn extra_routes() -> Vec<crate::web::settings::Routed> {
        use crate::web::settings::out_of_office::{get_form, post_form};
        use axum::routing::get;
        vec![crate::web::settings::Routed::new(
            format!("{}/out-of-office", crate::web::settings::PERSON_BASE),
            crate::web::settings::GET_POST,
            get(get_form).post(post_form),
        )]
    }

    /// The out-of-office form sits with forwarding, where people look for it.
    fn extra_slots(t: &'static Messages, base: &str) -> Vec<crate::views::card::CardSlot> {
        vec![crate::views::card::CardSlot {
            id: "card-out-of-office".to_owned(),
            url: format!("{base}/out-of-office"),
            heading: t.timed.ooo_heading,
        }]
    }

    fn status(s: &Self::Setting, t: &'static Messages) -> Option<crate::views::card::CardStatus> {
        let rules = &s.call_forwarding;
        if rules.always.enabled {
            let to = match rules.always.destination.as_deref() {
                Some(d) if !d.is_empty() => t.phone(d),
                _ => return Some(crate::views::card::CardStatus::on_off(t, true)),
            };
            return Some(crate::views::card::CardStatus {
                kind: "active",
                text: (t.status_forwarding_to)(&to),
            });
        }
        let on = rules.busy.enabled || rules.no_answer.enabled || s.business_continuity.enabled;
        Some(crate::views::card::CardStatus::on_off(t, on))
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
            max_rings: forwarding::max_rings(setting),
            min_rings: MIN_RINGS,
            c,
            form,
        })
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

    #[test]
    fn refusals_are_worded_next_to_their_field() {
        let c = crate::domain::forwarding::tests::current();
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
}
