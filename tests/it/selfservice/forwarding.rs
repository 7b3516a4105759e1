//! The call forwarding card: every field, its refusals, and the save machinery around it.

use calling_portal::{
    simulator::{FaultRule, seed},
    store::AuditResult,
};
use serde_json::json;

use super::{FORWARDING, PERMISSIONS, Signed, input};
use crate::support::{TestApp, TestOptions};

/// The forwarding form as the page posts it for the simulator's default state (everything off,
/// three rings), with `changes` applied.
fn form<'a>(fingerprint: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("fingerprint", fingerprint),
        ("always_destination", ""),
        ("busy_destination", ""),
        ("no_answer_destination", ""),
        ("no_answer_rings", "3"),
        ("bc_destination", ""),
    ];
    for (name, value) in changes {
        match form.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => form.push((name, value)),
        }
    }
    form
}

/// Form changes, a JSON pointer into the simulator's state, its expected value, and how the card
/// shows the field afterwards.
type Case<'a> = (
    &'a [(&'a str, &'a str)],
    &'a str,
    serde_json::Value,
    &'a str,
);

#[tokio::test]
async fn each_field_saves_normalized_and_reads_back() {
    let me = Signed::employee().await;
    let cases: &[Case] = &[
        (
            &[
                ("always_enabled", "on"),
                ("always_destination", "(617) 555-0199"),
            ],
            "/callForwarding/always/destination",
            json!("+16175550199"),
            "value=\"+1 617-555-0199\"",
        ),
        (
            &[("always_ring_reminder", "on")],
            "/callForwarding/always/ringReminderEnabled",
            json!(true),
            "id=\"fwd-always-ring-reminder\" name=\"always_ring_reminder\" value=\"on\" checked",
        ),
        (
            &[("always_enabled", "on"), ("always_voicemail", "on")],
            "/callForwarding/always/destinationVoicemailEnabled",
            json!(true),
            "id=\"fwd-always-voicemail\" name=\"always_voicemail\" value=\"on\" checked",
        ),
        (
            &[
                ("busy_enabled", "on"),
                ("busy_destination", "+44 20 7946 0018"),
            ],
            "/callForwarding/busy/destination",
            json!("+442079460018"),
            "value=\"+44 20 7946 0018\"",
        ),
        (
            &[("busy_enabled", "on"), ("busy_voicemail", "on")],
            "/callForwarding/busy/destinationVoicemailEnabled",
            json!(true),
            "id=\"fwd-busy-voicemail\" name=\"busy_voicemail\" value=\"on\" checked",
        ),
        (
            &[
                ("no_answer_enabled", "on"),
                ("no_answer_destination", "1002"),
            ],
            "/callForwarding/noAnswer/destination",
            json!("1002"),
            "value=\"1002\"",
        ),
        (
            &[("no_answer_rings", "15")],
            "/callForwarding/noAnswer/numberOfRings",
            json!(15),
            "value=\"15\"",
        ),
        (
            &[("no_answer_enabled", "on"), ("no_answer_voicemail", "on")],
            "/callForwarding/noAnswer/destinationVoicemailEnabled",
            json!(true),
            "id=\"fwd-no-answer-voicemail\" name=\"no_answer_voicemail\" value=\"on\" checked",
        ),
        (
            &[("bc_enabled", "on"), ("bc_destination", "+1 312 555 0010")],
            "/businessContinuity/destination",
            json!("+13125550010"),
            "value=\"+1 312-555-0010\"",
        ),
        (
            &[("bc_enabled", "on"), ("bc_voicemail", "on")],
            "/businessContinuity/destinationVoicemailEnabled",
            json!(true),
            "id=\"fwd-bc-voicemail\" name=\"bc_voicemail\" value=\"on\" checked",
        ),
    ];
    for (changes, pointer, want, shown) in cases {
        // Back to the default state, then one change.
        me.app.sim.set_person_setting(
            &me.person_id,
            "callForwarding",
            json!({
                "callForwarding": {
                    "always": {"enabled": false, "destination": "", "ringReminderEnabled": false, "destinationVoicemailEnabled": false},
                    "busy": {"enabled": false, "destination": "", "destinationVoicemailEnabled": false},
                    "noAnswer": {"enabled": false, "destination": "", "numberOfRings": 3, "destinationVoicemailEnabled": false}
                },
                "businessContinuity": {"enabled": false, "destination": "", "destinationVoicemailEnabled": false}
            }),
        );
        // Changed elsewhere: shown once the last save's read-back (2 s) is no longer reused.
        me.app.clock.advance(std::time::Duration::from_secs(3));
        let (_, fp) = me.load("forwarding").await;
        let response = me.put("forwarding", &form(&fp, changes)).await;
        assert_eq!(response.status(), 200, "{changes:?}");
        assert_eq!(
            response.headers()["hx-trigger"],
            "settings-changed",
            "the summary reloads"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("Saved."), "{changes:?}: {html}");
        assert!(html.contains("role=\"status\""), "announced: {html}");
        assert!(
            html.contains(shown),
            "{changes:?} shown back as {shown}: {html}"
        );
        let state = me.setting("callForwarding");
        assert_eq!(state.pointer(pointer), Some(want), "{changes:?}: {state}");
    }
}

