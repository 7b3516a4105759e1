-- Service-app tokens, the refresh lease and the audit log (PostgreSQL).

CREATE TABLE secret_blobs (
    key        TEXT PRIMARY KEY,
    blob       BYTEA NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- A named lease with an expiry; only its holder may renew or release it before it expires.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                 TIMESTAMPTZ NOT NULL,
    actor_person_id    TEXT NOT NULL,
    actor_name         TEXT NOT NULL,
    actor_role         TEXT NOT NULL,
    target_person_id   TEXT NOT NULL,
    target_name        TEXT NOT NULL,
    target_location_id TEXT,
    feature            TEXT NOT NULL,
    action             TEXT NOT NULL,
    before             JSONB,
    after              JSONB,
    result             TEXT NOT NULL CHECK (result IN ('success', 'failure', 'conflict', 'denied')),
    error              TEXT,
    ticket             TEXT,
    webex_tracking_id  TEXT,
    request_id         TEXT NOT NULL,
    undo_of            BIGINT REFERENCES audit_log (id)
);

CREATE INDEX audit_log_target ON audit_log (target_person_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_person_id, id);
CREATE INDEX audit_log_at ON audit_log (at);

-- The audit log is append-only, also for anyone with a SQL prompt.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
