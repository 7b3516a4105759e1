//! The client's calls for caller ID, call intercept, personal assistant, anonymous call
//! rejection, barge-in, devices, numbers and call queues, against the simulator: what they read,
//! that writes send only what changed, and that what Webex refuses comes back as an error with
//! nothing changed.

use calling_portal::{
    simulator::{FaultRule, seed},
    webex::{
        BargeInPatch, CallInterceptPatch, CallerIdPatch, CallerIdSelected, ConnectionStatus,
        Greeting, InterceptOutgoing, InterceptOutgoingType, PersonalAssistantPatch,
        PhoneNumberType, Presence, QueueJoinPatch, WebexError,
    },
};
use futures_util::TryStreamExt as _;
use serde_json::json;

use super::{client, employee, sim};

fn status(e: &WebexError) -> Option<u16> {
    e.status()
}

fn wav() -> Vec<u8> {
    let mut wav = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
    wav.resize(44, 0);
    wav
}

#[tokio::test]
async fn caller_id_patch_fills_selected_and_refusals_change_nothing() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let c = webex.get_caller_id(&alice).await.unwrap();
    assert_eq!(c.selected, Some(CallerIdSelected::DirectLine));
    assert!(c.types.contains(&CallerIdSelected::Custom));
    assert_eq!(c.direct_number.as_deref(), Some("+16175550001"));

    // Only the changed field and the required `selected` (from the read) are sent.
    let patch = CallerIdPatch {
        block_in_forward_calls_enabled: Some(true),
        ..Default::default()
    };
    webex.put_caller_id(&alice, &patch).await.unwrap();
    let now = sim.person_setting(&alice, "callerId").unwrap();
    assert_eq!(now["blockInForwardCallsEnabled"], true);
    assert_eq!(now["selected"], "DIRECT_LINE");

    // Without a recent read, the client reads `selected` first.
    let fresh = client(&sim);
    sim.faults().reset_counts();
    fresh.put_caller_id(&alice, &patch).await.unwrap();
    assert_eq!(
        sim.request_count("GET", "/v1/people/{personId}/features/callerId"),
        1
    );

    // CUSTOM without a number: Webex's 400, and the state stays.
    let before = sim.person_setting(&alice, "callerId").unwrap();
    let bad = CallerIdPatch {
        selected: Some(CallerIdSelected::Custom),
        ..Default::default()
    };
    let err = webex.put_caller_id(&alice, &bad).await.unwrap_err();
    assert_eq!(status(&err), Some(400), "{err}");
    assert!(err.tracking_id().is_some());
    assert_eq!(sim.person_setting(&alice, "callerId").unwrap(), before);
    // An empty patch makes no call.
    sim.faults().reset_counts();
    webex
        .put_caller_id(&alice, &CallerIdPatch::default())
        .await
        .unwrap();
    assert_eq!(sim.total_request_count(), 0);
}

