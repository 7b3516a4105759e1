//! Timed changes (issue 17), the web side: the "when" of every card's form, and the person's
//! scheduled changes with cancel.
//!
//! "Now, until …" saves through the card's save at once and schedules one `timed_revert` step
//! with what Webex held before and the fingerprint of what the portal wrote. "From … until …"
//! checks the form against the setting now (nothing is written) and schedules a `timed_apply`
//! step with the card's fields and a `timed_revert` step. The steps run on the job runner
//! (`crate::jobs::timed`). Times are entered and shown in the person's time zone
//! (`Ctx::person_tz`), kept in UTC.

use axum::{
    extract::Path,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use serde_json::json;
use time::OffsetDateTime;

use super::{
    Card, CardForm, Ctx, FieldErrors, Notice, SaveMeta, SaveOutcome, append, card, respond, save,
};
use crate::{
    error::AppError,
    features::Feature,
    jobs::timed::{self, TimedStep},
    store::{AuditAction, AuditResult, JobActor, JobState, NewJob, NewJobStep, StepState},
    views::{
        Upcoming, UpcomingItem,
        card::{CardState, META_FIELDS, TimingInput},
    },
};

/// The event that reloads the person's scheduled changes.
pub const UPCOMING_CHANGED: &str = "upcoming-changed";

/// When a card's change applies, read from its form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    Now,
    Until(OffsetDateTime),
    Between(OffsetDateTime, OffsetDateTime),
}

/// A `datetime-local` value (`2026-12-04T17:00`, seconds optional; a space for the `T` too) as a
/// time in `tz`. In a daylight-saving gap the later reading, in an overlap the earlier (jiff's
/// "compatible" choice, as most calendars do).
pub fn local_time(input: &str, tz: &jiff::tz::TimeZone) -> Option<OffsetDateTime> {
    let civil: jiff::civil::DateTime = input.trim().replacen(' ', "T", 1).parse().ok()?;
    let zoned = civil.to_zoned(tz.clone()).ok()?;
    OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second()).ok()
}

/// The form's timing as `meta` carries it, in `tz`, checked against `now`.
pub fn timing(
    meta: &SaveMeta,
    tz: &jiff::tz::TimeZone,
    now: OffsetDateTime,
    m: &crate::i18n::timed::TimedMessages,
) -> Result<Timing, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut read = |field: &'static str, value: &str, missing: &'static str| {
        if value.trim().is_empty() {
            errors.add(field, missing);
            return None;
        }
        match local_time(value, tz) {
            None => {
                errors.add(field, m.time_unreadable);
                None
            }
            Some(at) if at <= now => {
                errors.add(field, m.time_past);
                None
            }
            Some(at) => Some(at),
        }
    };
    let timing = match meta.timing.as_str() {
        "until" => read("until", &meta.until, m.until_missing).map(Timing::Until),
        "from" => {
            let from = read("from", &meta.from, m.from_missing);
            let until = read("until", &meta.until, m.until_missing);
            match (from, until) {
                (Some(from), Some(until)) if until <= from => {
                    errors.add("until", m.from_after_until);
                    None
                }
                (Some(from), Some(until)) => Some(Timing::Between(from, until)),
                _ => None,
            }
        }
        _ => Some(Timing::Now),
    };
    match timing {
        Some(t) if errors.is_empty() => Ok(t),
        _ => Err(errors),
    }
}

/// The "when" as typed, to show again.
fn typed(meta: &SaveMeta) -> TimingInput {
    TimingInput {
        mode: meta.timing.clone(),
        from: meta.from.clone(),
        until: meta.until.clone(),
        tz: String::new(),
    }
}

