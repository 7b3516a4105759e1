//! Bulk changes for helpdesk and admins (issue 18; the job itself: `crate::bulk`,
//! `crate::jobs::bulk`). Staff only, and a job is seen only by who started it and by admins.
//!
//! - `GET /bulk`: the form (who: a location, a Webex group, a search or a CSV file; what: one
//!   setting's fields, or reset to Webex's defaults) and the recent bulk changes.
//! - `POST /bulk`: checks the form (a refused one keeps what was entered), creates the job with
//!   its plan step, and goes to `GET /bulk/{job_id}`, whose status (`GET /hx/bulk/{job_id}`)
//!   reloads itself while the job runs: finding people, the preview, applying, the report.
//! - `POST /hx/bulk/{job_id}/{action}`: apply the preview, pause, resume, cancel, undo the job.
//! - `GET /bulk/{job_id}/report.csv`, `GET /bulk/template.csv?feature=…`.

use axum::{
    extract::{FromRequest as _, Multipart, Path, Query, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use serde_json::json;

use super::{Lang, ViewerLocale};
use crate::{
    app::AppState,
    auth::{CurrentUser, Role, SessionUser},
    bulk::{
        self, APPLY, CHECK, Change, PLAN, PlanStep, Refused, RefusedReason, Row, RowStatus,
        RowStep, Tally, Targeting, UNDO,
    },
    error::AppError,
    features::Feature,
    i18n::{Locale, Messages},
    store::{Job, JobActor, JobState, NewJob, NewJobStep, StepState},
    views::bulk::{
        BulkFields, BulkFormValues, BulkJobPage, BulkPage, BulkStatus, FieldRow, JobLine, Progress,
        RowView,
    },
    web::{
        audit::{push_record, store_error},
        settings::cards::{RESET, card, switch_value},
    },
};

/// Rows the status shows; the report has them all.
const ROWS_SHOWN: usize = 200;
/// The largest CSV file taken (20,000 rows of a few settings).
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Deserialize, Default)]
pub struct FeatureParam {
    #[serde(default)]
    feature: String,
}

fn bulk_feature(segment: &str) -> Option<Feature> {
    bulk::features().find(|f| f.segment() == segment)
}

