//! The barge-in card (FACTS §10.1): whether others may barge in on the person's calls, and the
//! tone; subject to feature access `bargeIn` (§3a).

use crate::web::settings::{Card, FieldErrors, ticked};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::{
        calling::{BargeInCard, BargeInForm},
        card::CardCommon,
    },
    webex::{BargeIn as Setting, BargeInPatch, Receipt, WebexClient, WebexError},
};

pub struct BargeIn;

impl Card for BargeIn {
    const FEATURE: Feature = Feature::BargeIn;
    type Setting = Setting;
    type Form = BargeInForm;
    type Patch = BargeInPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_barge_in(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_barge_in(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        BargeInForm {
            enabled: s.enabled.then(String::new),
            tone_enabled: s.tone_enabled.then(String::new),
        }
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        _: &Target,
        _: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let (enabled, tone) = (ticked(&f.enabled), ticked(&f.tone_enabled));
        let patch = BargeInPatch {
            enabled: (enabled != current.enabled).then_some(enabled),
            tone_enabled: (tone != current.tone_enabled).then_some(tone),
        };
        Ok((!patch.is_empty()).then_some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let yes_no = |b: &Option<String>| if ticked(b) { t.yes } else { t.no }.to_owned();
        vec![
            (t.calling.barge_enabled, yes_no(&f.enabled)),
            (t.calling.barge_tone, yes_no(&f.tone_enabled)),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        _: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        askama::Template::render(&BargeInCard { c, form })
    }
}
