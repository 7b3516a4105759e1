//! "What happens to a call?": given a person's live call handling (forwarding, DND, voicemail,
//! selective reject / accept / forward with their criteria and the schedules they name,
//! simultaneous ring, single number reach) and one call (who calls, internal or external, when in
//! the person's local time), the ordered steps the call goes through, and warnings about rules
//! that hide each other or name a schedule that is gone.
//!
//! Pure and language-free like [`super::calls`]: views word the steps through the catalogue. Each
//! step says whether its place in the order is documented by Webex (`documented`), so the UI can
//! say "Webex does not document this; this is our best reading".
//!
//! The order (sources):
//! 1. Selective reject, then selective accept: "Selectively reject … takes precedence over
//!    Selectively Accept Calls"; "Selective capabilities (accept, reject, forward) of a call take
//!    precedence over other call settings" (help.webex.com article nsqkmd9, "Choose which calls
//!    you accept, reject, and forward"; the admin article nvk009f says the same).
//! 2. Within one feature a "don't" rule wins: "Don't Accept takes precedence over Accept" (same
//!    article), and FACTS §10.2: `false` action flags make "Don't forward / accept / reject"
//!    rules, "and such rules take precedence" (CC-EXC `me` criteria texts).
//! 3. Selective forward before plain forwarding: "This setting takes precedence over call
//!    forwarding" (nsqkmd9).
//! 4. Forward always, voicemail's send-all-calls, then DND: the order [`super::calls`] already
//!    uses (forwarding before voicemail for the same condition).
//! 5. The phones ring: the person's own devices, with the simultaneous-ring numbers and the
//!    single-number-reach numbers at the same time (the spec: "configure your office phone and
//!    other phones of your choice to ring simultaneously").
//! 6. Busy and no answer: call forwarding busy / no answer before voicemail busy / unanswered.
//!
//! Not documented by Webex, and flagged `documented: false`: that calls matching no accept rule
//! are rejected while selective accept is on (BroadWorks' Selective Call Acceptance behaves so);
//! which of several matching forward rules wins (we take the first in Webex's list order); that
//! DND keeps the simultaneous-ring and single-number-reach numbers from ringing; that selective
//! rules are applied before DND (the help article's "over other call settings" suggests it);
//! where SNR stands relative to simultaneous ring (we ring them together).

use time::{Date, Month, PrimitiveDateTime};

use crate::webex::models::{
    CallForwardingSettings, CallsFrom, Criterion, DoNotDisturb, RuleKind, Schedule, ScheduleLevel,
    SelectiveCalls, SelectiveForward, SimultaneousRing, SingleNumberReach, VoicemailSettings,
};

pub use super::calls::Target;

/// A schedule a criterion may name: the person's own (`PEOPLE`) or their location's (`LOCATION`).
#[derive(Debug, Clone, PartialEq)]
pub struct KnownSchedule {
    pub level: ScheduleLevel,
    pub schedule: Schedule,
}

/// Everything the evaluator reads: what the client's GETs return (criteria read one by one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonRules {
    pub forwarding: CallForwardingSettings,
    pub do_not_disturb: DoNotDisturb,
    pub voicemail: VoicemailSettings,
    pub selective_reject: SelectiveCalls,
    pub selective_reject_criteria: Vec<Criterion>,
    pub selective_accept: SelectiveCalls,
    pub selective_accept_criteria: Vec<Criterion>,
    pub selective_forward: SelectiveForward,
    pub selective_forward_criteria: Vec<Criterion>,
    pub simultaneous_ring: SimultaneousRing,
    pub simultaneous_ring_criteria: Vec<Criterion>,
    pub single_number_reach: SingleNumberReach,
    pub schedules: Vec<KnownSchedule>,
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// As the caller ID shows it: E.164 or not (FACTS §10.2).
    Number(String),
    /// The caller withheld their number (criteria: `anonymousCallersEnabled`).
    Anonymous,
    /// The network did not deliver a number (criteria: `unavailableCallersEnabled`).
    Unavailable,
}

