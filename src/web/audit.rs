//! The audit log as people read it: `GET /audit` (+ `/hx/audit`), `GET /audit.csv`.
//!
//! Who sees what is decided here from the session, whatever the query asks ([`visibility`]):
//! employees see the entries about themselves; a helpdesk scoped to locations sees those, the
//! entries it made (wherever the target is now) and the entries about people in its locations;
//! org-wide helpdesk and admins see everything. The query's filters only narrow that. The list, the
//! CSV export and undo all go by the same rule.

use axum::{
    Form,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use futures_util::StreamExt as _;
use time::{Date, OffsetDateTime, macros::format_description};

use super::{
    Lang, ViewerLocale,
    middleware::ReqId,
    people::TicketForm,
    settings::{Ctx, cards},
};
use crate::{
    app::AppState,
    auth::{CurrentUser, Role, Scope, SessionUser},
    error::AppError,
    features::Feature,
    store::{AuditAction, AuditEntry, AuditFilter, AuditResult, Visibility},
    views::{AuditPage, AuditParams, AuditRow, AuditTable, EntryWords},
};

pub const PAGE_SIZE: i64 = 50;
/// The most rows one CSV export holds.
pub const CSV_MAX_ROWS: i64 = 10_000;

fn nonempty(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn day(s: &str) -> Result<Option<OffsetDateTime>, AppError> {
    let Some(s) = nonempty(s) else {
        return Ok(None);
    };
    Date::parse(&s, format_description!("[year]-[month]-[day]"))
        .map(|d| Some(d.midnight().assume_utc()))
        .map_err(|_| AppError::BadRequest("dates are YYYY-MM-DD"))
}

/// The entries `user` may see, narrowed by `params`, with an email in the person filters looked
/// up at Webex ([`filter_for`] does the rest).
pub async fn resolved_filter(
    state: &AppState,
    user: &SessionUser,
    params: &AuditParams,
) -> Result<AuditFilter, AppError> {
    let mut filter = filter_for(user, params)?;
    for (id, given) in [
        (&mut filter.target_person_id, &params.person),
        (&mut filter.actor_person_id, &params.actor),
    ] {
        if let Some(email) = nonempty(given).filter(|g| g.contains('@')) {
            *id = Some(person_with_email(state, email).await);
        }
    }
    Ok(filter)
}

/// The entries `user` may see, narrowed by `params`. A person filter is a Webex person id as it
/// is, an email (looked up by [`resolved_filter`]), or else part of a name.
pub fn filter_for(user: &SessionUser, params: &AuditParams) -> Result<AuditFilter, AppError> {
    let (target_person_id, target_name_contains) = person_filter(&params.person);
    let (actor_person_id, actor_name_contains) = person_filter(&params.actor);
    Ok(AuditFilter {
        target_person_id,
        actor_person_id,
        target_name_contains,
        actor_name_contains,
        feature: nonempty(&params.feature),
        from: day(&params.from)?,
        // `to` is inclusive: up to the next midnight. The last day `time` knows has none, and
        // means "no upper bound" anyway.
        to: day(&params.to)?.and_then(|d| d.checked_add(time::Duration::days(1))),
        limit: PAGE_SIZE,
        offset: page_offset(params.page)?,
        visibility: visibility(user),
    })
}

/// `(person id, part of a name)` for what the filter form says; an email is neither yet.
fn person_filter(given: &str) -> (Option<String>, Option<String>) {
    match nonempty(given) {
        None => (None, None),
        Some(g) if crate::webex::person_uuid(&g).is_some() => (Some(g), None),
        Some(g) if g.contains('@') => (None, None),
        Some(g) => (None, Some(g)),
    }
}

/// The id of the person Webex knows by `email` (FACTS §8); someone it does not know (or a
/// failed lookup) leaves the email itself, which matches no entry.
async fn person_with_email(state: &AppState, email: String) -> String {
    let people = state.webex.list_people(crate::webex::PeopleQuery {
        email: Some(email.clone()),
        ..Default::default()
    });
    match std::pin::pin!(people).next().await {
        Some(Ok(person)) => person.id,
        _ => email,
    }
}

/// The first row of page `page` (pages before the first are the first); a page past what an
/// `i64` can count is refused rather than wrapped.
fn page_offset(page: i64) -> Result<i64, AppError> {
    page.max(0)
        .checked_mul(PAGE_SIZE)
        .ok_or(AppError::BadRequest("no such page of the audit log"))
}

/// The entries `user` may see at all.
pub fn visibility(user: &SessionUser) -> Visibility {
    let me = Some(user.person_id.clone());
    match (user.role, &user.scope) {
        (Role::Employee, _) => Visibility::Only {
            about: me,
            made_by: None,
            target_location_ids: Vec::new(),
        },
        (Role::Helpdesk, Scope::Locations(ids)) => Visibility::Only {
            about: me.clone(),
            made_by: me,
            // Sign-in turned bare UUIDs into Webex ids (`Scope::with_webex_ids`), as the
            // audit log stores them.
            target_location_ids: ids.clone(),
        },
        (Role::Helpdesk | Role::Admin, _) => Visibility::All,
    }
}

/// Whether `user` may see (and so try to undo) `entry`: the rule [`filter_for`] applies in SQL.
pub fn may_see(user: &SessionUser, entry: &AuditEntry) -> bool {
    visibility(user).admits(entry)
}

pub async fn get_audit(
    State(state): State<AppState>,
    ViewerLocale(locale): ViewerLocale,
    CurrentUser(user): CurrentUser,
    Query(params): Query<AuditParams>,
) -> Result<AuditPage, AppError> {
    let table = table(&state, locale, &user, &params).await?;
    Ok(AuditPage {
        t: locale.t,
        params,
        user,
        table,
    })
}

pub async fn get_audit_fragment(
    State(state): State<AppState>,
    ViewerLocale(locale): ViewerLocale,
    CurrentUser(user): CurrentUser,
    Query(params): Query<AuditParams>,
) -> Result<Response, AppError> {
    let table = table(&state, locale, &user, &params).await?;
    // The address bar shows the page this table belongs to, never the fragment's URL: reloading
    // or sharing it gives the whole page with the same filter.
    let page = format!("/audit?{}&page={}", params.query(), params.page.max(0));
    let push = http::HeaderValue::try_from(page)
        .map_err(|_| AppError::BadRequest("the filter cannot be put in a URL"))?;
    Ok((
        [(http::HeaderName::from_static("hx-push-url"), push)],
        table,
    )
        .into_response())
}

async fn table(
    state: &AppState,
    locale: crate::i18n::Locale,
    user: &SessionUser,
    params: &AuditParams,
) -> Result<AuditTable, AppError> {
    let mut filter = resolved_filter(state, user, params).await?;
    // One more than a page says whether there is a next one.
    filter.limit += 1;
    let mut entries = state.store.list_audit(&filter).await.map_err(store_error)?;
    let has_next = entries.len() as i64 > PAGE_SIZE;
    entries.truncate(PAGE_SIZE as usize);
    let page = params.page.max(0);
    // An entry already undone is not offered for undo again.
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let undone = state.store.undone_among(&ids).await.map_err(store_error)?;
    // Staff see where the people are; an employee's entries are all about themselves.
    let names = if user.role.is_staff() {
        let ids = entries
            .iter()
            .filter_map(|e| e.target_location_id.as_deref());
        state.locations.names(&state.webex, ids).await
    } else {
        Default::default()
    };
    Ok(AuditTable {
        t: locale.t,
        rows: entries
            .into_iter()
            .map(|e| AuditRow {
                words: words(locale.t, &e),
                when: locale.datetime(e.at),
                datetime: e
                    .at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                undoable: undoable(&e) && in_reach(user, &e) && !undone.contains(&e.id),
                location: e.target_location_id.as_ref().and_then(|id| {
                    user.role
                        .is_staff()
                        .then(|| names.get(id).cloned().unwrap_or_else(|| id.clone()))
                }),
                entry: e,
            })
            .collect(),
        query: params.query(),
        page,
        prev_page: (page > 0).then(|| page - 1),
        next_page: has_next.then(|| page.saturating_add(1)),
    })
}

/// `entry` in words: its setting's name, the action, a one-line summary, and the values it changed
/// in the setting's card's own words (the registry's card reads the stored states).
pub fn words(t: &'static crate::i18n::Messages, entry: &AuditEntry) -> EntryWords {
    let feature = Feature::from_audit_key(&entry.feature);
    let feature_name = t.audit_feature(&entry.feature);
    let changes = match (feature, &entry.before, &entry.after) {
        (Some(f), Some(before), Some(after)) => cards::card(f).changes(t, before, after),
        _ => Vec::new(),
    };
    let labels: Vec<&str> = changes.iter().map(|(label, _, _)| *label).collect();
    EntryWords {
        feature: feature_name,
        action: (t.audit_action)(entry.action),
        summary: (t.change_summary)(feature_name, entry.action, &labels),
        changes,
    }
}

/// Whether `entry`'s target, where the entry recorded them, is someone `user` may change: the list
/// offers undo only then (a scoped helpdesk also sees entries it made about people now elsewhere).
/// The undo itself authorizes on the target's location now.
fn in_reach(user: &SessionUser, entry: &AuditEntry) -> bool {
    entry.target_person_id == user.person_id
        || (user.role != Role::Employee
            && match &user.scope {
                Scope::Org => true,
                scope => entry
                    .target_location_id
                    .as_deref()
                    .is_some_and(|loc| scope.covers(loc)),
            })
}

/// Whether an entry records a change that can be put back: a successful settings change with a
/// before-state. (Whether this user may try to undo it was settled by showing it to them.)
pub fn undoable(entry: &AuditEntry) -> bool {
    // Card saves only: a call rule's criterion entry holds a criterion, not the card's setting.
    matches!(
        entry.action,
        AuditAction::Update | AuditAction::Undo | AuditAction::BulkApply
    ) && entry.result == AuditResult::Success
        && entry.before.is_some()
        && entry.after.is_some()
}

/// `POST /hx/audit/{id}/undo`: puts the entry's before-state back through the same checked save
/// as a card (authorization on the target now, feature access, conflict detection), audited as an
/// `undo` of the entry. Refused when the setting no longer holds the entry's after-state.
pub async fn post_undo(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    ReqId(request_id): ReqId,
    Path(id): Path<i64>,
    Form(form): Form<TicketForm>,
) -> Result<Response, AppError> {
    let entry = state
        .store
        .get_audit(id)
        .await
        .map_err(store_error)?
        .ok_or(AppError::NotFound)?;
    // An entry the user may not see does not exist for them.
    if !may_see(&user, &entry) {
        return Err(AppError::NotFound);
    }
    if !undoable(&entry) {
        return Err(AppError::BadRequest("this entry cannot be undone"));
    }
    // Only the registry's features have a card to undo through.
    let feature = Feature::from_audit_key(&entry.feature)
        .ok_or(AppError::BadRequest("this setting cannot be undone here"))?;
    let mut cx = Ctx::authorize_write(
        &state,
        t,
        user,
        &entry.target_person_id,
        request_id,
        feature,
    )
    .await?;
    cx.undo_of = Some(entry.id);
    cards::card(feature).undo(&cx, &entry, form.ticket).await
}

pub async fn get_audit_csv(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Query(params): Query<AuditParams>,
) -> Result<Response, AppError> {
    let mut filter = resolved_filter(&state, &user, &params).await?;
    filter.offset = 0;
    filter.limit = CSV_MAX_ROWS;
    let entries = state.store.list_audit(&filter).await.map_err(store_error)?;
    let mut out = String::new();
    // Headers in the reader's language; the values stay the log's own (stable for imports).
    push_record(&mut out, t.staff.csv_header.iter().map(|s| s.to_string()));
    for e in &entries {
        push_record(&mut out, csv_fields(e, t));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// One entry's fields. The result is in the page's words, and so is the `error` column: the
/// cause recorded with a failure is for the portal's log (it can name internals), never exported.
fn csv_fields(e: &AuditEntry, t: &'static crate::i18n::Messages) -> impl Iterator<Item = String> {
    let result = (t.audit_result)(e.result).to_owned();
    let error = if e.result == AuditResult::Success {
        String::new()
    } else {
        result.clone()
    };
    let json =
        |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    [
        e.id.to_string(),
        e.at.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        e.actor_name.clone(),
        e.actor_person_id.clone(),
        e.actor_role.as_str().to_owned(),
        e.target_name.clone(),
        e.target_person_id.clone(),
        e.target_location_id.clone().unwrap_or_default(),
        e.feature.clone(),
        e.action.as_str().to_owned(),
        result,
        e.ticket.clone().unwrap_or_default(),
        error,
        e.webex_tracking_id.clone().unwrap_or_default(),
        e.request_id.clone(),
        e.undo_of.map(|id| id.to_string()).unwrap_or_default(),
        json(&e.before),
        json(&e.after),
    ]
    .into_iter()
}

/// Appends one CSV record (RFC 4180, CRLF line ends).
pub(crate) fn push_record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(&field));
    }
    out.push_str("\r\n");
}

/// One CSV field. A field a spreadsheet would read as a formula (leading `=`, `+`, `-`, `@`, tab
/// or carriage return) gets a leading `'` (OWASP "CSV injection"); a field with a comma, quote or
/// line break is quoted, its quotes doubled.
pub fn csv_field(value: &str) -> String {
    let mut field = String::with_capacity(value.len() + 3);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        field.push('\'');
    }
    field.push_str(value);
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

pub fn store_error(e: crate::store::StoreError) -> AppError {
    AppError::Internal(format!("store: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("Doe, Jane"), "\"Doe, Jane\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("+1 617"), "'+1 617");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_field("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_field(""), "");
    }
}