#[tokio::test]
async fn a_save_costs_four_webex_calls_and_is_audited_completely() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    me.app.sim.faults().reset_counts();

    let response = me
        .put(
            "forwarding",
            &form(
                &fp,
                &[
                    ("busy_enabled", "on"),
                    ("busy_destination", "2001"),
                    ("ticket", "INC-1"),
                ],
            ),
        )
        .await;
    assert_eq!(response.status(), 200);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let sim = &me.app.sim;
    // Feature access and the current setting (in parallel), the PUT, the read-back.
    assert_eq!(sim.request_count("GET", PERMISSIONS), 1);
    assert_eq!(sim.request_count("GET", FORWARDING), 2);
    assert_eq!(sim.request_count("PUT", FORWARDING), 1);
    assert_eq!(sim.total_request_count(), 4);

    let entries = me.audit().await;
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e.result, AuditResult::Success);
    assert_eq!(e.feature, "call_forwarding");
    assert_eq!(e.action.as_str(), "update");
    assert_eq!(e.actor_person_id, me.person_id);
    assert_eq!(e.actor_name, "Alice Anderson");
    assert_eq!(e.actor_role.as_str(), "employee");
    assert_eq!(e.target_name, "Alice Anderson");
    assert!(e.target_location_id.is_some());
    assert_eq!(e.ticket.as_deref(), Some("INC-1"));
    assert_eq!(e.request_id, request_id);
    assert!(
        e.webex_tracking_id
            .as_deref()
            .is_some_and(|t| !t.is_empty())
    );
    let before = e.before.as_ref().unwrap();
    assert_eq!(before["callForwarding"]["busy"]["enabled"], false);
    // Complete enough to restore: every rule is in it.
    for rule in ["always", "busy", "noAnswer"] {
        assert!(before["callForwarding"][rule].is_object(), "{before}");
    }
    assert!(before["businessContinuity"].is_object());
    let after = e.after.as_ref().unwrap();
    assert_eq!(after["callForwarding"]["busy"]["destination"], "2001");
    assert_eq!(after, &me.setting("callForwarding"));
}

#[tokio::test]
async fn nothing_changed_makes_no_write() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    let response = me.put("forwarding", &form(&fp, &[])).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Nothing to save"));
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
    assert!(me.audit().await.is_empty());
}

#[tokio::test]
async fn ring_counts_out_of_range_are_refused_with_the_input_kept() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    // The simulator's org allows 15 rings (systemMaxNumberOfRings); Webex's own range is 2..=20.
    for rings in ["1", "21", "16", "many"] {
        let response = me
            .put("forwarding", &form(&fp, &[("no_answer_rings", rings)]))
            .await;
        assert_eq!(response.status(), 422, "{rings}");
        let html = response.text().await.unwrap();
        let field = input(&html, "fwd-no-answer-rings");
        assert!(field.contains(&format!("value=\"{rings}\"")), "{field}");
        assert!(field.contains("aria-invalid=\"true\""), "{field}");
        assert!(
            field.contains("aria-describedby=\"fwd-no-answer-rings-error"),
            "{field}"
        );
        assert!(field.contains("autofocus"), "the field takes the focus");
        let message = if rings == "many" {
            "Enter the number of rings as digits."
        } else {
            "Choose between 2 and 15 rings."
        };
        assert!(
            html.contains(&format!(
                "<span class=\"field-error\" id=\"fwd-no-answer-rings-error\">{message}</span>"
            )),
            "{html}"
        );
    }
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
    assert!(me.audit().await.is_empty(), "nothing reached Webex");
}