/// `PUT` of a card whose form asks for a timed change (`timing` is not `now`).
pub async fn save_timed<C: Card>(cx: &Ctx, form: CardForm<C::Form>) -> Response {
    let t = cx.t;
    let meta = form.meta.clone();
    let now = cx.state.clock.now();
    let refused = |errors: FieldErrors, current: Option<&C::Setting>| {
        let state = CardState {
            errors,
            timing: typed(&meta),
            fingerprint: meta.fingerprint.clone(),
            editable: true,
            notice: Some(Notice::Invalid),
            ticket: meta.ticket.clone().unwrap_or_default(),
        };
        card::<C>(
            cx,
            StatusCode::UNPROCESSABLE_ENTITY,
            state,
            form.fields.clone(),
            current,
        )
    };
    let checked = timing(&meta, cx.tz, now, t.timed).and_then(|timing| {
        // A file cannot wait in the store for later: greetings are uploaded with a plain save.
        if !form.files.is_empty() && matches!(timing, Timing::Between(..)) {
            let mut errors = FieldErrors::default();
            errors.add("from", t.timed.files_now);
            return Err(errors);
        }
        Ok(timing)
    });
    let timing = match checked {
        Ok(timing) => timing,
        Err(errors) => {
            // Shown with the setting as it is (limits, read-only parts), the input kept.
            let current = C::read_for(&cx.webex_for_display(), &cx.target).await.ok();
            return refused(errors, current.as_ref());
        }
    };
    let fields: Vec<(String, String)> = form
        .pairs
        .iter()
        .filter(|(name, _)| !META_FIELDS.contains(&name.as_str()))
        .cloned()
        .collect();
    match timing {
        Timing::Now => respond::<C>(cx, &meta, save::<C>(cx, form).await),
        Timing::Until(until) => {
            let outcome = save::<C>(cx, form).await;
            let SaveOutcome::Saved {
                shown,
                before,
                readback_failed: None,
            } = outcome
            else {
                // Not saved (or nothing to put back): the card says how it ended.
                return respond::<C>(cx, &meta, outcome);
            };
            let revert = step(
                cx,
                C::FEATURE,
                timed::REVERT,
                until,
                TimedStep {
                    before: serde_json::to_value(&before).ok(),
                    expect: Some(C::fingerprint(&shown)),
                    ..payload(cx)
                },
            );
            if let Err(response) = schedule(cx, C::FEATURE, &meta, None, until, vec![revert]).await
            {
                return response;
            }
            let notice = Notice::Timed {
                title: t.saved,
                message: (t.timed.saved_until)(&when(cx, until)),
            };
            scheduled(card::<C>(
                cx,
                StatusCode::OK,
                CardState::shown(C::fingerprint(&shown)).notice(notice),
                C::form_of(&shown),
                Some(&shown),
            ))
        }
        Timing::Between(from, until) => {
            // Checked now, against the setting as it is (nothing is written): a mistake is
            // better shown while the person is here.
            let current = match C::read_for(&cx.webex, &cx.target).await {
                Ok(c) => c,
                Err(e) => return super::unavailable(cx, C::FEATURE, &e),
            };
            if let Err(errors) = C::patch(&form.fields, &current, &cx.target, t) {
                return refused(errors, Some(&current));
            }
            let apply = step(
                cx,
                C::FEATURE,
                timed::APPLY,
                from,
                TimedStep {
                    fields,
                    ..payload(cx)
                },
            );
            let revert = step(cx, C::FEATURE, timed::REVERT, until, payload(cx));
            if let Err(response) = schedule(
                cx,
                C::FEATURE,
                &meta,
                Some(from),
                until,
                vec![apply, revert],
            )
            .await
            {
                return response;
            }
            let notice = Notice::Timed {
                title: t.timed.scheduled_title,
                message: (t.timed.scheduled)(&when(cx, from), &when(cx, until)),
            };
            scheduled(card::<C>(
                cx,
                StatusCode::OK,
                CardState::shown(C::fingerprint(&current)).notice(notice),
                C::form_of(&current),
                Some(&current),
            ))
        }
    }
}

pub(super) fn payload(cx: &Ctx) -> TimedStep {
    TimedStep {
        actor: cx.user.clone(),
        lang: cx.t.lang.to_owned(),
        fields: Vec::new(),
        before: None,
        expect: None,
        preset: None,
    }
}

pub(super) fn step(
    cx: &Ctx,
    feature: Feature,
    kind: &str,
    due_at: OffsetDateTime,
    p: TimedStep,
) -> NewJobStep {
    NewJobStep {
        kind: kind.to_owned(),
        target_person_id: cx.target.person_id.clone(),
        feature: feature.audit_key().to_owned(),
        due_at,
        payload: serde_json::to_value(p).unwrap_or_default(),
    }
}

