//! The load tool keeps working: a short in-process run signs users in and loads, saves and reads
//! cards without errors. (No timing assertions: the figures live in BENCHMARKS.md.)

use std::time::Duration;

use crate::load::{
    self as loadgen, BulkOptions, BulkSetup, Env, LoadOptions, SaveOutcome, Target, Workload,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_mixed_run_has_no_errors() {
    let env = Env::start(Target::InProcess {
        extra_users: 8,
        portal_env: Vec::new(),
    })
    .await
    .expect("portal and simulator");
    let report = loadgen::run(
        &env,
        &LoadOptions {
            users: 6,
            concurrency: 3,
            duration: Duration::from_secs(5),
            workload: Workload::Mixed,
            save_every: 2,
            ..LoadOptions::default()
        },
    )
    .await
    .expect("a load run");
    eprintln!("{report}");
    assert_eq!(report.users_signed_in, 6);
    assert_eq!(report.error_count(), 0, "{:?}", report.errors);
    assert!(report.requests > 0);
    assert!(report.requests_per_second() > 0.0);
    assert!(report.per_kind.contains_key("page complete"));
    assert!(report.saves.get(&SaveOutcome::Saved).copied().unwrap_or(0) > 0);
    assert_eq!(report.lost_or_doubled_writes, Some(0));
    assert!(report.webex_calls.get("total").copied().unwrap_or(0) > 0);
}

/// `--spawn`: the simulator and the portal run as child processes of the built binary; memory is
/// the portal process's own, read during the run; both processes are gone after the run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spawned_portal_is_measured_on_its_own_and_stopped() {
    let env = Env::start(Target::Spawn {
        portal_bin: env!("CARGO_BIN_EXE_calling-portal").into(),
        // The simulator from a binary of its own, as when two portal builds are compared.
        simulator_bin: Some(env!("CARGO_BIN_EXE_calling-portal").into()),
        extra_users: 4,
        portal_env: Vec::new(),
        keep_files: false,
    })
    .await
    .expect("spawned simulator and portal");
    let pid = env.portal_pid().expect("the portal's pid");
    let files = env.files().expect("spawn files").to_owned();
    let report = loadgen::run(
        &env,
        &LoadOptions {
            users: 4,
            concurrency: 2,
            duration: Duration::from_secs(3),
            workload: Workload::Mixed,
            save_every: 2,
            memory_every: Duration::from_millis(500),
            warm_up: Duration::from_secs(1),
            ..LoadOptions::default()
        },
    )
    .await
    .expect("a load run");
    eprintln!("{report}");
    assert_eq!(report.users_signed_in, 4);
    assert_eq!(report.error_count(), 0, "{:?}", report.errors);
    assert!(report.saves.get(&SaveOutcome::Saved).copied().unwrap_or(0) > 0);
    // Checked through the simulator's Webex API with the service app's token.
    assert_eq!(report.lost_or_doubled_writes, Some(0));
    // Webex calls are counted by the simulator process (its /_sim/counts).
    assert!(report.webex_calls.get("total").copied().unwrap_or(0) > 0);
    let end = report.memory.end().expect("memory at the end");
    assert!(!end.whole_process);
    assert!(report.memory.samples.len() >= 4, "{:?}", report.memory);
    assert!(report.memory.growth_after_warm_up_percent().is_some());
    assert!(report.memory_after_sign_in.is_some());

    drop(env);
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists(),
        "the portal process is stopped"
    );
    assert!(!files.exists(), "the run's files are removed");
}

/// `--baseline`: after the workload the same person-scoped Webex GETs go straight to the
/// simulator, and the report puts the portal's figures against them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_baseline_measures_the_upstream_in_the_same_run() {
    let env = Env::start(Target::InProcess {
        extra_users: 4,
        portal_env: Vec::new(),
    })
    .await
    .expect("portal and simulator");
    let report = loadgen::run(
        &env,
        &LoadOptions {
            users: 4,
            concurrency: 2,
            duration: Duration::from_secs(2),
            workload: Workload::Fragments,
            baseline: true,
            ..LoadOptions::default()
        },
    )
    .await
    .expect("a load run");
    eprintln!("{report}");
    let baseline = report.baseline.as_ref().expect("baseline figures");
    assert_eq!(report.error_count(), 0, "{:?}", report.errors);
    assert!(baseline.errors.is_empty(), "{:?}", baseline.errors);
    assert!(baseline.requests > 0 && baseline.latency.is_some());
    assert!(
        baseline
            .sent
            .iter()
            // Which settings the run read afresh depends on the shared reads' timing; some did.
            .any(|p| p.contains("/features/")),
        "{:?}",
        baseline.sent
    );
    assert!(report.throughput_ratio().is_some_and(|r| r > 0.0));
    assert!(
        report
            .latency_ratio()
            .is_some_and(|(p50, p99)| p50 > 0.0 && p99 > 0.0)
    );
    let text = report.to_string();
    assert!(text.contains("portal/upstream: throughput"), "{text}");
}

