//! The personal schedules card (FACTS §10.1, §10.3: `/people/{id}/features/schedules`,
//! `…/{type}/{id}`, `…/events`; people scopes; FACTS §3a has no feature-access key for it). The
//! rules' criteria name schedules (FACTS §10.2), so the person keeps their business hours and
//! holidays here: list, create (with a first event), rename, add, change and delete events, and
//! delete. Their location's schedules come in the same list (`level: LOCATION`) and are shown
//! read only.
//!
//! Every form runs the card's one save flow ([`save`]); the route only says which form was
//! posted ([`ScheduleOp`]). The fingerprint covers the person's schedules with their events, so
//! a schedule changed elsewhere is a conflict. The person schedule GET gives its events no ids
//! (the spec's `EventLongDetails`), so an event is named by its place in the list, and changing
//! or deleting one sends the schedule's events whole (the schedule PUT's `events`); adding one is
//! the event POST. A rename gives the schedule a new id (FACTS §10.2): the card reads the list
//! back after every write.

use axum::{
    extract::Path,
    response::{IntoResponse, Response},
    routing::{post, put},
};
use axum_extra::extract::{Form, FormRejection};
use futures_util::TryStreamExt as _;
use serde::{Deserialize, Serialize};
use time::Date;

use super::reach::save_as;
use crate::web::settings::{
    Card, CardForm, FieldErrors, PERSON_BASE, Routed, WriteCtx, encode, ticked,
};
use crate::{
    auth::authz::Target,
    error::AppError,
    features::Feature,
    i18n::{
        Messages,
        schedules::{Repeat, When},
    },
    views::{
        card::CardCommon,
        schedules::{
            DAYS, EventFields, EventRow, LocationRow, ScheduleForm, ScheduleKey, ScheduleOp,
            ScheduleRow, SchedulesCard,
        },
    },
    webex::{
        NewSchedule, Receipt, RecurDaily, RecurWeekly, Recurrence, Schedule, ScheduleEvent,
        ScheduleEventBody, ScheduleLevel, SchedulePatch, ScheduleSummary, ScheduleType,
        WebexClient, WebexError,
    },
};

pub struct Schedules;

/// "The maximum length is 40" (the person list's `name`, FACTS §10.3): a longer name could not
/// be searched for. The portal holds event names to the same.
pub const NAME_MAX: usize = 40;

/// What the card shows: the person's own schedules with their events (what it changes and
/// fingerprints), and, not kept in the audit log, the location's and which rules name which.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PersonSchedules {
    pub own: Vec<Schedule>,
    #[serde(skip)]
    pub location: Vec<ScheduleSummary>,
    /// The location's with their events, when they could be read (shown only).
    #[serde(skip)]
    pub location_details: Vec<Schedule>,
    /// `(schedule name, the rule feature whose criterion names it)`; `None`: the rules could
    /// not be read.
    #[serde(skip)]
    pub named_by: Option<Vec<(String, Feature)>>,
}

/// One write of the card; a save sends them in order.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleChange {
    Create(NewSchedule),
    /// A rename, or the events replaced (the PUT's `events`).
    Put {
        current: Schedule,
        patch: SchedulePatch,
    },
    AddEvent {
        kind: ScheduleType,
        id: String,
        body: ScheduleEventBody,
    },
    Delete {
        kind: ScheduleType,
        id: String,
    },
}

const POST: &[axum::http::Method] = &[axum::http::Method::POST];
const PUT: &[axum::http::Method] = &[axum::http::Method::PUT];

fn kind_of(s: &Schedule) -> ScheduleType {
    s.schedule_type
        .clone()
        .unwrap_or(ScheduleType::BusinessHours)
}