#[tokio::test]
async fn intercept_with_an_uploaded_announcement() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let mut intercept = webex.get_call_intercept(&alice).await.unwrap();
    assert!(!intercept.enabled);
    assert_eq!(
        intercept.incoming.announcements.filename.as_deref(),
        Some("")
    );

    // CUSTOM before an announcement is uploaded: refused, nothing changes.
    let before = sim.person_setting(&alice, "intercept").unwrap();
    intercept.incoming.announcements.greeting = Greeting::Custom;
    let custom = CallInterceptPatch {
        enabled: Some(true),
        incoming: Some(intercept.incoming.clone()),
        ..Default::default()
    };
    let err = webex.put_call_intercept(&alice, &custom).await.unwrap_err();
    assert_eq!(status(&err), Some(400), "{err}");
    assert_eq!(sim.person_setting(&alice, "intercept").unwrap(), before);

    // A WAV that is not one is refused; a real one is kept under the name the client sends.
    let err = webex
        .upload_intercept_announcement(&alice, b"not audio".to_vec())
        .await
        .unwrap_err();
    assert_eq!(status(&err), Some(400));
    webex
        .upload_intercept_announcement(&alice, wav())
        .await
        .unwrap();
    let uploaded = webex.get_call_intercept(&alice).await.unwrap();
    let filename = uploaded.incoming.announcements.filename.clone().unwrap();
    assert!(!filename.is_empty());

    // Now CUSTOM works (the patch carries the uploaded name back), and outgoing stays as it was.
    let mut incoming = uploaded.incoming.clone();
    incoming.announcements.greeting = Greeting::Custom;
    let patch = CallInterceptPatch {
        enabled: Some(true),
        incoming: Some(incoming),
        ..Default::default()
    };
    webex.put_call_intercept(&alice, &patch).await.unwrap();
    let now = webex.get_call_intercept(&alice).await.unwrap();
    assert!(now.enabled);
    assert_eq!(now.incoming.announcements.greeting, Greeting::Custom);
    assert_eq!(now.outgoing, uploaded.outgoing);
    // Outgoing transfer without a destination is refused.
    let bad = CallInterceptPatch {
        outgoing: Some(InterceptOutgoing {
            kind: InterceptOutgoingType::AllowLocalOnly,
            transfer_enabled: true,
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        status(&webex.put_call_intercept(&alice, &bad).await.unwrap_err()),
        Some(400)
    );
}

#[tokio::test]
async fn personal_assistant_barge_in_and_anonymous_rejection() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let henry = sim.person_id_by_email(seed::HELPDESK_EMAIL).unwrap();
    let away = webex.get_personal_assistant(&henry).await.unwrap();
    assert!(away.enabled);
    assert_eq!(away.presence, Some(Presence::OutOfOffice));

    let patch = PersonalAssistantPatch {
        enabled: Some(true),
        presence: Some(Presence::Lunch),
        ..Default::default()
    };
    webex.put_personal_assistant(&alice, &patch).await.unwrap();
    let now = webex.get_personal_assistant(&alice).await.unwrap();
    assert_eq!((now.enabled, now.presence), (true, Some(Presence::Lunch)));
    let before = sim.person_setting(&alice, "personalAssistant").unwrap();
    let bad = PersonalAssistantPatch {
        alert_me_first_number_of_rings: Some(25),
        ..Default::default()
    };
    let err = webex
        .put_personal_assistant(&alice, &bad)
        .await
        .unwrap_err();
    assert_eq!(status(&err), Some(400));
    assert_eq!(
        sim.person_setting(&alice, "personalAssistant").unwrap(),
        before
    );

    let barge = webex.get_barge_in(&alice).await.unwrap();
    assert!(barge.enabled && barge.tone_enabled);
    let patch = BargeInPatch {
        tone_enabled: Some(false),
        ..Default::default()
    };
    webex.put_barge_in(&alice, &patch).await.unwrap();
    assert_eq!(
        sim.person_setting(&alice, "bargeIn").unwrap(),
        json!({"enabled": true, "toneEnabled": false})
    );

    let anon = webex.get_anonymous_call_reject(&alice).await.unwrap();
    assert_eq!(anon.map(|a| a.enabled), Some(false));
    webex.put_anonymous_call_reject(&alice, true).await.unwrap();
    let anon = webex.get_anonymous_call_reject(&alice).await.unwrap();
    assert_eq!(anon.map(|a| a.enabled), Some(true));
    // Where Webex does not have the admin path yet it answers 404: "not available".
    sim.set_anonymous_call_reject_available(false);
    assert_eq!(webex.get_anonymous_call_reject(&alice).await.unwrap(), None);
    // Other failures stay errors.
    sim.set_anonymous_call_reject_available(true);
    sim.faults().fail_next(4);
    let err = webex.get_anonymous_call_reject(&alice).await.unwrap_err();
    assert_eq!(status(&err), Some(503));
}

