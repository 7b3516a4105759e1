//! askama view structs: a page embeds its partial, so one partial serves both load and swap.

pub mod bulk;
pub mod calling;
pub mod card;
pub mod reach;
pub mod schedules;
mod voicemail;

pub use voicemail::{GreetingKind, PinPanel, VoicemailCard, VoicemailValues};

use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::{
    auth::{SessionUser, authz::Target},
    domain::forwarding::ForwardingForm,
    i18n::Messages,
};
use card::{CallWaitingForm, CardCommon, DndForm, PageSection};

/// The CSS selector of the page's toast region (templates/base.html); htmx errors land there.
pub const TOAST_TARGET: &str = "#toasts";

#[derive(Template, WebTemplate)]
#[template(path = "pages/start.html")]
pub struct StartPage {
    pub t: &'static Messages,
    /// The admin who was just signed out with everyone else lands here.
    pub signed_out_everyone: bool,
}

/// A failure as a full page (src/error.rs picks title and message).
#[derive(Template)]
#[template(path = "pages/error.html")]
pub struct ErrorPage<'a> {
    pub t: &'static Messages,
    pub title: &'a str,
    pub message: &'a str,
    pub request_id: &'a str,
    pub offer_sign_in: bool,
}

/// A failure as a toast, for htmx requests.
#[derive(Template)]
#[template(path = "partials/error_toast.html")]
pub struct ErrorToast<'a> {
    pub t: &'static Messages,
    pub title: &'a str,
    pub message: &'a str,
    pub request_id: &'a str,
}

/// A person's settings page: the shell. Cards, summary and history load themselves (`base` is
/// the person's fragment path, `/hx/people/{id}`).
#[derive(Template, WebTemplate)]
#[template(path = "pages/person.html")]
pub struct PersonPage {
    pub t: &'static Messages,
    /// The signed-in user.
    pub user: SessionUser,
    /// Whose settings these are.
    pub target: Target,
    pub base: String,
    /// The cards' placeholders in their sections (Forwarding, Voicemail, …), in the registry's
    /// order within each.
    pub sections: Vec<PageSection>,
    pub on_behalf: bool,
    /// Acting on someone else: the features that person may not change themselves.
    pub restricted: Vec<String>,
    /// The person's location: its name, or its id when the name cannot be looked up.
    pub location: Option<String>,
}

/// "What happens to my calls", or why it cannot be shown.
#[derive(Template, WebTemplate)]
#[template(path = "partials/summary.html")]
pub struct Summary {
    pub t: &'static Messages,
    pub lines: Vec<String>,
    pub warnings: Vec<String>,
    pub error: Option<String>,
    pub tracking_id: Option<String>,
    /// The "Try a call" form below the summary.
    pub tester: TesterView,
}

/// The summary's "Try a call" form, and its answer once posted.
#[derive(Debug, Clone, Default)]
pub struct TesterView {
    pub url: String,
    pub intro: String,
    pub when_hint: String,
    /// `number`, `anonymous` or `unavailable`.
    pub caller: String,
    pub number: String,
    pub internal: bool,
    /// `YYYY-MM-DD` and `HH:MM`, the person's local time.
    pub day: String,
    pub time: String,
    pub errors: card::FieldErrors,
    pub answer: Option<String>,
    /// Said under the answer: an order Webex does not document, the rules' warnings.
    pub notes: Vec<String>,
    /// The live settings could not be read: the message and the tracking id.
    pub failure: Option<(String, Option<String>)>,
}

impl TesterView {
    /// The caller choices: (value, label, chosen).
    pub fn callers(&self, t: &'static Messages) -> Vec<(&'static str, &'static str, bool)> {
        let m = t.tester;
        [
            ("number", m.caller_number),
            ("anonymous", m.caller_anonymous),
            ("unavailable", m.caller_unavailable),
        ]
        .into_iter()
        .map(|(v, l)| (v, l, self.caller == v))
        .collect()
    }
}

