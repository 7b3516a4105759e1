//! The job runner (src/jobs) on real portal instances: each due step runs once however many runners
//! race for it, a dead runner's step is taken over, passing failures are retried with backoff and
//! then failed, and a step that runs late knows it. Time is the test's: `run_due(now)`.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use calling_portal::{
    app::AppState,
    auth::Role,
    clock::Clock as _,
    jobs::{Runner, RunnerSettings, StepCx, StepOutcome, executor},
    simulator::{FaultRule, seed},
    store::{JobActor, JobState, NewJob, NewJobStep, StepState},
    webex::DoNotDisturbPatch,
};
use serde_json::json;
use time::OffsetDateTime;

use crate::support::{TestApp, TestOptions, services};

const KIND: &str = "test_dnd";
const DND: &str = "/v1/people/{personId}/features/doNotDisturb";

/// Which runner ran which step, how late, as the executor saw it.
type Log = Arc<Mutex<Vec<(i64, String, Option<Duration>)>>>;

/// Registers on `runner` an executor that turns DND on for the step's person (one Webex write
/// per run) and logs the run.
fn register(runner: &Runner, log: &Log) {
    let log = log.clone();
    runner.register(
        KIND,
        executor(move |cx: StepCx| {
            let log = log.clone();
            async move {
                let patch = DoNotDisturbPatch {
                    enabled: Some(true),
                    ring_splash_enabled: None,
                    webex_go_override_enabled: Some(false),
                };
                let written = cx
                    .webex()
                    .put_do_not_disturb(&cx.step.target_person_id, &patch)
                    .await;
                log.lock()
                    .unwrap()
                    .push((cx.step.id, cx.holder.to_string(), cx.late_by()));
                match written {
                    Ok(r) => StepOutcome::Done(json!({ "tracking_id": r.tracking_id })),
                    Err(e) => StepOutcome::from_webex_error(&e),
                }
            }
        }),
    );
}

async fn schedule(state: &AppState, person: &str, n: usize, due: OffsetDateTime) -> i64 {
    let job = NewJob {
        kind: "test".into(),
        created_by: JobActor {
            person_id: person.into(),
            name: "Alice".into(),
            role: Role::Employee,
        },
        target_person_id: Some(person.into()),
        title: "test".into(),
        payload: json!({}),
    };
    let steps: Vec<NewJobStep> = (0..n)
        .map(|i| NewJobStep {
            kind: KIND.into(),
            target_person_id: person.into(),
            feature: "do_not_disturb".into(),
            due_at: due,
            payload: json!({ "i": i }),
        })
        .collect();
    state.store.create_job(&job, &steps, due).await.unwrap()
}

fn runs_per_step(log: &Log) -> HashMap<i64, usize> {
    let mut runs = HashMap::new();
    for (id, _, _) in log.lock().unwrap().iter() {
        *runs.entry(*id).or_default() += 1;
    }
    runs
}

