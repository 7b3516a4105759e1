//! Timed changes (issue 17) end to end: "now, until …" and "from … until …" on the forwarding and
//! DND cards, through the one save flow; the revert that leaves alone what was changed
//! elsewhere; steps run once across replicas sharing PostgreSQL, late after downtime, after a
//! restart; cancel; the helpdesk in and out of scope. Time moves with the test's clock.

use std::time::Duration;

use calling_portal::{
    clock::Clock as _,
    jobs::timed::{APPLY, REVERT},
    simulator::seed,
    store::{AuditResult, StepState},
};
use time::OffsetDateTime;

use crate::{
    calling::{form_fields, with},
    selfservice::{DND, FORWARDING, Signed},
    support::{TestApp, TestOptions, services},
};

/// Alice's location (Boston HQ) states `America/New_York` (FACTS §10.8 `timeZone`): times are
/// entered and shown in it, whatever zone the viewer's browser is in.
const ALICE_ZONE: &str = "America/New_York";

/// `at` as a `datetime-local` input sends it, in Alice's time zone.
fn local(at: OffsetDateTime) -> String {
    local_in(at, ALICE_ZONE)
}

fn local_in(at: OffsetDateTime, zone: &str) -> String {
    jiff::Timestamp::from_second(at.unix_timestamp())
        .unwrap()
        .in_tz(zone)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Forward all calls to a mobile, from the loaded card, with `timing`.
async fn forward_all(me: &Signed, timing: &[(&str, String)]) -> reqwest::Response {
    let (html, _) = me.load("forwarding").await;
    let mut form = with(form_fields(&html), "always_enabled", Some("on"));
    form = with(form, "always_destination", Some("+1 617 555 0142"));
    for (name, value) in timing {
        form = with(form, name, Some(value));
    }
    me.put("forwarding", &pairs(&form)).await
}

fn forwarding_on(me: &Signed) -> bool {
    me.setting("callForwarding")["callForwarding"]["always"]["enabled"] == true
}

async fn run_at(app: &TestApp, at: OffsetDateTime) -> calling_portal::jobs::RunReport {
    app.state.jobs.run_due(&app.state, at).await.unwrap()
}

#[tokio::test]
async fn forwarding_now_until_friday_goes_back_by_itself() {
    let me = Signed::employee().await;
    let now = me.app.clock.now();
    let until = now + Duration::from_secs(3 * 3600);
    let response = forward_all(&me, &[("timing", "until".into()), ("until", local(until))]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert!(
        response.headers()["hx-trigger"]
            .to_str()
            .unwrap()
            .contains("upcoming-changed")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("It goes back to how it was on"), "{html}");
    assert!(forwarding_on(&me));
    let audit = me.audit().await;
    assert_eq!(audit[0].action.as_str(), "schedule");
    assert_eq!(audit[1].action.as_str(), "update");

    // Listed as upcoming, with who scheduled it.
    let list = me
        .app
        .get_hx(&me.browser, &format!("{}/upcoming", me.base()))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("Call forwarding goes back to how it was"),
        "{list}"
    );
    assert!(list.contains("Scheduled by Alice Anderson"), "{list}");

    // Not yet; then at its time, once.
    assert_eq!(
        run_at(&me.app, now + Duration::from_secs(3600))
            .await
            .claimed,
        0
    );
    let writes = me.app.sim.request_count("PUT", FORWARDING);
    let report = run_at(&me.app, until).await;
    assert_eq!((report.claimed, report.done), (1, 1), "{report:?}");
    assert!(!forwarding_on(&me), "put back");
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), writes + 1);
    let entry = &me.audit().await[0];
    assert_eq!(
        (entry.action.as_str(), entry.result),
        ("timed_revert", AuditResult::Success)
    );
    assert!(entry.request_id.starts_with("job-"), "{entry:?}");
    assert_eq!(
        run_at(&me.app, until + Duration::from_secs(60))
            .await
            .claimed,
        0
    );
}