/// The fields of the setting `segment` with the values `entered` (form field, value).
fn fields_view(t: &'static Messages, segment: &str, entered: &[(String, String)]) -> BulkFields {
    let feature = bulk_feature(segment);
    let fields = feature
        .map(|f| {
            let labels = crate::web::settings::cards::field_labels(f, t);
            card(f)
                .bulk_fields()
                .into_iter()
                .map(|field| {
                    let input = format!("set.{}", field.name);
                    FieldRow {
                        label: labels.get(&field.name).cloned(),
                        value: entered
                            .iter()
                            .find(|(k, _)| *k == input)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default(),
                        column: bulk::column(f, &field.name),
                        switch: field.switch,
                        input,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    BulkFields {
        t,
        segment: feature.map(|f| f.segment().to_owned()).unwrap_or_default(),
        fields,
        offers_reset: feature.is_some_and(|f| card(f).offers_reset()),
        template_href: format!(
            "/bulk/template.csv?feature={}",
            feature.map(|f| f.segment()).unwrap_or_default()
        ),
    }
}

async fn page(
    state: &AppState,
    t: &'static Messages,
    locale: &Locale,
    user: SessionUser,
    form: BulkFormValues,
    entered: &[(String, String)],
    errors: Vec<String>,
) -> Result<BulkPage, AppError> {
    use futures_util::TryStreamExt as _;
    let webex = state.webex.for_actor(&user.person_id);
    let mut locations: Vec<(String, String, bool)> = webex
        .list_locations(None)
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .filter(|l| user.covers_location(&l.id))
        .map(|l| {
            let chosen = l.id == form.location;
            (l.id, l.name, chosen)
        })
        .collect();
    locations.sort_by(|a, b| a.1.cmp(&b.1));
    let features = bulk::features()
        .map(|f| {
            (
                f.segment().to_owned(),
                (t.feature_name)(f).to_owned(),
                f.segment() == form.feature,
            )
        })
        .collect();
    let created_by = (user.role != Role::Admin).then_some(user.person_id.as_str());
    let jobs = state
        .store
        .jobs_of_kind(bulk::KIND, created_by, 20)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|j| JobLine {
            href: format!("/bulk/{}", j.id),
            when: locale.datetime(j.created_at),
            state: job_state_text(t, &j).to_owned(),
            title: j.title,
        })
        .collect();
    Ok(BulkPage {
        t,
        fields: fields_view(t, &form.feature, entered),
        user,
        form,
        errors,
        locations,
        features,
        jobs,
    })
}

fn job_state_text(t: &'static Messages, job: &Job) -> &'static str {
    let m = t.bulk;
    match job.state {
        JobState::Active if job.paused_at.is_some() => m.state_paused,
        JobState::Active => m.state_running,
        JobState::Done => m.state_done,
        JobState::Failed => m.state_failed,
        JobState::Cancelled => m.state_cancelled,
    }
}

/// `GET /bulk`.
pub async fn get_bulk(
    State(state): State<AppState>,
    Lang(t): Lang,
    ViewerLocale(locale): ViewerLocale,
    CurrentUser(user): CurrentUser,
    Query(form): Query<BulkFormValues>,
) -> Result<BulkPage, AppError> {
    page(&state, t, &locale, user, form, &[], Vec::new()).await
}

/// `GET /hx/bulk/fields?feature=…`: the chosen setting's fields.
pub async fn get_fields(Lang(t): Lang, Query(p): Query<FeatureParam>) -> BulkFields {
    fields_view(t, &p.feature, &[])
}

/// `GET /bulk/template.csv?feature=…`: a CSV with every column of the setting (or of all).
pub async fn get_template(Query(p): Query<FeatureParam>) -> Response {
    let columns = bulk::all_columns(bulk_feature(&p.feature));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    csv_response("bulk-template.csv", bulk::csv::template(&columns))
}

fn csv_response(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// What `POST /bulk` read: the form's text fields, and the CSV file's name and text.
struct Posted {
    pairs: Vec<(String, String)>,
    file: Option<(String, Result<String, ()>)>,
}

async fn read_posted(request: Request) -> Result<Posted, AppError> {
    let mut parts = Multipart::from_request(request, &())
        .await
        .map_err(|_| AppError::BadRequest("the form could not be read"))?;
    let mut posted = Posted {
        pairs: Vec::new(),
        file: None,
    };
    loop {
        let field = match parts.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(AppError::BadRequest("the form could not be read")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "csv" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::BadRequest("the file could not be read"))?;
            if !bytes.is_empty() {
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| ());
                posted.file = Some((file_name, text));
            }
        } else if let Ok(value) = field.text().await {
            posted.pairs.push((name, value));
        }
    }
    Ok(posted)
}

/// `POST /bulk`: a new bulk change, or the form again with what is wrong.
pub async fn post_bulk(
    State(state): State<AppState>,
    Lang(t): Lang,
    ViewerLocale(locale): ViewerLocale,
    CurrentUser(user): CurrentUser,
    request: Request,
) -> Result<Response, AppError> {
    let posted = read_posted(request).await?;
    let value = |key: &str| {
        posted
            .pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let form = BulkFormValues {
        target: value("target"),
        location: value("location"),
        group: value("group"),
        query: value("query"),
        feature: value("feature"),
        ticket: value("ticket"),
    };
    let m = t.bulk;
    let mut errors = Vec::new();
    let targeting = match form.target.as_str() {
        "location" if !form.location.is_empty() && user.covers_location(&form.location) => {
            let names = state
                .locations
                .names(&state.webex, [form.location.as_str()])
                .await;
            match names.get(&form.location) {
                Some(name) => Some(Targeting::Location {
                    id: form.location.clone(),
                    name: name.clone(),
                }),
                None => {
                    errors.push(m.choose_location.to_owned());
                    None
                }
            }
        }
        "location" => {
            errors.push(m.choose_location.to_owned());
            None
        }
        "group" if !form.group.is_empty() => Some(Targeting::Group {
            name: form.group.clone(),
        }),
        "group" => {
            errors.push(m.enter_group.to_owned());
            None
        }
        "search" if form.query.chars().count() >= 2 => Some(Targeting::Search {
            query: form.query.clone(),
        }),
        "search" => {
            errors.push(m.enter_query.to_owned());
            None
        }
        "csv" => match &posted.file {
            None => {
                errors.push(m.choose_file.to_owned());
                None
            }
            Some((_, Err(()))) => {
                errors.push(m.file_not_utf8.to_owned());
                None
            }
            Some((name, Ok(text))) => match csv_problem(t, text) {
                Some(problem) => {
                    errors.push(problem);
                    None
                }
                None => Some(Targeting::Csv {
                    file_name: name.clone(),
                    text: text.clone(),
                }),
            },
        },
        _ => {
            errors.push(m.choose_target.to_owned());
            None
        }
    };
    // A CSV's columns say what changes; otherwise the setting's fields do.
    let change = if form.target == "csv" {
        None
    } else {
        match change_of(t, &form.feature, &posted.pairs) {
            Ok(change) => Some(change),
            Err(problem) => {
                errors.push(problem);
                None
            }
        }
    };
    let Some(targeting) = targeting.filter(|_| errors.is_empty()) else {
        let mut page = page(&state, t, &locale, user, form, &posted.pairs, errors).await?;
        page.errors.dedup();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let now = state.clock.now();
    let title = title_of(t, &targeting, change.as_ref());
    let plan = PlanStep {
        actor: user.clone(),
        lang: t.lang.to_owned(),
        targeting,
        change: change.clone(),
        ticket: (!form.ticket.is_empty()).then(|| form.ticket.chars().take(100).collect()),
    };
    let job = NewJob {
        kind: bulk::KIND.to_owned(),
        created_by: JobActor {
            person_id: user.person_id.clone(),
            name: user.display_name.clone(),
            role: user.role,
        },
        target_person_id: None,
        title,
        payload: json!({ "change": change }),
    };
    let step = NewJobStep {
        kind: PLAN.to_owned(),
        target_person_id: user.person_id.clone(),
        feature: change.map(|c| c.feature).unwrap_or_default(),
        due_at: now,
        payload: json!(plan),
    };
    let id = state
        .store
        .create_job(&job, &[step], now)
        .await
        .map_err(store_error)?;
    state.jobs.wake();
    Ok(Redirect::to(&format!("/bulk/{id}")).into_response())
}

/// What is wrong with a CSV file as a whole, if anything.
fn csv_problem(t: &'static Messages, text: &str) -> Option<String> {
    let m = t.bulk;
    let parsed = match bulk::csv::parse(text) {
        Ok(p) => p,
        Err(e) => return Some((m.file_error)(&e)),
    };
    match bulk::read_columns(&parsed.columns) {
        Err(bulk::ColumnError::UnknownSetting(c) | bulk::ColumnError::UnknownField(c)) => {
            Some((m.unknown_column)(&c))
        }
        Ok(_) if parsed.rows.is_empty() => Some(m.file_no_rows.to_owned()),
        Ok(_) => None,
    }
}

/// The change the form asks for: the setting's fields that were given, or a reset.
fn change_of(
    t: &'static Messages,
    segment: &str,
    pairs: &[(String, String)],
) -> Result<Change, String> {
    let m = t.bulk;
    let feature = bulk_feature(segment).ok_or_else(|| m.choose_setting.to_owned())?;
    let any = card(feature);
    if any.offers_reset() && pairs.iter().any(|(k, v)| k == "reset" && !v.is_empty()) {
        return Ok(Change {
            feature: feature.audit_key().to_owned(),
            fields: vec![(RESET.to_owned(), "yes".to_owned())],
        });
    }
    let known = any.bulk_fields();
    let mut fields = Vec::new();
    for (key, value) in pairs {
        let Some(name) = key.strip_prefix("set.") else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let field = known
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| (m.unknown_field)(name))?;
        if field.switch && switch_value(value).is_none() {
            return Err((m.not_on_off)(name));
        }
        fields.push((name.to_owned(), value.to_owned()));
    }
    if fields.is_empty() {
        return Err(m.nothing_to_change.to_owned());
    }
    Ok(Change {
        feature: feature.audit_key().to_owned(),
        fields,
    })
}

fn title_of(t: &'static Messages, targeting: &Targeting, change: Option<&Change>) -> String {
    let m = t.bulk;
    let who = match targeting {
        Targeting::Location { name, .. } => (m.title_location)(name),
        Targeting::Group { name } => (m.title_group)(name),
        Targeting::Search { query } => (m.title_search)(query),
        Targeting::Csv { file_name, .. } => (m.title_csv)(file_name),
    };
    match change.and_then(|c| Feature::from_audit_key(&c.feature)) {
        Some(f) => format!("{} · {who}", (t.feature_name)(f)),
        None => who,
    }
}

// ---------------------------------------------------------------------------------------------
// A job

/// The bulk job `id`, if the user may see it: who started it, and admins.
async fn visible_job(state: &AppState, user: &SessionUser, id: i64) -> Result<Job, AppError> {
    let job = state
        .store
        .get_job(id)
        .await
        .map_err(store_error)?
        .filter(|j| j.kind == bulk::KIND)
        .ok_or(AppError::NotFound)?;
    if job.created_by_person_id != user.person_id && user.role != Role::Admin {
        return Err(AppError::NotFound);
    }
    Ok(job)
}

/// `GET /bulk/{job_id}`.
pub async fn get_job(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<BulkJobPage, AppError> {
    let job = visible_job(&state, &user, id).await?;
    let status = status(&state, t, &job, None).await?;
    let status_html = askama::Template::render(&status)
        .map_err(|e| AppError::Internal(format!("bulk status template: {e}")))?;
    Ok(BulkJobPage {
        t,
        user,
        title: job.title,
        status_html,
    })
}

/// `GET /hx/bulk/{job_id}`.
pub async fn get_status(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<BulkStatus, AppError> {
    let job = visible_job(&state, &user, id).await?;
    status(&state, t, &job, None).await
}

/// `POST /hx/bulk/{job_id}/{action}`: `apply`, `pause`, `resume`, `cancel` or `undo`.
pub async fn post_action(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Path((id, action)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let job = visible_job(&state, &user, id).await?;
    let store = &state.store;
    let now = state.clock.now();
    let m = t.bulk;
    let counts = Counts::of(&state, id).await?;
    let notice = match action.as_str() {
        "apply" if counts.check.open == 0 && counts.check.total > 0 && counts.apply.total == 0 => {
            let added = follow_up(&state, id, CHECK, RowStatus::Change, APPLY).await?;
            added.map_or(m.nothing_to_apply, |added| {
                if added { m.applying } else { m.not_now }
            })
        }
        "undo" if counts.apply.open == 0 && counts.apply.total > 0 && counts.undo.total == 0 => {
            let added = follow_up(&state, id, APPLY, RowStatus::Applied, UNDO).await?;
            added.map_or(
                m.nothing_to_undo,
                |added| if added { m.undoing } else { m.not_now },
            )
        }
        "pause" => {
            store
                .set_job_paused(id, true, now)
                .await
                .map_err(store_error)?;
            m.paused
        }
        "resume" => {
            store
                .set_job_paused(id, false, now)
                .await
                .map_err(store_error)?;
            state.jobs.wake();
            m.resumed
        }
        "cancel" => {
            store
                .cancel_pending_steps(id, now)
                .await
                .map_err(store_error)?;
            store.settle_job(id, now).await.map_err(store_error)?;
            m.cancelled
        }
        "apply" | "undo" => m.not_now,
        _ => return Err(AppError::NotFound),
    };
    let job = store
        .get_job(job.id)
        .await
        .map_err(store_error)?
        .ok_or(AppError::NotFound)?;
    Ok(status(&state, t, &job, Some(notice.to_owned()))
        .await?
        .into_response())
}

/// Adds a `kind` step for every `from` step of job `id` whose row came to `status` (the apply
/// after the preview, the undo after the apply), each naming the step it follows. `None`: no
/// row to follow; `Some(false)`: another click added them first.
async fn follow_up(
    state: &AppState,
    id: i64,
    from: &str,
    status: RowStatus,
    kind: &str,
) -> Result<Option<bool>, AppError> {
    let store = &state.store;
    let now = state.clock.now();
    let steps: Vec<NewJobStep> = store
        .job_steps_of(id, from, 0, i64::MAX)
        .await
        .map_err(store_error)?
        .iter()
        .filter(|s| Row::of(s).status == status)
        .filter_map(|s| {
            let mut row: RowStep = serde_json::from_value(s.payload.clone()).ok()?;
            row.of_step = Some(s.id);
            Some(NewJobStep {
                kind: kind.to_owned(),
                target_person_id: s.target_person_id.clone(),
                feature: s.feature.clone(),
                due_at: now,
                payload: json!(row),
            })
        })
        .collect();
    if steps.is_empty() {
        return Ok(None);
    }
    let added = store
        .add_job_steps_once(id, kind, &steps, now)
        .await
        .map_err(store_error)?;
    if added {
        state.jobs.wake();
    }
    Ok(Some(added))
}

/// Steps of one kind: how many, how many still open, how many failed.
#[derive(Debug, Default, Clone, Copy)]
struct KindCount {
    total: i64,
    open: i64,
    failed: i64,
}

#[derive(Debug, Default)]
struct Counts {
    plan: KindCount,
    check: KindCount,
    apply: KindCount,
    undo: KindCount,
}

impl Counts {
    async fn of(state: &AppState, job_id: i64) -> Result<Counts, AppError> {
        let mut counts = Counts::default();
        for (kind, slot) in [
            (PLAN, &mut counts.plan),
            (CHECK, &mut counts.check),
            (APPLY, &mut counts.apply),
            (UNDO, &mut counts.undo),
        ] {
            for (state_of, n) in state
                .store
                .job_step_counts_of(job_id, kind)
                .await
                .map_err(store_error)?
            {
                slot.total += n;
                if !state_of.is_final() {
                    slot.open += n;
                }
                if state_of == StepState::Failed {
                    slot.failed += n;
                }
            }
        }
        Ok(counts)
    }
}

/// The job's status: where it is, what it found, what it did, what may be done next.
async fn status(
    state: &AppState,
    t: &'static Messages,
    job: &Job,
    notice: Option<String>,
) -> Result<BulkStatus, AppError> {
    let m = t.bulk;
    let store = &state.store;
    let counts = Counts::of(state, job.id).await?;
    let plan_step = store
        .job_steps_of(job.id, PLAN, 0, 1)
        .await
        .map_err(store_error)?
        .pop();
    let refused: Vec<RowView> = plan_step
        .as_ref()
        .and_then(|s| s.result.as_ref())
        .and_then(|r| serde_json::from_value::<Vec<Refused>>(r["refused"].clone()).ok())
        .unwrap_or_default()
        .iter()
        .map(|r| refused_view(t, r))
        .collect();
    let paused = job.paused_at.is_some();
    let running = job.state == JobState::Active;
    let url = format!("/hx/bulk/{}", job.id);
    let mut view = BulkStatus {
        t,
        url,
        phase: String::new(),
        poll: running && !paused,
        notice,
        error: None,
        progress: None,
        tally: Vec::new(),
        rows: Vec::new(),
        more_rows: None,
        refused,
        can_apply: None,
        can_pause: running && !paused,
        can_resume: running && paused,
        can_cancel: running,
        can_undo: false,
        report_href: None,
    };
    // The phase is that of the latest kind of step the job has.
    let (kind, count) = if counts.undo.total > 0 {
        (UNDO, counts.undo)
    } else if counts.apply.total > 0 {
        (APPLY, counts.apply)
    } else if counts.check.total > 0 {
        (CHECK, counts.check)
    } else {
        (PLAN, counts.plan)
    };
    if kind == PLAN {
        view.phase = if count.open > 0 {
            m.phase_finding.to_owned()
        } else if count.failed > 0 {
            view.error = plan_step
                .as_ref()
                .and_then(|s| s.last_error.clone())
                .map(|e| (m.plan_failed)(&e));
            m.phase_failed.to_owned()
        } else if job.state == JobState::Cancelled {
            m.state_cancelled.to_owned()
        } else {
            m.phase_nobody.to_owned()
        };
        return Ok(view);
    }
    if count.open > 0 {
        view.progress = Some(progress(state, t, kind, count, paused));
    }
    // While it runs (and the page reloads every few seconds) only the first rows are read; the
    // whole report once it is done.
    let running_rows = count.open > 0;
    let limit = if running_rows {
        ROWS_SHOWN as i64
    } else {
        i64::MAX
    };
    let steps = store
        .job_steps_of(job.id, kind, 0, limit)
        .await
        .map_err(store_error)?;
    let mut rows: Vec<Row> = steps.iter().map(Row::of).collect();
    // The report: the rows applied, and the previewed rows that were not to be applied.
    if kind != CHECK && !running_rows {
        let checks = store
            .job_steps_of(job.id, CHECK, 0, i64::MAX)
            .await
            .map_err(store_error)?;
        rows.extend(
            checks
                .iter()
                .map(Row::of)
                .filter(|r| r.status != RowStatus::Change),
        );
    }
    let tally = Tally::of(&rows);
    if !running_rows {
        view.tally = tally_view(t, &tally);
    }
    view.phase = match (kind, count.open > 0, paused) {
        (_, true, true) => m.state_paused.to_owned(),
        (CHECK, true, _) => m.phase_checking.to_owned(),
        (CHECK, false, _) => m.phase_preview.to_owned(),
        (APPLY, true, _) => m.phase_applying.to_owned(),
        (APPLY, false, _) => m.phase_applied.to_owned(),
        (_, true, _) => m.phase_undoing.to_owned(),
        (_, false, _) => m.phase_undone.to_owned(),
    };
    if kind == CHECK && count.open == 0 && tally.change > 0 && job.state != JobState::Cancelled {
        view.can_apply = Some((m.apply_to)(tally.change));
    }
    view.can_undo = kind == APPLY && count.open == 0 && tally.applied > 0;
    if kind != CHECK && count.open == 0 {
        view.report_href = Some(format!("/bulk/{}/report.csv", job.id));
    }
    let undoable = kind == APPLY && count.open == 0;
    let all_rows = if running_rows {
        usize::try_from(count.total).unwrap_or(usize::MAX)
    } else {
        rows.len()
    };
    if all_rows > ROWS_SHOWN {
        view.more_rows = Some((m.more_rows)(ROWS_SHOWN, all_rows));
    }
    view.rows = rows
        .iter()
        .take(ROWS_SHOWN)
        .map(|r| row_view(t, r, undoable))
        .collect();
    Ok(view)
}

fn progress(
    state: &AppState,
    t: &'static Messages,
    kind: &str,
    count: KindCount,
    paused: bool,
) -> Progress {
    let done = count.total - count.open;
    let left = count.open;
    let usage = state.webex.budget_usage();
    // Background work gets what interactive use leaves above the reserve (webex::budget).
    let per_minute = usage
        .per_minute
        .saturating_sub(usage.interactive_reserve)
        .saturating_sub(usage.interactive)
        .max(1);
    let calls = u64::try_from(left).unwrap_or(0) * u64::from(bulk::calls_per_step(kind));
    let minutes = calls.div_ceil(u64::from(per_minute));
    Progress {
        done,
        total: count.total,
        text: (t.bulk.progress)(done, count.failed, left),
        eta: (!paused && left > 0).then(|| (t.bulk.eta)(minutes, per_minute)),
    }
}

fn status_text(t: &'static Messages, status: RowStatus) -> &'static str {
    let m = t.bulk;
    match status {
        RowStatus::Change => m.row_change,
        RowStatus::Applied => m.row_applied,
        RowStatus::Undone => m.row_undone,
        RowStatus::Unchanged => m.row_unchanged,
        RowStatus::Invalid => m.row_invalid,
        RowStatus::Refused => m.row_refused,
        RowStatus::Conflict => m.row_conflict,
        RowStatus::Failed => m.row_failed,
        RowStatus::Cancelled => m.row_cancelled,
        RowStatus::Pending => m.row_pending,
    }
}

/// The colour of a row's result.
fn pill(status: RowStatus) -> &'static str {
    match status {
        RowStatus::Change => "pill-active",
        RowStatus::Applied | RowStatus::Undone => "pill-on",
        RowStatus::Invalid | RowStatus::Refused | RowStatus::Conflict | RowStatus::Failed => {
            "pill-warn"
        }
        RowStatus::Unchanged | RowStatus::Cancelled | RowStatus::Pending => "",
    }
}

fn tally_view(t: &'static Messages, tally: &Tally) -> Vec<(String, usize)> {
    [
        (RowStatus::Change, tally.change),
        (RowStatus::Applied, tally.applied),
        (RowStatus::Undone, tally.undone),
        (RowStatus::Unchanged, tally.unchanged),
        (RowStatus::Invalid, tally.invalid),
        (RowStatus::Refused, tally.refused),
        (RowStatus::Conflict, tally.conflict),
        (RowStatus::Failed, tally.failed),
        (RowStatus::Cancelled, tally.cancelled),
        (RowStatus::Pending, tally.pending),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(s, n)| (status_text(t, s).to_owned(), n))
    .collect()
}

fn row_view(t: &'static Messages, row: &Row, undoable: bool) -> RowView {
    RowView {
        person: row.name.clone(),
        key: row.key.clone(),
        line: row.line.map(|l| l.to_string()).unwrap_or_default(),
        setting: row
            .feature
            .map(|f| (t.feature_name)(f).to_owned())
            .unwrap_or_default(),
        pill: pill(row.status),
        status_text: status_text(t, row.status).to_owned(),
        changes: row.changes.clone(),
        reason: row.reason.clone().unwrap_or_default(),
        tracking_id: row.tracking_id.clone(),
        undo_url: row
            .audit_id
            .filter(|_| undoable && row.status == RowStatus::Applied)
            .map(|id| format!("/hx/audit/{id}/undo")),
    }
}

fn refused_reason(t: &'static Messages, reason: RefusedReason) -> String {
    let m = t.bulk;
    match reason {
        RefusedReason::NotFound => m.refused_not_found.to_owned(),
        RefusedReason::OutsideScope => m.refused_outside_scope.to_owned(),
        RefusedReason::NotCallingUser => m.refused_not_calling.to_owned(),
        RefusedReason::Duplicate => m.refused_duplicate.to_owned(),
        RefusedReason::Ambiguous => m.refused_ambiguous.to_owned(),
        RefusedReason::BadRow(bad) => (m.bad_row)(bad),
    }
}

fn refused_view(t: &'static Messages, r: &Refused) -> RowView {
    RowView {
        person: String::new(),
        key: r.key.clone(),
        line: r.line.map(|l| l.to_string()).unwrap_or_default(),
        setting: String::new(),
        pill: pill(RowStatus::Refused),
        status_text: t.bulk.row_refused.to_owned(),
        changes: Vec::new(),
        reason: refused_reason(t, r.reason),
        tracking_id: None,
        undo_url: None,
    }
}

/// `GET /bulk/{job_id}/report.csv`: every row, applied or not, with the reason and tracking id.
pub async fn get_report(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let job = visible_job(&state, &user, id).await?;
    let store = &state.store;
    let mut rows: Vec<Row> = Vec::new();
    for kind in [APPLY, UNDO] {
        rows.extend(
            store
                .job_steps_of(job.id, kind, 0, i64::MAX)
                .await
                .map_err(store_error)?
                .iter()
                .map(Row::of),
        );
    }
    let checks = store
        .job_steps_of(job.id, CHECK, 0, i64::MAX)
        .await
        .map_err(store_error)?;
    rows.extend(
        checks
            .iter()
            .map(Row::of)
            .filter(|r| r.status != RowStatus::Change),
    );
    let plan = store
        .job_steps_of(job.id, PLAN, 0, 1)
        .await
        .map_err(store_error)?
        .pop();
    let refused: Vec<Refused> = plan
        .and_then(|s| s.result)
        .and_then(|r| serde_json::from_value(r["refused"].clone()).ok())
        .unwrap_or_default();
    let mut out = String::new();
    push_record(&mut out, t.bulk.csv_header.iter().map(|s| s.to_string()));
    for r in &rows {
        let changes = r
            .changes
            .iter()
            .map(|(label, before, after)| format!("{label}: {before} → {after}"))
            .collect::<Vec<_>>()
            .join("; ");
        push_record(
            &mut out,
            [
                r.line.map(|l| l.to_string()).unwrap_or_default(),
                r.key.clone(),
                r.name.clone(),
                r.feature
                    .map(|f| (t.feature_name)(f).to_owned())
                    .unwrap_or_default(),
                status_text(t, r.status).to_owned(),
                r.reason.clone().unwrap_or_default(),
                r.tracking_id.clone().unwrap_or_default(),
                changes,
            ]
            .into_iter(),
        );
    }
    for r in &refused {
        push_record(
            &mut out,
            [
                r.line.map(|l| l.to_string()).unwrap_or_default(),
                r.key.clone(),
                String::new(),
                String::new(),
                t.bulk.row_refused.to_owned(),
                refused_reason(t, r.reason),
                String::new(),
                String::new(),
            ]
            .into_iter(),
        );
    }
    Ok(csv_response(&format!("bulk-{}-report.csv", job.id), out))
}