#[tokio::test]
async fn two_runners_over_one_sqlite_database_run_each_step_once() {
    let app = TestApp::spawn().await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let log = Log::default();
    let other = Runner::new("second-runner", RunnerSettings::default());
    register(&app.state.jobs, &log);
    register(&other, &log);
    let now = app.clock.now();
    let job = schedule(&app.state, &alice, 40, now).await;
    app.sim.faults().reset_counts();

    let (a, b) = tokio::join!(
        app.state.jobs.run_due(&app.state, now),
        other.run_due(&app.state, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.claimed + b.claimed, 40);
    assert_eq!(a.done + b.done, 40);
    let runs = runs_per_step(&log);
    assert_eq!(runs.len(), 40);
    assert!(
        runs.values().all(|&n| n == 1),
        "each step ran once: {runs:?}"
    );
    assert_eq!(
        app.sim.request_count("PUT", DND),
        40,
        "one Webex write per step"
    );
    assert_eq!(
        app.state.store.get_job(job).await.unwrap().unwrap().state,
        JobState::Done
    );
    // Nothing is left to run, now or later.
    let later = now + Duration::from_secs(86_400);
    assert_eq!(
        app.state
            .jobs
            .run_due(&app.state, later)
            .await
            .unwrap()
            .claimed,
        0
    );
}

#[tokio::test]
async fn two_replicas_over_one_postgres_run_each_step_once() {
    let Some(database) = services::fresh_postgres_database().await else {
        return;
    };
    let a = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_DATABASE_URL", database)],
        ..TestOptions::default()
    })
    .await;
    let b = a.spawn_replica().await;
    let alice = a.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let log = Log::default();
    register(&a.state.jobs, &log);
    register(&b.state.jobs, &log);
    let now = a.clock.now();
    let job = schedule(&a.state, &alice, 60, now).await;
    a.sim.faults().reset_counts();

    let (ra, rb) = tokio::join!(
        a.state.jobs.run_due(&a.state, now),
        b.state.jobs.run_due(&b.state, now)
    );
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.claimed + rb.claimed, 60, "a: {ra:?}, b: {rb:?}");
    let runs = runs_per_step(&log);
    assert_eq!(runs.len(), 60);
    assert!(
        runs.values().all(|&n| n == 1),
        "each step ran once: {runs:?}"
    );
    assert_eq!(
        a.sim.request_count("PUT", DND),
        60,
        "one Webex write per step"
    );
    let steps = a.state.store.job_steps(job).await.unwrap();
    assert!(steps.iter().all(|s| s.state == StepState::Done));
    // The step records which replica ran it.
    for (id, holder, _) in log.lock().unwrap().iter() {
        let step = steps.iter().find(|s| s.id == *id).unwrap();
        assert_eq!(step.lease_holder.as_deref(), Some(holder.as_str()));
    }
}