/// The tester alone, as its `POST` answers.
#[derive(Template, WebTemplate)]
#[template(path = "partials/tester.html")]
pub struct TesterPartial {
    pub t: &'static Messages,
    pub tester: TesterView,
}

/// The out-of-office form (issue 17): one period, several settings.
#[derive(Template)]
#[template(path = "partials/out_of_office.html")]
pub struct OutOfOfficePanel {
    pub t: &'static Messages,
    pub url: String,
    pub on_behalf: bool,
    /// The time zone the times are read in.
    pub tz: String,
    pub form: crate::web::settings::out_of_office::OutOfOfficeForm,
    pub presences: Vec<calling::Choice>,
    pub errors: card::FieldErrors,
    /// After it was scheduled: when.
    pub notice: Option<String>,
}

impl OutOfOfficePanel {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    pub fn autofocus(&self, field: &str) -> bool {
        self.errors.first() == Some(field)
    }
}

/// The person's scheduled changes (issue 17): what will happen when, and what ran lately.
#[derive(Template)]
#[template(path = "partials/upcoming.html")]
pub struct Upcoming {
    pub t: &'static Messages,
    pub upcoming: Vec<UpcomingItem>,
    pub recent: Vec<UpcomingItem>,
    /// After a cancel or a moved end: what happened, and whether it went through.
    pub notice: Option<&'static str>,
    pub notice_ok: bool,
    pub on_behalf: bool,
}

pub struct UpcomingItem {
    pub text: String,
    pub by: String,
    /// "This ran late …"
    pub late: Option<&'static str>,
    pub due: time::OffsetDateTime,
    /// The job's cancel, on its first upcoming step.
    pub cancel_url: Option<String>,
    /// Moving the job's end, on its first step that puts things back.
    pub until_url: Option<String>,
    pub job_id: i64,
}

/// The person's recent changes.
#[derive(Template, WebTemplate)]
#[template(path = "partials/history.html")]
pub struct History {
    pub t: &'static Messages,
    pub rows: Vec<HistoryRow>,
}

pub struct HistoryRow {
    /// RFC 3339, for `<time datetime>`.
    pub datetime: String,
    pub when: String,
    pub what: String,
    pub who: String,
    pub result: &'static str,
}

/// A card whose setting could not be read: what happened, and a way to try again.
#[derive(Template)]
#[template(path = "partials/card_unavailable.html")]
pub struct CardUnavailable {
    pub t: &'static Messages,
    pub card_id: String,
    pub feature: &'static str,
    /// The card's fragment URL, for the retry.
    pub url: String,
    pub message: String,
    pub tracking_id: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/card_forwarding.html")]
pub struct ForwardingCard {
    pub c: CardCommon,
    pub form: ForwardingForm,
    pub min_rings: u32,
    pub max_rings: u32,
}

#[derive(Template)]
#[template(path = "partials/card_dnd.html")]
pub struct DndCard {
    pub c: CardCommon,
    pub form: DndForm,
}

#[derive(Template)]
#[template(path = "partials/card_call_waiting.html")]
pub struct CallWaitingCard {
    pub c: CardCommon,
    pub form: CallWaitingForm,
}

/// The helpdesk's search page; `results` is filled when the page is loaded with `?q=`.
#[derive(Template, WebTemplate)]
#[template(path = "pages/helpdesk.html")]
pub struct HelpdeskPage {
    pub t: &'static Messages,
    pub user: SessionUser,
    pub results: SearchResults,
}

/// One person found by the helpdesk search.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub person_id: String,
    pub display_name: String,
    pub email: String,
    pub extension: Option<String>,
    pub number: Option<String>,
    pub location_id: String,
    /// The location's name, when it could be looked up (else the id is shown).
    pub location_name: Option<String>,
    /// `/people/{person_id}`, encoded.
    pub href: String,
}

