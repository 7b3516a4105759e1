//! Background jobs in the store (runner: `crate::jobs`): a job is one thing someone asked for (a
//! timed change, a bulk change), its steps are what runs, each due at a time.
//!
//! A step is claimed by one runner at a time: [`Store::claim_due_steps`] marks it `running` with a
//! lease (holder and expiry) in one statement. PostgreSQL takes the rows with
//! `FOR UPDATE SKIP LOCKED`, so racing replicas skip each other's rows instead of waiting; SQLite
//! serializes writers, so the same UPDATE without row locks is already exclusive. A lease whose
//! holder died expires and the step is claimed again. Only the lease holder may finish or retry a
//! step ([`Store::finish_step`], [`Store::retry_step`]): a runner whose lease was taken over gets
//! `false` and must not act on the step any further.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, types::Json};
use time::OffsetDateTime;

use super::{DbTime, Pool, Store, StoreError, on_pool};
use crate::auth::Role;

/// Inserts `$steps` into job `$job_id` inside transaction `$tx`, numbered from `$first`.
macro_rules! insert_steps {
    ($tx:ident, $job_id:expr, $first:expr, $steps:expr, $now:expr) => {
        for (i, step) in $steps.iter().enumerate() {
            let seq = $first + i32::try_from(i).unwrap_or(i32::MAX);
            let due = DbTime::new(step.due_at);
            sqlx::query(
                "INSERT INTO job_steps (job_id, seq, kind, target_person_id, feature, due_at, state,
                     attempts, next_attempt_at, payload, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $6, $7, $8, $8)",
            )
            .bind($job_id)
            .bind(seq)
            .bind(&step.kind)
            .bind(&step.target_person_id)
            .bind(&step.feature)
            .bind(due)
            .bind(Json(&step.payload))
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

/// Where a step is in its life. `pending` and `running` are open; the others are final.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepState {
    /// Waiting for its time (or for its next attempt).
    Pending,
    /// Claimed by a runner (`lease_holder`) until `lease_until`.
    Running,
    /// Ran; `result` says what it did.
    Done,
    /// Gave up: a permanent error, or too many attempts.
    Failed,
    /// Ran and decided to do nothing (e.g. a revert of a setting changed elsewhere).
    Skipped,
    /// Called off before it ran.
    Cancelled,
}

impl StepState {
    pub const ALL: [StepState; 6] = [
        StepState::Pending,
        StepState::Running,
        StepState::Done,
        StepState::Failed,
        StepState::Skipped,
        StepState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::Running => "running",
            StepState::Done => "done",
            StepState::Failed => "failed",
            StepState::Skipped => "skipped",
            StepState::Cancelled => "cancelled",
        }
    }

    /// Whether the step will not run (again).
    pub fn is_final(self) -> bool {
        !matches!(self, StepState::Pending | StepState::Running)
    }
}

impl TryFrom<String> for StepState {
    type Error = StoreError;

    fn try_from(s: String) -> Result<Self, StoreError> {
        StepState::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("job step state `{s}`")))
    }
}

/// A job's state: `active` while any step is open, then how it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Active,
    /// Every step is final and none failed.
    Done,
    /// Every step is final and at least one failed.
    Failed,
    /// Every step is final and none ran: all were cancelled.
    Cancelled,
}

impl JobState {
    pub const ALL: [JobState; 4] = [
        JobState::Active,
        JobState::Done,
        JobState::Failed,
        JobState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Active => "active",
            JobState::Done => "done",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }
}

impl TryFrom<String> for JobState {
    type Error = StoreError;

    fn try_from(s: String) -> Result<Self, StoreError> {
        JobState::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("job state `{s}`")))
    }
}

/// Who asked for a job (for the audit entries its steps write, and for "scheduled by").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobActor {
    pub person_id: String,
    pub name: String,
    pub role: Role,
}

/// A job to create, with its steps ([`Store::create_job`]).
#[derive(Clone, Debug)]
pub struct NewJob {
    /// `timed`, `bulk`, …
    pub kind: String,
    pub created_by: JobActor,
    /// The person the job is about, when it is about one (a timed change); `None` for many.
    pub target_person_id: Option<String>,
    /// A short description for lists (not shown translated; the UI describes from `payload`).
    pub title: String,
    pub payload: serde_json::Value,
}

