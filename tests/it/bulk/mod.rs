//! Bulk changes (issue 18) end to end: each way to choose people, the scope refusal per row, a
//! preview that writes nothing, apply, pause, cancel, a job that goes on after a restart and
//! after the replica running it died (no row lost or doubled), undo of the whole job and of one
//! row with a conflict, and CSV files with quotes, a byte-order mark and bad rows.

use std::time::Duration;

use calling_portal::{
    bulk::{APPLY, CHECK, PLAN, UNDO},
    clock::Clock as _,
    simulator::seed,
    store::{AuditAction, AuditFilter, AuditResult, StepState},
};
use reqwest::multipart::{Form, Part};

use crate::{
    roles::{IN_A_EMAIL, IN_B_EMAIL, SCOPED_HELPDESK_EMAIL},
    selfservice::{DND, FORWARDING},
    support::{TestApp, TestOptions, app::Browser, services},
};

/// `POST /bulk` with these text fields and, when given, a CSV file.
async fn post_bulk(
    app: &TestApp,
    who: &Browser,
    fields: &[(&str, &str)],
    csv: Option<&str>,
) -> reqwest::Response {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some(text) = csv {
        form = form.part(
            "csv",
            Part::bytes(text.as_bytes().to_vec())
                .file_name("people.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    }
    who.post(app.url("/bulk"))
        .header("Origin", app.url(""))
        .header("Sec-Fetch-Site", "same-origin")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Starts a bulk change and returns its job id (from the redirect to its page).
async fn start(app: &TestApp, who: &Browser, fields: &[(&str, &str)], csv: Option<&str>) -> i64 {
    let response = post_bulk(app, who, fields, csv).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let to = crate::support::app::location(&response);
    to.strip_prefix("/bulk/").unwrap().parse().unwrap()
}

async fn run(app: &TestApp) -> calling_portal::jobs::RunReport {
    app.state
        .jobs
        .run_due(&app.state, app.clock.now())
        .await
        .unwrap()
}

async fn status(app: &TestApp, who: &Browser, job: i64) -> String {
    let response = app.get_hx(who, &format!("/hx/bulk/{job}")).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn act(app: &TestApp, who: &Browser, job: i64, action: &str) -> String {
    let response = app
        .post_hx(who, &format!("/hx/bulk/{job}/{action}"), &[])
        .await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

fn results(steps: &[calling_portal::store::JobStep], kind: &str) -> Vec<String> {
    steps
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| {
            s.result
                .as_ref()
                .and_then(|r| r["status"].as_str())
                .unwrap_or("-")
                .to_owned()
        })
        .collect()
}

fn dnd_on(app: &TestApp, email: &str) -> bool {
    let id = app.sim.person_id_by_email(email).unwrap();
    app.sim.person_setting(&id, "doNotDisturb").unwrap()["enabled"] == true
}

fn set_dnd(app: &TestApp, email: &str, on: bool) {
    let id = app.sim.person_id_by_email(email).unwrap();
    let mut dnd = app.sim.person_setting(&id, "doNotDisturb").unwrap();
    dnd["enabled"] = on.into();
    app.sim.set_person_setting(&id, "doNotDisturb", dnd);
}

const BOSTON_DND_ON: &[(&str, &str)] = &[
    ("target", "location"),
    ("feature", "dnd"),
    ("set.enabled", "on"),
    ("ticket", "CHG-1"),
];

fn boston() -> String {
    seed::location_id(seed::LOCATION_BOSTON_UUID)
}

#[tokio::test]
async fn a_location_is_previewed_without_a_write_then_applied_and_reported() {
    let app = crate::roles::spawn(Vec::new()).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    set_dnd(&app, IN_A_EMAIL, true);
    app.sim.faults().reset_counts();
    let location = boston();
    let mut fields = BOSTON_DND_ON.to_vec();
    fields.push(("location", &location));
    let job = start(&app, &henry, &fields, None).await;

    // The preview: every Boston calling user read, nothing written.
    let report = run(&app).await;
    assert!(report.claimed > 3, "{report:?}");
    assert_eq!(
        app.sim.request_count("PUT", DND),
        0,
        "a preview writes nothing"
    );
    let steps = app.state.store.job_steps(job).await.unwrap();
    let checks = results(&steps, CHECK);
    assert!(checks.iter().any(|s| s == "change"), "{checks:?}");
    assert!(
        checks.iter().any(|s| s == "unchanged"),
        "Liam has DND on already"
    );
    let html = status(&app, &henry, job).await;
    assert!(html.contains("Preview: nothing has changed yet"), "{html}");
    assert!(html.contains("Already as wanted"), "{html}");
    let change = checks.iter().filter(|s| *s == "change").count();
    assert!(
        html.contains(&format!("Apply to {change} people")),
        "{html}"
    );
    assert!(html.contains("Do not disturb:</span> no → yes"), "{html}");

    // Apply: one write per row that changes, each audited as a bulk change with the job's id.
    let html = act(&app, &henry, job, "apply").await;
    assert!(html.contains("Applying"), "{html}");
    run(&app).await;
    assert_eq!(app.sim.request_count("PUT", DND), change as u64);
    assert!(dnd_on(&app, seed::EMPLOYEE_EMAIL));
    let steps = app.state.store.job_steps(job).await.unwrap();
    assert!(results(&steps, APPLY).iter().all(|s| s == "applied"));
    let entries = app
        .state
        .store
        .list_audit(&AuditFilter::default())
        .await
        .unwrap();
    let bulk: Vec<_> = entries
        .iter()
        .filter(|e| e.action == AuditAction::BulkApply)
        .collect();
    assert_eq!(bulk.len(), change);
    assert!(
        bulk.iter()
            .all(|e| e.request_id.starts_with(&format!("job-{job}-step-"))
                && e.ticket.as_deref() == Some("CHG-1")
                && e.actor_name == "Henry Hughes")
    );
    let html = status(&app, &henry, job).await;
    assert!(html.contains("Applied"), "{html}");
    assert!(html.contains("Undo the whole change"), "{html}");

    // The report: a row per person, with the result.
    let csv = app
        .get(&henry, &format!("/bulk/{job}/report.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("Row,Email or extension,Person,Setting,Result"),
        "{csv}"
    );
    assert!(
        csv.contains("alice.anderson@acme.example,Alice Anderson,Do not disturb,Changed"),
        "{csv}"
    );
    assert!(
        csv.contains("liam.baker@acme.example,Liam Baker,Do not disturb,Already as wanted"),
        "{csv}"
    );
}

#[tokio::test]
async fn a_group_and_a_search_choose_people_and_the_form_keeps_what_was_typed() {
    let app = crate::roles::spawn(Vec::new()).await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    // A group: its members (the helpdesk group has Henry).
    let job = start(
        &app,
        &amara,
        &[
            ("target", "group"),
            ("group", seed::HELPDESK_GROUP),
            ("feature", "call-waiting"),
            ("set.enabled", "off"),
        ],
        None,
    )
    .await;
    run(&app).await;
    let steps = app.state.store.job_steps(job).await.unwrap();
    let henry = app.sim.person_id_by_email(seed::HELPDESK_EMAIL).unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s.kind == CHECK && s.target_person_id == henry)
    );
    // A search.
    let job = start(
        &app,
        &amara,
        &[
            ("target", "search"),
            ("query", "Anderson"),
            ("feature", "dnd"),
            ("set.ring_splash", "on"),
        ],
        None,
    )
    .await;
    run(&app).await;
    let steps = app.state.store.job_steps(job).await.unwrap();
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let targets: Vec<_> = steps
        .iter()
        .filter(|s| s.kind == CHECK)
        .map(|s| s.target_person_id.clone())
        .collect();
    assert_eq!(targets, [alice]);

    // A refused form: 422, with what was typed kept and the problem named.
    let response = post_bulk(
        &app,
        &amara,
        &[
            ("target", "search"),
            ("query", "Anderson"),
            ("feature", "dnd"),
            ("set.enabled", "maybe"),
            ("ticket", "CHG-9"),
        ],
        None,
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("enabled: write on or off."), "{html}");
    assert!(html.contains(r#"value="Anderson""#), "{html}");
    assert!(html.contains(r#"value="CHG-9""#), "{html}");
    let response = post_bulk(
        &app,
        &amara,
        &[("target", "group"), ("feature", "dnd")],
        None,
    )
    .await;
    let html = response.text().await.unwrap();
    assert!(html.contains("Enter the Webex group"), "{html}");
    assert!(html.contains("Fill in at least one value"), "{html}");
}

#[tokio::test]
async fn a_csv_with_quotes_a_bom_and_bad_rows_refuses_rows_outside_the_scope() {
    let app = crate::roles::spawn(Vec::new()).await;
    // Helpdesk for Boston only.
    let ethan = app.login_as(SCOPED_HELPDESK_EMAIL).await;
    let alice_ext = "1001";
    let csv = format!(
        "\u{feff}email,extension,dnd.enabled,forwarding.always_enabled,forwarding.always_destination\r\n\
         \"{IN_A_EMAIL}\",,on,,\r\n\
         ,{alice_ext},,yes,\"+1 617 555 0142\"\r\n\
         {IN_B_EMAIL},,on,,\r\n\
         nobody@acme.example,,on,,\r\n\
         not-an-email,,on,,\r\n\
         \"{IN_A_EMAIL}\",,off,,\r\n"
    );
    let job = start(&app, &ethan, &[("target", "csv")], Some(&csv)).await;
    run(&app).await;
    let steps = app.state.store.job_steps(job).await.unwrap();
    let plan = steps.iter().find(|s| s.kind == PLAN).unwrap();
    let refused = plan.result.as_ref().unwrap()["refused"]
        .as_array()
        .unwrap()
        .clone();
    let reasons: Vec<(u64, String)> = refused
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["reason"].to_string()))
        .collect();
    assert!(
        reasons.contains(&(4, "\"outside_scope\"".into())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(5, "\"not_found\"".into())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(6, r#"{"bad_row":"bad_email"}"#.into())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(7, "\"duplicate\"".into())),
        "{reasons:?}"
    );
    // Liam's DND, and Alice's forwarding (by extension, with a quoted number).
    let checks: Vec<_> = steps.iter().filter(|s| s.kind == CHECK).collect();
    assert_eq!(checks.len(), 2, "{checks:?}");
    assert_eq!(checks[1].feature, "call_forwarding");
    assert_eq!(results(&steps, CHECK), ["change", "change"]);
    let html = status(&app, &ethan, job).await;
    assert!(html.contains("Outside your scope."), "{html}");
    assert!(html.contains("the email is not an address"), "{html}");

    act(&app, &ethan, job, "apply").await;
    run(&app).await;
    assert!(dnd_on(&app, IN_A_EMAIL));
    assert!(
        !dnd_on(&app, IN_B_EMAIL),
        "outside the scope: never touched"
    );
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let fwd = app.sim.person_setting(&alice, "callForwarding").unwrap();
    assert_eq!(fwd["callForwarding"]["always"]["enabled"], true);
    assert_eq!(
        fwd["callForwarding"]["always"]["destination"],
        "+16175550142"
    );
    let csv = app
        .get(&ethan, &format!("/bulk/{job}/report.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("4,olivia.carter@acme.example,,,Refused,Outside your scope."),
        "{csv}"
    );

    // A file whose columns are not settings is refused as a whole, before anything is stored.
    let response = post_bulk(
        &app,
        &ethan,
        &[("target", "csv")],
        Some("email,caller-id.selected\na@acme.example,x\n"),
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("The column caller-id.selected is not one the portal can set"),
        "{html}"
    );
    // A location outside the scope is refused as a whole.
    let chicago = seed::location_id(seed::LOCATION_CHICAGO_UUID);
    let response = post_bulk(
        &app,
        &ethan,
        &[
            ("target", "location"),
            ("location", &chicago),
            ("feature", "dnd"),
            ("set.enabled", "on"),
        ],
        None,
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Choose a location in your scope.")
    );
    // And an employee has no bulk page, form or job at all.
    let alice_browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    assert_eq!(app.get(&alice_browser, "/bulk").await.status(), 403);
    let boston = boston();
    let refused = post_bulk(
        &app,
        &alice_browser,
        &[
            ("target", "location"),
            ("location", &boston),
            ("feature", "dnd"),
            ("set.enabled", "on"),
        ],
        None,
    )
    .await;
    assert_eq!(refused.status(), 403);
    for action in ["apply", "undo", "cancel"] {
        let response = app
            .post_hx(&alice_browser, &format!("/hx/bulk/{job}/{action}"), &[])
            .await;
        assert_eq!(response.status(), 403, "{action}");
    }
    assert_eq!(
        app.get(&alice_browser, &format!("/bulk/{job}/report.csv"))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get_hx(&ethan, &format!("/hx/bulk/{job}"))
            .await
            .status(),
        200
    );
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    assert_eq!(
        app.get_hx(&henry, &format!("/hx/bulk/{job}"))
            .await
            .status(),
        404,
        "another helpdesk does not see someone else's job"
    );
}

#[tokio::test]
async fn pause_resume_and_cancel() {
    let app = crate::roles::spawn(Vec::new()).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let location = boston();
    let mut fields = BOSTON_DND_ON.to_vec();
    fields.push(("location", &location));
    let job = start(&app, &henry, &fields, None).await;
    run(&app).await;
    app.sim.faults().reset_counts();
    // A double click: the rows are added once.
    let rows = app
        .state
        .store
        .job_steps(job)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.kind == CHECK && results(std::slice::from_ref(s), CHECK) == ["change"])
        .count();
    let (first, second) = tokio::join!(
        act(&app, &henry, job, "apply"),
        act(&app, &henry, job, "apply")
    );
    assert!(first.contains("Applying") || second.contains("Applying"));
    let applies = app
        .state
        .store
        .job_steps(job)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.kind == APPLY)
        .count();
    assert_eq!(applies, rows);
    let html = act(&app, &henry, job, "pause").await;
    assert!(html.contains("Resume"), "{html}");
    assert_eq!(run(&app).await.claimed, 0, "paused: nothing runs");
    act(&app, &henry, job, "resume").await;
    // Cancelled before it ran: nothing written, the rows say so.
    let html = act(&app, &henry, job, "cancel").await;
    assert!(html.contains("Cancelled"), "{html}");
    assert_eq!(run(&app).await.claimed, 0);
    assert_eq!(app.sim.request_count("PUT", DND), 0);
    let steps = app.state.store.job_steps(job).await.unwrap();
    assert!(
        steps
            .iter()
            .filter(|s| s.kind == APPLY)
            .all(|s| s.state == StepState::Cancelled)
    );
}

/// Two replicas on one PostgreSQL: one dies mid-job (holding rows it claimed, one of them
/// already written to Webex); after its leases expire the other finishes every row, and
/// nothing is written twice.
#[tokio::test]
async fn a_replica_killed_mid_job_loses_and_doubles_no_row() {
    let Some(database) = services::fresh_postgres_database().await else {
        return;
    };
    let mut env = vec![("PORTAL_DATABASE_URL", database)];
    env.push(("PORTAL_ROLE_MAP", crate::roles::role_map()));
    let app = TestApp::spawn_with(TestOptions {
        env,
        ..TestOptions::default()
    })
    .await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let location = boston();
    let mut fields = BOSTON_DND_ON.to_vec();
    fields.push(("location", &location));
    let job = start(&app, &henry, &fields, None).await;
    run(&app).await;
    app.sim.faults().reset_counts();
    act(&app, &henry, job, "apply").await;
    let rows = app
        .state
        .store
        .job_steps(job)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.kind == APPLY)
        .count();
    assert!(rows >= 3);

    // The replica that dies: it claims two rows, writes the first to Webex, and is gone.
    let doomed = app.spawn_replica().await;
    let now = app.clock.now();
    let claimed = doomed
        .state
        .store
        .claim_due_steps("doomed", now, 2, Duration::from_secs(120))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 2);
    let outcome = calling_portal::jobs::bulk::apply(calling_portal::jobs::StepCx {
        state: doomed.state.clone(),
        step: claimed[0].clone(),
        now,
        holder: "doomed".into(),
        max_attempts: 6,
        late_after: Duration::from_secs(300),
    })
    .await;
    assert!(matches!(
        outcome,
        calling_portal::jobs::StepOutcome::Done(_)
    ));
    assert_eq!(app.sim.request_count("PUT", DND), 1);
    drop(doomed);

    // The survivor runs what is free now, then, after the leases expired, the dead one's rows.
    let survivor = app.spawn_replica().await;
    survivor
        .state
        .jobs
        .run_due(&survivor.state, now)
        .await
        .unwrap();
    let later = now + Duration::from_secs(300);
    app.clock.advance(Duration::from_secs(300));
    let report = survivor
        .state
        .jobs
        .run_due(&survivor.state, later)
        .await
        .unwrap();
    assert_eq!(report.claimed, 2, "{report:?}");
    let steps = app.state.store.job_steps(job).await.unwrap();
    let applied = results(&steps, APPLY);
    assert_eq!(applied.len(), rows);
    assert!(applied.iter().all(|s| s == "applied"), "{applied:?}");
    assert_eq!(
        app.sim.request_count("PUT", DND),
        rows as u64,
        "one write per row, none twice"
    );
    let bulk_entries = app
        .state
        .store
        .list_audit(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::BulkApply && e.result == AuditResult::Success)
        .count();
    assert_eq!(bulk_entries, rows);
}

#[tokio::test]
async fn a_job_goes_on_after_a_restart() {
    let mut app = crate::roles::spawn(Vec::new()).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let location = boston();
    let mut fields = BOSTON_DND_ON.to_vec();
    fields.push(("location", &location));
    let job = start(&app, &henry, &fields, None).await;
    run(&app).await;
    act(&app, &henry, job, "apply").await;
    app.restart_portal().await;
    let report = run(&app).await;
    assert!(report.done >= 3, "{report:?}");
    let steps = app.state.store.job_steps(job).await.unwrap();
    assert!(results(&steps, APPLY).iter().all(|s| s == "applied"));
}

#[tokio::test]
async fn undo_of_one_row_and_of_the_whole_job_leaves_a_row_changed_since() {
    let app = crate::roles::spawn(Vec::new()).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let location = boston();
    let mut fields = BOSTON_DND_ON.to_vec();
    fields.push(("location", &location));
    let job = start(&app, &henry, &fields, None).await;
    run(&app).await;
    act(&app, &henry, job, "apply").await;
    run(&app).await;
    assert!(dnd_on(&app, seed::EMPLOYEE_EMAIL) && dnd_on(&app, IN_A_EMAIL));

    // One row, from the report, through the audit log's own undo.
    let html = status(&app, &henry, job).await;
    let entries = app
        .state
        .store
        .list_audit(&AuditFilter::default())
        .await
        .unwrap();
    let liam = app.sim.person_id_by_email(IN_A_EMAIL).unwrap();
    let liam_entry = entries
        .iter()
        .find(|e| e.action == AuditAction::BulkApply && e.target_person_id == liam)
        .unwrap();
    let undo = format!("/hx/audit/{}/undo", liam_entry.id);
    assert!(html.contains(&undo), "{html}");
    let response = app.post_hx(&henry, &undo, &[]).await;
    assert_eq!(response.status(), 200);
    assert!(!dnd_on(&app, IN_A_EMAIL));

    // Alice turns DND off and on again elsewhere: her setting is no longer what the job wrote.
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let mut dnd = app.sim.person_setting(&alice, "doNotDisturb").unwrap();
    dnd["ringSplashEnabled"] = true.into();
    app.sim.set_person_setting(&alice, "doNotDisturb", dnd);

    app.sim.faults().reset_counts();
    act(&app, &henry, job, "undo").await;
    run(&app).await;
    let steps = app.state.store.job_steps(job).await.unwrap();
    let undone = results(&steps, UNDO);
    assert!(
        undone.iter().filter(|s| *s == "conflict").count() == 1,
        "{undone:?}"
    );
    assert!(
        undone.iter().filter(|s| *s == "undone").count() >= 1,
        "{undone:?}"
    );
    assert!(
        dnd_on(&app, seed::EMPLOYEE_EMAIL),
        "changed since: left as it is"
    );
    assert!(!dnd_on(&app, IN_A_EMAIL));
    let html = status(&app, &henry, job).await;
    assert!(html.contains("Changed since; left as it is"), "{html}");
    // Every undone row is an `undo` of its bulk entry in the audit log.
    let entries = app
        .state
        .store
        .list_audit(&AuditFilter::default())
        .await
        .unwrap();
    let undos = entries
        .iter()
        .filter(|e| e.action == AuditAction::Undo && e.result == AuditResult::Success)
        .count();
    // Liam's row counts once: undone from the report, and found undone by the job's undo.
    assert_eq!(undos, undone.iter().filter(|s| *s == "undone").count());
}

/// A CSV of 10,000 people makes one job: the file is taken, and the plan matches every row and
/// adds a preview step for each (the steps themselves are the same as for a few people).
#[tokio::test]
async fn ten_thousand_rows_make_one_job() {
    const PEOPLE: usize = 10_000;
    let app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_ROLE_MAP", crate::roles::role_map())],
        simulator: calling_portal::simulator::SimulatorOptions {
            seed: seed::Seed::builtin_with_extra_users(PEOPLE),
            ..Default::default()
        },
        ..TestOptions::default()
    })
    .await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let mut csv = String::from("email,call-waiting.enabled\r\n");
    for k in 0..PEOPLE {
        csv.push_str(&format!("test.user{k:04}@acme.example,on\r\n"));
    }
    let job = start(&app, &amara, &[("target", "csv")], Some(&csv)).await;
    let now = app.clock.now();
    let plan = app
        .state
        .store
        .claim_due_steps("test", now, 1, Duration::from_secs(120))
        .await
        .unwrap();
    assert_eq!(plan[0].kind, PLAN);
    let outcome = calling_portal::jobs::bulk::plan(calling_portal::jobs::StepCx {
        state: app.state.clone(),
        step: plan[0].clone(),
        now,
        holder: "test".into(),
        max_attempts: 6,
        late_after: Duration::from_secs(300),
    })
    .await;
    let calling_portal::jobs::StepOutcome::Done(result) = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(result["rows"], PEOPLE, "{result}");
    assert_eq!(result["refused"].as_array().unwrap().len(), 0);
    let counts = app
        .state
        .store
        .job_step_counts_of(job, CHECK)
        .await
        .unwrap();
    assert_eq!(counts, [(StepState::Pending, PEOPLE as i64)]);
}

/// Reset to Webex's defaults, and a row whose value the card refuses: the preview says why, and
/// the apply leaves that person alone.
#[tokio::test]
async fn reset_to_defaults_and_a_row_the_card_refuses() {
    let app = crate::roles::spawn(Vec::new()).await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let mut fwd = app.sim.person_setting(&alice, "callForwarding").unwrap();
    fwd["callForwarding"]["always"]["enabled"] = true.into();
    fwd["callForwarding"]["always"]["destination"] = "+16175550142".into();
    fwd["callForwarding"]["busy"]["enabled"] = true.into();
    fwd["callForwarding"]["busy"]["destination"] = "+16175550143".into();
    app.sim.set_person_setting(&alice, "callForwarding", fwd);
    let csv = format!(
        "email,forwarding.reset,forwarding.always_enabled,forwarding.always_destination\n\
         {},yes,,\n\
         {IN_A_EMAIL},,on,not a number\n",
        seed::EMPLOYEE_EMAIL
    );
    let job = start(&app, &amara, &[("target", "csv")], Some(&csv)).await;
    run(&app).await;
    let steps = app.state.store.job_steps(job).await.unwrap();
    assert_eq!(results(&steps, CHECK), ["change", "invalid"]);
    let html = status(&app, &amara, job).await;
    assert!(html.contains("Would not be accepted"), "{html}");
    assert!(html.contains("Apply to 1 person"), "{html}");
    app.sim.faults().reset_counts();
    act(&app, &amara, job, "apply").await;
    run(&app).await;
    assert_eq!(
        app.sim.request_count("PUT", FORWARDING),
        1,
        "only the valid row"
    );
    let fwd = app.sim.person_setting(&alice, "callForwarding").unwrap();
    for rule in ["always", "busy", "noAnswer"] {
        assert_eq!(
            fwd["callForwarding"][rule]["enabled"], false,
            "{rule}: {fwd}"
        );
    }
    let csv = app
        .get(&amara, &format!("/bulk/{job}/report.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Call forwarding,Changed"), "{csv}");
    assert!(
        csv.contains("Call forwarding,Would not be accepted"),
        "{csv}"
    );
    // A form may reset voicemail too.
    let job = start(
        &app,
        &amara,
        &[
            ("target", "search"),
            ("query", "Anderson"),
            ("feature", "voicemail"),
            ("reset", "yes"),
        ],
        None,
    )
    .await;
    run(&app).await;
    let steps = app.state.store.job_steps(job).await.unwrap();
    let checks = results(&steps, CHECK);
    assert_eq!(checks.len(), 1);
    assert!(
        checks[0] == "change" || checks[0] == "unchanged",
        "{checks:?}"
    );
}