/// One page of search results (the live region's content).
#[derive(Template, WebTemplate)]
#[template(path = "partials/search_results.html")]
pub struct SearchResults {
    pub t: &'static Messages,
    pub q: String,
    pub q_encoded: String,
    pub page: usize,
    pub prev_page: Option<usize>,
    pub next_page: Option<usize>,
    /// Whether the query was long enough to search at all.
    pub searched: bool,
    pub scan_stopped: bool,
    pub hits: Vec<SearchHit>,
}

/// The filter form; empty fields do not filter. Dates are `YYYY-MM-DD`, both inclusive (UTC).
#[derive(Deserialize, Default, Clone, Debug)]
pub struct AuditParams {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub feature: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: i64,
}

impl AuditParams {
    /// The query string of this filter (without the page), for links and the CSV export.
    pub fn query(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("person", &self.person)
            .append_pair("actor", &self.actor)
            .append_pair("feature", &self.feature)
            .append_pair("from", &self.from)
            .append_pair("to", &self.to)
            .finish()
    }
}

/// The audit log page: the filter form and the first table.
#[derive(Template, WebTemplate)]
#[template(path = "pages/audit.html")]
pub struct AuditPage {
    pub t: &'static Messages,
    pub user: SessionUser,
    pub params: AuditParams,
    pub table: AuditTable,
}

pub struct AuditRow {
    pub entry: crate::store::AuditEntry,
    /// When, in the viewer's time zone and language.
    pub when: String,
    /// RFC 3339, for `<time datetime>`.
    pub datetime: String,
    pub undoable: bool,
    /// The target's location (name, else id), for staff.
    pub location: Option<String>,
    /// The entry in words (`web::audit::words`).
    pub words: EntryWords,
}

/// An audit entry as people read it: the setting and the action in words, and each value it
/// changed as label, before, after.
#[derive(Debug, Clone, Default)]
pub struct EntryWords {
    pub feature: &'static str,
    pub action: &'static str,
    pub summary: String,
    pub changes: Vec<(&'static str, String, String)>,
}

impl AuditRow {
    /// A stored state as compact JSON (behind the "stored values" toggle).
    pub fn stored(value: &Option<serde_json::Value>) -> String {
        value
            .as_ref()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "—".into())
    }

    /// The result in the catalogue's words (the CSV export uses the same).
    pub fn result(&self, t: &Messages) -> &'static str {
        (t.audit_result)(self.entry.result)
    }
}

/// The audit table (swapped by the filter form and the page links).
#[derive(Template, WebTemplate)]
#[template(path = "partials/audit_table.html")]
pub struct AuditTable {
    pub t: &'static Messages,
    pub rows: Vec<AuditRow>,
    /// The filter as a query string (no page), for page links and the CSV export.
    pub query: String,
    /// This page's number.
    pub page: i64,
    pub prev_page: Option<i64>,
    pub next_page: Option<i64>,
}

/// One role-map entry as resolved now.
pub struct RoleRuleView {
    pub subject: String,
    pub grant: String,
    /// Display names (or emails) of the people it names.
    pub people: Vec<String>,
    pub error: Option<String>,
}

impl RoleRuleView {
    /// The rule as shown: scoped locations as "name (id)", or the id alone when `names` (location
    /// names by id) lacks it.
    pub fn new(
        t: &Messages,
        r: crate::auth::roles::ResolvedRule,
        names: &std::collections::HashMap<String, String>,
    ) -> Self {
        let grant = match &r.rule.scope {
            crate::auth::Scope::Locations(ids) if r.rule.role == crate::auth::Role::Helpdesk => {
                let labels: Vec<String> = ids
                    .iter()
                    .map(|id| match names.get(id) {
                        Some(name) => format!("{name} ({id})"),
                        None => id.clone(),
                    })
                    .collect();
                format!("{}@{}", r.rule.role.as_str(), labels.join(" | "))
            }
            _ => r.rule.role.as_str().to_owned(),
        };
        RoleRuleView {
            subject: r.rule.subject.to_string(),
            grant,
            people: r.members.into_iter().map(|(_, name)| name).collect(),
            error: r.error.as_ref().map(t.webex_error),
        }
    }
}

