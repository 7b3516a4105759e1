use serde_json::{Value, json};
use time::{Date, Month, PrimitiveDateTime, Time};

use super::*;

const MOBILE: &str = "+16175550199";
const BOSS: &str = "+14085550100";

fn at(y: i32, m: u8, d: u8, h: u8, min: u8) -> PrimitiveDateTime {
    PrimitiveDateTime::new(
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap(),
        Time::from_hms(h, min, 0).unwrap(),
    )
}

/// Wednesday 2 December 2026.
fn wed(h: u8, min: u8) -> PrimitiveDateTime {
    at(2026, 12, 2, h, min)
}

fn from(v: Value) -> Criterion {
    serde_json::from_value(v).unwrap()
}

fn weekly(days: &[&str]) -> Value {
    let mut w = json!({});
    for d in days {
        w[*d] = true.into();
    }
    json!({ "recurForEver": true, "recurWeekly": w })
}

const WEEKDAYS: [&str; 5] = ["monday", "tuesday", "wednesday", "thursday", "friday"];

fn schedule(level: ScheduleLevel, v: Value) -> KnownSchedule {
    KnownSchedule {
        level,
        schedule: serde_json::from_value(v).unwrap(),
    }
}

/// Voicemail on for busy and unanswered (3 rings), Alice's schedules, nothing else.
fn base() -> PersonRules {
    let mut r = PersonRules::default();
    r.voicemail.enabled = true;
    r.voicemail.send_busy_calls.enabled = true;
    r.voicemail.send_unanswered_calls.enabled = true;
    r.voicemail.send_unanswered_calls.number_of_rings = Some(3);
    r.schedules = vec![
        schedule(
            ScheduleLevel::People,
            json!({ "id": "s1", "name": "Office hours", "type": "businessHours", "events": [
                { "name": "Weekdays", "startDate": "2026-01-05", "endDate": "2026-01-05",
                  "startTime": "09:00", "endTime": "17:00", "recurrence": weekly(&WEEKDAYS) }]}),
        ),
        schedule(
            ScheduleLevel::People,
            json!({ "id": "s2", "name": "After hours", "type": "businessHours", "events": [
                { "name": "Mornings", "startDate": "2026-01-05", "endDate": "2026-01-05",
                  "startTime": "00:00", "endTime": "09:00", "recurrence": weekly(&WEEKDAYS) },
                { "name": "Evenings", "startDate": "2026-01-05", "endDate": "2026-01-05",
                  "startTime": "17:00", "endTime": "23:59", "recurrence": weekly(&WEEKDAYS) },
                { "name": "Weekends", "startDate": "2026-01-03", "endDate": "2026-01-03",
                  "allDayEnabled": true, "recurrence": weekly(&["saturday", "sunday"]) }]}),
        ),
        schedule(
            ScheduleLevel::People,
            json!({ "id": "s3", "name": "Company holidays", "type": "holidays", "events": [
                { "name": "Winter break", "startDate": "2026-12-24", "endDate": "2026-12-26",
                  "allDayEnabled": true }]}),
        ),
        schedule(
            ScheduleLevel::Location,
            json!({ "id": "l1", "name": "Boston holidays", "type": "holidays", "events": [
                { "id": "e1", "name": "Christmas", "startDate": "2026-12-25",
                  "endDate": "2026-12-25", "allDayEnabled": true,
                  "recurrence": { "recurForEver": true,
                                  "recurYearlyByDate": { "dayOfMonth": 25, "month": "DECEMBER" } } },
                { "id": "e2", "name": "Old weekly", "startDate": "2025-01-06",
                  "endDate": "2025-01-06", "startTime": "08:00", "endTime": "10:00",
                  "recurrence": { "recurEndDate": "2025-06-30", "recurWeekly": { "wednesday": true } } }]}),
        ),
    ];
    r
}

fn after_hours_forward(number: &str) -> Criterion {
    from(json!({
        "id": "f1", "forwardToPhoneNumber": MOBILE, "sendToVoicemailEnabled": false,
        "callsFrom": "SELECT_PHONE_NUMBERS", "phoneNumbers": [number],
        "scheduleName": "After hours", "scheduleType": "businessHours", "scheduleLevel": "PEOPLE",
        "forwardEnabled": true
    }))
}

fn with_forward(mut r: PersonRules, c: Vec<Criterion>) -> PersonRules {
    r.selective_forward.enabled = true;
    r.selective_forward_criteria = c;
    r
}

