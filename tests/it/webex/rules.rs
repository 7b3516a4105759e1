//! The client's calls for call handling rules (selective forward / accept / reject with criteria,
//! simultaneous ring, single number reach) and schedules, against the simulator: what they read,
//! that writes send only what changed plus what Webex requires, that a renamed schedule comes
//! back with its new id, and that refusals come back as errors with nothing changed. Ends with
//! the evaluator on what the client read.

use calling_portal::{
    domain::call_rules::{self, Action, Call, KnownSchedule, PersonRules, Reason, Target},
    simulator::seed,
    webex::{
        CallsFrom, CriterionPatch, NewSchedule, RuleKind, ScheduleEventBody, ScheduleLevel,
        SchedulePatch, ScheduleType, SelectiveForwardPatch, SimultaneousRingNumber,
        SimultaneousRingPatch, SingleNumberReachNumberBody,
    },
};
use futures_util::TryStreamExt as _;
use time::{Date, Month, PrimitiveDateTime, Time};

fn dt(m: u8, d: u8, h: u8, min: u8) -> PrimitiveDateTime {
    PrimitiveDateTime::new(
        Date::from_calendar_date(2026, Month::try_from(m).unwrap(), d).unwrap(),
        Time::from_hms(h, min, 0).unwrap(),
    )
}

use super::{client, employee, sim};