/// One incoming call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub caller: Caller,
    /// From inside the organization (`ANY_INTERNAL`).
    pub internal: bool,
    /// Forwarded to the person by someone else (selective reject's `FORWARDED`).
    pub forwarded: bool,
    /// The person's local date and time.
    pub at: PrimitiveDateTime,
}

/// What a step does with the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The caller gets the rejection treatment; nothing else happens.
    Reject,
    /// The call goes there at once; nothing else happens.
    Forward(Target),
    /// Busy treatment at once (DND): forwarded busy, voicemail, or a busy tone.
    BusyTreatment(Disposition),
    /// The person's own devices ring, and these numbers with them.
    Ring { also: Vec<String> },
    /// If the person is on a call.
    WhenBusy(Disposition),
    /// If nobody answers within `rings` rings (`None`: rings until the caller hangs up).
    WhenNoAnswer {
        rings: Option<u32>,
        then: Disposition,
    },
}

/// Where a busy or unanswered call ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    To(Target),
    BusyTone,
    KeepsRinging,
}

/// Which setting made the step happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    SelectiveReject {
        criterion_id: String,
    },
    /// Selective accept is on and a "don't accept" rule matched.
    SelectiveDontAccept {
        criterion_id: String,
    },
    /// Selective accept is on and no accept rule matched.
    NotSelectivelyAccepted,
    SelectiveForward {
        criterion_id: String,
    },
    ForwardAlways,
    SendAllToVoicemail,
    DoNotDisturb,
    /// The phones ring; `simultaneous`/`single_number_reach` say which numbers ring with them.
    Ringing {
        simultaneous: bool,
        single_number_reach: bool,
    },
    ForwardBusy,
    VoicemailBusy,
    ForwardNoAnswer,
    VoicemailNoAnswer,
    /// No rule for this case.
    NoRule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    pub reason: Reason,
    /// Webex documents that this step comes here (see the module docs); `false`: our reading.
    pub documented: bool,
}

/// Rules that hide each other or cannot work as set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleWarning {
    /// A criterion names a schedule that is not (or no longer) there: it never matches (FACTS
    /// §10.2: a renamed schedule gets a new name; nothing says criteria follow it).
    MissingSchedule {
        rule: RuleKind,
        criterion_id: String,
        schedule_name: String,
    },
    /// A reject rule for every caller at all hours: every call is rejected.
    RejectsEveryCall { criterion_id: String },
    /// Selective accept is on without an accept rule: every call is rejected (not documented).
    AcceptsNoCall,
    /// Selective forward for every caller at all hours hides call forwarding (forward always,
    /// busy, no answer).
    SelectiveForwardHidesCallForwarding { criterion_id: String },
    /// Forward always (or send all calls to voicemail) is on: simultaneous ring and single number
    /// reach never ring.
    ForwardAlwaysHidesRinging,
    /// DND is on: the simultaneous-ring and SNR numbers never ring (not documented).
    DoNotDisturbHidesRinging,
    /// Simultaneous ring has criteria, but `criteriasEnabled` is off, so they are ignored.
    SimultaneousRingCriteriaIgnored,
    /// Simultaneous ring is on without numbers.
    SimultaneousRingWithoutNumbers,
    /// A selective feature is on without any rule: it does nothing.
    EnabledWithoutRules { rule: RuleKind },
    /// A schedule event recurs in a way this portal does not evaluate (yearly by weekday): it is
    /// treated as not matching.
    UnsupportedRecurrence {
        schedule_name: String,
        event_name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub steps: Vec<Step>,
    pub warnings: Vec<RuleWarning>,
}

/// The ordered outcome of `call` under `rules`, with the warnings about `rules`.
pub fn evaluate(rules: &PersonRules, call: &Call) -> Outcome {
    let mut warnings = warnings(rules);
    let steps = steps(rules, call, &mut warnings);
    warnings.dedup();
    Outcome { steps, warnings }
}

fn step(action: Action, reason: Reason, documented: bool) -> Step {
    Step {
        action,
        reason,
        documented,
    }
}