#[tokio::test]
async fn destinations_that_are_not_numbers_are_refused_with_the_input_kept() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    let cases = [
        (
            "always_destination",
            "fwd-always-destination",
            "call my mobile",
            "is not a phone number or an extension",
        ),
        (
            "busy_destination",
            "fwd-busy-destination",
            "+1 555",
            "is not a valid phone number",
        ),
        (
            "no_answer_destination",
            "fwd-no-answer-destination",
            "12345678901234",
            "is not a valid phone number",
        ),
        (
            "bc_destination",
            "fwd-bc-destination",
            "mobile!",
            "is not a phone number or an extension",
        ),
    ];
    for (name, id, typed, message) in cases {
        let response = me.put("forwarding", &form(&fp, &[(name, typed)])).await;
        assert_eq!(response.status(), 422, "{typed}");
        let html = response.text().await.unwrap();
        let field = input(&html, id);
        assert!(field.contains(&format!("value=\"{typed}\"")), "{field}");
        assert!(field.contains("aria-invalid=\"true\""), "{field}");
        assert!(html.contains(message), "{message}: {html}");
        assert!(html.contains("role=\"alert\""), "{html}");
    }
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
}

#[tokio::test]
async fn an_enabled_rule_needs_a_destination_unless_it_sends_to_voicemail() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    for (enabled, id) in [
        ("always_enabled", "fwd-always-destination"),
        ("busy_enabled", "fwd-busy-destination"),
        ("no_answer_enabled", "fwd-no-answer-destination"),
        ("bc_enabled", "fwd-bc-destination"),
    ] {
        let response = me.put("forwarding", &form(&fp, &[(enabled, "on")])).await;
        assert_eq!(response.status(), 422, "{enabled}");
        let html = response.text().await.unwrap();
        assert!(input(&html, id).contains("aria-invalid=\"true\""));
        assert!(
            html.contains("Enter a number or an extension to forward to, or choose voicemail.")
        );
    }
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);

    let response = me
        .put(
            "forwarding",
            &form(&fp, &[("busy_enabled", "on"), ("busy_voicemail", "on")]),
        )
        .await;
    assert_eq!(response.status(), 200);
    let busy = &me.setting("callForwarding")["callForwarding"]["busy"];
    assert_eq!(busy["destinationVoicemailEnabled"], true);
    assert_eq!(
        busy["destination"], "1001",
        "the person's own voicemail: {busy}"
    );
}

#[tokio::test]
async fn a_person_barred_from_forwarding_sees_it_read_only_and_a_forged_save_writes_nothing() {
    let me = Signed::as_user(seed::NO_FORWARDING_EMAIL).await;
    let (html, fp) = me.load("forwarding").await;
    assert!(
        html.contains("does not let you change this yourself"),
        "{html}"
    );
    assert!(input(&html, "fwd-always-enabled").contains("disabled"));
    assert!(input(&html, "fwd-busy-destination").contains("disabled"));
    assert!(!html.contains("type=\"submit\""), "no save button: {html}");

    let response = me
        .put(
            "forwarding",
            &form(
                &fp,
                &[("always_enabled", "on"), ("always_destination", "2001")],
            ),
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
    assert_eq!(
        me.setting("callForwarding")["callForwarding"]["always"]["enabled"],
        false
    );
    let entries = me.audit().await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].result, AuditResult::Denied);
    assert_eq!(entries[0].feature, "call_forwarding");
}

