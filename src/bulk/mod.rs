//! Bulk changes (issue 18): one change for many people, previewed, applied, reported and undone.
//!
//! A bulk change is a job in the store (`crate::store::jobs`, kind [`KIND`]) whose steps run on the
//! job runner like any other, on the background budget and through the one save flow:
//!
//! 1. [`PLAN`] (one step): finds the people (a location, a Webex group, a search, or the rows of a
//!    CSV file, [`csv`]), refuses those outside the user's scope or not found, and adds one
//!    [`CHECK`] step per person and setting. Its result lists the refused rows.
//! 2. [`CHECK`] (the preview): reads the person's setting and says what the change would do
//!    (current → new), or why it would fail. Nothing is written.
//! 3. [`APPLY`] (added when the user applies the preview): the change through the card's save,
//!    audited as `bulk_apply` with the step's request id (`job-<job>-step-<step>`).
//! 4. [`UNDO`] (added when the user undoes the job): each applied row's audit entry put back
//!    through the same conflict check as a single undo. One row is undone from the report with
//!    the audit log's own undo.
//!
//! The job can be paused (its steps are not claimed) and cancelled (its pending steps are), and,
//! being steps in the store, survives restarts and the death of the replica running it.

pub mod csv;

use serde::{Deserialize, Serialize};

use crate::{
    auth::SessionUser,
    features::Feature,
    store::{JobStep, StepState},
    web::settings::cards::{RESET, card},
};

/// The job kind and its step kinds.
pub const KIND: &str = "bulk";
pub const PLAN: &str = "bulk_plan";
pub const CHECK: &str = "bulk_check";
pub const APPLY: &str = "bulk_apply";
pub const UNDO: &str = "bulk_undo";

/// Most people one job may change (the CSV's own limit, [`csv::MAX_ROWS`]).
pub const MAX_PEOPLE: usize = csv::MAX_ROWS;

/// Who a bulk change is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Targeting {
    /// Every calling user of a location (one inside the user's scope).
    Location { id: String, name: String },
    /// The members of the Webex group with this display name.
    Group { name: String },
    /// Everyone the helpdesk search finds for this query.
    Search { query: String },
    /// The rows of a CSV file: each names a person and carries its own values.
    Csv { file_name: String, text: String },
}

/// What changes for everyone (not for a CSV, whose rows say it): a setting and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The feature's audit key.
    pub feature: String,
    /// Form field and value; [`RESET`] for Webex's defaults.
    pub fields: Vec<(String, String)>,
}

/// The plan step's payload: who asked, for whom, what.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanStep {
    pub actor: SessionUser,
    pub lang: String,
    pub targeting: Targeting,
    /// `None` for a CSV.
    pub change: Option<Change>,
    pub ticket: Option<String>,
}

/// The payload of a check, apply or undo step: one person and one setting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowStep {
    pub actor: SessionUser,
    pub lang: String,
    /// The CSV line the row came from.
    #[serde(default)]
    pub line: Option<usize>,
    /// How the row named the person (an email or an extension), or the person's email.
    pub key: String,
    pub name: String,
    /// The card's form fields to set ([`RESET`] for Webex's defaults).
    pub fields: Vec<(String, String)>,
    #[serde(default)]
    pub ticket: Option<String>,
    /// An apply step: the check step it follows; an undo step: the apply step it undoes.
    #[serde(default)]
    pub of_step: Option<i64>,
}

/// Why a row was refused before anything was read for it (the plan step's result).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusedReason {
    /// Nobody in the org has this email or extension.
    NotFound,
    /// The person's location is outside the user's scope.
    OutsideScope,
    /// The person has no Webex Calling location.
    NotCallingUser,
    /// The person is in the file twice (the later row is refused).
    Duplicate,
    /// The extension belongs to several people in the user's scope (name them by email).
    Ambiguous,
    /// The CSV row itself is malformed.
    BadRow(csv::BadReason),
}

/// A refused row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub line: Option<usize>,
    pub key: String,
    pub reason: RefusedReason,
}

/// What a row's check, apply or undo came to (`result.status` of its step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Check: it would change. Apply: it was written. Undo: it was put back.
    Change,
    Applied,
    Undone,
    /// Webex already held it.
    Unchanged,
    /// The new values are wrong for this person (check or apply).
    Invalid,
    /// Not the user's to change (scope, feature access).
    Refused,
    /// Changed elsewhere since the bulk change: left as it is (undo).
    Conflict,
    /// Webex failed (the step's `tracking_id` says where).
    Failed,
    /// Not run: the job was cancelled first.
    Cancelled,
    /// Not run yet.
    Pending,
}