#[tokio::test]
async fn dnd_from_until_changes_nothing_now_then_applies_and_reverts() {
    let me = Signed::employee().await;
    let now = me.app.clock.now();
    let (from, until) = (
        now + Duration::from_secs(3600),
        now + Duration::from_secs(5 * 3600),
    );
    let (html, _) = me.load("dnd").await;
    let form = with(form_fields(&html), "enabled", Some("on"));
    let form = with(form, "timing", Some("from"));
    let form = with(form, "from", Some(&local(from)));
    let form = with(form, "until", Some(&local(until)));
    let response = me.put("dnd", &pairs(&form)).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Scheduled. Nothing has changed yet."),
        "{html}"
    );
    assert_eq!(me.app.sim.request_count("PUT", DND), 0);
    assert_eq!(me.setting("doNotDisturb")["enabled"], false);

    let report = run_at(&me.app, from).await;
    assert_eq!(report.done, 1, "{report:?}");
    assert_eq!(me.setting("doNotDisturb")["enabled"], true);
    let report = run_at(&me.app, until).await;
    assert_eq!(report.done, 1, "{report:?}");
    assert_eq!(me.setting("doNotDisturb")["enabled"], false);
    assert_eq!(me.app.sim.request_count("PUT", DND), 2);
    let actions: Vec<String> = me
        .audit()
        .await
        .iter()
        .map(|e| e.action.as_str().to_owned())
        .collect();
    assert_eq!(actions[..3], ["timed_revert", "timed_apply", "schedule"]);
}

#[tokio::test]
async fn a_change_made_elsewhere_meanwhile_is_left_alone_and_reported() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![
            ("PORTAL_NOTIFY_ON_HELPDESK_CHANGE", "true".into()),
            ("PORTAL_NOTIFY_BOT_TOKEN", seed::BOT_TOKEN.into()),
        ],
        ..TestOptions::default()
    })
    .await;
    let me = Signed::with(app, seed::EMPLOYEE_EMAIL).await;
    let now = me.app.clock.now();
    let until = now + Duration::from_secs(2 * 3600);
    let response = forward_all(&me, &[("timing", "until".into()), ("until", local(until))]).await;
    assert_eq!(response.status(), 200);
    // Someone changes the destination in Webex's own settings meanwhile.
    let mut fwd = me.setting("callForwarding");
    fwd["callForwarding"]["always"]["destination"] = "+16175550177".into();
    me.app
        .sim
        .set_person_setting(&me.person_id, "callForwarding", fwd);
    let writes = me.app.sim.request_count("PUT", FORWARDING);

    let report = run_at(&me.app, until).await;
    assert_eq!(report.skipped, 1, "{report:?}");
    assert_eq!(
        me.app.sim.request_count("PUT", FORWARDING),
        writes,
        "not overwritten"
    );
    assert!(forwarding_on(&me));
    let entry = &me.audit().await[0];
    assert_eq!(
        (entry.action.as_str(), entry.result),
        ("timed_revert", AuditResult::Conflict)
    );
    let base = me.base();
    let list = me
        .app
        .get_hx(&me.browser, &format!("{base}/upcoming"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("was left as you changed it"), "{list}");
    // And, with the bot configured, a Webex message says so (it is sent in the background).
    let mut sent = Vec::new();
    for _ in 0..50 {
        sent = me.app.sim.messages();
        if !sent.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["toPersonId"], me.person_id.as_str());
    let text = sent[0]["markdown"].as_str().unwrap();
    assert!(
        text.contains("did not put your **Call forwarding**"),
        "{text}"
    );
}

