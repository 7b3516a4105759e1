//! The bulk changes pages (issue 18): the form that starts one, and a job's page with its status
//! (progress, preview, report), which reloads itself while the job runs.

use askama::Template;
use askama_web::WebTemplate;

use crate::{auth::SessionUser, i18n::Messages};

/// What the form had, kept when it is refused.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct BulkFormValues {
    /// `location`, `group`, `search` or `csv`.
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub query: String,
    /// The feature's segment.
    #[serde(default)]
    pub feature: String,
    #[serde(default)]
    pub ticket: String,
}

/// `GET /bulk`: start a bulk change, and the recent ones.
#[derive(Template, WebTemplate)]
#[template(path = "pages/bulk.html")]
pub struct BulkPage {
    pub t: &'static Messages,
    pub user: SessionUser,
    pub form: BulkFormValues,
    /// Why the form was refused (it keeps what was entered).
    pub errors: Vec<String>,
    /// `(id, name, chosen)`.
    pub locations: Vec<(String, String, bool)>,
    /// `(segment, name, chosen)`.
    pub features: Vec<(String, String, bool)>,
    pub fields: BulkFields,
    pub jobs: Vec<JobLine>,
}

/// One recent bulk change.
pub struct JobLine {
    pub href: String,
    pub title: String,
    pub when: String,
    pub state: String,
}

/// The fields of the chosen setting (`GET /hx/bulk/fields?feature=…`).
#[derive(Template, WebTemplate)]
#[template(path = "partials/bulk_fields.html")]
pub struct BulkFields {
    pub t: &'static Messages,
    /// The feature's segment (empty: none chosen).
    pub segment: String,
    pub fields: Vec<FieldRow>,
    pub offers_reset: bool,
    /// The CSV template of this setting.
    pub template_href: String,
}

pub struct FieldRow {
    /// The form field's name: `set.<field>`.
    pub input: String,
    /// What the card calls the field, when it has a label of its own.
    pub label: Option<String>,
    /// The CSV column (`forwarding.always_enabled`), shown with the label.
    pub column: String,
    pub switch: bool,
    /// What was entered (kept when the form is refused).
    pub value: String,
}

/// `GET /bulk/{job_id}`.
#[derive(Template, WebTemplate)]
#[template(path = "pages/bulk_job.html")]
pub struct BulkJobPage {
    pub t: &'static Messages,
    pub user: SessionUser,
    pub title: String,
    /// The status partial, rendered (the same that `GET /hx/bulk/{job_id}` swaps in).
    pub status_html: String,
}

/// A job's status (`GET /hx/bulk/{job_id}`), polled while something runs.
#[derive(Template, WebTemplate)]
#[template(path = "partials/bulk_status.html")]
pub struct BulkStatus {
    pub t: &'static Messages,
    pub url: String,
    /// What is going on, in words.
    pub phase: String,
    /// Reload every few seconds (something is running and the job is not paused).
    pub poll: bool,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub progress: Option<Progress>,
    /// `(label, count)` of the rows so far.
    pub tally: Vec<(String, usize)>,
    pub rows: Vec<RowView>,
    /// More rows than shown: the report has them all.
    pub more_rows: Option<String>,
    pub refused: Vec<RowView>,
    pub can_apply: Option<String>,
    pub can_pause: bool,
    pub can_resume: bool,
    pub can_cancel: bool,
    pub can_undo: bool,
    pub report_href: Option<String>,
}

pub struct Progress {
    pub done: i64,
    pub total: i64,
    /// "120 of 1,000 done, 3 failed, 877 left"
    pub text: String,
    pub eta: Option<String>,
}

/// One row of the preview or the report.
pub struct RowView {
    pub person: String,
    pub key: String,
    pub line: String,
    pub setting: String,
    /// The result pill's colour class.
    pub pill: &'static str,
    pub status_text: String,
    pub changes: Vec<(String, String, String)>,
    pub reason: String,
    pub tracking_id: Option<String>,
    /// The audit log's undo of this row.
    pub undo_url: Option<String>,
}
