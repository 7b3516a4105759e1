//! The load tool keeps working: a short in-process run signs users in and loads, saves and reads
//! cards without errors. (No timing assertions: the figures live in BENCHMARKS.md.)

use std::time::Duration;

use calling_portal::loadgen::{self, Env, LoadOptions, SaveOutcome, Target, Workload};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_mixed_run_has_no_errors() {
    let env = Env::start(Target::InProcess { extra_users: 8 })
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