fn steps(rules: &PersonRules, call: &Call, warnings: &mut Vec<RuleWarning>) -> Vec<Step> {
    let ctx = Ctx {
        rules,
        call,
        warnings: std::cell::RefCell::new(Vec::new()),
    };
    let out = steps_in(&ctx);
    for w in ctx.warnings.into_inner() {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    out
}

struct Ctx<'a> {
    rules: &'a PersonRules,
    call: &'a Call,
    warnings: std::cell::RefCell<Vec<RuleWarning>>,
}

fn steps_in(ctx: &Ctx<'_>) -> Vec<Step> {
    let r = ctx.rules;
    // 1. Selective reject (nsqkmd9: over selective accept and every other setting).
    if r.selective_reject.enabled
        && let Some(id) =
            decide(ctx, RuleKind::SelectiveReject, &r.selective_reject_criteria).chosen
    {
        return vec![step(
            Action::Reject,
            Reason::SelectiveReject { criterion_id: id },
            true,
        )];
    }
    // 2. Selective accept: a matching "don't accept" rejects (documented); no matching accept
    // rejects too (not documented).
    if r.selective_accept.enabled {
        let d = decide(ctx, RuleKind::SelectiveAccept, &r.selective_accept_criteria);
        if let Some(id) = d.vetoed_by {
            return vec![step(
                Action::Reject,
                Reason::SelectiveDontAccept { criterion_id: id },
                true,
            )];
        }
        if d.chosen.is_none() {
            return vec![step(Action::Reject, Reason::NotSelectivelyAccepted, false)];
        }
    }
    // 3. Selective forward (nsqkmd9: over call forwarding). Several matching: the first in list
    // order (not documented).
    if r.selective_forward.enabled {
        let d = decide(
            ctx,
            RuleKind::SelectiveForward,
            &r.selective_forward_criteria,
        );
        if let Some(id) = d.chosen {
            let c = r
                .selective_forward_criteria
                .iter()
                .find(|c| c.id == id)
                .expect("chosen from the list");
            let target = if c.send_to_voicemail().unwrap_or(false) {
                Target::Voicemail
            } else {
                let number = c
                    .forward_to_phone_number
                    .clone()
                    .or_else(|| r.selective_forward.default_phone_number_to_forward.clone())
                    .unwrap_or_default();
                Target::Number(number)
            };
            return vec![step(
                Action::Forward(target),
                Reason::SelectiveForward { criterion_id: id },
                d.single_match,
            )];
        }
    }
    // 4. Forward always, send all calls to voicemail, DND (the order of `calls`).
    let fw = &r.forwarding.call_forwarding;
    if fw.always.enabled {
        let target = if fw.always.destination_voicemail_enabled {
            Target::Voicemail
        } else {
            Target::Number(fw.always.destination.clone().unwrap_or_default())
        };
        return vec![step(Action::Forward(target), Reason::ForwardAlways, true)];
    }
    if r.voicemail.enabled && r.voicemail.send_all_calls.enabled {
        return vec![step(
            Action::Forward(Target::Voicemail),
            Reason::SendAllToVoicemail,
            true,
        )];
    }
    let (busy, busy_reason) = busy_disposition(r);
    if r.do_not_disturb.enabled {
        // Selective rules above DND: "over other call settings" (nsqkmd9) reads so, but the
        // article does not name DND.
        return vec![step(
            Action::BusyTreatment(busy),
            Reason::DoNotDisturb,
            false,
        )];
    }
    // 5. The phones ring, with the simultaneous-ring and SNR numbers.
    let mut also = Vec::new();
    let sim = simultaneous_ring_applies(ctx);
    if sim {
        also.extend(
            r.simultaneous_ring
                .phone_numbers
                .iter()
                .map(|n| n.phone_number.clone()),
        );
    }
    let snr: Vec<String> = r
        .single_number_reach
        .numbers
        .iter()
        .filter(|n| n.enabled)
        .map(|n| n.phone_number.clone())
        .collect();
    let snr_on = !snr.is_empty();
    also.extend(snr);
    let mut out = vec![step(
        Action::Ring { also },
        Reason::Ringing {
            simultaneous: sim,
            single_number_reach: snr_on,
        },
        // Where SNR stands beside simultaneous ring is not documented.
        !snr_on,
    )];
    // 6. Busy, then no answer: forwarding before voicemail.
    out.push(step(Action::WhenBusy(busy), busy_reason, true));
    let (rings, then, reason) = if fw.no_answer.enabled {
        let target = if fw.no_answer.destination_voicemail_enabled {
            Target::Voicemail
        } else {
            Target::Number(fw.no_answer.destination.clone().unwrap_or_default())
        };
        (
            Some(fw.no_answer.number_of_rings.unwrap_or(3)),
            Disposition::To(target),
            Reason::ForwardNoAnswer,
        )
    } else if r.voicemail.enabled && r.voicemail.send_unanswered_calls.enabled {
        (
            Some(
                r.voicemail
                    .send_unanswered_calls
                    .number_of_rings
                    .unwrap_or(3),
            ),
            Disposition::To(Target::Voicemail),
            Reason::VoicemailNoAnswer,
        )
    } else {
        (None, Disposition::KeepsRinging, Reason::NoRule)
    };
    out.push(step(Action::WhenNoAnswer { rings, then }, reason, true));
    out
}