impl RowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Change => "change",
            RowStatus::Applied => "applied",
            RowStatus::Undone => "undone",
            RowStatus::Unchanged => "unchanged",
            RowStatus::Invalid => "invalid",
            RowStatus::Refused => "refused",
            RowStatus::Conflict => "conflict",
            RowStatus::Failed => "failed",
            RowStatus::Cancelled => "cancelled",
            RowStatus::Pending => "pending",
        }
    }
}

/// A check, apply or undo step as a report row.
#[derive(Debug, Clone)]
pub struct Row {
    pub step_id: i64,
    pub line: Option<usize>,
    pub key: String,
    pub name: String,
    pub person_id: String,
    pub feature: Option<Feature>,
    pub status: RowStatus,
    /// `(label, before, after)`, in the language of whoever asked for the job.
    pub changes: Vec<(String, String, String)>,
    pub reason: Option<String>,
    pub tracking_id: Option<String>,
    /// The audit entry an applied row wrote (its undo).
    pub audit_id: Option<i64>,
}

impl Row {
    /// The row of `step` as its state and result say.
    pub fn of(step: &JobStep) -> Row {
        let payload: Option<RowStep> = serde_json::from_value(step.payload.clone()).ok();
        let result = step.result.clone().unwrap_or_default();
        let status = match step.state {
            StepState::Pending | StepState::Running => RowStatus::Pending,
            StepState::Cancelled => RowStatus::Cancelled,
            StepState::Failed => RowStatus::Failed,
            StepState::Done | StepState::Skipped => {
                serde_json::from_value(result["status"].clone()).unwrap_or(RowStatus::Failed)
            }
        };
        let changes = result["changes"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|c| {
                        let text = |i: usize| c.get(i)?.as_str().map(str::to_owned);
                        Some((text(0)?, text(1)?, text(2)?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let text = |key: &str| result[key].as_str().map(str::to_owned);
        Row {
            step_id: step.id,
            line: payload.as_ref().and_then(|p| p.line),
            key: payload.as_ref().map(|p| p.key.clone()).unwrap_or_default(),
            name: payload.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            person_id: step.target_person_id.clone(),
            feature: Feature::from_audit_key(&step.feature),
            status,
            changes,
            reason: text("reason").or_else(|| text("error")),
            tracking_id: text("tracking_id"),
            audit_id: result["audit_id"].as_i64(),
        }
    }
}

/// Why a CSV's columns cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnError {
    /// Not `setting.field`, or the setting is not one a bulk change may set.
    UnknownSetting(String),
    /// The setting has no such field.
    UnknownField(String),
}

/// The settings a bulk change may set: the registry's `bulk` features.
pub fn features() -> impl Iterator<Item = Feature> {
    Feature::ALL.into_iter().filter(|f| f.info().bulk)
}

/// The CSV column of `field` of `feature` (`forwarding.always_enabled`).
pub fn column(feature: Feature, field: &str) -> String {
    format!("{}.{field}", feature.segment())
}

/// Every column a CSV may have, setting by setting: the template's header.
pub fn all_columns(feature: Option<Feature>) -> Vec<String> {
    features()
        .filter(|f| feature.is_none_or(|only| only == *f))
        .flat_map(|f| {
            let any = card(f);
            let reset = any.offers_reset().then(|| column(f, RESET));
            any.bulk_fields()
                .into_iter()
                .map(move |field| column(f, &field.name))
                .chain(reset)
        })
        .collect()
}

/// A CSV's setting columns as (feature, field), in file order.
pub fn read_columns(columns: &[String]) -> Result<Vec<(Feature, String)>, ColumnError> {
    columns
        .iter()
        .map(|c| {
            let (segment, field) = c
                .split_once('.')
                .ok_or_else(|| ColumnError::UnknownSetting(c.clone()))?;
            let feature = features()
                .find(|f| f.segment() == segment)
                .ok_or_else(|| ColumnError::UnknownSetting(c.clone()))?;
            let any = card(feature);
            let known = any.bulk_fields().iter().any(|f| f.name == field)
                || (field == RESET && any.offers_reset());
            if known {
                Ok((feature, field.to_owned()))
            } else {
                Err(ColumnError::UnknownField(c.clone()))
            }
        })
        .collect()
}

/// What changes for one person: each setting, with its form fields and values.
pub type Changes = Vec<(Feature, Vec<(String, String)>)>;

/// A row's cells grouped by setting: `(feature, fields)` for each setting it gives a value for.
pub fn row_changes(
    columns: &[(Feature, String)],
    names: &[String],
    settings: &[(String, String)],
) -> Changes {
    let mut out: Changes = Vec::new();
    for (column, value) in settings {
        let Some(i) = names.iter().position(|n| n == column) else {
            continue;
        };
        let (feature, field) = &columns[i];
        // A reset cell counts when it says yes; "no" is the same as leaving it empty.
        if field == RESET && !crate::web::settings::cards::switch_value(value).unwrap_or(false) {
            continue;
        }
        match out.iter_mut().find(|(f, _)| f == feature) {
            Some((_, fields)) => fields.push((field.clone(), value.clone())),
            None => out.push((*feature, vec![(field.clone(), value.clone())])),
        }
    }
    out
}

/// What a job's rows came to, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub change: usize,
    pub applied: usize,
    pub undone: usize,
    pub unchanged: usize,
    pub invalid: usize,
    pub refused: usize,
    pub conflict: usize,
    pub failed: usize,
    pub cancelled: usize,
    pub pending: usize,
}

impl Tally {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Tally {
        let mut t = Tally::default();
        for row in rows {
            match row.status {
                RowStatus::Change => t.change += 1,
                RowStatus::Applied => t.applied += 1,
                RowStatus::Undone => t.undone += 1,
                RowStatus::Unchanged => t.unchanged += 1,
                RowStatus::Invalid => t.invalid += 1,
                RowStatus::Refused => t.refused += 1,
                RowStatus::Conflict => t.conflict += 1,
                RowStatus::Failed => t.failed += 1,
                RowStatus::Cancelled => t.cancelled += 1,
                RowStatus::Pending => t.pending += 1,
            }
        }
        t
    }
}

/// Webex calls one step of `kind` makes (for the estimated time left): the person looked up
/// again and the setting read; an apply reads it again in the save (the fingerprint check),
/// writes and reads back; an undo's save reads, writes and reads back (measured: BENCHMARKS.md).
pub fn calls_per_step(kind: &str) -> u32 {
    match kind {
        CHECK => 2,
        APPLY => 5,
        UNDO => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_name_a_bulk_setting_and_one_of_its_fields() {
        let ok = read_columns(&[
            "forwarding.always_enabled".into(),
            "forwarding.always_destination".into(),
            "voicemail.reset".into(),
            "dnd.enabled".into(),
        ])
        .unwrap();
        assert_eq!(ok[0], (Feature::CallForwarding, "always_enabled".into()));
        assert_eq!(ok[2], (Feature::Voicemail, RESET.into()));
        assert_eq!(
            read_columns(&["caller-id.selected".into()]),
            Err(ColumnError::UnknownSetting("caller-id.selected".into())),
            "not a bulk setting"
        );
        assert_eq!(
            read_columns(&["dnd.reset".into()]),
            Err(ColumnError::UnknownField("dnd.reset".into())),
            "do not disturb has no reset"
        );
        assert_eq!(
            read_columns(&["forwarding".into()]),
            Err(ColumnError::UnknownSetting("forwarding".into()))
        );
        // The template's columns read back.
        assert!(read_columns(&all_columns(None)).is_ok());
        assert!(all_columns(Some(Feature::DoNotDisturb)).contains(&"dnd.ring_splash".to_owned()));
    }

    #[test]
    fn a_row_is_grouped_by_setting_and_a_reset_counts_only_when_it_says_yes() {
        let names: Vec<String> = vec![
            "forwarding.always_enabled".into(),
            "dnd.enabled".into(),
            "forwarding.always_destination".into(),
            "voicemail.reset".into(),
        ];
        let columns = read_columns(&names).unwrap();
        let cells = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let grouped = row_changes(
            &columns,
            &names,
            &cells(&[
                ("forwarding.always_enabled", "on"),
                ("dnd.enabled", "off"),
                ("forwarding.always_destination", "+14085550100"),
                ("voicemail.reset", "no"),
            ]),
        );
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].0, Feature::CallForwarding);
        assert_eq!(grouped[0].1.len(), 2);
        assert_eq!(grouped[1].0, Feature::DoNotDisturb);
        let reset = row_changes(&columns, &names, &cells(&[("voicemail.reset", "yes")]));
        assert_eq!(
            reset,
            vec![(Feature::Voicemail, cells(&[("reset", "yes")]))]
        );
    }
}