#[tokio::test]
async fn a_bad_time_is_refused_with_the_input_kept_and_nothing_written() {
    let me = Signed::employee().await;
    let past = me.app.clock.now() - Duration::from_secs(3600);
    let response = forward_all(&me, &[("timing", "until".into()), ("until", local(past))]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("That time has passed"), "{html}");
    assert!(
        html.contains("value=\"+1 617 555 0142\""),
        "input kept: {html}"
    );
    assert!(
        html.contains(&format!("value=\"{}\"", local(past))),
        "{html}"
    );
    let response = forward_all(
        &me,
        &[
            ("timing", "from".into()),
            ("from", "tomorrow".into()),
            ("until", String::new()),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Enter a date and a time"), "{html}");
    assert!(html.contains("Enter when the change should end."), "{html}");
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
    assert!(
        me.app
            .state
            .store
            .jobs_for_person("timed", &me.person_id, false, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_cancelled_change_does_nothing_more() {
    let me = Signed::employee().await;
    let now = me.app.clock.now();
    let (from, until) = (
        now + Duration::from_secs(3600),
        now + Duration::from_secs(2 * 3600),
    );
    let response = forward_all(
        &me,
        &[
            ("timing", "from".into()),
            ("from", local(from)),
            ("until", local(until)),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let job = me
        .app
        .state
        .store
        .jobs_for_person("timed", &me.person_id, true, 1)
        .await
        .unwrap()[0]
        .id;
    let base = me.base();
    let cancel = format!("{base}/upcoming/{job}/cancel");
    let response = me.app.post_hx(&me.browser, &cancel, &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Cancelled."));
    assert_eq!(run_at(&me.app, until).await.claimed, 0);
    assert_eq!(me.app.sim.request_count("PUT", FORWARDING), 0);
    assert_eq!(me.audit().await[0].action.as_str(), "cancel_schedule");
    // Twice: nothing left to cancel.
    assert_eq!(
        me.app.post_hx(&me.browser, &cancel, &[]).await.status(),
        409
    );
}

#[tokio::test]
async fn a_step_missed_while_every_replica_was_down_runs_late_and_says_so() {
    let me = Signed::employee().await;
    let now = me.app.clock.now();
    let until = now + Duration::from_secs(3600);
    forward_all(&me, &[("timing", "until".into()), ("until", local(until))]).await;
    // Back three hours later.
    let report = run_at(&me.app, until + Duration::from_secs(3 * 3600)).await;
    assert_eq!(report.done, 1);
    let job = me
        .app
        .state
        .store
        .jobs_for_person("timed", &me.person_id, false, 1)
        .await
        .unwrap()[0]
        .id;
    let steps = me.app.state.store.job_steps(job).await.unwrap();
    assert_eq!(steps[0].kind, REVERT);
    // Three hours late (and the seconds the minute-wide input dropped).
    let late = steps[0].result.as_ref().unwrap()["late_by_secs"]
        .as_u64()
        .unwrap();
    assert!((3 * 3600..3 * 3600 + 60).contains(&late), "{late}");
    let base = me.base();
    let list = me
        .app
        .get_hx(&me.browser, &format!("{base}/upcoming"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("This ran late"), "{list}");
}

/// Two replicas on one PostgreSQL, and a restart of one of them between the start and the end:
/// each step runs once (counted in Webex writes), and the store, not memory, carries the job.
#[tokio::test]
async fn two_replicas_and_a_restart_run_each_step_once() {
    let Some(database) = services::fresh_postgres_database().await else {
        return;
    };
    let a = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_DATABASE_URL", database)],
        ..TestOptions::default()
    })
    .await;
    let me = Signed::with(a, seed::EMPLOYEE_EMAIL).await;
    let now = me.app.clock.now();
    let (from, until) = (
        now + Duration::from_secs(3600),
        now + Duration::from_secs(2 * 3600),
    );
    let (html, _) = me.load("dnd").await;
    let form = with(form_fields(&html), "enabled", Some("on"));
    let form = with(form, "timing", Some("from"));
    let form = with(form, "from", Some(&local(from)));
    let form = with(form, "until", Some(&local(until)));
    assert_eq!(me.put("dnd", &pairs(&form)).await.status(), 200);

    let b = me.app.spawn_replica().await;
    let (ra, rb) = tokio::join!(
        me.app.state.jobs.run_due(&me.app.state, from),
        b.state.jobs.run_due(&b.state, from)
    );
    assert_eq!(ra.unwrap().claimed + rb.unwrap().claimed, 1);
    assert_eq!(me.app.sim.request_count("PUT", DND), 1);
    // "Restart": a fresh replica (nothing in memory) takes the end, racing the other.
    let c = me.app.spawn_replica().await;
    let (rb, rc) = tokio::join!(
        b.state.jobs.run_due(&b.state, until),
        c.state.jobs.run_due(&c.state, until)
    );
    assert_eq!(rb.unwrap().claimed + rc.unwrap().claimed, 1);
    assert_eq!(me.app.sim.request_count("PUT", DND), 2);
    assert_eq!(me.setting("doNotDisturb")["enabled"], false);
    let job = me
        .app
        .state
        .store
        .jobs_for_person("timed", &me.person_id, false, 1)
        .await
        .unwrap()[0]
        .id;
    let steps = me.app.state.store.job_steps(job).await.unwrap();
    assert_eq!(
        steps.iter().map(|s| s.kind.as_str()).collect::<Vec<_>>(),
        [APPLY, REVERT]
    );
    assert!(
        steps
            .iter()
            .all(|s| s.state == StepState::Done && s.attempts == 1)
    );
}

#[tokio::test]
async fn the_helpdesk_schedules_inside_its_scope_only() {
    let app = crate::roles::spawn(Vec::new()).await;
    // Helpdesk for Boston only.
    let henry = app.login_as(crate::roles::SCOPED_HELPDESK_EMAIL).await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let now = app.clock.now();
    let until = local(now + Duration::from_secs(3600));
    let path = |id: &str| format!("/hx/people/{}/dnd", crate::selfservice::encode(id));
    let html = app
        .get_hx(&henry, &path(&alice))
        .await
        .text()
        .await
        .unwrap();
    let form = with(form_fields(&html), "enabled", Some("on"));
    let form = with(form, "timing", Some("until"));
    let form = with(form, "until", Some(&until));
    let form = with(form, "ticket", Some("INC-7"));
    let response = app.put_hx(&henry, &path(&alice), &pairs(&form)).await;
    assert_eq!(response.status(), 200);
    let jobs = app
        .state
        .store
        .jobs_for_person("timed", &alice, true, 1)
        .await
        .unwrap();
    assert_eq!(jobs[0].created_by_name, "Ethan Foster");
    // The revert acts as the helpdesk, and is audited so.
    run_at(&app, now + Duration::from_secs(3600)).await;
    let entries = app
        .state
        .store
        .list_audit(&calling_portal::store::AuditFilter::default())
        .await
        .unwrap();
    assert_eq!(entries[0].action.as_str(), "timed_revert");
    assert_eq!(entries[0].actor_name, "Ethan Foster");

    // Outside the scope (Liam, London): refused before anything is stored or written.
    let liam = app
        .sim
        .person_id_by_email("liam.carter@acme.example")
        .unwrap();
    let response = app.put_hx(&henry, &path(&liam), &pairs(&form)).await;
    assert_eq!(response.status(), 403);
    assert!(
        app.state
            .store
            .jobs_for_person("timed", &liam, false, 1)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Out of office for a period: the personal assistant (presence and its own "until"),
/// forwarding to a mobile and DND, applied at the start and all put back at the end.
#[tokio::test]
async fn out_of_office_is_applied_and_put_back() {
    let me = Signed::employee().await;
    let now = me.app.clock.now();
    let until = now + Duration::from_secs(4 * 3600);
    let base = me.base();
    let ooo = format!("{base}/out-of-office");
    assert_eq!(me.app.get_hx(&me.browser, &ooo).await.status(), 200);
    let before = (
        me.setting("personalAssistant"),
        me.setting("callForwarding"),
        me.setting("doNotDisturb"),
    );

    // Mistakes first: no end, no number; nothing scheduled.
    let response = me
        .app
        .post_hx(
            &me.browser,
            &ooo,
            &[
                ("presence", "VACATION"),
                ("forward", "number"),
                ("number", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Enter when the change should end."), "{html}");
    assert!(
        html.contains("Enter the number to forward your calls to."),
        "{html}"
    );
    assert!(
        me.app
            .state
            .store
            .jobs_for_person("timed", &me.person_id, false, 1)
            .await
            .unwrap()
            .is_empty()
    );

    let until_text = local(until);
    let response = me
        .app
        .post_hx(
            &me.browser,
            &ooo,
            &[
                ("until", until_text.as_str()),
                ("presence", "VACATION"),
                ("forward", "number"),
                ("number", "+1 617 555 0142"),
                ("dnd", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Out of office starts within a minute")
    );
    assert_eq!(
        me.app.sim.request_count("PUT", FORWARDING),
        0,
        "the runner applies it"
    );

    // The runner's next round (it starts now: due when it was set).
    let report = run_at(&me.app, me.app.clock.now()).await;
    assert_eq!(report.done, 3, "{report:?}");
    let pa = me.setting("personalAssistant");
    assert_eq!(pa["enabled"], true);
    assert_eq!(pa["presence"], "VACATION");
    assert!(
        pa["untilDateTime"]
            .as_str()
            .unwrap()
            .starts_with(&local_in(until, "UTC")[..16]),
        "{pa}"
    );
    let fwd = me.setting("callForwarding")["callForwarding"]["always"].clone();
    assert_eq!(
        (fwd["enabled"].clone(), fwd["destination"].clone()),
        (true.into(), "+16175550142".into())
    );
    assert_eq!(me.setting("doNotDisturb")["enabled"], true);

    let report = run_at(&me.app, until).await;
    assert_eq!(report.done, 3, "{report:?}");
    assert_eq!(
        me.setting("personalAssistant")["enabled"],
        before.0["enabled"]
    );
    // Forwarding off again, to no number (Webex may keep an empty one).
    let fwd = me.setting("callForwarding")["callForwarding"]["always"].clone();
    assert_eq!(
        fwd["enabled"],
        before.1["callForwarding"]["always"]["enabled"]
    );
    assert_eq!(fwd["destination"].as_str().unwrap_or(""), "");
    assert_eq!(me.setting("doNotDisturb"), before.2);
}

/// The out-of-office form in a browser: filled in, set, and listed among the scheduled changes.
#[tokio::test]
async fn the_out_of_office_form_in_a_browser() {
    use crate::support::browser::{Browser, click, sign_in_at, type_into, wait_for, wait_for_text};
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    wait_for(page, "#card-out-of-office form").await;
    let now = app.clock.now();
    let (from, until) = (
        local(now + Duration::from_secs(86_400)),
        local(now + Duration::from_secs(3 * 86_400)),
    );
    page.execute(
        "document.getElementById('ooo-from').value = arguments[0]; document.getElementById('ooo-until').value = arguments[1];",
        vec![serde_json::json!(from), serde_json::json!(until)],
    )
    .await
    .unwrap();
    click(page, "#ooo-forward-number").await;
    type_into(page, "#ooo-number", "+1 617 555 0142").await;
    click(page, "#card-out-of-office button[type=submit]").await;
    wait_for_text(
        page,
        "#card-out-of-office .card-notice",
        "Out of office is set from",
    )
    .await;
    wait_for_text(
        page,
        "#upcoming",
        "Personal assistant (away) changes as scheduled",
    )
    .await;
    wait_for_text(page, "#upcoming", "Call forwarding goes back to how it was").await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let job = &app
        .state
        .store
        .jobs_for_person("timed", &alice, true, 1)
        .await
        .unwrap()[0];
    let steps = app.state.store.job_steps(job.id).await.unwrap();
    assert_eq!(
        steps.len(),
        4,
        "assistant and forwarding, each applied and put back"
    );
    browser.close().await;
}

/// The end of a scheduled change moves (a longer time off); a time already past is refused.
#[tokio::test]
async fn the_end_of_a_scheduled_change_moves() {
    let me = Signed::employee().await;
    let now = me.app.clock.now();
    let until = now + Duration::from_secs(3600);
    forward_all(&me, &[("timing", "until".into()), ("until", local(until))]).await;
    let job = me
        .app
        .state
        .store
        .jobs_for_person("timed", &me.person_id, true, 1)
        .await
        .unwrap()[0]
        .id;
    let base = me.base();
    let list = me
        .app
        .get_hx(&me.browser, &format!("{base}/upcoming"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains(&format!("/upcoming/{job}/until")), "{list}");
    let path = format!("{base}/upcoming/{job}/until");

    let past = local(now - Duration::from_secs(60));
    let response = me
        .app
        .post_hx(&me.browser, &path, &[("until", past.as_str())])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("That time has passed")
    );

    let later = now + Duration::from_secs(5 * 3600);
    let response = me
        .app
        .post_hx(&me.browser, &path, &[("until", local(later).as_str())])
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The end is changed.")
    );
    assert_eq!(
        run_at(&me.app, until + Duration::from_secs(60))
            .await
            .claimed,
        0
    );
    assert!(forwarding_on(&me), "still on at the old end");
    assert_eq!(run_at(&me.app, later).await.done, 1);
    assert!(!forwarding_on(&me));
}

/// Times are the person's (their location's time zone, FACTS §10.8), not the viewer's browser's:
/// "until 17:00" for someone in London means 17:00 in London, whoever schedules it from where.
#[tokio::test]
async fn times_are_entered_and_shown_in_the_persons_time_zone() {
    let app = crate::roles::spawn(Vec::new()).await;
    let path = |id: &str| format!("/hx/people/{}/dnd", crate::selfservice::encode(id));
    // Alice, her browser in Berlin: her own card speaks of Boston's zone.
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let her = app.login_as(seed::EMPLOYEE_EMAIL).await;
    her.set_cookie("portal_tz=Europe%2FBerlin");
    let card = app.get_hx(&her, &path(&alice)).await.text().await.unwrap();
    assert!(
        card.contains("Times are New York time (America/New_York)."),
        "{card}"
    );

    // An admin in Berlin schedules for Liam in London: typed and listed in London's time.
    let admin = app.login_as(seed::ADMIN_EMAIL).await;
    admin.set_cookie("portal_tz=Europe%2FBerlin");
    let liam = app
        .sim
        .person_id_by_email("liam.carter@acme.example")
        .unwrap();
    let card = app.get_hx(&admin, &path(&liam)).await.text().await.unwrap();
    assert!(
        card.contains("Times are London time (Europe/London)."),
        "{card}"
    );
    let now = app.clock.now();
    let until = now + Duration::from_secs(5 * 3600);
    let typed = local_in(until, "Europe/London");
    let form = with(form_fields(&card), "enabled", Some("on"));
    let form = with(form, "timing", Some("until"));
    let form = with(form, "until", Some(&typed));
    let response = app.put_hx(&admin, &path(&liam), &pairs(&form)).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let job = app
        .state
        .store
        .jobs_for_person("timed", &liam, true, 1)
        .await
        .unwrap()[0]
        .id;
    let steps = app.state.store.job_steps(job).await.unwrap();
    let revert = steps.iter().find(|s| s.kind == REVERT).unwrap();
    // The input is minute-wide.
    let minute = until
        .replace_second(0)
        .unwrap()
        .replace_nanosecond(0)
        .unwrap();
    assert_eq!(revert.due_at, minute);
    let upcoming = app
        .get_hx(
            &admin,
            &format!("/hx/people/{}/upcoming", crate::selfservice::encode(&liam)),
        )
        .await
        .text()
        .await
        .unwrap();
    let shown = &typed[11..16];
    assert!(upcoming.contains(shown), "{shown} in {upcoming}");
}
