//! "My numbers" (FACTS §10.7): the person's direct numbers and extension, their location and
//! which is primary, read only. The registry has no `PUT` for it.

use futures_util::TryStreamExt as _;

use crate::web::settings::{Card, FieldErrors};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::{
        calling::{ListCard, NoForm},
        card::CardCommon,
    },
    webex::{NumberEntry, PhoneNumberType, Receipt, WebexClient, WebexError},
};

pub struct Numbers;

impl Card for Numbers {
    const FEATURE: Feature = Feature::Numbers;
    type Setting = Vec<NumberEntry>;
    type Form = NoForm;
    /// Nothing is ever written.
    type Patch = std::convert::Infallible;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.list_numbers(person_id).try_collect().await
    }

    async fn write(_: &WebexClient, _: &str, patch: &Self::Patch) -> Result<Receipt, WebexError> {
        match *patch {}
    }

    fn form_of(_: &Self::Setting) -> Self::Form {
        NoForm {}
    }

    fn patch(
        _: &Self::Form,
        _: &Self::Setting,
        _: &Target,
        _: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        Ok(None)
    }

    fn describe(_: &Self::Form, _: &'static Messages) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    fn render(
        c: CardCommon,
        _: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let m = c.t.calling;
        let dash = || "—".to_owned();
        let items = setting
            .into_iter()
            .flatten()
            .map(|n| {
                let number = if n.is_extension_only() {
                    (m.numbers_extension_only.to_owned(), false)
                } else {
                    (n.phone_number.clone().unwrap_or_default(), true)
                };
                let mut facts = vec![
                    (m.numbers_col_number, number.0, number.1),
                    (
                        m.numbers_col_extension,
                        n.extension.clone().unwrap_or_else(dash),
                        true,
                    ),
                    (
                        m.numbers_col_location,
                        n.location
                            .as_ref()
                            .and_then(|l| l.name.clone())
                            .unwrap_or_else(dash),
                        true,
                    ),
                ];
                // Only the primary number says so; the others say nothing rather than "no".
                if n.phone_number_type == Some(PhoneNumberType::Primary) {
                    facts.push((m.numbers_col_primary, m.numbers_primary.to_owned(), false));
                }
                facts
            })
            .collect();
        askama::Template::render(&ListCard {
            heading: m.numbers_heading,
            empty: m.numbers_none,
            items,
            c,
        })
    }
}