/// A runner that claimed a step and died: its lease runs out, then another runner takes the step.
async fn a_dead_runners_step_is_taken_over(a: &TestApp, b: &AppState) {
    let alice = a.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let log = Log::default();
    register(&b.jobs, &log);
    let now = a.clock.now();
    let ttl = b.jobs.settings().lease_ttl;
    schedule(&a.state, &alice, 1, now).await;
    let dead = a
        .state
        .store
        .claim_due_steps("dead-replica", now, 10, ttl)
        .await
        .unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(
        b.jobs.run_due(b, now + ttl / 2).await.unwrap().claimed,
        0,
        "still leased"
    );
    let report = b
        .jobs
        .run_due(b, now + ttl + Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!((report.claimed, report.done), (1, 1));
    assert_eq!(runs_per_step(&log).get(&dead[0].id), Some(&1));
    // The dead replica, back, cannot record an outcome over it.
    let late = a
        .state
        .store
        .finish_step(
            dead[0].id,
            "dead-replica",
            StepState::Done,
            None,
            None,
            now + ttl * 2,
        )
        .await
        .unwrap();
    assert!(!late);
    let step = a
        .state
        .store
        .get_job_step(dead[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(step.state, StepState::Done);
    assert_eq!(step.lease_holder.as_deref(), Some(b.jobs.holder()));
    assert_eq!(step.attempts, 2);
}

#[tokio::test]
async fn a_dead_runners_step_is_taken_over_on_sqlite() {
    let app = TestApp::spawn().await;
    a_dead_runners_step_is_taken_over(&app, &app.state).await;
}

#[tokio::test]
async fn a_dead_replicas_step_is_taken_over_on_postgres() {
    let Some(database) = services::fresh_postgres_database().await else {
        return;
    };
    let a = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_DATABASE_URL", database)],
        ..TestOptions::default()
    })
    .await;
    let b = a.spawn_replica().await;
    a_dead_runners_step_is_taken_over(&a, &b.state).await;
}

#[tokio::test]
async fn a_failing_step_is_retried_with_backoff_then_failed() {
    let app = TestApp::spawn().await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let log = Log::default();
    register(&app.state.jobs, &log);
    let settings = app.state.jobs.settings().clone();
    app.sim.faults().add(FaultRule {
        method: Some("PUT".into()),
        error_rate: 1.0,
        error_status: 503,
        ..FaultRule::for_path(DND)
    });
    let t0 = app.clock.now();
    let job = schedule(&app.state, &alice, 1, t0).await;
    let mut now = t0;
    for attempt in 1..=settings.max_attempts {
        let report = app.state.jobs.run_due(&app.state, now).await.unwrap();
        assert_eq!(report.claimed, 1, "attempt {attempt}");
        // Not again before the backoff is over.
        let wait = settings.backoff(attempt);
        let early = now + wait - Duration::from_secs(1);
        if attempt < settings.max_attempts {
            assert_eq!(report.retried, 1);
            assert_eq!(
                app.state
                    .jobs
                    .run_due(&app.state, early)
                    .await
                    .unwrap()
                    .claimed,
                0
            );
        } else {
            assert_eq!(report.failed, 1, "given up after {attempt} attempts");
        }
        // The runner counts the wait from when the outcome was known (this test's clock).
        now = app.clock.now().max(now) + wait;
    }
    let steps = app.state.store.job_steps(job).await.unwrap();
    assert_eq!(steps[0].state, StepState::Failed);
    assert_eq!(steps[0].attempts, settings.max_attempts);
    assert!(steps[0].last_error.as_deref().unwrap().contains("503"));
    assert_eq!(steps[0].result.as_ref().unwrap()["gave_up"], json!(true));
    assert_eq!(
        app.state.store.get_job(job).await.unwrap().unwrap().state,
        JobState::Failed
    );
    assert_eq!(
        runs_per_step(&log)[&steps[0].id],
        settings.max_attempts as usize
    );
    // A failed step stays failed.
    let later = now + Duration::from_secs(86_400);
    assert_eq!(
        app.state
            .jobs
            .run_due(&app.state, later)
            .await
            .unwrap()
            .claimed,
        0
    );
}

#[tokio::test]
async fn a_step_missed_while_no_runner_was_up_runs_late_and_knows_it() {
    let app = TestApp::spawn().await;
    let alice = app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let log = Log::default();
    register(&app.state.jobs, &log);
    let due = app.clock.now();
    schedule(&app.state, &alice, 1, due).await;
    schedule(&app.state, &alice, 1, due + Duration::from_secs(7200)).await;
    // Every replica was down for three hours; the first one back runs both, late.
    let back = due + Duration::from_secs(3 * 3600);
    let report = app.state.jobs.run_due(&app.state, back).await.unwrap();
    assert_eq!(report.done, 2);
    let log = log.lock().unwrap();
    let lateness: Vec<u64> = log
        .iter()
        .map(|(_, _, late)| late.unwrap().as_secs())
        .collect();
    assert_eq!(
        lateness,
        vec![3 * 3600, 3600],
        "earliest due first, each knows how late"
    );

    // On time (within the poll interval) is not late.
    let cx_late_after = app.state.jobs.settings().late_after;
    assert!(cx_late_after >= Duration::from_secs(60));
}

#[tokio::test]
async fn a_step_of_an_unknown_kind_fails_instead_of_stalling() {
    let app = TestApp::spawn().await;
    let now = app.clock.now();
    let job = app
        .state
        .store
        .create_job(
            &NewJob {
                kind: "test".into(),
                created_by: JobActor {
                    person_id: "p".into(),
                    name: "P".into(),
                    role: Role::Admin,
                },
                target_person_id: None,
                title: "t".into(),
                payload: json!({}),
            },
            &[NewJobStep {
                kind: "no_such_kind".into(),
                target_person_id: "p".into(),
                feature: "do_not_disturb".into(),
                due_at: now,
                payload: json!({}),
            }],
            now,
        )
        .await
        .unwrap();
    let report = app.state.jobs.run_due(&app.state, now).await.unwrap();
    assert_eq!(report.failed, 1);
    let steps = app.state.store.job_steps(job).await.unwrap();
    assert_eq!(steps[0].state, StepState::Failed);
    assert!(
        steps[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("no_such_kind")
    );
}
