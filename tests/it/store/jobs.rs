//! The job steps' claims, leases and outcomes; each function runs once per database (see `mod.rs`).

use std::{collections::HashMap, time::Duration};

use calling_portal::{
    auth::Role,
    store::{JobActor, JobState, NewJob, NewJobStep, StepState, Store},
};
use serde_json::json;
use time::OffsetDateTime;

use super::Db;

fn at(secs: i64) -> OffsetDateTime {
    // 2026-03-29T00:00:00Z plus `secs`.
    OffsetDateTime::from_unix_timestamp(1_774_742_400 + secs).unwrap()
}

fn job(n: usize, due: OffsetDateTime) -> (NewJob, Vec<NewJobStep>) {
    let job = NewJob {
        kind: "test".into(),
        created_by: JobActor {
            person_id: "actor".into(),
            name: "Ada Actor".into(),
            role: Role::Helpdesk,
        },
        target_person_id: Some("person-1".into()),
        title: "test job".into(),
        payload: json!({"why": "test"}),
    };
    let steps = (0..n)
        .map(|i| NewJobStep {
            kind: "test_step".into(),
            target_person_id: format!("person-{i}"),
            feature: "do_not_disturb".into(),
            due_at: due,
            payload: json!({ "i": i }),
        })
        .collect();
    (job, steps)
}

const TTL: Duration = Duration::from_secs(60);

pub async fn job_steps_round_trip_and_wait_for_their_time(db: Db) {
    let s = &db.store;
    let (new_job, steps) = job(3, at(100));
    let id = s.create_job(&new_job, &steps, at(0)).await.unwrap();
    let stored_job = s.get_job(id).await.unwrap().unwrap();
    assert_eq!(stored_job.state, JobState::Active);
    assert_eq!(stored_job.created_by(), new_job.created_by);
    assert_eq!(stored_job.payload, json!({"why": "test"}));
    assert_eq!(stored_job.created_at, at(0));
    let stored = s.job_steps(id).await.unwrap();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[2].seq, 2);
    assert_eq!(stored[2].payload, json!({ "i": 2 }));
    assert_eq!(stored[0].due_at, at(100));
    assert!(stored.iter().all(|st| st.state == StepState::Pending));

    // Not before its time.
    assert!(
        s.claim_due_steps("a", at(99), 10, TTL)
            .await
            .unwrap()
            .is_empty()
    );
    let claimed = s.claim_due_steps("a", at(100), 2, TTL).await.unwrap();
    assert_eq!(claimed.len(), 2, "at most the limit");
    assert!(claimed.iter().all(|c| c.state == StepState::Running
        && c.lease_holder.as_deref() == Some("a")
        && c.lease_until == Some(at(160))
        && c.attempts == 1
        && c.started_at == Some(at(100))));
    let rest = s.claim_due_steps("b", at(100), 10, TTL).await.unwrap();
    assert_eq!(rest.len(), 1, "the one left");

    // More steps join the job, numbered after the others.
    s.add_job_steps(id, &job(1, at(200)).1, at(1))
        .await
        .unwrap();
    assert_eq!(s.job_steps(id).await.unwrap()[3].seq, 3);
}

pub async fn only_the_lease_holder_finishes_a_step(db: Db) {
    let s = &db.store;
    let (j, steps) = job(1, at(0));
    let id = s.create_job(&j, &steps, at(0)).await.unwrap();
    let step = s
        .claim_due_steps("a", at(0), 10, TTL)
        .await
        .unwrap()
        .remove(0);
    // Still leased: nobody else gets it.
    assert!(
        s.claim_due_steps("b", at(59), 10, TTL)
            .await
            .unwrap()
            .is_empty()
    );
    // Expired: b takes it over (a's replica died or stalled).
    let taken = s.claim_due_steps("b", at(61), 10, TTL).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].attempts, 2);
    assert_eq!(taken[0].started_at, Some(at(0)), "first started then");
    // a can neither finish nor retry it any more.
    let result = json!({"by": "a"});
    assert!(
        !s.finish_step(step.id, "a", StepState::Done, Some(&result), None, at(62))
            .await
            .unwrap()
    );
    assert!(
        !s.retry_step(step.id, "a", at(100), "x", at(62))
            .await
            .unwrap()
    );
    assert_eq!(
        s.renew_step_leases("a", &[step.id], at(500)).await.unwrap(),
        0
    );
    // b renews and finishes, once.
    assert_eq!(
        s.renew_step_leases("b", &[step.id], at(500)).await.unwrap(),
        1
    );
    assert!(
        s.claim_due_steps("c", at(200), 10, TTL)
            .await
            .unwrap()
            .is_empty(),
        "renewed"
    );
    let result = json!({"by": "b"});
    assert!(
        s.finish_step(step.id, "b", StepState::Done, Some(&result), None, at(63))
            .await
            .unwrap()
    );
    assert!(
        !s.finish_step(step.id, "b", StepState::Done, Some(&result), None, at(64))
            .await
            .unwrap()
    );
    let done = s.get_job_step(step.id).await.unwrap().unwrap();
    assert_eq!(done.state, StepState::Done);
    assert_eq!(done.result, Some(json!({"by": "b"})));
    assert_eq!(done.finished_at, Some(at(63)));
    assert!(
        s.claim_due_steps("c", at(1000), 10, TTL)
            .await
            .unwrap()
            .is_empty(),
        "done is done"
    );
    assert_eq!(
        s.settle_job(id, at(63)).await.unwrap(),
        Some(JobState::Done)
    );
    // A step cannot "finish" as pending.
    assert!(
        s.finish_step(step.id, "b", StepState::Pending, None, None, at(64))
            .await
            .is_err()
    );
}

