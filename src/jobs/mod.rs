//! The job runner: every kind of background work (timed changes, bulk changes) as steps in the
//! store (`crate::store::jobs`), run by whichever replica claims them, each exactly once.
//!
//! - [`Runner`] is on every replica ([`AppState::jobs`]); `serve` and `demo` start its loop
//!   ([`spawn`]), which calls [`Runner::run_due`] every `PORTAL_JOBS_POLL_SECS`. Tests call
//!   `run_due(now)` themselves with the injectable clock's time.
//! - `run_due` claims due steps (a lease per step: [`crate::store::Store::claim_due_steps`]),
//!   dispatches each by its `kind` to an [`Executor`], keeps the leases of steps still running
//!   renewed, and records the [`StepOutcome`]: done, skipped, retried later with backoff, or
//!   failed after [`RunnerSettings::max_attempts`]. Only the lease holder may record an outcome,
//!   so a replica whose lease was taken over (it stalled past the lease) cannot finish twice.
//! - An executor does its Webex work with [`StepCx::webex`] (the fair-use budget's background
//!   class, below interactive traffic) and through the one save flow, and audits what it did.
//!
//! A new kind of step: write `async fn run(cx: StepCx) -> StepOutcome` and add
//! `(KIND, executor(run))` to [`builtin_executors`] (or [`Runner::register`] it).

pub mod bulk;
pub mod timed;

use std::{
    collections::{HashMap, HashSet},
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex, RwLock},
    time::Duration,
};

use futures_util::StreamExt as _;
use serde_json::{Value, json};
use time::OffsetDateTime;
use tokio::task::JoinHandle;

use crate::{
    app::AppState,
    store::{JobStep, StepState, StoreError},
    webex::{WebexClient, WebexError},
};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Runs one step of its kind. Built with [`executor`].
pub type Executor = Arc<dyn Fn(StepCx) -> BoxFuture<StepOutcome> + Send + Sync>;

/// An [`Executor`] from an async function or closure.
pub fn executor<F, Fut>(f: F) -> Executor
where
    F: Fn(StepCx) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = StepOutcome> + Send + 'static,
{
    Arc::new(move |cx| Box::pin(f(cx)))
}

/// The step kinds every runner knows, each with its executor.
pub fn builtin_executors() -> Vec<(&'static str, Executor)> {
    vec![
        (timed::APPLY, executor(timed::apply)),
        (timed::REVERT, executor(timed::revert)),
        (crate::bulk::PLAN, executor(bulk::plan)),
        (crate::bulk::CHECK, executor(bulk::check)),
        (crate::bulk::APPLY, executor(bulk::apply)),
        (crate::bulk::UNDO, executor(bulk::undo)),
    ]
}

/// What an executor is given: the portal, the step (claimed by this runner), and the time.
#[derive(Clone)]
pub struct StepCx {
    pub state: AppState,
    pub step: JobStep,
    /// The time the runner was asked to run at (the injectable clock's).
    pub now: OffsetDateTime,
    /// This runner's lease holder name.
    pub holder: Arc<str>,
    /// Attempts allowed in all; `step.attempts` counts this one.
    pub max_attempts: i32,
    /// How late a step may run before it says so ([`StepCx::late_by`]).
    pub late_after: Duration,
}

impl StepCx {
    /// The Webex client for this step: the background class of the call budget, and a request id
    /// naming the step (`job-<job>-step-<step>`, the same on every attempt) in logs and the audit log.
    pub fn webex(&self) -> WebexClient {
        self.state
            .webex
            .background()
            .with_request_id(self.request_id().as_str())
    }

    /// The request id this step's audit entries carry.
    pub fn request_id(&self) -> String {
        request_id(&self.step)
    }

