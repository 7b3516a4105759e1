//! The single-number-reach card (issue 15).

use askama::Template;
use serde::{Deserialize, Serialize};

use crate::views::card::CardCommon;
use crate::webex::{SingleNumberReach, SingleNumberReachNumber};

// ---------------------------------------------------------------------------------------------
// Single number reach

/// Which of the card's forms was posted. Set by the route, never by the browser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReachOp {
    /// The card's own form: alert all numbers for click-to-dial calls.
    #[default]
    AlertAll,
    /// The "add a number" form.
    Add,
    /// A number's own form (its id).
    Edit(String),
    /// A number's "remove" button (its id).
    Delete(String),
    /// The whole setting as [`crate::web::settings::Card::form_of`] shows it (undo puts it back).
    Restore,
}

/// The card's fields: alert-all, and the one number form that was posted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReachForm {
    pub alert_all: Option<String>,
    #[serde(default)]
    pub phone_number: String,
    #[serde(default)]
    pub name: String,
    pub number_enabled: Option<String>,
    pub do_not_forward: Option<String>,
    pub answer_confirmation: Option<String>,
    #[serde(skip)]
    pub op: ReachOp,
    /// The numbers as shown ([`ReachOp::Restore`]); never read from the browser.
    #[serde(skip)]
    pub numbers: Vec<SingleNumberReachNumber>,
}

/// One number's row: its values (from the setting, or as typed when its form was posted).
pub struct ReachRow {
    pub id: String,
    /// The id as one URL path segment.
    pub segment: String,
    /// The prefix of its fields' ids.
    pub prefix: String,
    pub shown_number: String,
    pub number: SingleNumberReachNumber,
    /// Its form was the one posted: the values and errors are the form's.
    pub posted: bool,
}

#[derive(Template)]
#[template(path = "partials/card_reach.html")]
pub struct ReachCard {
    pub c: CardCommon,
    pub form: ReachForm,
    pub setting: SingleNumberReach,
    pub rows: Vec<ReachRow>,
    /// The add form was the one posted.
    pub adding: bool,
}

impl ReachCard {
    /// The message for `field` of the form that was posted (`posted`).
    pub fn error_in(&self, posted: &bool, field: &str) -> Option<&str> {
        if *posted { self.c.error(field) } else { None }
    }

    /// The add form's values.
    pub fn new_number(&self) -> SingleNumberReachNumber {
        SingleNumberReachNumber {
            phone_number: self.form.phone_number.clone(),
            name: self.form.name.clone(),
            enabled: self.form.number_enabled.is_some(),
            do_not_forward_calls_enabled: self.form.do_not_forward.is_some(),
            answer_confirmation_enabled: self.form.answer_confirmation.is_some(),
            ..SingleNumberReachNumber::default()
        }
    }
}
