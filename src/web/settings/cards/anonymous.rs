//! The anonymous call rejection card (FACTS §10.1): one switch, subject to feature access
//! `anonymousCallRejection` (§3a). Where Webex has not deployed it (404 "The URI requested is
//! invalid"), the card says so and offers nothing.

use crate::web::settings::{Card, FieldErrors, ticked};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::{
        calling::{AnonymousCard, SwitchForm},
        card::CardCommon,
    },
    webex::{AnonymousCallReject, Receipt, WebexClient, WebexError},
};

pub struct Anonymous;

impl Card for Anonymous {
    const FEATURE: Feature = Feature::AnonymousCallRejection;
    /// `None`: not available for this person.
    type Setting = Option<AnonymousCallReject>;
    type Form = SwitchForm;
    /// The new value of `enabled`.
    type Patch = bool;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_anonymous_call_reject(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        enabled: &bool,
    ) -> Result<Receipt, WebexError> {
        webex.put_anonymous_call_reject(person_id, *enabled).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        SwitchForm {
            enabled: s.as_ref().is_some_and(|s| s.enabled).then(String::new),
        }
    }

    /// Not available: nothing to change, whatever the form says.
    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        _: &Target,
        _: &'static Messages,
    ) -> Result<Option<bool>, FieldErrors> {
        let Some(current) = current else {
            return Ok(None);
        };
        let enabled = ticked(&f.enabled);
        Ok((enabled != current.enabled).then_some(enabled))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let value = if ticked(&f.enabled) { t.yes } else { t.no };
        vec![(t.calling.anon_enabled, value.to_owned())]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let available = setting.is_none_or(Option::is_some);
        askama::Template::render(&AnonymousCard { c, form, available })
    }
}