pub async fn a_retried_step_waits_for_its_next_attempt(db: Db) {
    let s = &db.store;
    let (j, steps) = job(1, at(0));
    let id = s.create_job(&j, &steps, at(0)).await.unwrap();
    let step = s
        .claim_due_steps("a", at(0), 10, TTL)
        .await
        .unwrap()
        .remove(0);
    assert!(
        s.retry_step(step.id, "a", at(30), "Webex answered 503", at(1))
            .await
            .unwrap()
    );
    let waiting = s.get_job_step(step.id).await.unwrap().unwrap();
    assert_eq!(waiting.state, StepState::Pending);
    assert_eq!(waiting.last_error.as_deref(), Some("Webex answered 503"));
    assert!(
        s.claim_due_steps("a", at(29), 10, TTL)
            .await
            .unwrap()
            .is_empty()
    );
    let again = s.claim_due_steps("b", at(30), 10, TTL).await.unwrap();
    assert_eq!(again[0].attempts, 2);
    let result = json!({"gave_up": true});
    assert!(
        s.finish_step(
            step.id,
            "b",
            StepState::Failed,
            Some(&result),
            Some("still 503"),
            at(31)
        )
        .await
        .unwrap()
    );
    assert_eq!(
        s.settle_job(id, at(31)).await.unwrap(),
        Some(JobState::Failed)
    );
}

pub async fn cancel_and_reschedule_touch_only_pending_steps(db: Db) {
    let s = &db.store;
    let (j, mut steps) = job(2, at(0));
    steps[1].due_at = at(3600);
    let id = s.create_job(&j, &steps, at(0)).await.unwrap();
    let first = s
        .claim_due_steps("a", at(0), 10, TTL)
        .await
        .unwrap()
        .remove(0);
    let ids: Vec<i64> = s
        .job_steps(id)
        .await
        .unwrap()
        .iter()
        .map(|st| st.id)
        .collect();
    // The running one cannot be moved; the pending one can.
    assert!(
        !s.reschedule_step(first.id, at(10), None, at(1))
            .await
            .unwrap()
    );
    let payload = json!({"i": 1, "edited": true});
    assert!(
        s.reschedule_step(ids[1], at(7200), Some(&payload), at(1))
            .await
            .unwrap()
    );
    let moved = s.get_job_step(ids[1]).await.unwrap().unwrap();
    assert_eq!((moved.due_at, moved.next_attempt_at), (at(7200), at(7200)));
    assert_eq!(moved.payload, payload);
    let cancelled = s.cancel_pending_steps(id, at(2)).await.unwrap();
    assert_eq!(
        cancelled.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[1]]
    );
    assert_eq!(
        s.settle_job(id, at(2)).await.unwrap(),
        Some(JobState::Active),
        "one still runs"
    );
    assert!(
        s.claim_due_steps("b", at(30), 10, TTL)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.finish_step(first.id, "a", StepState::Done, None, None, at(3))
            .await
            .unwrap()
    );
    assert_eq!(s.settle_job(id, at(3)).await.unwrap(), Some(JobState::Done));
    let counts: HashMap<StepState, i64> =
        s.job_step_counts(id).await.unwrap().into_iter().collect();
    assert_eq!(
        counts,
        HashMap::from([(StepState::Done, 1), (StepState::Cancelled, 1)])
    );

    // A job whose every step was cancelled is cancelled.
    let (j, steps) = job(2, at(100));
    let id = s.create_job(&j, &steps, at(0)).await.unwrap();
    assert_eq!(s.cancel_pending_steps(id, at(1)).await.unwrap().len(), 2);
    assert_eq!(
        s.settle_job(id, at(1)).await.unwrap(),
        Some(JobState::Cancelled)
    );
    let listed = s
        .jobs_for_person("test", "person-1", false, 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].id, id, "newest first");
    assert!(
        s.jobs_for_person("test", "person-1", true, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn racing_claimers_each_get_different_steps(db: Db) {
    // Separate stores on one database stand in for replicas.
    let mut stores = vec![db.store.clone()];
    for _ in 0..3 {
        stores.push(Store::connect(&db.url).await.unwrap());
    }
    let (j, steps) = job(200, at(0));
    db.store.create_job(&j, &steps, at(0)).await.unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let store = stores[i % stores.len()].clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let got = store
                        .claim_due_steps(&format!("holder{i}"), at(1), 7, TTL)
                        .await
                        .unwrap();
                    if got.is_empty() {
                        return mine;
                    }
                    mine.extend(got.into_iter().map(|st| st.id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!((n, all.len()), (200, 200), "every step claimed, none twice");
}
