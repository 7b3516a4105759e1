//! The caller ID card (FACTS §3): which number callers see (from the choices the GET offers), the
//! name outside callers see, and blocking caller ID on forwarded calls. Blocking is governed by
//! feature access `blockCallerId` (§3a) when the person changes it themselves.

use serde::{Deserialize, Serialize};

use crate::web::settings::{Card, FieldErrors, ticked};
use crate::{
    auth::authz::{Acting, Target},
    domain::phone::{Destination, DestinationError},
    features::Feature,
    i18n::Messages,
    views::{
        calling::{CallerIdCard, CallerIdForm, Choice},
        card::CardCommon,
    },
    webex::{
        CallerIdPatch, CallerIdSelected, CallerIdSettings, ExternalCallerIdNamePolicy, Receipt,
        WebexClient, WebexError, feature,
    },
};

pub struct CallerId;

/// The caller ID as Webex holds it, and whether the person may change blocking themselves.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CallerIdCurrent {
    pub settings: CallerIdSettings,
    #[serde(default = "yes")]
    pub may_block: bool,
}

fn yes() -> bool {
    true
}

/// Webex limits the custom external name to 30 characters (wxc_sdk; the subset says string).
const MAX_NAME: usize = 30;

impl Card for CallerId {
    const FEATURE: Feature = Feature::CallerId;
    type Setting = CallerIdCurrent;
    type Form = CallerIdForm;
    type Patch = CallerIdPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        let (settings, access) = tokio::join!(
            webex.get_caller_id(person_id),
            webex.get_feature_access(person_id)
        );
        Ok(CallerIdCurrent {
            settings: settings?,
            may_block: access?
                .user_may_change(feature::BLOCK_CALLER_ID)
                .unwrap_or(true),
        })
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_caller_id(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        let s = &s.settings;
        CallerIdForm {
            selected: s.selected.clone().map(String::from).unwrap_or_default(),
            custom_number: s.custom_number.clone().unwrap_or_default(),
            name_policy: s
                .external_caller_id_name_policy
                .clone()
                .map(String::from)
                .unwrap_or_else(|| "DIRECT_LINE".into()),
            custom_name: s.custom_external_caller_id_name.clone().unwrap_or_default(),
            block: s.block_in_forward_calls_enabled.then(String::new),
        }
    }

    /// Of the caller ID only: a change of feature access is re-checked at save anyway.
    fn fingerprint(setting: &Self::Setting) -> String {
        super::super::fingerprint(&setting.settings)
    }

    fn denied(form: &Self::Form, current: &Self::Setting, target: &Target) -> Option<String> {
        let changes_block = ticked(&form.block) != current.settings.block_in_forward_calls_enabled;
        (target.acting == Acting::OnSelf && !current.may_block && changes_block)
            .then(|| "the organization does not let users change: blockCallerId".to_owned())
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let m = t.calling;
        let s = &current.settings;
        let was = Self::form_of(current);
        let mut errors = FieldErrors::default();
        let mut patch = CallerIdPatch::default();

        let selected = CallerIdSelected::from(f.selected.trim().to_owned());
        if f.selected.trim() != was.selected {
            if s.types.contains(&selected) {
                patch.selected = Some(selected.clone());
            } else {
                errors.add("selected", m.cid_choice_invalid);
            }
        }
        let custom = f.custom_number.trim();
        if selected == CallerIdSelected::Custom && custom.is_empty() {
            errors.add("custom_number", m.cid_custom_number_missing);
        } else if !custom.is_empty() && custom != was.custom_number.trim() {
            match Destination::parse(custom, target.country.as_deref()) {
                Ok(Destination::Number(n)) => patch.custom_number = Some(n),
                Ok(_) => errors.add(
                    "custom_number",
                    (t.destination_error)(&DestinationError::Unrecognized(custom.to_owned())),
                ),
                Err(e) => errors.add("custom_number", (t.destination_error)(&e)),
            }
        }
        let policy = ExternalCallerIdNamePolicy::from(f.name_policy.trim().to_owned());
        if f.name_policy.trim() != was.name_policy {
            if matches!(policy, ExternalCallerIdNamePolicy::Other(_)) {
                errors.add("name_policy", m.cid_choice_invalid);
            } else {
                patch.external_caller_id_name_policy = Some(policy.clone());
            }
        }
        let name = f.custom_name.trim();
        if policy == ExternalCallerIdNamePolicy::CustomName && name.is_empty() {
            errors.add("custom_name", m.cid_custom_name_missing);
        } else if name != was.custom_name.trim() && !name.is_empty() {
            if name.chars().count() > MAX_NAME {
                errors.add("custom_name", m.cid_custom_name_missing);
            } else {
                patch.custom_external_caller_id_name = Some(name.to_owned());
            }
        }
        let block = ticked(&f.block);
        if block != s.block_in_forward_calls_enabled {
            patch.block_in_forward_calls_enabled = Some(block);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((!patch.is_empty()).then_some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let m = t.calling;
        vec![
            (m.cid_number, f.selected.clone()),
            (m.cid_custom_number, f.custom_number.trim().to_owned()),
            (m.cid_name, f.name_policy.clone()),
            (m.cid_custom_name, f.custom_name.trim().to_owned()),
            (
                m.cid_block,
                if ticked(&f.block) { t.yes } else { t.no }.to_owned(),
            ),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let m = c.t.calling;
        let s = setting.map(|s| &s.settings);
        let shown = |n: Option<&String>| n.cloned().unwrap_or_else(|| m.cid_no_number.to_owned());
        let types = s.map_or_else(Vec::new, |s| s.types.clone());
        let numbers: Vec<Choice> = types
            .iter()
            .filter_map(|ty| {
                let label = match ty {
                    CallerIdSelected::DirectLine => {
                        (m.cid_direct_line)(&shown(s.and_then(|s| {
                            s.direct_number.as_ref().or(s.extension_number.as_ref())
                        })))
                    }
                    CallerIdSelected::LocationNumber => {
                        (m.cid_location_number)(&shown(s.and_then(|s| s.location_number.as_ref())))
                    }
                    CallerIdSelected::Custom => m.cid_custom.to_owned(),
                    CallerIdSelected::Other(_) => return None,
                };
                let v = String::from(ty.clone());
                let on = v == form.selected;
                Some((v, label, on))
            })
            .collect();
        let location_name = s
            .and_then(|s| s.location_external_caller_id_name.clone())
            .unwrap_or_else(|| m.cid_no_number.to_owned());
        let name_policies: Vec<Choice> = [
            ("DIRECT_LINE", m.cid_name_direct.to_owned()),
            ("LOCATION", (m.cid_name_location)(&location_name)),
            ("OTHER", m.cid_name_custom.to_owned()),
        ]
        .into_iter()
        .map(|(v, label)| (v.to_owned(), label, v == form.name_policy))
        .collect();
        let block_locked = !c.on_behalf && setting.is_some_and(|s| !s.may_block);
        askama::Template::render(&CallerIdCard {
            c,
            form,
            numbers,
            name_policies,
            block_locked,
        })
    }
}