#[tokio::test]
async fn devices_and_numbers_of_a_person() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    let frank = sim.person_id_by_email(seed::NO_FORWARDING_EMAIL).unwrap();
    let devices: Vec<_> = webex.list_devices(&alice).try_collect().await.unwrap();
    assert_eq!(devices.len(), 2);
    assert!(
        devices
            .iter()
            .all(|d| d.person_id.as_deref() == Some(alice.as_str()))
    );
    assert!(
        devices
            .iter()
            .all(|d| d.connection_status.is_some() && d.mac.is_some())
    );
    assert!(matches!(
        devices[0].connection_status,
        Some(ConnectionStatus::Connected)
    ));
    let none: Vec<_> = webex.list_devices(&frank).try_collect().await.unwrap();
    assert!(none.is_empty());

    let numbers: Vec<_> = webex.list_numbers(&alice).try_collect().await.unwrap();
    let kinds: Vec<_> = numbers
        .iter()
        .map(|n| n.phone_number_type.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            Some(PhoneNumberType::Primary),
            Some(PhoneNumberType::Alternate)
        ]
    );
    assert_eq!(numbers[0].extension.as_deref(), Some("1001"));
    let franks: Vec<_> = webex.list_numbers(&frank).try_collect().await.unwrap();
    assert_eq!(franks.len(), 1);
    assert!(franks[0].is_extension_only());

    // Without spark-admin:devices_read Webex refuses the list.
    sim.faults().add(FaultRule {
        error_rate: 1.0,
        error_status: 403,
        ..FaultRule::for_path("/v1/devices")
    });
    let err = webex
        .list_devices(&alice)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(status(&err), Some(403));
}

#[tokio::test]
async fn queue_join_changes_only_this_agents_allowed_queues() {
    let sim = sim().await;
    let webex = client(&sim);
    let alice = employee(&sim);
    // A page load's reads are shared; the write below must end that for the agent's reads.
    let shown = webex.sharing_reads();
    let agent = shown.get_queue_agent(&alice).await.unwrap().unwrap();
    assert_eq!(agent.agent.id, alice);
    let names: Vec<_> = agent.queues.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["Sales Queue", "Billing Queue"]);
    assert!(agent.queues.iter().all(|q| q.join_enabled));
    // `max` and `start` went with the request (the simulator refuses it without them).
    assert_eq!(
        sim.request_count("GET", "/v1/telephony/config/queues/agents/{id}"),
        1
    );
    // Someone in no queue is no agent.
    let nina = sim.person_id_by_email(seed::NO_CALLING_EMAIL).unwrap();
    assert!(webex.get_queue_agent(&nina).await.unwrap().is_none());

    let queues = ["Sales Queue", "Billing Queue", "Reception Queue"];
    let snapshot = || queues.map(|q| sim.call_queue_agents(q));
    let before = snapshot();
    let change = |queue_id: String, join: bool| QueueJoinPatch {
        join: [(queue_id, join)].into(),
    };

    // Billing's policy forbids agents to join or leave: refused, the simulator unchanged.
    let billing = agent.queues[1].id.clone();
    let err = webex
        .put_queue_agent_settings(&alice, &change(billing, false))
        .await
        .unwrap_err();
    assert_eq!(status(&err), Some(400), "{err}");
    assert_eq!(snapshot(), before);

    // A forged queue id (a real queue Alice is not in) is refused too.
    let reception = sim.call_queue_id("Reception Queue").unwrap();
    assert!(agent.queues.iter().all(|q| q.id != reception));
    let err = webex
        .put_queue_agent_settings(&alice, &change(reception, false))
        .await
        .unwrap_err();
    assert_eq!(status(&err), Some(400), "{err}");
    assert_eq!(snapshot(), before);

    // Leaving Sales: one entry, Alice's, in the body; no other agent or queue changes.
    let sales = agent.queues[0].id.clone();
    webex
        .put_queue_agent_settings(&alice, &change(sales.clone(), false))
        .await
        .unwrap();
    let after = snapshot();
    assert_eq!(after[1..], before[1..]);
    assert_eq!(after[0][1..], before[0][1..]);
    assert_eq!(after[0][0], (alice.clone(), false));
    let agent = shown.get_queue_agent(&alice).await.unwrap().unwrap();
    assert!(
        !agent.queues[0].join_enabled,
        "the shared read after the write is fresh"
    );

    // A service app authorized by a user or location administrator may not: 403.
    sim.set_service_app_full_admin(false);
    let before = snapshot();
    let err = webex
        .put_queue_agent_settings(&alice, &change(sales.clone(), true))
        .await
        .unwrap_err();
    assert_eq!(status(&err), Some(403), "{err}");
    assert_eq!(snapshot(), before);

    // An empty patch makes no call.
    sim.faults().reset_counts();
    webex
        .put_queue_agent_settings(&alice, &QueueJoinPatch::default())
        .await
        .unwrap();
    assert_eq!(sim.total_request_count(), 0);
}