#[tokio::test]
async fn a_change_made_elsewhere_is_not_overwritten() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    // Meanwhile, in Control Hub:
    me.app.sim.set_person_setting(
        &me.person_id,
        "callForwarding",
        json!({"callForwarding": {"busy": {"enabled": true, "destination": "+16175550123"}}}),
    );
    me.app.sim.faults().reset_counts();

    let response = me
        .put(
            "forwarding",
            &form(
                &fp,
                &[("always_enabled", "on"), ("always_destination", "2002")],
            ),
        )
        .await;
    assert_eq!(response.status(), 409);
    let html = response.text().await.unwrap();
    assert!(html.contains("Changed elsewhere"), "{html}");
    assert!(html.contains("What you tried to save"), "{html}");
    assert!(
        html.contains("<dd>2002</dd>"),
        "the attempted value: {html}"
    );
    // The form now shows what Webex holds, with a fingerprint to save against.
    assert!(input(&html, "fwd-busy-destination").contains("value=\"+1 617-555-0123\""));
    assert!(
        input(&html, "fwd-always-enabled").contains("value=\"on\">"),
        "not checked"
    );
    assert_ne!(super::fingerprint(&html), fp);
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
    let state = me.setting("callForwarding");
    assert_eq!(state["callForwarding"]["always"]["enabled"], false);
    assert_eq!(
        state["callForwarding"]["busy"]["destination"],
        "+16175550123"
    );
    let entries = me.audit().await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].result, AuditResult::Conflict);
    assert!(entries[0].before.is_some());

    // Saving again against what is now shown works.
    let fp = super::fingerprint(&html);
    let response = me
        .put(
            "forwarding",
            &form(
                &fp,
                &[
                    ("always_enabled", "on"),
                    ("always_destination", "2002"),
                    ("busy_enabled", "on"),
                    ("busy_destination", "+1 617-555-0123"),
                ],
            ),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        me.setting("callForwarding")["callForwarding"]["always"]["destination"],
        "2002"
    );
}

/// Saves with a Webex fault on the PUT: the input stays, the message and tracking id show, the
/// audit log records the failure, and nothing changed at Webex.
async fn failed_save(me: &Signed, rule: FaultRule, says: &str) {
    let (_, fp) = me.load("forwarding").await;
    me.app.sim.faults().add(rule);
    let response = me
        .put(
            "forwarding",
            &form(
                &fp,
                &[("always_enabled", "on"), ("always_destination", "2003")],
            ),
        )
        .await;
    me.app.sim.faults().clear();
    assert_eq!(response.status(), 502);
    assert!(response.headers().get("hx-trigger").is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("Not saved."), "{html}");
    assert!(html.contains(says), "{says}: {html}");
    assert!(html.contains("Webex tracking id"), "{html}");
    assert!(input(&html, "fwd-always-destination").contains("value=\"2003\""));
    assert!(input(&html, "fwd-always-enabled").contains("checked"));
    let entries = me.audit().await;
    let e = &entries[0];
    assert_eq!(e.result, AuditResult::Failure);
    assert!(e.error.is_some());
    let tracking_id = e.webex_tracking_id.as_deref().unwrap();
    assert!(html.contains(tracking_id), "{tracking_id} shown: {html}");
    assert!(e.before.is_some());
}

fn on_put(rule: FaultRule) -> FaultRule {
    FaultRule {
        method: Some("PUT".into()),
        ..rule
    }
}

#[tokio::test]
async fn webex_rate_limits_server_errors_and_timeouts_keep_the_input() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![
            ("WEBEX_REQUEST_TIMEOUT_SECS", "1".into()),
            ("WEBEX_RETRY_AFTER_CAP_SECS", "2".into()),
        ],
        ..TestOptions::default()
    })
    .await;
    let me = Signed::with(app, seed::EMPLOYEE_EMAIL).await;
    failed_save(
        &me,
        on_put(FaultRule {
            too_many_requests: u32::MAX,
            retry_after_secs: 120,
            ..FaultRule::for_path(FORWARDING)
        }),
        "Webex is busy. Please try again in 2 minutes.",
    )
    .await;
    // The portal remembers Webex's "busy for 2 minutes" and does not ask again before that.
    me.app.clock.advance(std::time::Duration::from_secs(121));
    failed_save(
        &me,
        on_put(FaultRule {
            error_rate: 1.0,
            error_status: 500,
            ..FaultRule::for_path(FORWARDING)
        }),
        "Webex is having trouble right now. Please try again in a moment.",
    )
    .await;
    failed_save(
        &me,
        on_put(FaultRule {
            latency_ms: 1500,
            ..FaultRule::for_path(FORWARDING)
        }),
        "Webex did not answer in time. Please try again.",
    )
    .await;
    assert_eq!(me.audit().await.len(), 3);
}

