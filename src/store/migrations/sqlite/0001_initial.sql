-- Service-app tokens, the refresh lease and the audit log (SQLite).
-- Timestamps are UTC text with a fixed width ("2026-11-25T08:17:43.123456Z") so that text order is
-- time order; the store writes them that way. JSON is TEXT.

CREATE TABLE secret_blobs (
    key        TEXT PRIMARY KEY NOT NULL,
    blob       BLOB NOT NULL,
    updated_at TEXT NOT NULL
);

-- A named lease with an expiry; only its holder may renew or release it before it expires.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY NOT NULL,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    at                 TEXT NOT NULL,
    actor_person_id    TEXT NOT NULL,
    actor_name         TEXT NOT NULL,
    actor_role         TEXT NOT NULL,
    target_person_id   TEXT NOT NULL,
    target_name        TEXT NOT NULL,
    target_location_id TEXT,
    feature            TEXT NOT NULL,
    action             TEXT NOT NULL,
    before             TEXT,
    after              TEXT,
    result             TEXT NOT NULL CHECK (result IN ('success', 'failure', 'conflict', 'denied')),
    error              TEXT,
    ticket             TEXT,
    webex_tracking_id  TEXT,
    request_id         TEXT NOT NULL,
    undo_of            INTEGER REFERENCES audit_log (id)
);

CREATE INDEX audit_log_target ON audit_log (target_person_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_person_id, id);
CREATE INDEX audit_log_at ON audit_log (at);

-- The audit log is append-only, also for anyone with a SQL prompt.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