/// Stores the job and audits it as scheduled.
pub(super) async fn schedule(
    cx: &Ctx,
    feature: Feature,
    meta: &SaveMeta,
    from: Option<OffsetDateTime>,
    until: OffsetDateTime,
    steps: Vec<NewJobStep>,
) -> Result<i64, Response> {
    let rfc = |at: OffsetDateTime| {
        at.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let job = NewJob {
        kind: timed::KIND.to_owned(),
        created_by: JobActor {
            person_id: cx.user.person_id.clone(),
            name: cx.user.display_name.clone(),
            role: cx.user.role,
        },
        target_person_id: Some(cx.target.person_id.clone()),
        title: format!("{} until {}", feature.audit_key(), rfc(until)),
        payload: json!({ "feature": feature.audit_key(), "from": from.map(rfc), "until": rfc(until) }),
    };
    let mut entry = cx.audit_entry(feature, AuditAction::Schedule, meta.ticket.as_deref());
    match cx
        .state
        .store
        .create_job(&job, &steps, cx.state.clock.now())
        .await
    {
        Ok(id) => {
            entry.after = Some(json!({ "job": id, "from": from.map(rfc), "until": rfc(until) }));
            append(&cx.state, &entry).await;
            // An out of office starting now runs at once, not at the runner's next poll.
            cx.state.jobs.wake();
            Ok(id)
        }
        Err(e) => {
            tracing::error!(error = %e, "timed change not stored");
            entry.result = AuditResult::Failure;
            entry.error = Some(format!("not stored: {e}"));
            append(&cx.state, &entry).await;
            Err(AppError::Internal(format!("job store: {e}")).into_response())
        }
    }
}

pub(super) fn when(cx: &Ctx, at: OffsetDateTime) -> String {
    crate::i18n::Locale { t: cx.t, tz: cx.tz }.datetime(at)
}

/// The card, announcing the change to the summary and the scheduled list.
fn scheduled(mut response: Response) -> Response {
    response.headers_mut().insert(
        axum::http::HeaderName::from_static("hx-trigger"),
        axum::http::HeaderValue::from_static("settings-changed, upcoming-changed"),
    );
    response
}

// ---------------------------------------------------------------------------------------------
// The person's scheduled changes

/// `GET {PERSON_BASE}/upcoming`: what will happen when, with cancel; and what ran lately.
pub async fn get_upcoming(cx: Ctx) -> Result<Response, AppError> {
    render(&cx, StatusCode::OK, None).await
}

/// `POST {PERSON_BASE}/upcoming/{job_id}/cancel`: cancels the steps not yet run; what is in
/// place stays. A job that is not this person's, or is already over: 409, nothing changed.
pub async fn post_cancel(
    cx: Ctx,
    Path((_, job_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let now = cx.state.clock.now();
    let cancelled = if own_active_job(&cx, job_id).await? {
        cx.state
            .store
            .cancel_pending_steps(job_id, now)
            .await
            .map_err(store_error)?
    } else {
        Vec::new()
    };
    if cancelled.is_empty() {
        return render(&cx, StatusCode::CONFLICT, Some(cx.t.timed.cancel_gone)).await;
    }
    cx.state
        .store
        .settle_job(job_id, now)
        .await
        .map_err(store_error)?;
    let feature = cancelled
        .first()
        .and_then(|s| Feature::from_audit_key(&s.feature))
        .unwrap_or(Feature::CallForwarding);
    let mut entry = cx.audit_entry(feature, AuditAction::CancelSchedule, None);
    entry.before = Some(json!({ "job": job_id, "steps": cancelled.len() }));
    append(&cx.state, &entry).await;
    let mut response = render(&cx, StatusCode::OK, Some(cx.t.timed.cancelled)).await?;
    response.headers_mut().insert(
        axum::http::HeaderName::from_static("hx-trigger"),
        axum::http::HeaderValue::from_static("settings-changed"),
    );
    Ok(response)
}

/// The new end of a scheduled change.
#[derive(serde::Deserialize)]
pub struct NewEnd {
    #[serde(default)]
    until: String,
}

/// `POST {PERSON_BASE}/upcoming/{job_id}/until`: moves the end of a scheduled change (the steps
/// that put things back) while it is still to come.
pub async fn post_until(
    cx: Ctx,
    Path((_, job_id)): Path<(String, i64)>,
    form: Result<axum::extract::Form<NewEnd>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    let until_typed = form.map(|f| f.0.until).unwrap_or_default();
    let now = cx.state.clock.now();
    let steps = if own_active_job(&cx, job_id).await? {
        cx.state
            .store
            .job_steps(job_id)
            .await
            .map_err(store_error)?
    } else {
        Vec::new()
    };
    let reverts: Vec<_> = steps
        .iter()
        .filter(|s| s.kind == timed::REVERT && s.state == StepState::Pending)
        .collect();
    if reverts.is_empty() {
        return render(&cx, StatusCode::CONFLICT, Some(cx.t.timed.cancel_gone)).await;
    }
    // After now, and after the start while that is still to come.
    let after = steps
        .iter()
        .filter(|s| s.kind == timed::APPLY && s.state == StepState::Pending)
        .map(|s| s.due_at)
        .fold(now, OffsetDateTime::max);
    let meta = SaveMeta {
        timing: "until".into(),
        until: until_typed.clone(),
        ..SaveMeta::default()
    };
    let until = match timing(&meta, cx.tz, after, cx.t.timed) {
        Ok(Timing::Until(until)) => until,
        _ => {
            let m = cx.t.timed;
            let message = if until_typed.trim().is_empty() {
                m.until_missing
            } else if local_time(&until_typed, cx.tz).is_none() {
                m.time_unreadable
            } else {
                m.time_past
            };
            return render(&cx, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await;
        }
    };
    for step in &reverts {
        cx.state
            .store
            .reschedule_step(step.id, until, None, now)
            .await
            .map_err(store_error)?;
    }
    let feature = Feature::from_audit_key(&reverts[0].feature).unwrap_or(Feature::CallForwarding);
    let mut entry = cx.audit_entry(feature, AuditAction::Schedule, None);
    entry.before = Some(json!({ "job": job_id, "until": rfc(reverts[0].due_at) }));
    entry.after = Some(json!({ "job": job_id, "until": rfc(until) }));
    append(&cx.state, &entry).await;
    render(&cx, StatusCode::OK, Some(cx.t.timed.end_moved)).await
}

fn rfc(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Whether `job_id` is a timed change of this page's person that is still running: what cancel
/// and "change the end" may touch (anyone else's job is as good as absent).
async fn own_active_job(cx: &Ctx, job_id: i64) -> Result<bool, AppError> {
    let job = cx.state.store.get_job(job_id).await.map_err(store_error)?;
    Ok(job.is_some_and(|j| {
        j.kind == timed::KIND
            && j.state == JobState::Active
            && j.target_person_id.as_deref() == Some(cx.target.person_id.as_str())
    }))
}

fn store_error(e: crate::store::StoreError) -> AppError {
    AppError::Internal(format!("job store: {e}"))
}

/// The list: pending steps of active jobs, soonest first, and the last finished ones.
async fn render(
    cx: &Ctx,
    status: StatusCode,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let t = cx.t;
    let m = t.timed;
    let jobs = cx
        .state
        .store
        .jobs_for_person(timed::KIND, &cx.target.person_id, false, 20)
        .await
        .map_err(store_error)?;
    let mut upcoming = Vec::new();
    let mut recent = Vec::new();
    for job in &jobs {
        let steps = cx
            .state
            .store
            .job_steps(job.id)
            .await
            .map_err(store_error)?;
        let by = (m.scheduled_by)(&job.created_by_name);
        for s in steps {
            let feature = Feature::from_audit_key(&s.feature)
                .map_or(t.other_setting, |f| (t.feature_name)(f));
            let late = s
                .result
                .as_ref()
                .is_some_and(|r| r["late_by_secs"].as_u64().is_some());
            let at = s.finished_at.unwrap_or(s.due_at);
            let text = match (s.state, s.kind.as_str()) {
                (StepState::Pending | StepState::Running, timed::APPLY) => {
                    Some((m.step_apply)(feature, &when(cx, s.due_at)))
                }
                (StepState::Pending | StepState::Running, _) => {
                    Some((m.step_revert)(feature, &when(cx, s.due_at)))
                }
                (StepState::Done, timed::APPLY) => Some((m.applied)(feature, &when(cx, at))),
                (StepState::Done, _) => Some((m.reverted)(feature, &when(cx, at))),
                (StepState::Skipped, _)
                    if s.result
                        .as_ref()
                        .is_some_and(|r| r["reason"] == timed::CHANGED_ELSEWHERE) =>
                {
                    Some((m.left_as_changed)(feature, &when(cx, at)))
                }
                (StepState::Failed, _) => Some((m.step_failed)(feature, &when(cx, at))),
                _ => None,
            };
            let Some(text) = text else { continue };
            let item = UpcomingItem {
                text,
                by: by.clone(),
                late: late.then_some(m.ran_late),
                due: s.due_at,
                cancel_url: (job.state == JobState::Active)
                    .then(|| format!("{}/upcoming/{}/cancel", cx.base(), job.id)),
                // The end can be moved while it is to come.
                until_url: (job.state == JobState::Active
                    && s.kind == timed::REVERT
                    && s.state == StepState::Pending)
                    .then(|| format!("{}/upcoming/{}/until", cx.base(), job.id)),
                job_id: job.id,
            };
            if matches!(s.state, StepState::Pending | StepState::Running) {
                upcoming.push(item);
            } else {
                recent.push(item);
            }
        }
    }
    upcoming.sort_by_key(|i| i.due);
    // One cancel per job, on its first upcoming step; one "change the end", on its first revert.
    let (mut cancels, mut ends) = (
        std::collections::HashSet::new(),
        std::collections::HashSet::new(),
    );
    for item in &mut upcoming {
        if let Some(url) = &item.cancel_url
            && !cancels.insert(url.clone())
        {
            item.cancel_url = None;
        }
        if let Some(url) = &item.until_url
            && !ends.insert(url.clone())
        {
            item.until_url = None;
        }
    }
    recent.truncate(5);
    let view = Upcoming {
        t,
        upcoming,
        recent,
        notice,
        notice_ok: status.is_success(),
        on_behalf: cx.target.acting == crate::auth::authz::Acting::OnBehalf,
    };
    let html = askama::Template::render(&view)
        .map_err(|e| AppError::Internal(format!("upcoming template: {e}")))?;
    Ok((status, Html(html)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> OffsetDateTime {
        OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
    }

    #[test]
    fn local_times_follow_daylight_saving() {
        let berlin = crate::i18n::time_zone(Some("Europe/Berlin"));
        // Summer time (UTC+2) before 25 October 2026, winter time (UTC+1) after.
        assert_eq!(
            local_time("2026-10-24T17:00", berlin),
            Some(utc("2026-10-24T15:00:00Z"))
        );
        assert_eq!(
            local_time("2026-10-26T17:00", berlin),
            Some(utc("2026-10-26T16:00:00Z"))
        );
        // The hour that happens twice: the first one.
        assert_eq!(
            local_time("2026-10-25T02:30", berlin),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        // The hour that does not exist (29 March 2026, 02:00 → 03:00): read as after the jump.
        assert_eq!(
            local_time("2026-03-29 02:30", berlin),
            Some(utc("2026-03-29T01:30:00Z"))
        );
        assert_eq!(local_time("tomorrow", berlin), None);
        assert_eq!(local_time("2026-02-30T10:00", berlin), None);
    }

    #[test]
    fn a_change_over_a_daylight_saving_switch_lasts_its_real_length() {
        let berlin = crate::i18n::time_zone(Some("Europe/Berlin"));
        let meta = SaveMeta {
            timing: "from".into(),
            from: "2026-10-24T18:00".into(),
            until: "2026-10-26T08:00".into(),
            ..SaveMeta::default()
        };
        let now = utc("2026-10-20T00:00:00Z");
        let Ok(Timing::Between(from, until)) = timing(&meta, berlin, now, &crate::i18n::timed::EN)
        else {
            panic!("a valid period")
        };
        // 38 wall-clock hours, 39 real ones (the clocks went back an hour).
        assert_eq!((until - from).whole_hours(), 39);
    }

    #[test]
    fn bad_timings_name_their_field() {
        let tz = crate::i18n::time_zone(None);
        let now = utc("2026-12-02T12:00:00Z");
        let m = &crate::i18n::timed::EN;
        let refused = |timing_: &str, from: &str, until: &str| {
            let meta = SaveMeta {
                timing: timing_.into(),
                from: from.into(),
                until: until.into(),
                ..SaveMeta::default()
            };
            timing(&meta, tz, now, m).unwrap_err().0
        };
        assert_eq!(
            refused("until", "", ""),
            [("until", m.until_missing.to_owned())]
        );
        assert_eq!(
            refused("until", "", "2026-12-01T10:00"),
            [("until", m.time_past.to_owned())]
        );
        assert_eq!(
            refused("from", "2026-12-05T10:00", "2026-12-04T10:00"),
            [("until", m.from_after_until.to_owned())]
        );
        assert_eq!(timing(&SaveMeta::default(), tz, now, m), Ok(Timing::Now));
    }
}