fn busy_disposition(r: &PersonRules) -> (Disposition, Reason) {
    let busy = &r.forwarding.call_forwarding.busy;
    if busy.enabled {
        let target = if busy.destination_voicemail_enabled {
            Target::Voicemail
        } else {
            Target::Number(busy.destination.clone().unwrap_or_default())
        };
        (Disposition::To(target), Reason::ForwardBusy)
    } else if r.voicemail.enabled && r.voicemail.send_busy_calls.enabled {
        (Disposition::To(Target::Voicemail), Reason::VoicemailBusy)
    } else {
        (Disposition::BusyTone, Reason::NoRule)
    }
}

fn simultaneous_ring_applies(ctx: &Ctx<'_>) -> bool {
    let s = &ctx.rules.simultaneous_ring;
    if !s.enabled || s.phone_numbers.is_empty() {
        return false;
    }
    if !s.criterias_enabled {
        return true;
    }
    decide(
        ctx,
        RuleKind::SimultaneousRing,
        &ctx.rules.simultaneous_ring_criteria,
    )
    .chosen
    .is_some()
}

/// What a feature's criteria decide for the call.
struct Decision {
    /// The rule that applies (a "do" rule matched and no "don't" rule did).
    chosen: Option<String>,
    /// A "don't" rule that matched.
    vetoed_by: Option<String>,
    /// Only one "do" rule matched (so which one wins is not in question).
    single_match: bool,
}

fn decide(ctx: &Ctx<'_>, kind: RuleKind, criteria: &[Criterion]) -> Decision {
    let matching: Vec<&Criterion> = criteria
        .iter()
        .filter(|c| criterion_matches(ctx, kind, c))
        .collect();
    // An absent flag reads as a "do" rule (the admin GETs always carry it).
    let (dont, doo): (Vec<&Criterion>, Vec<&Criterion>) = matching
        .into_iter()
        .partition(|c| c.action_enabled(kind) == Some(false));
    match dont.first() {
        Some(v) => Decision {
            chosen: None,
            vetoed_by: Some(v.id.clone()),
            single_match: false,
        },
        None => Decision {
            chosen: doo.first().map(|c| c.id.clone()),
            vetoed_by: None,
            single_match: doo.len() <= 1,
        },
    }
}

fn criterion_matches(ctx: &Ctx<'_>, kind: RuleKind, c: &Criterion) -> bool {
    callers_match(ctx.call, c) && in_schedule(ctx, kind, c)
}

fn callers_match(call: &Call, c: &Criterion) -> bool {
    match &c.calls_from {
        None | Some(CallsFrom::AnyPhoneNumber) => true,
        Some(CallsFrom::AnyInternal) => call.internal,
        Some(CallsFrom::AnyExternal) => !call.internal,
        Some(CallsFrom::Forwarded) => call.forwarded,
        Some(CallsFrom::SelectPhoneNumbers) => match &call.caller {
            Caller::Anonymous => c.anonymous_callers_enabled,
            Caller::Unavailable => c.unavailable_callers_enabled,
            Caller::Number(n) => c.phone_numbers.iter().any(|p| same_number(p, n)),
        },
        // A value this portal does not know: it cannot say, so the rule does not match.
        Some(CallsFrom::Other(_)) => false,
    }
}