    /// The request context this step acts in: `actor` (who asked for the job) authorized on the
    /// step's person again now, in language `lang`, on the background budget, audited as
    /// `action`; or the outcome when the person is no longer theirs to change.
    pub async fn acting(
        &self,
        actor: crate::auth::SessionUser,
        lang: &str,
        action: crate::store::AuditAction,
    ) -> Result<crate::web::settings::Ctx, StepOutcome> {
        use crate::error::AppError;
        let t = crate::i18n::by_tag(lang).unwrap_or(&crate::i18n::EN);
        match crate::web::settings::Ctx::for_step(
            &self.state,
            self.webex(),
            t,
            actor,
            &self.step.target_person_id,
            self.request_id(),
            action,
        )
        .await
        {
            Ok(ctx) => Ok(ctx),
            // No longer theirs to change (moved out of the helpdesk's scope, or gone).
            Err(e @ (AppError::Forbidden(_) | AppError::NotFound)) => {
                Err(StepOutcome::failed(format!("not allowed any more: {e}")))
            }
            Err(AppError::Webex(e)) => Err(StepOutcome::from_webex_error(&e)),
            Err(e) => Err(StepOutcome::Retry {
                error: e.to_string(),
                after: None,
            }),
        }
    }

    /// Whether a [`StepOutcome::Retry`] now would be the last straw (the step is then failed).
    pub fn last_attempt(&self) -> bool {
        self.step.attempts >= self.max_attempts
    }

    /// How much later than due this step runs, when more than `late_after` (a replica was down,
    /// or the queue was long): the step should say it ran late.
    pub fn late_by(&self) -> Option<Duration> {
        let late = self.now - self.step.due_at;
        (late > self.late_after).then(|| late.unsigned_abs())
    }
}

/// The request id a step's audit entries carry: the same on every attempt, so a retry after a
/// crash can find what an earlier attempt already did.
pub fn request_id(step: &JobStep) -> String {
    format!("job-{}-step-{}", step.job_id, step.id)
}

/// How a step went.
#[derive(Clone, Debug, PartialEq)]
pub enum StepOutcome {
    /// It did its work; `result` is kept with the step (what was written, the before-state).
    Done(Value),
    /// It decided to do nothing (e.g. the setting was changed elsewhere); `result` says why.
    Skipped(Value),
    /// A passing failure (Webex 5xx, 429, unreachable): try again later; `after` overrides the
    /// backoff (e.g. Webex's Retry-After).
    Retry {
        error: String,
        after: Option<Duration>,
    },
    /// A lasting failure: no further attempt.
    Failed { error: String, result: Value },
}

impl StepOutcome {
    /// A lasting failure whose result says only `error`.
    pub fn failed(error: String) -> StepOutcome {
        StepOutcome::Failed {
            result: json!({ "error": error }),
            error,
        }
    }

    /// A Webex error as an outcome: passing ones (5xx, 429, timeouts, unreachable, no token
    /// yet) are retried, the others (4xx, unreadable answers) fail the step.
    pub fn from_webex_error(e: &WebexError) -> StepOutcome {
        let passing = match e {
            WebexError::Http { status, .. } => *status >= 500 || *status == 429,
            WebexError::RateLimited { .. }
            | WebexError::Timeout { .. }
            | WebexError::Unreachable { .. }
            | WebexError::TokenUnavailable { .. } => true,
            WebexError::Decode { .. } => false,
        };
        let after = match e {
            WebexError::RateLimited { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        if passing {
            StepOutcome::Retry {
                error: e.to_string(),
                after,
            }
        } else {
            StepOutcome::Failed {
                error: e.to_string(),
                result: json!({ "error": e.to_string(), "tracking_id": e.tracking_id() }),
            }
        }
    }
}

/// How a runner claims and retries.
#[derive(Clone, Debug)]
pub struct RunnerSettings {
    /// Steps claimed at once.
    pub batch: i64,
    /// Steps of a batch run at the same time.
    pub concurrency: usize,
    /// How long a claim holds before another runner may take the step over; renewed every
    /// third of it while the step runs.
    pub lease_ttl: Duration,
    /// Attempts in all before a step that keeps failing is marked failed.
    pub max_attempts: i32,
    /// The first retry's wait; it doubles per attempt up to `backoff_max`.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// A step running more than this after its time says it ran late.
    pub late_after: Duration,
}

impl Default for RunnerSettings {
    fn default() -> Self {
        RunnerSettings {
            batch: 32,
            concurrency: 8,
            lease_ttl: Duration::from_secs(120),
            max_attempts: 6,
            backoff_base: Duration::from_secs(30),
            backoff_max: Duration::from_secs(30 * 60),
            late_after: Duration::from_secs(5 * 60),
        }
    }
}

impl RunnerSettings {
    /// The wait before attempt `attempts + 1`: `backoff_base · 2^(attempts-1)`, at most `backoff_max`.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(20);
        self.backoff_base
            .saturating_mul(1u32 << doublings)
            .min(self.backoff_max)
    }
}

/// What one [`Runner::run_due`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Steps claimed (each ran once here).
    pub claimed: usize,
    pub done: usize,
    pub skipped: usize,
    /// Put back for a later attempt.
    pub retried: usize,
    pub failed: usize,
    /// Ran here, but the lease had been taken over before the outcome could be recorded.
    pub lost_lease: usize,
    /// The ids of the steps that ran, in the order they finished.
    pub step_ids: Vec<i64>,
}