/// One feature's row in the admin page's scope table.
pub struct ScopeRowView {
    pub feature: &'static str,
    /// Each scope with its status text and CSS class (`granted`, `missing`, `unknown`).
    pub scopes: Vec<(&'static str, &'static str, &'static str)>,
    pub status: &'static str,
    pub status_class: &'static str,
    /// Why the status is unknown although scopes are known (the bot's token).
    pub note: Option<&'static str>,
}

impl ScopeRowView {
    pub fn new(t: &Messages, row: &crate::webex::scopes::FeatureScopes) -> Self {
        use crate::webex::scopes::{Credential, ScopeStatus};
        let class = |s: ScopeStatus| match s {
            ScopeStatus::Granted => "granted",
            ScopeStatus::Missing => "missing",
            ScopeStatus::Unknown => "unknown",
        };
        ScopeRowView {
            feature: (t.staff.scope_feature)(row.feature),
            scopes: row
                .scopes
                .iter()
                .map(|&(scope, s)| (scope, (t.staff.scope_status)(s), class(s)))
                .collect(),
            status: (t.staff.scope_status)(row.status),
            status_class: class(row.status),
            note: (row.credential == Credential::Bot).then_some(t.staff.scope_bot_note),
        }
    }
}

/// A failed change on the admin page, its time in the viewer's zone.
pub struct FailureView {
    pub when: String,
    pub entry: crate::store::AuditEntry,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin.html")]
pub struct AdminPage {
    pub t: &'static Messages,
    pub user: SessionUser,
    pub token_healthy: bool,
    pub token_problem: Option<String>,
    pub access_expires_in: Option<String>,
    pub refresh_expires_in: Option<String>,
    pub last_refresh: Option<String>,
    /// The granted scopes, space-separated; `None` when unknown.
    pub granted_scopes: Option<String>,
    pub scope_rows: Vec<ScopeRowView>,
    pub failures: Vec<FailureView>,
    pub rules: Vec<RoleRuleView>,
    pub recheck_secs: u64,
    pub active_sessions: Option<u64>,
    /// The service-app call budget's use over the last minute.
    pub budget: crate::webex::BudgetUsage,
}

impl PersonPage {
    /// The navigation's current page: "My settings" on one's own page, none on someone else's.
    fn nav(&self) -> &'static str {
        if self.on_behalf { "" } else { "me" }
    }
}

impl HelpdeskPage {
    fn results_view(&self) -> &SearchResults {
        &self.results
    }
}

impl SearchResults {
    fn results_view(&self) -> &SearchResults {
        self
    }
}

impl AuditPage {
    /// The settings the log can be filtered by: `(audit key, name)`.
    fn feature_choices(&self) -> Vec<(&'static str, &'static str)> {
        crate::features::Feature::ALL
            .into_iter()
            .map(|f| (f.audit_key(), (self.t.feature_name)(f)))
            .chain(std::iter::once(("sessions", self.t.staff.sessions_feature)))
            .collect()
    }

    fn table_view(&self) -> &AuditTable {
        &self.table
    }
}

impl AuditTable {
    fn table_view(&self) -> &AuditTable {
        self
    }
}

/// Said after a voicemail PIN reset.
#[derive(Template, WebTemplate)]
#[template(path = "partials/pin_reset_result.html")]
pub struct PinResetResult {
    pub t: &'static Messages,
    /// Refused by the per-user write limit: seconds until the next save may go.
    pub busy_secs: Option<u64>,
}

/// Said after an undo: done, or refused because the setting moved since.
#[derive(Template, WebTemplate)]
#[template(path = "partials/undo_result.html")]
pub struct UndoResult {
    pub t: &'static Messages,
    pub done: bool,
}

/// What `html` reads as: the markup dropped (a tag counts as a space), the few entities askama
/// writes decoded, runs of white space made one space.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