fn in_schedule(ctx: &Ctx<'_>, kind: RuleKind, c: &Criterion) -> bool {
    let Some(name) = c.schedule_name.as_deref().filter(|n| !n.is_empty()) else {
        // FACTS §10.2: with neither name nor type the criterion covers all hours of all days.
        return true;
    };
    let level = c.schedule_level.clone().unwrap_or(ScheduleLevel::People);
    let found = ctx.rules.schedules.iter().find(|s| {
        s.schedule.name == name
            && c.schedule_type
                .as_ref()
                .is_none_or(|t| s.schedule.schedule_type.as_ref() == Some(t))
            // GROUP schedules are listed nowhere a person's schedules are; accept any level then.
            && (s.level == level || level == ScheduleLevel::Group)
    });
    match found {
        Some(s) => schedule_covers(&s.schedule, ctx.call.at, &ctx.warnings),
        None => {
            ctx.warnings
                .borrow_mut()
                .push(RuleWarning::MissingSchedule {
                    rule: kind,
                    criterion_id: c.id.clone(),
                    schedule_name: name.to_owned(),
                });
            false
        }
    }
}

/// Whether any event of `s` covers `at`.
pub fn schedule_covers(
    s: &Schedule,
    at: PrimitiveDateTime,
    warnings: &std::cell::RefCell<Vec<RuleWarning>>,
) -> bool {
    s.events.iter().any(|e| match event_covers(e, at) {
        Some(hit) => hit,
        None => {
            warnings
                .borrow_mut()
                .push(RuleWarning::UnsupportedRecurrence {
                    schedule_name: s.name.clone(),
                    event_name: e.name.clone(),
                });
            false
        }
    })
}

/// `None` when the event recurs in a way this code does not evaluate.
fn event_covers(e: &crate::webex::models::ScheduleEvent, at: PrimitiveDateTime) -> Option<bool> {
    let (Some(start), Some(end)) = (parse_date(&e.start_date), parse_date(&e.end_date)) else {
        return Some(false);
    };
    let day = at.date();
    let minute = u32::from(at.hour()) * 60 + u32::from(at.minute());
    let from = e.start_time.as_deref().and_then(parse_minutes).unwrap_or(0);
    // An end of 23:59 means the end of the day (the Webex UI's last choice); else the end minute
    // is outside the event (09:00–17:00 ends before 17:00). Not documented by Webex.
    let until = match e.end_time.as_deref().and_then(parse_minutes) {
        Some(m) if m >= 23 * 60 + 59 => 24 * 60,
        Some(m) => m,
        None => 24 * 60,
    };
    let in_hours = |m: u32| e.all_day_enabled || (from <= m && m < until);
    let recurrence = e.recurrence.as_ref();
    let recurs = recurrence.is_some_and(|r| {
        r.recur_weekly.is_some()
            || r.recur_daily.is_some()
            || r.extra.contains_key("recurYearlyByDate")
            || r.extra.contains_key("recurYearlyByDay")
    });
    if !recurs {
        if e.all_day_enabled || start != end {
            // One span: from the start date's start time to the end date's end time.
            if day < start || day > end {
                return Some(false);
            }
            if e.all_day_enabled {
                return Some(true);
            }
            let after_start = day > start || minute >= from;
            let before_end = day < end || minute < until;
            return Some(after_start && before_end);
        }
        return Some(day == start && in_hours(minute));
    }
    let r = recurrence.expect("recurs");
    if day < start {
        return Some(false);
    }
    if let Some(last) = r.recur_end_date.as_deref().and_then(parse_date)
        && day > last
    {
        return Some(false);
    }
    // Each occurrence lasts as long as the first one (start..=end dates).
    let span = (end - start).whole_days();
    let occurs_on = |d: Date| -> Option<bool> {
        if let Some(w) = &r.recur_weekly {
            let interval = i64::from(w.recur_interval.unwrap_or(1).max(1));
            let weeks = (monday_of(d) - monday_of(start)).whole_weeks();
            return Some(w.on(d.weekday().number_days_from_monday()) && weeks % interval == 0);
        }
        if let Some(daily) = &r.recur_daily {
            let interval = i64::from(daily.recur_interval.unwrap_or(1).max(1));
            return Some((d - start).whole_days() % interval == 0);
        }
        if let Some(by_date) = r.extra.get("recurYearlyByDate") {
            let dom = by_date.get("dayOfMonth").and_then(|v| v.as_u64());
            let month = by_date.get("month").and_then(|v| v.as_str());
            return Some(
                dom == Some(u64::from(d.day()))
                    && month.is_some_and(|m| m.eq_ignore_ascii_case(&d.month().to_string())),
            );
        }
        None
    };
    // The occurrence that may cover `day` started on one of the `span` days before it.
    for back in 0..=span {
        let first = day - time::Duration::days(back);
        if first < start {
            break;
        }
        if !occurs_on(first)? {
            continue;
        }
        if let Some(n) = r.recur_end_occurrence
            && occurrences_until(start, first, &occurs_on)? > u64::from(n)
        {
            continue;
        }
        let hit = if span == 0 {
            in_hours(minute)
        } else if e.all_day_enabled {
            true
        } else {
            let last = first + time::Duration::days(span);
            (day > first || minute >= from) && (day < last || minute < until)
        };
        if hit {
            return Some(true);
        }
    }
    Some(false)
}