fn with_reject(mut r: PersonRules, c: Vec<Criterion>) -> PersonRules {
    r.selective_reject.enabled = true;
    r.selective_reject_criteria = c;
    r
}

fn with_accept(mut r: PersonRules, c: Vec<Criterion>) -> PersonRules {
    r.selective_accept.enabled = true;
    r.selective_accept_criteria = c;
    r
}

fn holiday_anonymous_reject() -> Criterion {
    from(json!({
        "id": "r1", "callsFrom": "SELECT_PHONE_NUMBERS", "phoneNumbers": [],
        "anonymousCallersEnabled": true, "unavailableCallersEnabled": false,
        "scheduleName": "Company holidays", "scheduleType": "holidays", "scheduleLevel": "PEOPLE",
        "rejectEnabled": true
    }))
}

fn numbers_rule(id: &str, flag: &str, value: bool, numbers: &[&str]) -> Criterion {
    from(
        json!({ "id": id, "callsFrom": "SELECT_PHONE_NUMBERS", "phoneNumbers": numbers,
                 "anonymousCallersEnabled": false, "unavailableCallersEnabled": false,
                 flag: value }),
    )
}

fn any_rule(id: &str, flag: &str, value: bool) -> Criterion {
    from(json!({ "id": id, "callsFrom": "ANY_PHONE_NUMBER", flag: value }))
}

fn forward_always(mut r: PersonRules) -> PersonRules {
    r.forwarding.call_forwarding.always.enabled = true;
    r.forwarding.call_forwarding.always.destination = Some("+15555550001".into());
    r
}

fn sim_ring(mut r: PersonRules, criteria: Vec<Criterion>) -> PersonRules {
    r.simultaneous_ring.enabled = true;
    r.simultaneous_ring.phone_numbers = vec![
        serde_json::from_value(
            json!({ "phoneNumber": "+14085550111", "answerConfirmationEnabled": true }),
        )
        .unwrap(),
    ];
    r.simultaneous_ring.criterias_enabled = !criteria.is_empty();
    r.simultaneous_ring_criteria = criteria;
    r
}

fn call(number: &str, when: PrimitiveDateTime) -> Call {
    Call::from_number(number, when)
}

fn anonymous(when: PrimitiveDateTime) -> Call {
    Call {
        caller: Caller::Anonymous,
        internal: false,
        forwarded: false,
        at: when,
    }
}

fn ring(also: &[&str]) -> Action {
    Action::Ring {
        also: also.iter().map(|s| s.to_string()).collect(),
    }
}

fn ringing(sim: bool, snr: bool) -> Reason {
    Reason::Ringing {
        simultaneous: sim,
        single_number_reach: snr,
    }
}

fn to(n: &str) -> Target {
    Target::Number(n.into())
}

fn fwd(id: &str) -> Reason {
    Reason::SelectiveForward {
        criterion_id: id.into(),
    }
}

fn rej(id: &str) -> Reason {
    Reason::SelectiveReject {
        criterion_id: id.into(),
    }
}