fn kind_words(t: &'static Messages, kind: &ScheduleType) -> &'static str {
    match kind {
        ScheduleType::Holidays => t.schedules.holidays,
        _ => t.schedules.business_hours,
    }
}

impl Card for Schedules {
    const FEATURE: Feature = Feature::Schedules;
    type Setting = PersonSchedules;
    type Form = ScheduleForm;
    type Patch = Vec<ScheduleChange>;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        read_schedules(webex, person_id, None).await
    }

    /// The location is known (the session, the authorization): its schedules are read as soon as
    /// the list names them, beside the person's own, not after a lookup of the person (one Webex
    /// round trip less on every page that shows a location's schedules).
    async fn read_for(webex: &WebexClient, target: &Target) -> Result<Self::Setting, WebexError> {
        read_schedules(webex, &target.person_id, target.location_id.as_deref()).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        let mut last = None;
        for change in patch {
            last = Some(match change {
                ScheduleChange::Create(s) => webex.create_person_schedule(person_id, s).await?.1,
                ScheduleChange::Put { current, patch } => {
                    webex
                        .put_person_schedule(person_id, current, patch)
                        .await?
                        .1
                }
                ScheduleChange::AddEvent { kind, id, body } => {
                    webex
                        .create_schedule_event(person_id, kind, id, body)
                        .await?
                        .1
                }
                ScheduleChange::Delete { kind, id } => {
                    webex.delete_person_schedule(person_id, kind, id).await?
                }
            });
        }
        Ok(last.expect("a patch has at least one change"))
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        ScheduleForm {
            op: ScheduleOp::Restore,
            schedules: s.own.clone(),
            ..ScheduleForm::default()
        }
    }

    /// The person's schedules only: the location's and the rules are not what the card changes.
    fn fingerprint(s: &Self::Setting) -> String {
        crate::web::settings::fingerprint(&s.own)
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        _: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let m = t.schedules;
        let mut errors = FieldErrors::default();
        // The schedule a route names: the person's own, never their location's.
        let find = |k: &ScheduleKey| -> Result<&Schedule, FieldErrors> {
            if let Some(s) = current
                .own
                .iter()
                .find(|s| s.id == k.id && kind_of(s) == k.kind)
            {
                return Ok(s);
            }
            let mut errors = FieldErrors::default();
            if current.location.iter().any(|s| s.id == k.id) {
                errors.add("schedule", m.location_read_only);
            } else {
                errors.add("schedule", m.schedule_gone);
            }
            Err(errors)
        };
        let bodies = |s: &Schedule| -> Vec<ScheduleEventBody> {
            s.events.iter().map(ScheduleEventBody::from).collect()
        };
        let changes = match &f.op {
            ScheduleOp::Create => {
                let kind = match f.schedule_type.as_str() {
                    "businessHours" => Some(ScheduleType::BusinessHours),
                    "holidays" => Some(ScheduleType::Holidays),
                    _ => {
                        errors.add("schedule_type", m.type_invalid);
                        None
                    }
                };
                let name = schedule_name(&f.name, None, kind.as_ref(), current, m, &mut errors);
                let event = event_body(&f.event, t, &mut errors);
                if !errors.is_empty() {
                    return Err(errors);
                }
                vec![ScheduleChange::Create(NewSchedule {
                    name,
                    schedule_type: kind.expect("checked"),
                    events: vec![event.expect("checked")],
                })]
            }
            ScheduleOp::Rename(k) => {
                let s = find(k)?;
                let name = schedule_name(&f.name, Some(s), Some(&k.kind), current, m, &mut errors);
                if !errors.is_empty() {
                    return Err(errors);
                }
                if name == s.name {
                    Vec::new()
                } else {
                    vec![ScheduleChange::Put {
                        current: s.clone(),
                        patch: SchedulePatch {
                            new_name: Some(name),
                            events: None,
                        },
                    }]
                }
            }
            ScheduleOp::AddEvent(k) => {
                let s = find(k)?;
                let body = event_body(&f.event, t, &mut errors);
                event_name_free(s, None, &f.event.event_name, m, &mut errors);
                if !errors.is_empty() {
                    return Err(errors);
                }
                vec![ScheduleChange::AddEvent {
                    kind: k.kind.clone(),
                    id: k.id.clone(),
                    body: body.expect("checked"),
                }]
            }
            ScheduleOp::EditEvent(k, i) => {
                let s = find(k)?;
                if *i >= s.events.len() {
                    errors.add("schedule", m.event_gone);
                    return Err(errors);
                }
                let body = event_body(&f.event, t, &mut errors);
                event_name_free(s, Some(*i), &f.event.event_name, m, &mut errors);
                if !errors.is_empty() {
                    return Err(errors);
                }
                let body = body.expect("checked");
                let mut events = bodies(s);
                if events[*i] == body {
                    Vec::new()
                } else {
                    events[*i] = body;
                    vec![ScheduleChange::Put {
                        current: s.clone(),
                        patch: SchedulePatch {
                            new_name: None,
                            events: Some(events),
                        },
                    }]
                }
            }
            ScheduleOp::DeleteEvent(k, i) => {
                let s = find(k)?;
                if *i >= s.events.len() {
                    errors.add("schedule", m.event_gone);
                    return Err(errors);
                }
                let mut events = bodies(s);
                events.remove(*i);
                vec![ScheduleChange::Put {
                    current: s.clone(),
                    patch: SchedulePatch {
                        new_name: None,
                        events: Some(events),
                    },
                }]
            }
            ScheduleOp::Delete(k) => {
                find(k)?;
                vec![ScheduleChange::Delete {
                    kind: k.kind.clone(),
                    id: k.id.clone(),
                }]
            }
            // Undo: the schedules as they were, matched by type and name (a rename or a new
            // schedule has a new id), with their events.
            ScheduleOp::Restore => {
                let same =
                    |a: &Schedule, b: &Schedule| a.name == b.name && kind_of(a) == kind_of(b);
                let mut out = Vec::new();
                for s in &current.own {
                    if !f.schedules.iter().any(|w| same(w, s)) {
                        out.push(ScheduleChange::Delete {
                            kind: kind_of(s),
                            id: s.id.clone(),
                        });
                    }
                }
                for w in &f.schedules {
                    match current.own.iter().find(|s| same(w, s)) {
                        None => out.push(ScheduleChange::Create(NewSchedule {
                            name: w.name.clone(),
                            schedule_type: kind_of(w),
                            events: bodies(w),
                        })),
                        Some(s) if bodies(s) != bodies(w) => out.push(ScheduleChange::Put {
                            current: s.clone(),
                            patch: SchedulePatch {
                                new_name: None,
                                events: Some(bodies(w)),
                            },
                        }),
                        Some(_) => {}
                    }
                }
                out
            }
        };
        Ok((!changes.is_empty()).then_some(changes))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let m = t.schedules;
        let typed = |e: &EventFields| {
            let all_day = ticked(&e.all_day);
            let start = if all_day {
                e.start_date.clone()
            } else {
                format!("{} {}", e.start_date, e.start_time)
            };
            let end = if all_day {
                e.end_date.clone()
            } else {
                format!("{} {}", e.end_date, e.end_time)
            };
            format!("{} – {}", start.trim(), end.trim())
        };
        match &f.op {
            ScheduleOp::Create => vec![
                (m.name_label, f.name.trim().to_owned()),
                (m.event_label, f.event.event_name.trim().to_owned()),
                (m.when_label, typed(&f.event)),
            ],
            ScheduleOp::Rename(_) => vec![(m.new_name, f.name.trim().to_owned())],
            ScheduleOp::AddEvent(_) | ScheduleOp::EditEvent(..) => vec![
                (m.event_label, f.event.event_name.trim().to_owned()),
                (m.when_label, typed(&f.event)),
            ],
            ScheduleOp::DeleteEvent(..) => {
                vec![(m.event_label, (m.delete_event)(f.event.event_name.trim()))]
            }
            ScheduleOp::Delete(_) => vec![(m.name_label, (m.delete_schedule)(f.name.trim()))],
            ScheduleOp::Restore => vec![(
                m.schedules_label,
                f.schedules
                    .iter()
                    .map(|s| {
                        let events: Vec<String> = s
                            .events
                            .iter()
                            .map(|e| format!("{}: {}", e.name, when_text(t, e)))
                            .collect();
                        format!(
                            "{} ({}): {}",
                            s.name,
                            kind_words(t, &kind_of(s)),
                            events.join(", ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            )],
        }
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let setting = setting.cloned().unwrap_or_default();
        let t = c.t;
        let m = t.schedules;
        let uses_known = setting.named_by.is_some();
        let named_by = setting.named_by.clone().unwrap_or_default();
        let rows = setting
            .own
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let key = ScheduleKey {
                    kind: kind_of(s),
                    id: s.id.clone(),
                };
                let prefix = format!("sch-{}", i + 1);
                let url = format!(
                    "{}/{}/{}",
                    c.url,
                    String::from(key.kind.clone()),
                    encode(&s.id)
                );
                let mut rules: Vec<&str> = Vec::new();
                for (name, feature) in &named_by {
                    let words = (t.feature_name)(*feature);
                    if *name == s.name && !rules.contains(&words) {
                        rules.push(words);
                    }
                }
                let used_by = (!rules.is_empty()).then(|| rules.join(", "));
                let mut delete_confirm = match &used_by {
                    Some(r) => (m.delete_confirm_used)(&s.name, r),
                    None => (m.delete_confirm)(&s.name),
                };
                if !uses_known {
                    delete_confirm = format!("{delete_confirm} {}", m.uses_unknown);
                }
                let events = s
                    .events
                    .iter()
                    .enumerate()
                    .map(|(j, e)| {
                        let posted = form.op == ScheduleOp::EditEvent(key.clone(), j);
                        EventRow {
                            name: e.name.clone(),
                            when: when_text(t, e),
                            index: j,
                            prefix: format!("{prefix}-ev-{}", j + 1),
                            fields: if posted {
                                form.event.clone()
                            } else {
                                fields_of(e)
                            },
                            posted,
                            delete_label: (m.delete_event)(&e.name),
                            delete_confirm: (m.delete_event_confirm)(&e.name),
                            edit_label: (m.edit_event)(&e.name),
                        }
                    })
                    .collect();
                let rename_posted = form.op == ScheduleOp::Rename(key.clone());
                let adding_posted = form.op == ScheduleOp::AddEvent(key.clone());
                ScheduleRow {
                    name: s.name.clone(),
                    kind: kind_words(t, &key.kind),
                    url,
                    events,
                    used_by: used_by.map(|r| (m.used_by)(&r)),
                    delete_label: (m.delete_schedule)(&s.name),
                    delete_confirm,
                    rename_label: (m.rename)(&s.name),
                    rename_value: if rename_posted {
                        form.name.clone()
                    } else {
                        s.name.clone()
                    },
                    rename_posted,
                    adding_posted,
                    new_event: if adding_posted {
                        form.event.clone()
                    } else {
                        EventFields::default()
                    },
                    prefix,
                }
            })
            .collect();
        let location = setting
            .location
            .iter()
            .map(|s| LocationRow {
                name: s.name.clone(),
                kind: kind_words(
                    t,
                    s.schedule_type
                        .as_ref()
                        .unwrap_or(&ScheduleType::BusinessHours),
                ),
                events: setting
                    .location_details
                    .iter()
                    .find(|d| d.id == s.id)
                    .map(|d| {
                        d.events
                            .iter()
                            .map(|e| (e.name.clone(), when_text(t, e)))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        let creating = form.op == ScheduleOp::Create;
        let form = if creating {
            form
        } else {
            ScheduleForm::default()
        };
        askama::Template::render(&SchedulesCard {
            heading: (t.feature_name)(Self::FEATURE),
            c,
            rows,
            location,
            uses_known,
            creating,
            form,
        })
    }

    fn extra_routes() -> Vec<Routed> {
        let base = format!(
            "{PERSON_BASE}/{}/{{schedule_type}}/{{schedule_id}}",
            Self::FEATURE.segment()
        );
        vec![
            Routed::new(format!("{base}/rename"), POST, post(post_rename)),
            Routed::new(format!("{base}/delete"), POST, post(post_delete)),
            Routed::new(format!("{base}/events"), POST, post(post_event)),
            Routed::new(format!("{base}/events/{{event}}"), PUT, put(put_event)),
            Routed::new(
                format!("{base}/events/{{event}}/delete"),
                POST,
                post(post_delete_event),
            ),
        ]
    }
}

/// The person's schedules with their events, the location's they may use, and which rules name
/// them. `known_location`: the person's location if the caller knows it, else it is looked up
/// when the list names a location's schedule.
async fn read_schedules(
    webex: &WebexClient,
    person_id: &str,
    known_location: Option<&str>,
) -> Result<PersonSchedules, WebexError> {
    let list: Vec<ScheduleSummary> = webex
        .list_person_schedules(person_id, None, None, None)
        .try_collect()
        .await?;
    let (own, location): (Vec<_>, Vec<_>) = list
        .into_iter()
        .partition(|s| s.level != Some(ScheduleLevel::Location));
    let details = own.iter().map(|s| async move {
        let kind = s
            .schedule_type
            .clone()
            .unwrap_or(ScheduleType::BusinessHours);
        let mut schedule = webex.get_person_schedule(person_id, &kind, &s.id).await?;
        schedule.schedule_type.get_or_insert(kind);
        Ok::<_, WebexError>(schedule)
    });
    let (own, named_by, location_details) = tokio::join!(
        futures_util::future::try_join_all(details),
        named_by(webex, person_id),
        location_details(webex, person_id, known_location, &location)
    );
    Ok(PersonSchedules {
        own: own?,
        location,
        location_details,
        named_by,
    })
}

/// Which rules' criteria name a schedule, from the four rule features' summaries (FACTS §10.2:
/// criteria name schedules by name). A failed read leaves it unknown rather than the card. Only
/// shown, never decided on, so it always shares reads: a save's read and read-back, and the rule
/// cards of the same page load, ask Webex once.
async fn named_by(webex: &WebexClient, person_id: &str) -> Option<Vec<(String, Feature)>> {
    let webex = webex.sharing_reads();
    let (forward, accept, reject, ring) = tokio::join!(
        webex.get_selective_forward(person_id),
        webex.get_selective_accept(person_id),
        webex.get_selective_reject(person_id),
        webex.get_simultaneous_ring(person_id)
    );
    let lists = [
        (Feature::SelectiveForward, forward.ok()?.criteria),
        (Feature::SelectiveAccept, accept.ok()?.criteria),
        (Feature::SelectiveReject, reject.ok()?.criteria),
        (Feature::SimultaneousRing, ring.ok()?.criteria),
    ];
    let mut out = Vec::new();
    for (feature, criteria) in lists {
        for c in criteria {
            if let Some(name) = c.schedule_name.filter(|n| !n.is_empty()) {
                out.push((name, feature));
            }
        }
    }
    Some(out)
}

/// The location's schedules with their events: the person list names them but has no location
/// id (FACTS §10.3), so the person's location is used (looked up if not known). Only shown, so
/// shared reads, and a failure shows the names alone.
async fn location_details(
    webex: &WebexClient,
    person_id: &str,
    known_location: Option<&str>,
    list: &[ScheduleSummary],
) -> Vec<Schedule> {
    if list.is_empty() {
        return Vec::new();
    }
    let webex = webex.sharing_reads();
    let location = match known_location {
        Some(location) => location.to_owned(),
        None => match webex
            .get_person(person_id, true)
            .await
            .map(|p| p.location_id)
        {
            Ok(Some(location)) => location,
            _ => return Vec::new(),
        },
    };
    let reads = list.iter().map(|s| {
        let kind = s
            .schedule_type
            .clone()
            .unwrap_or(ScheduleType::BusinessHours);
        let (webex, location) = (&webex, &location);
        async move {
            let mut schedule = webex.get_location_schedule(location, &kind, &s.id).await?;
            schedule.schedule_type.get_or_insert(kind);
            Ok::<_, WebexError>(schedule)
        }
    });
    futures_util::future::try_join_all(reads)
        .await
        .unwrap_or_default()
}

/// A schedule's name from the form: not empty, at most [`NAME_MAX`], and not one the person
/// already has for this type (`renaming` itself excepted).
fn schedule_name(
    typed: &str,
    renaming: Option<&Schedule>,
    kind: Option<&ScheduleType>,
    current: &PersonSchedules,
    m: &'static crate::i18n::schedules::ScheduleMessages,
    errors: &mut FieldErrors,
) -> String {
    let name = typed.trim();
    if name.is_empty() {
        errors.add("name", m.name_missing);
    } else if name.chars().count() > NAME_MAX {
        errors.add("name", (m.name_too_long)(NAME_MAX));
    } else if let Some(kind) = kind
        && current
            .own
            .iter()
            .any(|s| s.name == name && kind_of(s) == *kind && renaming.is_none_or(|r| r.id != s.id))
    {
        errors.add("name", m.name_taken);
    }
    name.to_owned()
}

/// Refuses an event name the schedule already has (its own event `editing` excepted).
fn event_name_free(
    s: &Schedule,
    editing: Option<usize>,
    typed: &str,
    m: &'static crate::i18n::schedules::ScheduleMessages,
    errors: &mut FieldErrors,
) {
    let name = typed.trim();
    if !name.is_empty()
        && errors.get("event_name").is_none()
        && s.events
            .iter()
            .enumerate()
            .any(|(i, e)| Some(i) != editing && e.name == name)
    {
        errors.add("event_name", m.event_name_taken);
    }
}

fn parse_date(s: &str) -> Option<Date> {
    Date::parse(
        s.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// `HH:MM` (24 h; `H:MM` taken too), as minutes and as Webex writes it.
fn parse_time(s: &str) -> Option<(u16, String)> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| (h * 60 + m, format!("{h:02}:{m:02}")))
}

/// An event's write body from its fields, checked: a name, dates, times unless all day (the
/// person event POST and PUT require them even then, FACTS §10.3: the whole day is sent), the
/// end not before the start, and the recurrence. Problems go to `errors`; `None` then.
fn event_body(
    f: &EventFields,
    t: &'static Messages,
    errors: &mut FieldErrors,
) -> Option<ScheduleEventBody> {
    let m = t.schedules;
    let before = errors.0.len();
    let name = f.event_name.trim();
    if name.is_empty() {
        errors.add("event_name", m.event_name_missing);
    } else if name.chars().count() > NAME_MAX {
        errors.add("event_name", (m.name_too_long)(NAME_MAX));
    }
    let start = parse_date(&f.start_date);
    if start.is_none() {
        errors.add("start_date", m.date_invalid);
    }
    // No end date: the event ends on the day it starts.
    let end = if f.end_date.trim().is_empty() {
        start
    } else {
        let end = parse_date(&f.end_date);
        if end.is_none() {
            errors.add("end_date", m.date_invalid);
        }
        end
    };
    let all_day = ticked(&f.all_day);
    let times = if all_day {
        Some(((0, "00:00".to_owned()), (23 * 60 + 59, "23:59".to_owned())))
    } else {
        let (st, et) = (parse_time(&f.start_time), parse_time(&f.end_time));
        if st.is_none() {
            errors.add("start_time", m.time_invalid);
        }
        if et.is_none() {
            errors.add("end_time", m.time_invalid);
        }
        st.zip(et)
    };
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            errors.add("end_date", m.end_before_start);
        } else if let Some(((st, _), (et, _))) = &times
            && s == e
            && !all_day
            && et <= st
        {
            errors.add("end_time", m.end_before_start);
        }
    }
    let until = if f.repeat_until.trim().is_empty() {
        None
    } else {
        match parse_date(&f.repeat_until) {
            None => {
                errors.add("repeat_until", m.date_invalid);
                None
            }
            Some(u) if start.is_some_and(|s| u < s) => {
                errors.add("repeat_until", m.until_before_start);
                None
            }
            Some(u) => Some(u),
        }
    };
    let ends = |r: Recurrence| Recurrence {
        recur_for_ever: Some(until.is_none()),
        recur_end_date: until.map(|u| u.to_string()),
        ..r
    };
    let recurrence = match f.repeat.as_str() {
        "" | "none" => None,
        "daily" => Some(ends(Recurrence {
            recur_daily: Some(RecurDaily {
                recur_interval: Some(1),
                ..RecurDaily::default()
            }),
            ..Recurrence::default()
        })),
        "weekly" => {
            let on = |day: &str| f.days.iter().any(|d| d == day);
            if !DAYS.iter().any(|(d, _)| on(d)) {
                errors.add("days", m.days_missing);
            }
            Some(ends(Recurrence {
                recur_weekly: Some(RecurWeekly {
                    monday: on("monday"),
                    tuesday: on("tuesday"),
                    wednesday: on("wednesday"),
                    thursday: on("thursday"),
                    friday: on("friday"),
                    saturday: on("saturday"),
                    sunday: on("sunday"),
                    ..RecurWeekly::default()
                }),
                ..Recurrence::default()
            }))
        }
        _ => {
            errors.add("repeat", t.rule_cards.choice_invalid);
            None
        }
    };
    if errors.0.len() > before {
        return None;
    }
    let ((_, start_time), (_, end_time)) = times.expect("checked");
    Some(ScheduleEventBody {
        name: name.to_owned(),
        start_date: start.expect("checked").to_string(),
        end_date: end.expect("checked").to_string(),
        start_time,
        end_time,
        all_day_enabled: Some(all_day),
        recurrence,
    })
}

/// An event's fields as its form shows them.
fn fields_of(e: &ScheduleEvent) -> EventFields {
    let r = e.recurrence.as_ref();
    let weekly = r.and_then(|r| r.recur_weekly.as_ref());
    let repeat = match (weekly, r.and_then(|r| r.recur_daily.as_ref())) {
        (Some(_), _) => "weekly",
        (None, Some(_)) => "daily",
        _ => "none",
    };
    let time = |t: &Option<String>| {
        if e.all_day_enabled {
            String::new()
        } else {
            t.clone().unwrap_or_default()
        }
    };
    EventFields {
        event_name: e.name.clone(),
        start_date: e.start_date.clone(),
        end_date: e.end_date.clone(),
        start_time: time(&e.start_time),
        end_time: time(&e.end_time),
        all_day: e.all_day_enabled.then(String::new),
        repeat: repeat.to_owned(),
        days: weekly
            .map(|w| {
                DAYS.iter()
                    .enumerate()
                    .filter(|(i, _)| w.on(u8::try_from(*i).unwrap_or(6)))
                    .map(|(_, (d, _))| (*d).to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        repeat_until: r.and_then(|r| r.recur_end_date.clone()).unwrap_or_default(),
    }
}

/// When an event happens, in words (its dates as Webex holds them when they do not parse).
fn when_text(t: &'static Messages, e: &ScheduleEvent) -> String {
    let (Some(start), Some(end)) = (parse_date(&e.start_date), parse_date(&e.end_date)) else {
        return format!("{} – {}", e.start_date, e.end_date);
    };
    let times = (!e.all_day_enabled).then(|| {
        (
            e.start_time.clone().unwrap_or_default(),
            e.end_time.clone().unwrap_or_default(),
        )
    });
    let r = e.recurrence.as_ref();
    let yearly = r.and_then(|r| r.extra.get("recurYearlyByDate"));
    let repeat = match r {
        None => Repeat::Once,
        // Location events only (FACTS §10.3): every year on the event's own day.
        Some(r) if yearly.is_some() && r.extra.len() == 1 && r.recur_end_occurrence.is_none() => {
            Repeat::Yearly
        }
        Some(r) if r.recur_end_occurrence.is_some() || !r.extra.is_empty() => Repeat::Other,
        Some(r) => match (&r.recur_weekly, &r.recur_daily) {
            (Some(w), _) => Repeat::Weekly(
                DAYS.iter()
                    .enumerate()
                    .filter(|(i, _)| w.on(u8::try_from(*i).unwrap_or(6)))
                    .map(|(_, (_, d))| *d)
                    .collect(),
            ),
            (None, Some(d)) => Repeat::Daily(d.recur_interval.unwrap_or(1)),
            (None, None) => Repeat::Once,
        },
    };
    let until = r
        .and_then(|r| r.recur_end_date.as_deref())
        .and_then(parse_date);
    (t.schedules.when)(&When {
        start,
        end,
        times,
        repeat,
        until,
    })
}

/// The schedule a route's path names, with the shape Webex gives them, before any Webex call.
fn key_of(kind: &str, id: &str) -> Result<ScheduleKey, AppError> {
    let kind = match kind {
        "businessHours" => ScheduleType::BusinessHours,
        "holidays" => ScheduleType::Holidays,
        _ => return Err(AppError::NotFound),
    };
    let shaped = !id.is_empty()
        && id.len() <= 256
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'=' | b'+' | b'/'));
    if !shaped {
        return Err(AppError::NotFound);
    }
    Ok(ScheduleKey {
        kind,
        id: id.to_owned(),
    })
}

type Posted = Result<Form<CardForm<ScheduleForm>>, FormRejection>;

async fn with_key(
    cx: crate::web::settings::Ctx,
    kind: &str,
    id: &str,
    form: Posted,
    op: impl FnOnce(ScheduleKey) -> ScheduleOp,
) -> Response {
    match key_of(kind, id) {
        Ok(key) => save_as::<Schedules>(cx, form, |f| f.op = op(key)).await,
        Err(e) => e.into_response(),
    }
}

/// `POST {PERSON_BASE}/schedules/{schedule_type}/{schedule_id}/rename`.
async fn post_rename(
    WriteCtx(cx): WriteCtx,
    Path((_, kind, id)): Path<(String, String, String)>,
    form: Posted,
) -> Response {
    with_key(cx, &kind, &id, form, ScheduleOp::Rename).await
}

/// `POST {PERSON_BASE}/schedules/{schedule_type}/{schedule_id}/delete`.
async fn post_delete(
    WriteCtx(cx): WriteCtx,
    Path((_, kind, id)): Path<(String, String, String)>,
    form: Posted,
) -> Response {
    with_key(cx, &kind, &id, form, ScheduleOp::Delete).await
}

/// `POST {PERSON_BASE}/schedules/{schedule_type}/{schedule_id}/events`: adds an event.
async fn post_event(
    WriteCtx(cx): WriteCtx,
    Path((_, kind, id)): Path<(String, String, String)>,
    form: Posted,
) -> Response {
    with_key(cx, &kind, &id, form, ScheduleOp::AddEvent).await
}

/// `PUT {PERSON_BASE}/schedules/{schedule_type}/{schedule_id}/events/{event}`: changes the
/// event at that place in the list.
async fn put_event(
    WriteCtx(cx): WriteCtx,
    Path((_, kind, id, event)): Path<(String, String, String, usize)>,
    form: Posted,
) -> Response {
    with_key(cx, &kind, &id, form, |k| ScheduleOp::EditEvent(k, event)).await
}

/// `POST {PERSON_BASE}/schedules/{schedule_type}/{schedule_id}/events/{event}/delete`.
async fn post_delete_event(
    WriteCtx(cx): WriteCtx,
    Path((_, kind, id, event)): Path<(String, String, String, usize)>,
    form: Posted,
) -> Response {
    with_key(cx, &kind, &id, form, |k| ScheduleOp::DeleteEvent(k, event)).await
}
