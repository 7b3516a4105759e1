//! The personal schedules card (issue 15).

use askama::Template;
use serde::{Deserialize, Serialize};

use crate::views::card::CardCommon;
use crate::webex::{Schedule, ScheduleType};

/// A person schedule as a route names it: its type and id (both from the path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleKey {
    pub kind: ScheduleType,
    pub id: String,
}

/// Which of the card's forms was posted. Set by the route, never by the browser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScheduleOp {
    /// The card's own form: a new schedule with its first event.
    #[default]
    Create,
    Rename(ScheduleKey),
    AddEvent(ScheduleKey),
    /// An event's form, by its place in the schedule's list.
    EditEvent(ScheduleKey, usize),
    DeleteEvent(ScheduleKey, usize),
    Delete(ScheduleKey),
    /// The schedules as [`crate::web::settings::Card::form_of`] shows them (undo puts them back).
    Restore,
}

/// The card's fields: a schedule's name and type, and one event's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub schedule_type: String,
    #[serde(flatten)]
    pub event: EventFields,
    #[serde(skip)]
    pub op: ScheduleOp,
    /// The schedules as shown ([`ScheduleOp::Restore`]); never read from the browser.
    #[serde(skip)]
    pub schedules: Vec<Schedule>,
}

/// One event's fields as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct EventFields {
    #[serde(default)]
    pub event_name: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
    pub all_day: Option<String>,
    /// `none`, `daily` or `weekly`.
    #[serde(default)]
    pub repeat: String,
    /// `monday` … `sunday`, repeated.
    #[serde(default, deserialize_with = "one_or_many")]
    pub days: Vec<String>,
    #[serde(default)]
    pub repeat_until: String,
}

/// A repeated form key: one value arrives as a string through the `flatten`s of the card's
/// form, several as a sequence.
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

/// One event of a schedule.
pub struct EventRow {
    pub name: String,
    pub when: String,
    pub index: usize,
    pub prefix: String,
    pub fields: EventFields,
    /// Its form was the one posted: the values and errors are the form's.
    pub posted: bool,
    pub delete_label: String,
    pub delete_confirm: String,
    pub edit_label: String,
}

/// One of the person's own schedules.
pub struct ScheduleRow {
    pub name: String,
    pub kind: &'static str,
    /// `{card}/{type}/{id}`.
    pub url: String,
    pub prefix: String,
    pub events: Vec<EventRow>,
    /// Which rules name it, in words; `None`: none do.
    pub used_by: Option<String>,
    pub delete_label: String,
    pub delete_confirm: String,
    pub rename_label: String,
    pub rename_value: String,
    pub rename_posted: bool,
    pub adding_posted: bool,
    pub new_event: EventFields,
}

/// One of the location's schedules (read only).
pub struct LocationRow {
    pub name: String,
    pub kind: &'static str,
    /// `(name, when in words)`; empty when they could not be read.
    pub events: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "partials/card_schedules.html")]
pub struct SchedulesCard {
    pub c: CardCommon,
    pub heading: &'static str,
    pub rows: Vec<ScheduleRow>,
    pub location: Vec<LocationRow>,
    /// Whether the rules could be read (else the card says it could not check them).
    pub uses_known: bool,
    /// The create form was the one posted.
    pub creating: bool,
    pub form: ScheduleForm,
}

/// The days of a weekly event as the form names them, Monday first.
pub const DAYS: [(&str, time::Weekday); 7] = [
    ("monday", time::Weekday::Monday),
    ("tuesday", time::Weekday::Tuesday),
    ("wednesday", time::Weekday::Wednesday),
    ("thursday", time::Weekday::Thursday),
    ("friday", time::Weekday::Friday),
    ("saturday", time::Weekday::Saturday),
    ("sunday", time::Weekday::Sunday),
];

/// `(value, label, chosen)` for a set of radios or boxes.
pub type Choice = (&'static str, &'static str, bool);

impl SchedulesCard {
    /// The message for `field` of the form that was posted (`posted`).
    pub fn error_in(&self, posted: &bool, field: &str) -> Option<&str> {
        if *posted { self.c.error(field) } else { None }
    }

    pub fn repeat_choices(&self, f: &EventFields) -> Vec<Choice> {
        let m = self.c.t.schedules;
        let chosen = match f.repeat.as_str() {
            "daily" | "weekly" => f.repeat.as_str(),
            _ => "none",
        };
        [
            ("none", m.repeat_none),
            ("daily", m.repeat_daily),
            ("weekly", m.repeat_weekly),
        ]
        .into_iter()
        .map(|(v, l)| (v, l, v == chosen))
        .collect()
    }

    pub fn day_choices(&self, f: &EventFields) -> Vec<Choice> {
        let m = self.c.t.schedules;
        DAYS.iter()
            .map(|(v, d)| (*v, (m.weekday)(*d), f.days.iter().any(|x| x == v)))
            .collect()
    }

    /// The event's date and time inputs: `(field, label, value, input type)`.
    pub fn when_inputs(
        &self,
        f: &EventFields,
    ) -> Vec<(&'static str, &'static str, String, &'static str)> {
        let m = self.c.t.schedules;
        vec![
            ("start_date", m.start_date, f.start_date.clone(), "date"),
            ("end_date", m.end_date, f.end_date.clone(), "date"),
            ("start_time", m.start_time, f.start_time.clone(), "time"),
            ("end_time", m.end_time, f.end_time.clone(), "time"),
        ]
    }

    pub fn type_choices(&self) -> Vec<Choice> {
        let m = self.c.t.schedules;
        let holidays = self.form.schedule_type == "holidays";
        vec![
            ("businessHours", m.business_hours, !holidays),
            ("holidays", m.holidays, holidays),
        ]
    }
}
