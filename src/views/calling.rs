//! The cards of the calling settings beyond forwarding and voicemail: personal assistant, call
//! intercept, caller ID, anonymous call rejection, barge-in, call queues, phones and numbers.
//! Forms are strings as posted, so a bad input can be shown again.

use askama::Template;
use serde::{Deserialize, Serialize};

use super::card::CardCommon;

/// A choice of a `<select>` or a radio group: value, label, chosen.
pub type Choice = (String, String, bool);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AssistantForm {
    pub enabled: Option<String>,
    #[serde(default)]
    pub presence: String,
    #[serde(default)]
    pub until_date: String,
    #[serde(default)]
    pub until_time: String,
    pub transfer_enabled: Option<String>,
    #[serde(default)]
    pub transfer_number: String,
    #[serde(default)]
    pub alerting: String,
    #[serde(default)]
    pub rings: String,
}

#[derive(Template)]
#[template(path = "partials/card_assistant.html")]
pub struct AssistantCard {
    pub c: CardCommon,
    pub form: AssistantForm,
    pub presences: Vec<Choice>,
    pub alertings: Vec<Choice>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InterceptForm {
    pub enabled: Option<String>,
    #[serde(default)]
    pub incoming_type: String,
    pub incoming_voicemail: Option<String>,
    #[serde(default)]
    pub greeting: String,
    pub new_number_enabled: Option<String>,
    #[serde(default)]
    pub new_number: String,
    pub zero_transfer_enabled: Option<String>,
    #[serde(default)]
    pub zero_transfer: String,
    #[serde(default)]
    pub outgoing_type: String,
    pub outgoing_transfer_enabled: Option<String>,
    #[serde(default)]
    pub outgoing_destination: String,
}

#[derive(Template)]
#[template(path = "partials/card_intercept.html")]
pub struct InterceptCard {
    pub c: CardCommon,
    pub form: InterceptForm,
    pub incoming_types: Vec<Choice>,
    pub outgoing_types: Vec<Choice>,
    pub greetings: Vec<Choice>,
    /// The uploaded announcement's file name, if any.
    pub announcement: Option<String>,
    /// Where the announcement upload posts to.
    pub upload_url: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CallerIdForm {
    #[serde(default)]
    pub selected: String,
    #[serde(default)]
    pub custom_number: String,
    #[serde(default)]
    pub name_policy: String,
    #[serde(default)]
    pub custom_name: String,
    pub block: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/card_caller_id.html")]
pub struct CallerIdCard {
    pub c: CardCommon,
    pub form: CallerIdForm,
    /// What `selected` may be, each with the number it shows.
    pub numbers: Vec<Choice>,
    pub name_policies: Vec<Choice>,
    /// The org does not let this person change blocking (FACTS §3a `blockCallerId`).
    pub block_locked: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SwitchForm {
    pub enabled: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/card_anonymous.html")]
pub struct AnonymousCard {
    pub c: CardCommon,
    pub form: SwitchForm,
    /// Webex has anonymous call rejection for this person (404 where it is not deployed).
    pub available: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BargeInForm {
    pub enabled: Option<String>,
    pub tone_enabled: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/card_barge_in.html")]
pub struct BargeInCard {
    pub c: CardCommon,
    pub form: BargeInForm,
}

/// The queues card's form: every queue shown (`queue`, repeated) and those ticked (`join`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QueuesForm {
    #[serde(default, deserialize_with = "one_or_many")]
    pub queue: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub join: Vec<String>,
}

/// A repeated form key arrives as a list, a lone one as a plain value (through
/// `#[serde(flatten)]`, which cannot tell them apart by itself).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[derive(Template)]
#[template(path = "partials/card_queues.html")]
pub struct QueuesCard {
    pub c: CardCommon,
    pub form: QueuesForm,
    pub queues: Vec<crate::domain::queues::MyQueue>,
    /// The last save failed at Webex: say what the PUT needs.
    pub failed: bool,
}

impl QueuesCard {
    pub fn joined(&self, id: &str) -> bool {
        self.form.join.iter().any(|j| j == id)
    }
}

/// Read-only cards have no fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NoForm {}

/// A read-only card's items, each a list of label and value.
/// Each item's facts: label, value, and whether the value is data (a model, a number, a name:
/// marked `translate="no"`) rather than catalogue text.
pub type Items = Vec<Vec<(&'static str, String, bool)>>;

#[derive(Template)]
#[template(path = "partials/card_list.html")]
pub struct ListCard {
    pub c: CardCommon,
    pub heading: &'static str,
    /// Shown when there are no items.
    pub empty: &'static str,
    pub items: Items,
}

/// An ISO 8601 time as Webex sent it (`2026-12-01T09:30:12.345Z`) → `2026-12-01 09:30 UTC`;
/// anything else as it came.
pub fn when(iso: &str) -> String {
    match crate::domain::calls::date_and_time(iso) {
        (d, t) if !d.is_empty() => format!("{d} {t} UTC"),
        _ => iso.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Call rules: selective forward, accept, reject and simultaneous ring (issue 15)

/// The fields of the four call rule cards; each card posts the ones it shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RuleSwitchForm {
    pub enabled: Option<String>,
    // Selective forward.
    #[serde(default)]
    pub default_number: String,
    pub ring_reminder: Option<String>,
    pub to_voicemail: Option<String>,
    // Simultaneous ring.
    pub do_not_ring: Option<String>,
    pub criterias_enabled: Option<String>,
    /// Every row's number, empty rows included (repeated key).
    #[serde(default, deserialize_with = "one_or_many")]
    pub number: Vec<String>,
    /// The rows (1-based) whose answer confirmation is ticked.
    #[serde(default, deserialize_with = "one_or_many")]
    pub confirm: Vec<String>,
}

/// The criteria editor's fields (shared by the four cards).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CriterionForm {
    /// `""` (at all times) or `level:type:name`.
    #[serde(default)]
    pub schedule: String,
    #[serde(default)]
    pub calls_from: String,
    #[serde(default)]
    pub numbers: String,
    pub anonymous: Option<String>,
    pub unavailable: Option<String>,
    /// `on` or `off` (a "don't" rule).
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub forward_to: String,
    pub rule_voicemail: Option<String>,
}

/// One criterion in a card's list.
pub struct RuleItem {
    pub title: String,
    pub when: String,
    pub callers: String,
    pub then: String,
    /// The criterion's own URL: `GET` opens the editor on it, `PUT` changes it, `DELETE` deletes it.
    pub url: String,
    pub edit_label: String,
    pub delete_label: String,
}

/// The criteria editor, open.
pub struct RuleEditor {
    pub url: String,
    /// Changing an existing criterion (`PUT` to `url`, its legend and the fingerprint of the
    /// criterion as loaded), or creating one (`POST`).
    pub editing: Option<(String, String)>,
    pub form: CriterionForm,
    pub schedules: Vec<Choice>,
    pub calls_from: Vec<Choice>,
    pub actions: Vec<Choice>,
    /// Selective forward: the forward-to number and voicemail.
    pub forward: bool,
}

#[derive(Template)]
#[template(path = "partials/card_rules.html")]
pub struct RuleCardView {
    pub c: CardCommon,
    pub form: RuleSwitchForm,
    pub heading: &'static str,
    pub intro: &'static str,
    pub enabled_label: &'static str,
    pub selective_forward: bool,
    pub simultaneous_ring: bool,
    /// Simultaneous ring's rows.
    pub rows: Vec<SimRow>,
    pub items: Vec<RuleItem>,
    pub new_rule_url: String,
    pub editor: Option<RuleEditor>,
    /// The open editor's choices (empty when it is closed).
    pub schedules: Vec<Choice>,
    pub calls_from: Vec<Choice>,
    pub actions: Vec<Choice>,
}

/// One row of simultaneous ring's numbers (1-based `index`).
pub struct SimRow {
    pub index: usize,
    pub number: String,
    pub confirm: bool,
    pub label: String,
    pub confirm_label: String,
}