/// Claims due steps and runs them; one per replica ([`AppState::jobs`]).
pub struct Runner {
    holder: Arc<str>,
    settings: RunnerSettings,
    executors: RwLock<HashMap<String, Executor>>,
    /// Serializes `run_due` on this runner (the loop and a test's call do not overlap).
    running: tokio::sync::Mutex<()>,
    /// Wakes the loop before its next poll ([`Runner::wake`]).
    woken: tokio::sync::Notify,
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("holder", &self.holder)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Runner {
    /// A runner named `holder` (unique per replica) knowing the [`builtin_executors`].
    pub fn new(holder: impl Into<String>, settings: RunnerSettings) -> Runner {
        let executors = builtin_executors()
            .into_iter()
            .map(|(kind, ex)| (kind.to_owned(), ex))
            .collect();
        Runner {
            holder: holder.into().into(),
            settings,
            executors: RwLock::new(executors),
            running: tokio::sync::Mutex::new(()),
            woken: tokio::sync::Notify::new(),
        }
    }

    /// A holder name unique to this process: host, process id and a random part.
    pub fn unique_holder() -> String {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "portal".to_owned());
        let random = uuid::Uuid::new_v4().simple().to_string();
        format!("{host}-{}-{}", std::process::id(), &random[..8])
    }

    pub fn holder(&self) -> &str {
        &self.holder
    }

    pub fn settings(&self) -> &RunnerSettings {
        &self.settings
    }

    /// Tells this replica's loop that steps are due now (a bulk change was started): it runs
    /// them without waiting for its next poll. Without a loop (tests) it does nothing.
    pub fn wake(&self) {
        self.woken.notify_one();
    }

    /// Adds (or replaces) the executor of step `kind`.
    pub fn register(&self, kind: &str, executor: Executor) {
        self.executors
            .write()
            .expect("executor table lock")
            .insert(kind.to_owned(), executor);
    }

    fn executor(&self, kind: &str) -> Option<Executor> {
        self.executors
            .read()
            .expect("executor table lock")
            .get(kind)
            .cloned()
    }

    /// Runs every step due at `now` (claimed batch by batch until none is left), each once;
    /// steps put back for a later attempt wait for a later call.
    pub async fn run_due(
        &self,
        state: &AppState,
        now: OffsetDateTime,
    ) -> Result<RunReport, StoreError> {
        let _one_at_a_time = self.running.lock().await;
        let mut report = RunReport::default();
        loop {
            let steps = state
                .store
                .claim_due_steps(
                    &self.holder,
                    now,
                    self.settings.batch,
                    self.settings.lease_ttl,
                )
                .await?;
            if steps.is_empty() {
                return Ok(report);
            }
            report.claimed += steps.len();
            self.run_batch(state, now, steps, &mut report).await;
        }
    }

