//! The do-not-disturb card (FACTS §3): on/off and ring splash. Webex has no feature-access switch
//! for it (FACTS §3a), so users may always change it.

use crate::web::settings::{Card, FieldErrors, ticked};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::card::{CardCommon, DndForm},
    webex::{DoNotDisturb, DoNotDisturbPatch, Receipt, WebexClient, WebexError},
};

pub struct Dnd;

impl Card for Dnd {
    const FEATURE: Feature = Feature::DoNotDisturb;
    type Setting = DoNotDisturb;
    type Form = DndForm;
    type Patch = DoNotDisturbPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_do_not_disturb(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_do_not_disturb(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        DndForm {
            enabled: s.enabled.then(String::new),
            ring_splash: s.ring_splash_enabled.unwrap_or(false).then(String::new),
        }
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        _: &Target,
        _: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let enabled = ticked(&f.enabled);
        let splash = ticked(&f.ring_splash);
        let patch = DoNotDisturbPatch {
            enabled: (enabled != current.enabled).then_some(enabled),
            ring_splash_enabled: (splash != current.ring_splash_enabled.unwrap_or(false))
                .then_some(splash),
            webex_go_override_enabled: None,
        };
        Ok((patch != DoNotDisturbPatch::default()).then_some(patch))
    }

    /// Out of office, when asked: DND on.
    fn preset(
        current: &Self::Setting,
        preset: &crate::web::settings::out_of_office::OutOfOffice,
    ) -> Option<Self::Form> {
        preset.dnd.then(|| Self::Form {
            enabled: Some("on".into()),
            ..Self::form_of(current)
        })
    }

    fn status(s: &Self::Setting, t: &'static Messages) -> Option<crate::views::card::CardStatus> {
        Some(crate::views::card::CardStatus::on_off(t, s.enabled))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let yes_no = |b: &Option<String>| if ticked(b) { t.yes } else { t.no }.to_owned();
        vec![
            (t.dnd_enabled, yes_no(&f.enabled)),
            (t.dnd_ring_splash, yes_no(&f.ring_splash)),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        _: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        askama::Template::render(&crate::views::DndCard { c, form })
    }
}