/// A step to create.
#[derive(Clone, Debug)]
pub struct NewJobStep {
    /// The step kind the runner dispatches on (`timed_apply`, `timed_revert`, `bulk_row`, …).
    pub kind: String,
    pub target_person_id: String,
    /// The registry feature's audit key the step changes.
    pub feature: String,
    pub due_at: OffsetDateTime,
    pub payload: serde_json::Value,
}

/// A stored job.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub created_by_person_id: String,
    pub created_by_name: String,
    #[sqlx(try_from = "String")]
    pub created_by_role: Role,
    pub target_person_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: JobState,
    pub title: String,
    #[sqlx(json)]
    pub payload: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Set while the job is paused: its steps are not claimed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub paused_at: Option<OffsetDateTime>,
}

impl Job {
    pub fn created_by(&self) -> JobActor {
        JobActor {
            person_id: self.created_by_person_id.clone(),
            name: self.created_by_name.clone(),
            role: self.created_by_role,
        }
    }
}

/// A stored step.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct JobStep {
    pub id: i64,
    pub job_id: i64,
    /// Its place in the job (0, 1, …).
    pub seq: i32,
    pub kind: String,
    pub target_person_id: String,
    pub feature: String,
    #[serde(with = "time::serde::rfc3339")]
    pub due_at: OffsetDateTime,
    #[sqlx(try_from = "String")]
    pub state: StepState,
    /// The runner that holds (or last held) it.
    pub lease_holder: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub lease_until: Option<OffsetDateTime>,
    /// How often it was claimed (the current run included).
    pub attempts: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub next_attempt_at: OffsetDateTime,
    pub last_error: Option<String>,
    #[sqlx(json)]
    pub payload: serde_json::Value,
    #[sqlx(json(nullable))]
    pub result: Option<serde_json::Value>,
    /// When it was first claimed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub started_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

const JOB_COLUMNS: &str = "id, kind, created_by_person_id, created_by_name, created_by_role, \
    target_person_id, state, title, payload, created_at, updated_at, paused_at";

const STEP_COLUMNS: &str = "id, job_id, seq, kind, target_person_id, feature, due_at, state, \
    lease_holder, lease_until, attempts, next_attempt_at, last_error, payload, result, started_at, \
    finished_at, created_at, updated_at";