#[tokio::test]
async fn a_webex_refusal_is_shown_with_its_description() {
    let me = Signed::employee().await;
    // The person's setting claims 20 rings are allowed, but the org's limit (15) is what Webex
    // enforces: the portal lets 18 through, and Webex says why not.
    me.app.sim.set_person_setting(
        &me.person_id,
        "callForwarding",
        json!({"callForwarding": {"noAnswer": {"systemMaxNumberOfRings": 20}}}),
    );
    let (_, fp) = me.load("forwarding").await;
    let response = me
        .put("forwarding", &form(&fp, &[("no_answer_rings", "18")]))
        .await;
    assert_eq!(response.status(), 502);
    let html = response.text().await.unwrap();
    assert!(html.contains("Webex rejected the change"), "{html}");
    assert!(html.contains("systemMaxNumberOfRings (15)"), "{html}");
    assert!(input(&html, "fwd-no-answer-rings").contains("value=\"18\""));
    let e = &me.audit().await[0];
    assert_eq!(e.result, AuditResult::Failure);
    assert!(html.contains(e.webex_tracking_id.as_deref().unwrap()));
    assert_eq!(
        me.setting("callForwarding")["callForwarding"]["noAnswer"]["numberOfRings"],
        3
    );
}

#[tokio::test]
async fn a_long_webex_rate_limit_is_remembered_and_not_asked_again_until_it_ends() {
    const PEOPLE: usize = 21;
    let app = TestApp::spawn_with(TestOptions {
        env: vec![
            (
                "PORTAL_ROLE_MAP",
                format!("group:{}=helpdesk", seed::HELPDESK_GROUP),
            ),
            // One helpdesk saves for 21 people in a row: more than the per-user write limit.
            ("PORTAL_WRITE_RATE_LIMIT_PER_MINUTE", "100".into()),
        ],
        simulator: calling_portal::simulator::SimulatorOptions {
            seed: seed::Seed::builtin_with_extra_users(PEOPLE),
            ..Default::default()
        },
        ..TestOptions::default()
    })
    .await;
    let henry = Signed::with(app, seed::HELPDESK_EMAIL).await;
    let app = &henry.app;
    let people: Vec<String> = (0..PEOPLE)
        .map(|k| {
            app.sim
                .person_id_by_email(&format!("test.user{k:04}@acme.example"))
                .unwrap()
        })
        .collect();
    let path = |id: &str| format!("/hx/people/{}/forwarding", super::encode(id));
    let mut fingerprints = Vec::new();
    for id in &people {
        let r = app.get_hx(&henry.browser, &path(id)).await;
        assert_eq!(r.status(), 200);
        fingerprints.push(super::fingerprint(&r.text().await.unwrap()));
    }
    // One 429 on the PUT, with a 10-minute Retry-After (FACTS §7: it may be long); Webex would
    // take the next PUT at once.
    app.sim.faults().add(on_put(FaultRule {
        too_many_requests: 1,
        retry_after_secs: 600,
        ..FaultRule::for_path(FORWARDING)
    }));
    let save = async |k: usize| {
        let form = form(
            &fingerprints[k],
            &[("busy_enabled", "on"), ("busy_destination", "2001")],
        );
        let r = app.put_hx(&henry.browser, &path(&people[k]), &form).await;
        (r.status(), r.text().await.unwrap())
    };
    let (status, html) = save(0).await;
    assert_eq!(status, 502, "{html}");
    assert!(
        html.contains("Webex is busy. Please try again in"),
        "{html}"
    );
    assert_eq!(app.sim.request_count("PUT", FORWARDING), 1);

    // Everyone else's save: answered by the portal, no PUT sent, the input kept.
    let gets_before = app.sim.request_count("GET", FORWARDING);
    for k in 1..PEOPLE {
        let (status, html) = save(k).await;
        assert_eq!(status, 502, "{html}");
        assert!(
            html.contains("Webex is busy. Please try again in"),
            "{html}"
        );
        assert!(input(&html, "fwd-busy-destination").contains("value=\"2001\""));
        assert!(input(&html, "fwd-busy-enabled").contains("checked"));
    }
    assert_eq!(
        app.sim.request_count("PUT", FORWARDING),
        1,
        "no further call to PUT people/{{id}}/features/callForwarding"
    );
    // Other operations are not held back: each save still read the current setting.
    assert_eq!(
        app.sim.request_count("GET", FORWARDING),
        gets_before + PEOPLE as u64 - 1
    );
    assert!(
        app.sim
            .person_setting(&people[1], "callForwarding")
            .is_some_and(|f| f["callForwarding"]["busy"]["enabled"] == false)
    );

    // Once the time has passed (within the session's idle timeout), saves reach Webex again.
    app.clock.advance(std::time::Duration::from_secs(601));
    let (status, html) = save(1).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(app.sim.request_count("PUT", FORWARDING), 2);
    assert_eq!(
        app.sim
            .person_setting(&people[1], "callForwarding")
            .unwrap()["callForwarding"]["busy"]["enabled"],
        true
    );
}