/// (case, rules, call, the first step's action and reason, its `documented`).
#[allow(clippy::type_complexity)]
fn table() -> Vec<(&'static str, PersonRules, Call, Action, Reason, bool)> {
    let snr = |enabled: bool| {
        let mut r = base();
        r.single_number_reach.numbers = vec![
            serde_json::from_value(json!({
            "id": "n1", "phoneNumber": "+13125550177", "enabled": enabled, "name": "Mobile" }))
            .unwrap(),
        ];
        r
    };
    let office_ring = from(json!({ "id": "sr1", "callsFrom": "ANY_PHONE_NUMBER",
        "scheduleName": "Office hours", "scheduleType": "businessHours", "ringEnabled": true }));
    let mut dnd = base();
    dnd.do_not_disturb.enabled = true;
    let mut dnd_busy = dnd.clone();
    dnd_busy.forwarding.call_forwarding.busy.enabled = true;
    dnd_busy.forwarding.call_forwarding.busy.destination = Some("+15555550002".into());
    let mut send_all = base();
    send_all.voicemail.send_all_calls.enabled = true;
    let internal = |mut c: Call| {
        c.internal = true;
        c
    };
    let forwarded = |mut c: Call| {
        c.forwarded = true;
        c
    };
    let unavailable = |when| Call {
        caller: Caller::Unavailable,
        internal: false,
        forwarded: false,
        at: when,
    };
    let mut reject_dnd = with_reject(
        base(),
        vec![numbers_rule("r9", "rejectEnabled", true, &[BOSS])],
    );
    reject_dnd.do_not_disturb.enabled = true;
    let internal_forward = from(json!({ "id": "f7", "forwardToPhoneNumber": MOBILE,
        "sendToVoicemailEnabled": false, "callsFrom": "ANY_INTERNAL", "forwardEnabled": true }));
    let forward_to_voicemail = from(json!({ "id": "f8", "forwardToPhoneNumber": MOBILE,
        "sendToVoicemailEnabled": true, "callsFrom": "ANY_PHONE_NUMBER", "forwardEnabled": true }));
    let location_reject = from(json!({ "id": "r5", "callsFrom": "ANY_PHONE_NUMBER",
        "scheduleName": "Boston holidays", "scheduleType": "holidays",
        "scheduleLevel": "LOCATION", "rejectEnabled": true }));
    let old_weekly = from(json!({ "id": "r6", "callsFrom": "ANY_PHONE_NUMBER",
        "scheduleName": "Boston holidays", "scheduleType": "holidays",
        "scheduleLevel": "LOCATION", "rejectEnabled": true }));
    let missing = from(json!({ "id": "f9", "forwardToPhoneNumber": MOBILE,
        "sendToVoicemailEnabled": false, "callsFrom": "ANY_PHONE_NUMBER",
        "scheduleName": "Old name", "scheduleType": "businessHours", "forwardEnabled": true }));
    let wrong_level = from(json!({ "id": "r7", "callsFrom": "ANY_PHONE_NUMBER",
        "scheduleName": "Boston holidays", "scheduleType": "holidays",
        "scheduleLevel": "PEOPLE", "rejectEnabled": true }));
    vec![
        (
            "nothing set: the phones ring",
            base(),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "forward always",
            forward_always(base()),
            call(BOSS, wed(10, 0)),
            Action::Forward(to("+15555550001")),
            Reason::ForwardAlways,
            true,
        ),
        (
            "send all calls to voicemail",
            send_all,
            call(BOSS, wed(10, 0)),
            Action::Forward(Target::Voicemail),
            Reason::SendAllToVoicemail,
            true,
        ),
        (
            "DND: busy treatment to voicemail",
            dnd.clone(),
            call(BOSS, wed(10, 0)),
            Action::BusyTreatment(Disposition::To(Target::Voicemail)),
            Reason::DoNotDisturb,
            false,
        ),
        (
            "DND with forward busy",
            dnd_busy,
            call(BOSS, wed(10, 0)),
            Action::BusyTreatment(Disposition::To(to("+15555550002"))),
            Reason::DoNotDisturb,
            false,
        ),
        (
            "simultaneous ring, no criteria",
            sim_ring(base(), vec![]),
            call(BOSS, wed(10, 0)),
            ring(&["+14085550111"]),
            ringing(true, false),
            true,
        ),
        (
            "simultaneous ring in office hours",
            sim_ring(base(), vec![office_ring.clone()]),
            call(BOSS, wed(10, 0)),
            ring(&["+14085550111"]),
            ringing(true, false),
            true,
        ),
        (
            "simultaneous ring outside office hours",
            sim_ring(base(), vec![office_ring]),
            call(BOSS, wed(18, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "single number reach rings too",
            snr(true),
            call(BOSS, wed(10, 0)),
            ring(&["+13125550177"]),
            ringing(false, true),
            false,
        ),
        (
            "a disabled SNR number does not ring",
            snr(false),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "selective forward after hours",
            with_forward(base(), vec![after_hours_forward("+1 408 555 0100")]),
            call(BOSS, wed(18, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "selective forward: office hours ring",
            with_forward(base(), vec![after_hours_forward("+1 408 555 0100")]),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "boundary: 17:00 is after hours",
            with_forward(base(), vec![after_hours_forward(BOSS)]),
            call(BOSS, wed(17, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "boundary: 16:59 is office hours",
            with_forward(base(), vec![after_hours_forward(BOSS)]),
            call(BOSS, wed(16, 59)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "boundary: 09:00 is office hours",
            with_forward(base(), vec![after_hours_forward(BOSS)]),
            call(BOSS, wed(9, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "boundary: 08:59 is after hours",
            with_forward(base(), vec![after_hours_forward(BOSS)]),
            call(BOSS, wed(8, 59)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "boundary: 23:59 end covers the last minute",
            with_forward(base(), vec![after_hours_forward(BOSS)]),
            call(BOSS, wed(23, 59)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "weekend all-day recurrence",
            with_forward(base(), vec![after_hours_forward(BOSS)]),
            call(BOSS, at(2026, 12, 5, 12, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "another caller is not forwarded",
            with_forward(base(), vec![after_hours_forward(BOSS)]),
            call("+14085550101", wed(18, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "normalising: national caller, E.164 criterion",
            with_forward(base(), vec![after_hours_forward("+1 408 555 0100")]),
            call("4085550100", wed(18, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "normalising: formatted criterion, E.164 caller",
            with_forward(base(), vec![after_hours_forward("(408) 555-0100")]),
            call(BOSS, wed(18, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "normalising: 00 international prefix",
            with_forward(base(), vec![after_hours_forward("0014085550100")]),
            call(BOSS, wed(18, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "normalising: UK trunk 0",
            with_reject(
                base(),
                vec![numbers_rule(
                    "r2",
                    "rejectEnabled",
                    true,
                    &["020 7946 0001"],
                )],
            ),
            call("+442079460001", wed(10, 0)),
            Action::Reject,
            rej("r2"),
            true,
        ),
        (
            "normalising: different country, same digits",
            with_reject(
                base(),
                vec![numbers_rule(
                    "r2",
                    "rejectEnabled",
                    true,
                    &["+442079460001"],
                )],
            ),
            call("+4412079460001", wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "anonymous caller rejected on a holiday",
            with_reject(base(), vec![holiday_anonymous_reject()]),
            anonymous(at(2026, 12, 25, 10, 0)),
            Action::Reject,
            rej("r1"),
            true,
        ),
        (
            "anonymous caller on a working day",
            with_reject(base(), vec![holiday_anonymous_reject()]),
            anonymous(wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "unavailable caller is not anonymous",
            with_reject(base(), vec![holiday_anonymous_reject()]),
            unavailable(at(2026, 12, 25, 10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "holiday span: last day, late",
            with_reject(base(), vec![holiday_anonymous_reject()]),
            anonymous(at(2026, 12, 26, 23, 30)),
            Action::Reject,
            rej("r1"),
            true,
        ),
        (
            "holiday span: the day after",
            with_reject(base(), vec![holiday_anonymous_reject()]),
            anonymous(at(2026, 12, 27, 0, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "reject before accept",
            with_accept(
                with_reject(base(), vec![any_rule("r3", "rejectEnabled", true)]),
                vec![any_rule("a1", "acceptEnabled", true)],
            ),
            call(BOSS, wed(10, 0)),
            Action::Reject,
            rej("r3"),
            true,
        ),
        (
            "selective accept: caller not listed",
            with_accept(
                base(),
                vec![numbers_rule("a2", "acceptEnabled", true, &[BOSS])],
            ),
            call("+14085550199", wed(10, 0)),
            Action::Reject,
            Reason::NotSelectivelyAccepted,
            false,
        ),
        (
            "selective accept: caller listed",
            with_accept(
                base(),
                vec![numbers_rule("a2", "acceptEnabled", true, &[BOSS])],
            ),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "don't accept wins over accept",
            with_accept(
                base(),
                vec![
                    any_rule("a3", "acceptEnabled", true),
                    numbers_rule("a4", "acceptEnabled", false, &[BOSS]),
                ],
            ),
            call(BOSS, wed(10, 0)),
            Action::Reject,
            Reason::SelectiveDontAccept {
                criterion_id: "a4".into(),
            },
            true,
        ),
        (
            "selective forward before forward always",
            forward_always(with_forward(base(), vec![after_hours_forward(BOSS)])),
            call(BOSS, wed(18, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            true,
        ),
        (
            "forward always when selective forward does not match",
            forward_always(with_forward(base(), vec![after_hours_forward(BOSS)])),
            call(BOSS, wed(10, 0)),
            Action::Forward(to("+15555550001")),
            Reason::ForwardAlways,
            true,
        ),
        (
            "don't forward vetoes a forward",
            with_forward(
                base(),
                vec![
                    any_rule("f2", "forwardEnabled", true),
                    numbers_rule("f3", "forwardEnabled", false, &[BOSS]),
                ],
            ),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "summary flag named ringEnabled still reads",
            with_forward(
                base(),
                vec![from(json!({
                "id": "f4", "forwardToPhoneNumber": MOBILE, "callsFrom": "ANY_PHONE_NUMBER", "ringEnabled": false }))],
            ),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "selective reject before DND",
            reject_dnd,
            call(BOSS, wed(10, 0)),
            Action::Reject,
            rej("r9"),
            true,
        ),
        (
            "a missing schedule never matches",
            with_forward(base(), vec![missing]),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "no schedule means all hours",
            with_forward(base(), vec![any_rule("f5", "forwardEnabled", true)]),
            call(BOSS, at(2026, 12, 6, 3, 0)),
            Action::Forward(to("")),
            fwd("f5"),
            true,
        ),
        (
            "internal calls only: internal",
            with_forward(base(), vec![internal_forward.clone()]),
            internal(call("1002", wed(10, 0))),
            Action::Forward(to(MOBILE)),
            fwd("f7"),
            true,
        ),
        (
            "internal calls only: external",
            with_forward(base(), vec![internal_forward]),
            call(BOSS, wed(10, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "reject forwarded calls",
            with_reject(
                base(),
                vec![from(
                    json!({ "id": "r4", "callsFrom": "FORWARDED", "rejectEnabled": true }),
                )],
            ),
            forwarded(call(BOSS, wed(10, 0))),
            Action::Reject,
            rej("r4"),
            true,
        ),
        (
            "selective forward to voicemail",
            with_forward(base(), vec![forward_to_voicemail]),
            call(BOSS, wed(10, 0)),
            Action::Forward(Target::Voicemail),
            fwd("f8"),
            true,
        ),
        (
            "location holiday, yearly by date",
            with_reject(base(), vec![location_reject]),
            call(BOSS, at(2027, 12, 25, 9, 0)),
            Action::Reject,
            rej("r5"),
            true,
        ),
        (
            "weekly event after its recurrence ended",
            with_reject(base(), vec![old_weekly]),
            call(BOSS, at(2026, 12, 2, 9, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "a criterion's level must match the schedule's",
            with_reject(base(), vec![wrong_level]),
            call(BOSS, at(2026, 12, 25, 9, 0)),
            ring(&[]),
            ringing(false, false),
            true,
        ),
        (
            "two forwards match: the first wins (undocumented)",
            with_forward(
                base(),
                vec![
                    after_hours_forward(BOSS),
                    any_rule("f6", "forwardEnabled", true),
                ],
            ),
            call(BOSS, wed(18, 0)),
            Action::Forward(to(MOBILE)),
            fwd("f1"),
            false,
        ),
    ]
}

#[test]
fn the_table_of_calls() {
    let rows = table();
    assert!(rows.len() >= 25);
    let mut failures = Vec::new();
    for (name, rules, call, action, reason, documented) in rows {
        let out = evaluate(&rules, &call);
        let first = &out.steps[0];
        if first.action != action || first.reason != reason || first.documented != documented {
            failures.push(format!(
                "{name}: got {:?} / {:?} / documented {}, want {action:?} / {reason:?} / {documented}",
                first.action, first.reason, first.documented
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ringing_is_followed_by_busy_and_no_answer() {
    let out = evaluate(&sim_ring(base(), vec![]), &call(BOSS, wed(10, 0)));
    assert_eq!(
        out.steps,
        vec![
            step(ring(&["+14085550111"]), ringing(true, false), true),
            step(
                Action::WhenBusy(Disposition::To(Target::Voicemail)),
                Reason::VoicemailBusy,
                true
            ),
            step(
                Action::WhenNoAnswer {
                    rings: Some(3),
                    then: Disposition::To(Target::Voicemail)
                },
                Reason::VoicemailNoAnswer,
                true
            ),
        ]
    );
    let mut r = base();
    r.voicemail.enabled = false;
    r.forwarding.call_forwarding.no_answer.enabled = true;
    r.forwarding.call_forwarding.no_answer.destination = Some(MOBILE.into());
    r.forwarding.call_forwarding.no_answer.number_of_rings = Some(5);
    let out = evaluate(&r, &call(BOSS, wed(10, 0)));
    assert_eq!(out.steps[1].action, Action::WhenBusy(Disposition::BusyTone));
    assert_eq!(
        out.steps[2].action,
        Action::WhenNoAnswer {
            rings: Some(5),
            then: Disposition::To(to(MOBILE))
        }
    );
    r.forwarding.call_forwarding.no_answer.enabled = false;
    let out = evaluate(&r, &call(BOSS, wed(10, 0)));
    assert_eq!(
        out.steps[2].action,
        Action::WhenNoAnswer {
            rings: None,
            then: Disposition::KeepsRinging
        }
    );
}

#[test]
fn warnings_name_rules_that_hide_each_other() {
    let missing = from(json!({ "id": "f9", "forwardToPhoneNumber": MOBILE,
        "callsFrom": "ANY_PHONE_NUMBER", "scheduleName": "Old name",
        "scheduleType": "businessHours", "forwardEnabled": true }));
    let out = evaluate(
        &with_forward(base(), vec![missing]),
        &call(BOSS, wed(10, 0)),
    );
    assert_eq!(
        out.warnings,
        vec![RuleWarning::MissingSchedule {
            rule: RuleKind::SelectiveForward,
            criterion_id: "f9".into(),
            schedule_name: "Old name".into()
        }]
    );

    let r = forward_always(with_forward(
        sim_ring(base(), vec![]),
        vec![any_rule("f1", "forwardEnabled", true)],
    ));
    let w = warnings(&r);
    assert!(
        w.contains(&RuleWarning::SelectiveForwardHidesCallForwarding {
            criterion_id: "f1".into()
        })
    );
    assert!(w.contains(&RuleWarning::ForwardAlwaysHidesRinging));

    let w = warnings(&with_reject(
        base(),
        vec![any_rule("r1", "rejectEnabled", true)],
    ));
    assert_eq!(
        w,
        vec![RuleWarning::RejectsEveryCall {
            criterion_id: "r1".into()
        }]
    );
    // A "don't reject" rule for everyone rejects nothing.
    assert!(
        warnings(&with_reject(
            base(),
            vec![any_rule("r1", "rejectEnabled", false)]
        ))
        .is_empty()
    );

    assert_eq!(
        warnings(&with_accept(base(), vec![])),
        vec![RuleWarning::AcceptsNoCall]
    );
    assert_eq!(
        warnings(&with_forward(base(), vec![])),
        vec![RuleWarning::EnabledWithoutRules {
            rule: RuleKind::SelectiveForward
        }]
    );

    let mut r = sim_ring(base(), vec![]);
    r.simultaneous_ring_criteria = vec![any_rule("s1", "ringEnabled", true)];
    r.do_not_disturb.enabled = true;
    let w = warnings(&r);
    assert!(w.contains(&RuleWarning::SimultaneousRingCriteriaIgnored));
    assert!(w.contains(&RuleWarning::DoNotDisturbHidesRinging));

    let mut r = base();
    r.simultaneous_ring.enabled = true;
    assert_eq!(
        warnings(&r),
        vec![RuleWarning::SimultaneousRingWithoutNumbers]
    );
    // Alice's seeded shape: no warnings.
    let r = with_reject(
        with_forward(base(), vec![after_hours_forward("+1 408 555 0100")]),
        vec![holiday_anonymous_reject()],
    );
    assert!(warnings(&r).is_empty());
}

#[test]
fn yearly_by_weekday_is_reported_not_guessed() {
    let mut r = base();
    r.schedules.push(schedule(
        ScheduleLevel::Location,
        json!({ "id": "l2", "name": "Thanksgiving", "type": "holidays", "events": [
            { "id": "t", "name": "Thanksgiving", "startDate": "2026-11-26", "endDate": "2026-11-26",
              "allDayEnabled": true, "recurrence": { "recurForEver": true,
                "recurYearlyByDay": { "day": "THURSDAY", "week": "FOURTH", "month": "NOVEMBER" } } }]}),
    ));
    let r = with_reject(
        r,
        vec![from(json!({ "id": "r1", "callsFrom": "ANY_PHONE_NUMBER",
            "scheduleName": "Thanksgiving", "scheduleType": "holidays",
            "scheduleLevel": "LOCATION", "rejectEnabled": true }))],
    );
    let out = evaluate(&r, &call(BOSS, at(2027, 11, 25, 10, 0)));
    assert_eq!(out.steps[0].action, ring(&[]));
    assert!(out.warnings.contains(&RuleWarning::UnsupportedRecurrence {
        schedule_name: "Thanksgiving".into(),
        event_name: "Thanksgiving".into()
    }));
}

#[test]
fn numbers_compare_after_normalising() {
    for (a, b, same) in [
        ("+14085550100", "+1 (408) 555-0100", true),
        ("4085550100", "+14085550100", true),
        ("14085550100", "+14085550100", true),
        ("020 7946 0001", "+442079460001", true),
        ("0014085550100", "+14085550100", true),
        ("+14085550100", "+14085550101", false),
        ("+442079460001", "+4412079460001", false),
        ("1001", "+14085551001", false),
        ("", "", false),
    ] {
        assert_eq!(same_number(a, b), same, "{a} vs {b}");
    }
}