#[tokio::test]
async fn reads_alices_rules_and_evaluates_an_after_hours_call() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let sf = webex.get_selective_forward(&alice).await.unwrap();
    assert!(sf.enabled);
    assert!(!sf.send_to_voicemail());
    assert_eq!(sf.criteria.len(), 1);
    assert_eq!(sf.criteria[0].action_enabled(), Some(true));
    let c = webex
        .get_criterion(RuleKind::SelectiveForward, &alice, &sf.criteria[0].id)
        .await
        .unwrap();
    assert_eq!(c.calls_from, Some(CallsFrom::SelectPhoneNumbers));
    assert_eq!(c.phone_numbers, vec!["+1 408 555 0100".to_string()]);
    assert_eq!(c.schedule_name.as_deref(), Some("After hours"));
    assert_eq!(
        c.forward_to_phone_number.as_deref(),
        Some(seed::ALICE_MOBILE)
    );
    assert_eq!(c.send_to_voicemail(), Some(false));

    let summaries: Vec<_> = webex
        .list_person_schedules(&alice, None, None, Some(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        summaries.len(),
        5,
        "three of hers and two of Boston's, over three pages"
    );
    let mut schedules = Vec::new();
    for s in &summaries {
        let t = s.schedule_type.clone().unwrap();
        let schedule = match s.level {
            Some(ScheduleLevel::Location) => {
                let loc = seed::location_id(seed::LOCATION_BOSTON_UUID);
                webex.get_location_schedule(&loc, &t, &s.id).await.unwrap()
            }
            _ => webex.get_person_schedule(&alice, &t, &s.id).await.unwrap(),
        };
        schedules.push(KnownSchedule {
            level: s.level.clone().unwrap(),
            schedule,
        });
    }
    let reject = webex.get_selective_reject(&alice).await.unwrap();
    let mut reject_criteria = Vec::new();
    for s in &reject.criteria {
        reject_criteria.push(
            webex
                .get_criterion(RuleKind::SelectiveReject, &alice, &s.id)
                .await
                .unwrap(),
        );
    }
    let rules = PersonRules {
        forwarding: webex.get_call_forwarding(&alice).await.unwrap(),
        do_not_disturb: webex.get_do_not_disturb(&alice).await.unwrap(),
        voicemail: webex.get_voicemail(&alice).await.unwrap(),
        selective_reject: reject,
        selective_reject_criteria: reject_criteria,
        selective_accept: webex.get_selective_accept(&alice).await.unwrap(),
        selective_forward: sf,
        selective_forward_criteria: vec![c],
        simultaneous_ring: webex.get_simultaneous_ring(&alice).await.unwrap(),
        single_number_reach: webex.get_single_number_reach(&alice).await.unwrap(),
        schedules,
        ..Default::default()
    };
    // Wednesday evening, from the number as E.164: to her mobile.
    let out = call_rules::evaluate(
        &rules,
        &Call::from_number("+14085550100", dt(12, 2, 18, 30)),
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(
        out.steps[0].action,
        Action::Forward(Target::Number(seed::ALICE_MOBILE.into()))
    );
    // In office hours the phones ring, then voicemail.
    let out = call_rules::evaluate(
        &rules,
        &Call::from_number("+14085550100", dt(12, 2, 10, 30)),
    );
    assert!(matches!(out.steps[0].action, Action::Ring { .. }));
    // Anonymous on Christmas Eve: rejected.
    let mut anon = Call::from_number("", dt(12, 24, 10, 0));
    anon.caller = call_rules::Caller::Anonymous;
    let out = call_rules::evaluate(&rules, &anon);
    assert_eq!(out.steps[0].action, Action::Reject);
    assert!(matches!(
        out.steps[0].reason,
        Reason::SelectiveReject { .. }
    ));
}

#[tokio::test]
async fn criteria_writes_send_the_change_and_the_required_fields() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let sf = webex.get_selective_forward(&alice).await.unwrap();
    let current = webex
        .get_criterion(RuleKind::SelectiveForward, &alice, &sf.criteria[0].id)
        .await
        .unwrap();
    // Only the numbers change; the PUT's required fields come from the current criterion.
    let mut after = current.clone();
    after.phone_numbers = vec!["+14085550100".into(), "+14085550101".into()];
    let patch = CriterionPatch::between(RuleKind::SelectiveForward, &current, &after);
    assert_eq!(
        patch,
        CriterionPatch {
            phone_numbers: Some(after.phone_numbers.clone()),
            ..Default::default()
        }
    );
    webex
        .put_criterion(RuleKind::SelectiveForward, &alice, &current, &patch)
        .await
        .unwrap();
    let now = sim.person_setting(&alice, "selectiveForward").unwrap();
    assert_eq!(now["criteria"][0]["phoneNumbers"][1], "+14085550101");
    assert_eq!(
        now["criteria"][0]["forwardToPhoneNumber"],
        seed::ALICE_MOBILE
    );
    // An empty patch makes no call.
    sim.faults().reset_counts();
    webex
        .put_criterion(
            RuleKind::SelectiveForward,
            &alice,
            &current,
            &CriterionPatch::default(),
        )
        .await
        .unwrap();
    assert_eq!(sim.total_request_count(), 0);

    // Create, flip to "don't accept", delete.
    let (id, receipt) = webex
        .create_criterion(
            RuleKind::SelectiveAccept,
            &alice,
            &CriterionPatch {
                calls_from: Some(CallsFrom::AnyPhoneNumber),
                action_enabled: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!receipt.tracking_id.is_empty());
    let got = webex
        .get_criterion(RuleKind::SelectiveAccept, &alice, &id)
        .await
        .unwrap();
    assert_eq!(got.action_enabled(RuleKind::SelectiveAccept), Some(true));
    webex
        .put_criterion(
            RuleKind::SelectiveAccept,
            &alice,
            &got,
            &CriterionPatch {
                action_enabled: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let list = webex
        .list_criteria(RuleKind::SelectiveAccept, &alice)
        .await
        .unwrap();
    assert_eq!(list[0].action_enabled(), Some(false));
    webex
        .delete_criterion(RuleKind::SelectiveAccept, &alice, &id)
        .await
        .unwrap();
    let err = webex
        .get_criterion(RuleKind::SelectiveAccept, &alice, &id)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));

    // A rule naming a schedule Alice does not have: Webex's 400, nothing created.
    let before = sim.person_setting(&alice, "selectiveForward").unwrap();
    let err = webex
        .create_criterion(
            RuleKind::SelectiveForward,
            &alice,
            &CriterionPatch {
                forward_to_phone_number: Some("+16175550123".into()),
                send_to_voicemail_enabled: Some(false),
                calls_from: Some(CallsFrom::AnyPhoneNumber),
                schedule_name: Some("Gone".into()),
                schedule_type: Some(ScheduleType::BusinessHours),
                schedule_level: Some(ScheduleLevel::People),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    assert!(err.tracking_id().is_some());
    assert_eq!(
        sim.person_setting(&alice, "selectiveForward").unwrap(),
        before
    );
}

#[tokio::test]
async fn parent_settings_patches_keep_what_they_do_not_name() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let sf = webex.get_selective_forward(&alice).await.unwrap();
    // `enabled` is required by the PUT: the client sends the current value.
    webex
        .put_selective_forward(
            &alice,
            &SelectiveForwardPatch {
                ring_reminder_enabled: Some(true),
                ..Default::default()
            },
            &sf,
        )
        .await
        .unwrap();
    let now = webex.get_selective_forward(&alice).await.unwrap();
    assert!(now.enabled && now.ring_reminder_enabled);
    assert_eq!(now.criteria, sf.criteria);
    webex.put_selective_reject(&alice, false).await.unwrap();
    assert!(!webex.get_selective_reject(&alice).await.unwrap().enabled);

    let henry = sim.person_id_by_email(seed::HELPDESK_EMAIL).unwrap();
    let sr = webex.get_simultaneous_ring(&henry).await.unwrap();
    assert!(sr.enabled);
    assert_eq!(sr.phone_numbers[0].phone_number, "+16175550142");
    webex
        .put_simultaneous_ring(
            &henry,
            &SimultaneousRingPatch {
                do_not_ring_if_on_call_enabled: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let now = webex.get_simultaneous_ring(&henry).await.unwrap();
    assert!(now.do_not_ring_if_on_call_enabled);
    assert_eq!(now.phone_numbers, sr.phone_numbers);
    // Eleven numbers: refused, nothing changed.
    let eleven = (0..11)
        .map(|i| SimultaneousRingNumber {
            phone_number: format!("+1617555030{i}"),
            ..Default::default()
        })
        .collect();
    let err = webex
        .put_simultaneous_ring(
            &henry,
            &SimultaneousRingPatch {
                phone_numbers: Some(eleven),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(webex.get_simultaneous_ring(&henry).await.unwrap(), now);
}

#[tokio::test]
async fn single_number_reach_numbers_round_trip_and_a_new_number_gets_a_new_id() {
    let sim = sim().await;
    let webex = client(&sim);
    let amara = sim.person_id_by_email(seed::ADMIN_EMAIL).unwrap();
    let snr = webex.get_single_number_reach(&amara).await.unwrap();
    assert!(snr.enabled);
    assert_eq!(snr.numbers[0].name, "Mobile");
    let body = SingleNumberReachNumberBody {
        phone_number: "+13125550188".into(),
        enabled: true,
        name: "Home".into(),
        ..Default::default()
    };
    let (id, _) = webex
        .add_single_number_reach_number(&amara, &body)
        .await
        .unwrap();
    let err = webex
        .add_single_number_reach_number(&amara, &body)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    let (new_id, _) = webex
        .put_single_number_reach_number(
            &amara,
            &id,
            &SingleNumberReachNumberBody {
                phone_number: "+13125550189".into(),
                ..body
            },
        )
        .await
        .unwrap();
    assert_ne!(new_id, id);
    webex
        .delete_single_number_reach_number(&amara, &new_id)
        .await
        .unwrap();
    webex.put_single_number_reach(&amara, true).await.unwrap();
    let now = webex.get_single_number_reach(&amara).await.unwrap();
    assert_eq!(now.numbers, snr.numbers);
    assert!(now.alert_all_numbers_for_click_to_dial_calls_enabled);
}

#[tokio::test]
async fn schedules_are_created_renamed_to_a_new_id_and_deleted() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let event = ScheduleEventBody {
        name: "Daily".into(),
        start_date: "2026-12-01".into(),
        end_date: "2026-12-01".into(),
        start_time: "12:00".into(),
        end_time: "13:00".into(),
        ..Default::default()
    };
    let (id, _) = webex
        .create_person_schedule(
            &alice,
            &NewSchedule {
                name: "Lunch".into(),
                schedule_type: ScheduleType::BusinessHours,
                events: vec![event.clone()],
            },
        )
        .await
        .unwrap();
    let s = webex
        .get_person_schedule(&alice, &ScheduleType::BusinessHours, &id)
        .await
        .unwrap();
    assert_eq!(s.events[0].start_time.as_deref(), Some("12:00"));
    let (new_id, _) = webex
        .put_person_schedule(
            &alice,
            &s,
            &SchedulePatch {
                new_name: Some("Long lunch".into()),
                events: None,
            },
        )
        .await
        .unwrap();
    assert_ne!(new_id, id);
    let err = webex
        .get_person_schedule(&alice, &ScheduleType::BusinessHours, &id)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    let (eid, _) = webex
        .create_schedule_event(
            &alice,
            &ScheduleType::BusinessHours,
            &new_id,
            &ScheduleEventBody {
                name: "Friday".into(),
                ..event.clone()
            },
        )
        .await
        .unwrap();
    let (eid2, _) = webex
        .put_schedule_event(
            &alice,
            &ScheduleType::BusinessHours,
            &new_id,
            &eid,
            "Friday",
            &ScheduleEventBody {
                name: "Friday lunch".into(),
                end_time: "14:00".into(),
                ..event.clone()
            },
        )
        .await
        .unwrap();
    assert_ne!(eid2, eid);
    // An event that ends before it starts: 400.
    let err = webex
        .create_schedule_event(
            &alice,
            &ScheduleType::BusinessHours,
            &new_id,
            &ScheduleEventBody {
                name: "Backwards".into(),
                start_time: "14:00".into(),
                end_time: "12:00".into(),
                ..event
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    webex
        .delete_schedule_event(&alice, &ScheduleType::BusinessHours, &new_id, &eid2)
        .await
        .unwrap();
    let s = webex
        .get_person_schedule(&alice, &ScheduleType::BusinessHours, &new_id)
        .await
        .unwrap();
    assert_eq!(s.name, "Long lunch");
    assert_eq!(s.events.len(), 1);
    webex
        .delete_person_schedule(&alice, &ScheduleType::BusinessHours, &new_id)
        .await
        .unwrap();
    let holidays: Vec<_> = webex
        .list_location_schedules(
            &seed::location_id(seed::LOCATION_BOSTON_UUID),
            Some(ScheduleType::Holidays),
            None,
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(holidays.len(), 1);
    assert_eq!(holidays[0].location_name.as_deref(), Some("Boston HQ"));
}