#[tokio::test]
async fn emergency_and_premium_rate_destinations_are_refused() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    for (name, id, typed) in [
        ("always_destination", "fwd-always-destination", "911"),
        ("busy_destination", "fwd-busy-destination", "1-900-555-0100"),
        ("no_answer_destination", "fwd-no-answer-destination", "112"),
        ("bc_destination", "fwd-bc-destination", "+44 909 879 0000"),
    ] {
        let enabled = name.replace("_destination", "_enabled");
        let response = me
            .put("forwarding", &form(&fp, &[(&enabled, "on"), (name, typed)]))
            .await;
        assert_eq!(response.status(), 422, "{typed}");
        let html = response.text().await.unwrap();
        let field = input(&html, id);
        assert!(field.contains(&format!("value=\"{typed}\"")), "{field}");
        assert!(field.contains("aria-invalid=\"true\""), "{field}");
        assert!(
            html.contains(&format!("Calls cannot be forwarded to “{typed}”")),
            "{html}"
        );
    }
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
}

#[tokio::test]
async fn the_deny_list_comes_from_configuration() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_FORWARDING_DENY_LIST", "+1617555,4321".into())],
        ..TestOptions::default()
    })
    .await;
    let me = Signed::with(app, seed::EMPLOYEE_EMAIL).await;
    let (_, fp) = me.load("forwarding").await;
    for typed in ["(617) 555-0199", "4321"] {
        let response = me
            .put(
                "forwarding",
                &form(&fp, &[("busy_enabled", "on"), ("busy_destination", typed)]),
            )
            .await;
        assert_eq!(response.status(), 422, "{typed}");
    }
    // The default list is replaced, not added to.
    let response = me
        .put(
            "forwarding",
            &form(&fp, &[("busy_enabled", "on"), ("busy_destination", "911")]),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 1);
}

/// "+1 (408) 555-0199 ext 12" used to be saved as +1 408-555-0199, the extension dropped without
/// a word: it is refused, saying why, with what was typed kept.
#[tokio::test]
async fn a_number_with_an_extension_is_refused_not_cut_short() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("forwarding").await;
    let typed = "+1 (408) 555-0199 ext 12";
    let response = me
        .put(
            "forwarding",
            &form(
                &fp,
                &[("always_enabled", "on"), ("always_destination", typed)],
            ),
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    let field = input(&html, "fwd-always-destination");
    assert!(field.contains("aria-invalid=\"true\""), "{field}");
    assert!(html.contains("has an extension at the end"), "{html}");
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
}
