-- Background jobs run by any replica (src/jobs): a job (a timed change, a bulk change) and its
-- steps, each due at a time and claimed by one runner with an expiring lease. Runners claim with
-- `FOR UPDATE SKIP LOCKED`, so replicas never wait for each other's rows; a lease that expires
-- (its replica died) is taken over.

CREATE TABLE jobs (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                 TEXT NOT NULL,
    created_by_person_id TEXT NOT NULL,
    created_by_name      TEXT NOT NULL,
    created_by_role      TEXT NOT NULL,
    target_person_id     TEXT,
    state                TEXT NOT NULL,
    title                TEXT NOT NULL,
    payload              JSONB NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE INDEX jobs_target ON jobs (target_person_id, id);

CREATE TABLE job_steps (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id           BIGINT NOT NULL REFERENCES jobs (id),
    seq              INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    target_person_id TEXT NOT NULL,
    feature          TEXT NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    state            TEXT NOT NULL
        CHECK (state IN ('pending', 'running', 'done', 'failed', 'skipped', 'cancelled')),
    lease_holder     TEXT,
    lease_until      TIMESTAMPTZ,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_error       TEXT,
    payload          JSONB NOT NULL,
    result           JSONB,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX job_steps_due ON job_steps (state, next_attempt_at);
CREATE INDEX job_steps_job ON job_steps (job_id, seq);
CREATE INDEX job_steps_target ON job_steps (target_person_id, state);
