//! "My phones" (FACTS §10.6): the person's devices, read only (model, MAC, connection status,
//! last seen). The registry has no `PUT` for it.

use futures_util::TryStreamExt as _;

use crate::web::settings::{Card, FieldErrors};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::{
        calling::{ListCard, NoForm, when},
        card::CardCommon,
    },
    webex::{Device, Receipt, WebexClient, WebexError},
};

pub struct Phones;

impl Card for Phones {
    const FEATURE: Feature = Feature::Phones;
    type Setting = Vec<Device>;
    type Form = NoForm;
    /// Nothing is ever written.
    type Patch = std::convert::Infallible;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.list_devices(person_id).try_collect().await
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
            .map(|d| {
                vec![
                    (
                        m.phones_col_model,
                        d.product
                            .clone()
                            .or_else(|| d.display_name.clone())
                            .unwrap_or_else(dash),
                        true,
                    ),
                    (m.phones_col_mac, d.mac.clone().unwrap_or_else(dash), true),
                    (
                        m.phones_col_status,
                        (m.connection)(d.connection_status.as_ref()).to_owned(),
                        false,
                    ),
                    match d.last_seen.as_deref() {
                        Some(at) => (m.phones_col_last_seen, when(at), true),
                        None => (m.phones_col_last_seen, m.never.to_owned(), false),
                    },
                ]
            })
            .collect();
        askama::Template::render(&ListCard {
            heading: m.phones_heading,
            empty: m.phones_none,
            items,
            c,
        })
    }
}