/// `--workload reverts`: timed changes scheduled through the forwarding card, all ending at the
/// same second, drain with page loads going on; each revert writes once and everyone's
/// forwarding is back as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reverts_due_at_once_drain_with_every_step_once() {
    let (users, reverts) = (2, 50);
    let env = Env::start(Target::InProcess {
        extra_users: users + reverts,
        portal_env: Vec::new(),
    })
    .await
    .expect("portal and simulator");
    let report = loadgen::run(
        &env,
        &LoadOptions {
            users,
            concurrency: 4,
            duration: Duration::from_secs(1),
            workload: Workload::Reverts,
            reverts,
            page_rate: 10.0,
            // The load run's budget is not binding, so nothing is left in its window to settle.
            reverts_due_in: Some(Duration::from_secs(8)),
            ..LoadOptions::default()
        },
    )
    .await
    .expect("a reverts run");
    eprintln!("{report}");
    assert_eq!(report.error_count(), 0, "{:?}", report.errors);
    let r = report.reverts.as_ref().expect("reverts figures");
    assert_eq!(r.scheduled, reverts);
    assert!(r.drain.is_some(), "drained");
    assert_eq!((r.done, r.skipped, r.failed, r.left), (50, 0, 0, 0));
    assert_eq!(r.writes, 50, "one write per revert");
    assert_eq!(r.not_restored, Some(0));
    assert!(r.background_calls >= 50, "{r:?}");
    assert!(r.page_idle.is_some() && r.page_draining.is_some(), "{r:?}");
    assert!(r.p99_ratio().is_some());
    assert!(report.to_string().contains("page p99 draining / idle"));
}

/// `--workload bulk`: a bulk change for 20 people, previewed and applied on the spawned portal's
/// job runner while pages load; every applied row written once, and the figures reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_change_is_applied_once_per_row_while_pages_load() {
    let people = 20;
    // A budget large enough for a run of seconds (the benchmark's is 300 a minute).
    let mut portal_env = vec![("WEBEX_CALL_BUDGET_PER_MINUTE".to_owned(), "6000".to_owned())];
    let setup = BulkSetup::prepare(&mut portal_env).expect("the bulk settings");
    assert_eq!(
        setup.budget.per_minute, 6000,
        "the caller's own setting wins"
    );
    let env = Env::start(Target::Spawn {
        portal_bin: env!("CARGO_BIN_EXE_calling-portal").into(),
        simulator_bin: None,
        extra_users: 2 + people + 1,
        portal_env,
        keep_files: false,
    })
    .await
    .expect("spawned simulator and portal");
    let report = loadgen::run(
        &env,
        &LoadOptions {
            users: 2,
            duration: Duration::from_secs(2),
            workload: Workload::Bulk,
            bulk: BulkOptions {
                people,
                page_rate: 2.0,
                timeout: Duration::from_secs(120),
                setup: Some(setup),
            },
            ..LoadOptions::default()
        },
    )
    .await
    .expect("a bulk run");
    eprintln!("{report}");
    assert_eq!(report.error_count(), 0, "{:?}", report.errors);
    let bulk = report.bulk.as_ref().expect("bulk figures");
    assert!(bulk.apply.is_some(), "the apply finished");
    assert_eq!(bulk.applied, people as u64, "{:?}", bulk.rows);
    assert_eq!(bulk.writes, people as u64);
    assert_eq!(report.lost_or_doubled_writes, Some(0));
    // Person, setting, write, read-back per row, on the background class.
    assert!(
        bulk.background_calls >= 3 * people as u64,
        "{}",
        bulk.background_calls
    );
    assert!(bulk.pages[0].is_some(), "pages loaded while idle");
    // At this budget every call fits in the window at once: the minimum is nil, no ratio.
    assert!(bulk.minimum().is_some());
    let text = report.to_string();
    assert!(text.contains("minimum the budget allows"), "{text}");
}