    async fn run_batch(
        &self,
        state: &AppState,
        now: OffsetDateTime,
        steps: Vec<JobStep>,
        report: &mut RunReport,
    ) {
        let in_flight: Arc<Mutex<HashSet<i64>>> =
            Arc::new(Mutex::new(steps.iter().map(|s| s.id).collect()));
        let heartbeat = self.spawn_heartbeat(state, in_flight.clone());
        let outcomes = futures_util::stream::iter(steps)
            .map(|step| {
                let in_flight = in_flight.clone();
                async move {
                    let id = step.id;
                    let recorded = self.run_one(state, now, step).await;
                    in_flight.lock().expect("in-flight lock").remove(&id);
                    (id, recorded)
                }
            })
            .buffer_unordered(self.settings.concurrency.max(1))
            .collect::<Vec<_>>()
            .await;
        heartbeat.abort();
        for (id, recorded) in outcomes {
            report.step_ids.push(id);
            match recorded {
                Recorded::Done => report.done += 1,
                Recorded::Skipped => report.skipped += 1,
                Recorded::Retried => report.retried += 1,
                Recorded::Failed => report.failed += 1,
                Recorded::LostLease => report.lost_lease += 1,
            }
        }
    }

    /// Renews the leases of the steps still in flight every third of the lease.
    fn spawn_heartbeat(
        &self,
        state: &AppState,
        in_flight: Arc<Mutex<HashSet<i64>>>,
    ) -> JoinHandle<()> {
        let (state, holder, ttl) = (state.clone(), self.holder.clone(), self.settings.lease_ttl);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(ttl / 3).await;
                let ids: Vec<i64> = in_flight
                    .lock()
                    .expect("in-flight lock")
                    .iter()
                    .copied()
                    .collect();
                let until = state.clock.now() + ttl;
                if let Err(e) = state.store.renew_step_leases(&holder, &ids, until).await {
                    tracing::warn!(error = %e, "job step leases not renewed");
                }
            }
        })
    }

    async fn run_one(&self, state: &AppState, now: OffsetDateTime, step: JobStep) -> Recorded {
        let (id, job_id, kind) = (step.id, step.job_id, step.kind.clone());
        let attempts = step.attempts;
        let outcome = match self.executor(&kind) {
            Some(run) => {
                let cx = StepCx {
                    state: state.clone(),
                    step,
                    now,
                    holder: self.holder.clone(),
                    max_attempts: self.settings.max_attempts,
                    late_after: self.settings.late_after,
                };
                // A panicking executor fails its step rather than the runner.
                match tokio::spawn(run(cx)).await {
                    Ok(outcome) => outcome,
                    Err(e) => StepOutcome::Failed {
                        error: format!("the step's executor stopped: {e}"),
                        result: json!({ "error": "executor stopped" }),
                    },
                }
            }
            None => StepOutcome::Failed {
                error: format!("no executor for step kind `{kind}`"),
                result: json!({ "error": "unknown step kind" }),
            },
        };
        let holder = &*self.holder;
        let store = &state.store;
        // The outcome is recorded at the time it is known (the injectable clock moves on while a
        // step waits for the budget), never before the time the run was asked for.
        let finished_at = state.clock.now().max(now);
        let (recorded, written) = match outcome {
            StepOutcome::Done(result) => (
                Recorded::Done,
                store
                    .finish_step(
                        id,
                        holder,
                        StepState::Done,
                        Some(&result),
                        None,
                        finished_at,
                    )
                    .await,
            ),
            StepOutcome::Skipped(result) => (
                Recorded::Skipped,
                store
                    .finish_step(
                        id,
                        holder,
                        StepState::Skipped,
                        Some(&result),
                        None,
                        finished_at,
                    )
                    .await,
            ),
            StepOutcome::Failed { error, result } => (
                Recorded::Failed,
                store
                    .finish_step(
                        id,
                        holder,
                        StepState::Failed,
                        Some(&result),
                        Some(&error),
                        finished_at,
                    )
                    .await,
            ),
            StepOutcome::Retry { error, .. } if attempts >= self.settings.max_attempts => {
                tracing::warn!(
                    step_id = id,
                    job_id,
                    kind,
                    attempts,
                    error,
                    "job step failed after its last attempt"
                );
                let result = json!({ "error": error, "attempts": attempts, "gave_up": true });
                (
                    Recorded::Failed,
                    store
                        .finish_step(
                            id,
                            holder,
                            StepState::Failed,
                            Some(&result),
                            Some(&error),
                            finished_at,
                        )
                        .await,
                )
            }
            StepOutcome::Retry { error, after } => {
                // Webex's Retry-After when it asks for longer than the backoff.
                let wait = self
                    .settings
                    .backoff(attempts)
                    .max(after.unwrap_or_default());
                tracing::info!(
                    step_id = id,
                    job_id,
                    kind,
                    attempts,
                    error,
                    wait_secs = wait.as_secs(),
                    "job step will be retried"
                );
                (
                    Recorded::Retried,
                    store
                        .retry_step(id, holder, finished_at + wait, &error, finished_at)
                        .await,
                )
            }
        };
        metrics::counter!(crate::telemetry::metrics::JOB_STEPS, "kind" => kind.clone(), "outcome" => recorded.as_str())
            .increment(1);
        match written {
            Ok(true) => {
                if recorded != Recorded::Retried
                    && let Err(e) = store.settle_job(job_id, finished_at).await
                {
                    tracing::warn!(job_id, error = %e, "job state not updated");
                }
                recorded
            }
            Ok(false) => {
                tracing::warn!(
                    step_id = id,
                    job_id,
                    kind,
                    "job step lease was taken over; its outcome here is dropped"
                );
                Recorded::LostLease
            }
            Err(e) => {
                // The lease expires and the step runs again; its executor finds what this run did.
                tracing::error!(step_id = id, job_id, kind, error = %e, "job step outcome not recorded");
                Recorded::LostLease
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Recorded {
    Done,
    Skipped,
    Retried,
    Failed,
    LostLease,
}

impl Recorded {
    fn as_str(self) -> &'static str {
        match self {
            Recorded::Done => "done",
            Recorded::Skipped => "skipped",
            Recorded::Retried => "retried",
            Recorded::Failed => "failed",
            Recorded::LostLease => "lost_lease",
        }
    }
}

/// The runner's loop on this replica: [`Runner::run_due`] at the clock's time every `poll`.
/// `serve` and `demo` start it (unless `PORTAL_JOBS_POLL_SECS` is 0); it stops with the other
/// background tasks, and a step it was running is taken over once its lease expires.
pub fn spawn(state: AppState, poll: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        tracing::info!(
            holder = state.jobs.holder(),
            poll_secs = poll.as_secs(),
            "job runner started"
        );
        loop {
            match state.jobs.run_due(&state, state.clock.now()).await {
                Ok(report) if report.claimed > 0 => tracing::info!(
                    claimed = report.claimed,
                    done = report.done,
                    skipped = report.skipped,
                    retried = report.retried,
                    failed = report.failed,
                    "job steps run"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "job steps could not be claimed"),
            }
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                () = state.jobs.woken.notified() => {}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let s = RunnerSettings::default();
        assert_eq!(s.backoff(1), Duration::from_secs(30));
        assert_eq!(s.backoff(2), Duration::from_secs(60));
        assert_eq!(s.backoff(3), Duration::from_secs(120));
        assert_eq!(s.backoff(10), Duration::from_secs(1800));
        assert_eq!(s.backoff(1000), Duration::from_secs(1800));
    }

    #[test]
    fn passing_webex_errors_are_retried_and_lasting_ones_fail() {
        let http = |status| WebexError::Http {
            status,
            message: "x".into(),
            descriptions: vec![],
            tracking_id: None,
        };
        assert!(matches!(
            StepOutcome::from_webex_error(&http(503)),
            StepOutcome::Retry { .. }
        ));
        assert!(matches!(
            StepOutcome::from_webex_error(&http(429)),
            StepOutcome::Retry { .. }
        ));
        assert!(matches!(
            StepOutcome::from_webex_error(&http(404)),
            StepOutcome::Failed { .. }
        ));
        let limited = WebexError::RateLimited {
            retry_after: Duration::from_secs(7),
            tracking_id: None,
        };
        assert_eq!(
            StepOutcome::from_webex_error(&limited),
            StepOutcome::Retry {
                error: limited.to_string(),
                after: Some(Duration::from_secs(7))
            }
        );
    }
}