/// How many occurrences there are from `start` through `upto` (bounded: ten years of days).
fn occurrences_until(
    start: Date,
    upto: Date,
    occurs_on: &dyn Fn(Date) -> Option<bool>,
) -> Option<u64> {
    let mut n = 0;
    let mut d = start;
    let mut guard = 0;
    while d <= upto && guard < 3660 {
        if occurs_on(d)? {
            n += 1;
        }
        d = d.next_day()?;
        guard += 1;
    }
    Some(n)
}

fn monday_of(d: Date) -> Date {
    d - time::Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

fn parse_minutes(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Whether a criterion's number and a caller's number are the same line. Criteria numbers may
/// not be E.164 (FACTS §10.2), so both are reduced to digits: a leading `+` or `00` marks an
/// international number; a national one (possibly with a trunk `0`) matches an international one
/// whose digits end with it after a 1–3 digit country code. Our reading, not Webex's.
pub fn same_number(a: &str, b: &str) -> bool {
    let (ia, da) = digits(a);
    let (ib, db) = digits(b);
    if da.is_empty() || db.is_empty() {
        return false;
    }
    if da == db {
        return true;
    }
    if ia && ib {
        return false;
    }
    let national = |d: &str| d.trim_start_matches('0').to_owned();
    let (long, short) = match (ia, ib) {
        (true, false) => (da, national(&db)),
        (false, true) => (db, national(&da)),
        // Neither international: equal after the trunk prefix, or one is the other with a
        // country code in front.
        _ => {
            let (na, nb) = (national(&da), national(&db));
            if na == nb {
                return true;
            }
            if na.len() >= nb.len() {
                (na, nb)
            } else {
                (nb, na)
            }
        }
    };
    short.len() >= 7 && long.ends_with(&short) && (1..=3).contains(&(long.len() - short.len()))
}

/// (international, digits) of a number as typed.
fn digits(s: &str) -> (bool, String) {
    let t = s.trim();
    let plus = t.starts_with('+');
    let d: String = t.chars().filter(char::is_ascii_digit).collect();
    if !plus && let Some(rest) = d.strip_prefix("00") {
        return (true, rest.to_owned());
    }
    (plus, d)
}

/// The warnings that hold whatever the call (missing schedules show once a call is evaluated,
/// and also here for every criterion naming a schedule that is not listed).
pub fn warnings(r: &PersonRules) -> Vec<RuleWarning> {
    let mut out = Vec::new();
    let unconditional = |c: &Criterion| {
        matches!(c.calls_from, None | Some(CallsFrom::AnyPhoneNumber))
            && c.schedule_name.as_deref().is_none_or(str::is_empty)
    };
    let features: [(RuleKind, bool, &Vec<Criterion>); 4] = [
        (
            RuleKind::SelectiveReject,
            r.selective_reject.enabled,
            &r.selective_reject_criteria,
        ),
        (
            RuleKind::SelectiveAccept,
            r.selective_accept.enabled,
            &r.selective_accept_criteria,
        ),
        (
            RuleKind::SelectiveForward,
            r.selective_forward.enabled,
            &r.selective_forward_criteria,
        ),
        (
            RuleKind::SimultaneousRing,
            r.simultaneous_ring.enabled && r.simultaneous_ring.criterias_enabled,
            &r.simultaneous_ring_criteria,
        ),
    ];
    for (kind, enabled, criteria) in features {
        for c in criteria.iter() {
            if let Some(name) = c.schedule_name.as_deref().filter(|n| !n.is_empty()) {
                let level = c.schedule_level.clone().unwrap_or(ScheduleLevel::People);
                let known = r.schedules.iter().any(|s| {
                    s.schedule.name == name
                        && c.schedule_type
                            .as_ref()
                            .is_none_or(|t| s.schedule.schedule_type.as_ref() == Some(t))
                        && (s.level == level || level == ScheduleLevel::Group)
                });
                if !known {
                    out.push(RuleWarning::MissingSchedule {
                        rule: kind,
                        criterion_id: c.id.clone(),
                        schedule_name: name.to_owned(),
                    });
                }
            }
        }
        if enabled && criteria.is_empty() && kind != RuleKind::SelectiveAccept {
            out.push(RuleWarning::EnabledWithoutRules { rule: kind });
        }
    }
    if r.selective_reject.enabled
        && let Some(c) = r.selective_reject_criteria.iter().find(|c| {
            unconditional(c) && c.action_enabled(RuleKind::SelectiveReject) != Some(false)
        })
    {
        out.push(RuleWarning::RejectsEveryCall {
            criterion_id: c.id.clone(),
        });
    }
    if r.selective_accept.enabled
        && !r
            .selective_accept_criteria
            .iter()
            .any(|c| c.action_enabled(RuleKind::SelectiveAccept) != Some(false))
    {
        out.push(RuleWarning::AcceptsNoCall);
    }
    let fw = &r.forwarding.call_forwarding;
    if r.selective_forward.enabled
        && (fw.always.enabled || fw.busy.enabled || fw.no_answer.enabled)
        && let Some(c) = r.selective_forward_criteria.iter().find(|c| {
            unconditional(c) && c.action_enabled(RuleKind::SelectiveForward) != Some(false)
        })
    {
        out.push(RuleWarning::SelectiveForwardHidesCallForwarding {
            criterion_id: c.id.clone(),
        });
    }
    let rings_others = (r.simultaneous_ring.enabled
        && !r.simultaneous_ring.phone_numbers.is_empty())
        || r.single_number_reach.numbers.iter().any(|n| n.enabled);
    let sends_all =
        fw.always.enabled || (r.voicemail.enabled && r.voicemail.send_all_calls.enabled);
    if rings_others && sends_all {
        out.push(RuleWarning::ForwardAlwaysHidesRinging);
    }
    if rings_others && r.do_not_disturb.enabled && !sends_all {
        out.push(RuleWarning::DoNotDisturbHidesRinging);
    }
    if !r.simultaneous_ring.criterias_enabled && !r.simultaneous_ring_criteria.is_empty() {
        out.push(RuleWarning::SimultaneousRingCriteriaIgnored);
    }
    if r.simultaneous_ring.enabled && r.simultaneous_ring.phone_numbers.is_empty() {
        out.push(RuleWarning::SimultaneousRingWithoutNumbers);
    }
    out
}

/// Helpers for building inputs (tests, the tester form).
impl Call {
    pub fn from_number(number: &str, at: PrimitiveDateTime) -> Call {
        Call {
            caller: Caller::Number(number.to_owned()),
            internal: false,
            forwarded: false,
            at,
        }
    }
}

pub mod in_force;

#[cfg(test)]
mod tests;
