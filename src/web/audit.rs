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
    store::{AuditEntry, AuditFilter, AuditResult, Visibility},
    views::{AuditPage, AuditParams, AuditRow, AuditTable},
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

/// The entries `user` may see, narrowed by `params`.
pub fn filter_for(user: &SessionUser, params: &AuditParams) -> Result<AuditFilter, AppError> {
    Ok(AuditFilter {
        target_person_id: nonempty(&params.person),
        actor_person_id: nonempty(&params.actor),
        feature: nonempty(&params.feature),
        from: day(&params.from)?,
        to: day(&params.to)?.map(|d| d + time::Duration::days(1)),
        limit: PAGE_SIZE,
        offset: params.page.max(0) * PAGE_SIZE,
        visibility: visibility(user),
    })
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
            target_location_ids: stored_location_ids(ids),
        },
        (Role::Helpdesk | Role::Admin, _) => Visibility::All,
    }
}

/// The audit log stores Webex location ids; a scope may name a bare UUID instead, so both
/// spellings are matched.
fn stored_location_ids(ids: &[String]) -> Vec<String> {
    use base64::Engine as _;
    let mut out = Vec::new();
    for id in ids {
        out.push(id.clone());
        if uuid::Uuid::parse_str(id).is_ok() {
            for uuid in [id.to_lowercase(), id.to_uppercase()] {
                out.push(
                    base64::engine::general_purpose::STANDARD_NO_PAD
                        .encode(format!("ciscospark://us/LOCATION/{uuid}")),
                );
            }
        }
    }
    out
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
) -> Result<AuditTable, AppError> {
    table(&state, locale, &user, &params).await
}

async fn table(
    state: &AppState,
    locale: crate::i18n::Locale,
    user: &SessionUser,
    params: &AuditParams,
) -> Result<AuditTable, AppError> {
    let mut filter = filter_for(user, params)?;
    // One more than a page says whether there is a next one.
    filter.limit += 1;
    let mut entries = state.store.list_audit(&filter).await.map_err(store_error)?;
    let has_next = entries.len() as i64 > PAGE_SIZE;
    entries.truncate(PAGE_SIZE as usize);
    let page = params.page.max(0);
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
                when: locale.datetime(e.at),
                datetime: e
                    .at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                undoable: undoable(&e) && in_reach(user, &e),
                location: e.target_location_id.as_ref().and_then(|id| {
                    user.role
                        .is_staff()
                        .then(|| names.get(id).cloned().unwrap_or_else(|| id.clone()))
                }),
                entry: e,
            })
            .collect(),
        query: params.query(),
        prev_page: (page > 0).then(|| page - 1),
        next_page: has_next.then_some(page + 1),
    })
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
    entry.result == AuditResult::Success && entry.before.is_some() && entry.after.is_some()
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
    let mut filter = filter_for(&user, &params)?;
    filter.offset = 0;
    filter.limit = CSV_MAX_ROWS;
    let entries = state.store.list_audit(&filter).await.map_err(store_error)?;
    let mut out = String::new();
    // Headers in the reader's language; the values stay the log's own (stable for imports).
    push_record(&mut out, t.staff.csv_header.iter().map(|s| s.to_string()));
    for e in &entries {
        push_record(&mut out, csv_fields(e));
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

fn csv_fields(e: &AuditEntry) -> impl Iterator<Item = String> {
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
        e.result.to_string(),
        e.ticket.clone().unwrap_or_default(),
        e.error.clone().unwrap_or_default(),
        e.webex_tracking_id.clone().unwrap_or_default(),
        e.request_id.clone(),
        e.undo_of.map(|id| id.to_string()).unwrap_or_default(),
        json(&e.before),
        json(&e.after),
    ]
    .into_iter()
}

/// Appends one CSV record (RFC 4180, CRLF line ends).
fn push_record(out: &mut String, fields: impl Iterator<Item = String>) {
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

    #[test]
    fn bare_location_uuids_match_stored_webex_ids() {
        let ids = stored_location_ids(&["10ca7100-0000-4000-8000-000000000001".into()]);
        assert!(ids.contains(&crate::simulator::seed::location_id(
            "10ca7100-0000-4000-8000-000000000001"
        )));
    }
}
