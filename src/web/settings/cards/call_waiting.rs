//! The call waiting card (FACTS §3): one switch, subject to feature access `callWaiting`.

use crate::web::settings::{Card, FieldErrors, ticked};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::card::{CallWaitingForm, CardCommon},
    webex::{CallWaiting as Setting, Receipt, WebexClient, WebexError},
};

pub struct CallWaiting;

impl Card for CallWaiting {
    const FEATURE: Feature = Feature::CallWaiting;
    type Setting = Setting;
    type Form = CallWaitingForm;
    /// The new value of `enabled`.
    type Patch = bool;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_call_waiting(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        enabled: &bool,
    ) -> Result<Receipt, WebexError> {
        webex.put_call_waiting(person_id, *enabled).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        CallWaitingForm {
            enabled: s.enabled.then(String::new),
        }
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        _: &Target,
        _: &'static Messages,
    ) -> Result<Option<bool>, FieldErrors> {
        let enabled = ticked(&f.enabled);
        Ok((enabled != current.enabled).then_some(enabled))
    }

    fn status(s: &Self::Setting, t: &'static Messages) -> Option<crate::views::card::CardStatus> {
        Some(crate::views::card::CardStatus::on_off(t, s.enabled))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let value = if ticked(&f.enabled) { t.yes } else { t.no };
        vec![(t.call_waiting_enabled, value.to_owned())]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        _: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        askama::Template::render(&crate::views::CallWaitingCard { c, form })
    }
}
