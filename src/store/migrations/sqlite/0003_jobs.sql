-- Background jobs run by any replica (src/jobs): a job (a timed change, a bulk change) and its
-- steps, each due at a time and claimed by one runner with an expiring lease. SQLite serializes
-- writers, so the claiming UPDATE needs no row locks; a lease that expires is taken over.
-- Timestamps are fixed-width UTC text like the rest (text order is time order). JSON is TEXT.

CREATE TABLE jobs (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                 TEXT NOT NULL,
    created_by_person_id TEXT NOT NULL,
    created_by_name      TEXT NOT NULL,
    created_by_role      TEXT NOT NULL,
    target_person_id     TEXT,
    state                TEXT NOT NULL,
    title                TEXT NOT NULL,
    payload              TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE INDEX jobs_target ON jobs (target_person_id, id);

CREATE TABLE job_steps (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id           INTEGER NOT NULL REFERENCES jobs (id),
    seq              INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    target_person_id TEXT NOT NULL,
    feature          TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    state            TEXT NOT NULL
        CHECK (state IN ('pending', 'running', 'done', 'failed', 'skipped', 'cancelled')),
    lease_holder     TEXT,
    lease_until      TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT,
    payload          TEXT NOT NULL,
    result           TEXT,
    started_at       TEXT,
    finished_at      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE INDEX job_steps_due ON job_steps (state, next_attempt_at);
CREATE INDEX job_steps_job ON job_steps (job_id, seq);
CREATE INDEX job_steps_target ON job_steps (target_person_id, state);