impl Store {
    /// Creates `job` (state `active`) and its `steps` (state `pending`, numbered in order) in one
    /// transaction; returns the job's id.
    pub async fn create_job(
        &self,
        job: &NewJob,
        steps: &[NewJobStep],
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let now = DbTime::new(now);
        let id = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO jobs (kind, created_by_person_id, created_by_name, created_by_role,
                     target_person_id, state, title, payload, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(&job.kind)
            .bind(&job.created_by.person_id)
            .bind(&job.created_by.name)
            .bind(job.created_by.role.as_str())
            .bind(&job.target_person_id)
            .bind(JobState::Active.as_str())
            .bind(&job.title)
            .bind(Json(&job.payload))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            insert_steps!(tx, id, 0i32, steps, now);
            tx.commit().await?;
            Ok::<i64, sqlx::Error>(id)
        })?;
        Ok(id)
    }

    /// Adds `steps` to job `job_id` after the ones it has (a bulk job growing in chunks).
    pub async fn add_job_steps(
        &self,
        job_id: i64,
        steps: &[NewJobStep],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let now = DbTime::new(now);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let (next,): (i32,) =
                sqlx::query_as("SELECT CAST(COALESCE(MAX(seq) + 1, 0) AS INTEGER) FROM job_steps WHERE job_id = $1")
                    .bind(job_id)
                    .fetch_one(&mut *tx)
                    .await?;
            insert_steps!(tx, job_id, next, steps, now);
            // A settled job has work again (a bulk change's preview, then its apply).
            sqlx::query("UPDATE jobs SET state = 'active', updated_at = $2 WHERE id = $1")
                .bind(job_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<(), sqlx::Error>(())
        })?;
        Ok(())
    }

    /// Adds `steps` (all of kind `kind`) to job `job_id`, unless it has steps of that kind
    /// already; returns whether it added them. The job's row is written first, which serializes
    /// two callers (a double click on "apply", two replicas planning): only one adds.
    pub async fn add_job_steps_once(
        &self,
        job_id: i64,
        kind: &str,
        steps: &[NewJobStep],
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let now = DbTime::new(now);
        let added = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // A settled job has work again (a bulk change's preview, then its apply).
            sqlx::query("UPDATE jobs SET state = 'active', updated_at = $2 WHERE id = $1")
                .bind(job_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            let (there, next): (i64, i32) = sqlx::query_as(
                "SELECT CAST(COUNT(*) FILTER (WHERE kind = $2) AS BIGINT),
                        CAST(COALESCE(MAX(seq) + 1, 0) AS INTEGER)
                 FROM job_steps WHERE job_id = $1",
            )
            .bind(job_id)
            .bind(kind)
            .fetch_one(&mut *tx)
            .await?;
            if there == 0 {
                insert_steps!(tx, job_id, next, steps, now);
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok::<bool, sqlx::Error>(there == 0)
        })?;
        Ok(added)
    }

    /// Claims up to `limit` steps for `holder`: pending ones whose time (and next attempt) has
    /// come, and running ones whose lease expired (their runner died), earliest due first. Each is
    /// returned `running`, leased to `holder` until `now + lease_ttl`, its `attempts` counted up.
    pub async fn claim_due_steps(
        &self,
        holder: &str,
        now: OffsetDateTime,
        limit: i64,
        lease_ttl: std::time::Duration,
    ) -> Result<Vec<JobStep>, StoreError> {
        let until = DbTime::new(now + lease_ttl);
        let now = DbTime::new(now);
        // PostgreSQL: lock the chosen rows and skip the ones another replica is claiming right now.
        // SQLite has one writer at a time, and no row locks to ask for.
        let lock = match self.pool {
            Pool::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            Pool::Sqlite(_) => "",
        };
        let sql = format!(
            "UPDATE job_steps SET state = 'running', lease_holder = $1, lease_until = $2,
                 attempts = attempts + 1, started_at = COALESCE(started_at, $3), updated_at = $3
             WHERE id IN (
                 SELECT id FROM job_steps
                 WHERE ((state = 'pending' AND due_at <= $3 AND next_attempt_at <= $3)
                    OR (state = 'running' AND lease_until < $3))
                   AND NOT EXISTS (SELECT 1 FROM jobs
                       WHERE jobs.id = job_steps.job_id AND jobs.paused_at IS NOT NULL)
                 ORDER BY due_at, id
                 LIMIT $4{lock})
             RETURNING {STEP_COLUMNS}"
        );
        let mut steps: Vec<JobStep> = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(holder)
                .bind(until)
                .bind(now)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await
        })?;
        steps.sort_by_key(|s| (s.due_at, s.id));
        Ok(steps)
    }

    /// Extends `holder`'s leases on `ids` (still running) until `until`: a runner keeps the steps
    /// it is working on. Returns how many it still holds.
    pub async fn renew_step_leases(
        &self,
        holder: &str,
        ids: &[i64],
        until: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let until = DbTime::new(until);
        let n = on_pool!(self, pool => {
            let mut q = QueryBuilder::new("UPDATE job_steps SET lease_until = ");
            q.push_bind(until);
            q.push(" WHERE state = 'running' AND lease_holder = ").push_bind(holder);
            q.push(" AND id IN (");
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            q.push(")");
            q.build().execute(pool).await.map(|r| r.rows_affected())
        })?;
        Ok(n)
    }

    /// Ends step `id` as `state` (a final one) with `result`, if `holder` still holds its lease;
    /// returns whether it did. `false`: the lease was taken over (or the step is not running), and
    /// the caller must treat the step as no longer its own.
    pub async fn finish_step(
        &self,
        id: i64,
        holder: &str,
        state: StepState,
        result: Option<&serde_json::Value>,
        error: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        if !state.is_final() {
            return Err(StoreError::Corrupt(format!(
                "a step cannot finish as `{}`",
                state.as_str()
            )));
        }
        let now = DbTime::new(now);
        let done = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE job_steps SET state = $3, result = $4, last_error = COALESCE($5, last_error),
                     lease_until = NULL, finished_at = $6, updated_at = $6
                 WHERE id = $1 AND lease_holder = $2 AND state = 'running'",
            )
            .bind(id)
            .bind(holder)
            .bind(state.as_str())
            .bind(result.map(Json))
            .bind(error)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
        })?;
        Ok(done)
    }

    /// Puts step `id` back to `pending` until `next_attempt_at`, noting `error`, if `holder` still
    /// holds its lease; returns whether it did.
    pub async fn retry_step(
        &self,
        id: i64,
        holder: &str,
        next_attempt_at: OffsetDateTime,
        error: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let (next, now) = (DbTime::new(next_attempt_at), DbTime::new(now));
        let done = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE job_steps SET state = 'pending', next_attempt_at = $3, last_error = $4,
                     lease_until = NULL, updated_at = $5
                 WHERE id = $1 AND lease_holder = $2 AND state = 'running'",
            )
            .bind(id)
            .bind(holder)
            .bind(next)
            .bind(error)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
        })?;
        Ok(done)
    }

    /// Cancels the steps of job `job_id` that have not started (`pending`); returns them as they
    /// were (for the audit log). Running steps finish; final ones stay as they are.
    pub async fn cancel_pending_steps(
        &self,
        job_id: i64,
        now: OffsetDateTime,
    ) -> Result<Vec<JobStep>, StoreError> {
        let now = DbTime::new(now);
        let sql = format!(
            "UPDATE job_steps SET state = 'cancelled', finished_at = $2, updated_at = $2
             WHERE job_id = $1 AND state = 'pending'
             RETURNING {STEP_COLUMNS}"
        );
        let mut steps: Vec<JobStep> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(job_id).bind(now).fetch_all(pool).await
        })?;
        steps.sort_by_key(|s| s.seq);
        Ok(steps)
    }

    /// Moves pending step `id` to `due_at` (and replaces its payload, when given); returns whether
    /// it was still pending.
    pub async fn reschedule_step(
        &self,
        id: i64,
        due_at: OffsetDateTime,
        payload: Option<&serde_json::Value>,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let (due, now) = (DbTime::new(due_at), DbTime::new(now));
        let done = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE job_steps SET due_at = $2, next_attempt_at = $2,
                     payload = COALESCE($3, payload), updated_at = $4
                 WHERE id = $1 AND state = 'pending'",
            )
            .bind(id)
            .bind(due)
            .bind(payload.map(Json))
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
        })?;
        Ok(done)
    }

    /// Marks job `job_id` done, failed or cancelled once none of its steps is open; returns its
    /// state afterwards.
    pub async fn settle_job(
        &self,
        job_id: i64,
        now: OffsetDateTime,
    ) -> Result<Option<JobState>, StoreError> {
        let now = DbTime::new(now);
        on_pool!(self, pool => {
            sqlx::query(
                "UPDATE jobs SET updated_at = $2, state = CASE
                     WHEN EXISTS (SELECT 1 FROM job_steps WHERE job_id = $1 AND state = 'failed') THEN 'failed'
                     WHEN NOT EXISTS (SELECT 1 FROM job_steps WHERE job_id = $1 AND state <> 'cancelled') THEN 'cancelled'
                     ELSE 'done' END
                 WHERE id = $1 AND state = 'active'
                   AND NOT EXISTS (SELECT 1 FROM job_steps WHERE job_id = $1 AND state IN ('pending', 'running'))",
            )
            .bind(job_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(self.get_job(job_id).await?.map(|j| j.state))
    }

    /// The job with this id, if any.
    pub async fn get_job(&self, id: i64) -> Result<Option<Job>, StoreError> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1");
        let job = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await
        })?;
        Ok(job)
    }

    /// The step with this id, if any.
    pub async fn get_job_step(&self, id: i64) -> Result<Option<JobStep>, StoreError> {
        let sql = format!("SELECT {STEP_COLUMNS} FROM job_steps WHERE id = $1");
        let step = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await
        })?;
        Ok(step)
    }

    /// The steps of job `job_id`, in order.
    pub async fn job_steps(&self, job_id: i64) -> Result<Vec<JobStep>, StoreError> {
        let sql =
            format!("SELECT {STEP_COLUMNS} FROM job_steps WHERE job_id = $1 ORDER BY seq, id");
        let steps = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(job_id).fetch_all(pool).await
        })?;
        Ok(steps)
    }

    /// How many steps of job `job_id` are in each state.
    pub async fn job_step_counts(&self, job_id: i64) -> Result<Vec<(StepState, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT state, CAST(COUNT(*) AS BIGINT) FROM job_steps WHERE job_id = $1 GROUP BY state",
            )
            .bind(job_id)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|(s, n)| Ok((StepState::try_from(s)?, n)))
            .collect()
    }

    /// How many steps of `kind`, across every job, are in each state (a queue's progress).
    pub async fn step_counts_of_kind(
        &self,
        kind: &str,
    ) -> Result<Vec<(StepState, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT state, CAST(COUNT(*) AS BIGINT) FROM job_steps WHERE kind = $1 GROUP BY state",
            )
            .bind(kind)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|(s, n)| Ok((StepState::try_from(s)?, n)))
            .collect()
    }

    /// Jobs of `kind` about `person_id`, newest first; with `active_only`, those still running.
    pub async fn jobs_for_person(
        &self,
        kind: &str,
        person_id: &str,
        active_only: bool,
        limit: i64,
    ) -> Result<Vec<Job>, StoreError> {
        let filter = if active_only {
            " AND state = 'active'"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE kind = $1 AND target_person_id = $2{filter}
             ORDER BY id DESC LIMIT $3"
        );
        let jobs = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(kind)
                .bind(person_id)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await
        })?;
        Ok(jobs)
    }

    /// Pauses job `job_id` (`true`: its steps are not claimed until it is resumed) or resumes
    /// it; returns whether the job is active and was not already so.
    pub async fn set_job_paused(
        &self,
        job_id: i64,
        paused: bool,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let now = DbTime::new(now);
        let sql = if paused {
            "UPDATE jobs SET paused_at = $2, updated_at = $2
             WHERE id = $1 AND state = 'active' AND paused_at IS NULL"
        } else {
            "UPDATE jobs SET paused_at = NULL, updated_at = $2
             WHERE id = $1 AND state = 'active' AND paused_at IS NOT NULL"
        };
        let done = on_pool!(self, pool => {
            sqlx::query(sql)
                .bind(job_id)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() == 1)
        })?;
        Ok(done)
    }

    /// How many steps of `kind` in job `job_id` are in each state.
    pub async fn job_step_counts_of(
        &self,
        job_id: i64,
        kind: &str,
    ) -> Result<Vec<(StepState, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT state, CAST(COUNT(*) AS BIGINT) FROM job_steps
                 WHERE job_id = $1 AND kind = $2 GROUP BY state",
            )
            .bind(job_id)
            .bind(kind)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|(s, n)| Ok((StepState::try_from(s)?, n)))
            .collect()
    }

    /// The steps of `kind` in job `job_id`, in order: `limit` of them after `offset`.
    pub async fn job_steps_of(
        &self,
        job_id: i64,
        kind: &str,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<JobStep>, StoreError> {
        let sql = format!(
            "SELECT {STEP_COLUMNS} FROM job_steps WHERE job_id = $1 AND kind = $2
             ORDER BY seq, id LIMIT $3 OFFSET $4"
        );
        let steps = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(job_id)
                .bind(kind)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await
        })?;
        Ok(steps)
    }

    /// Jobs of `kind`, newest first: all of them, or those `created_by` made.
    pub async fn jobs_of_kind(
        &self,
        kind: &str,
        created_by: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Job>, StoreError> {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE kind = $1
               AND ($2 IS NULL OR created_by_person_id = $2)
             ORDER BY id DESC LIMIT $3"
        );
        let jobs = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(kind)
                .bind(created_by)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await
        })?;
        Ok(jobs)
    }
}
