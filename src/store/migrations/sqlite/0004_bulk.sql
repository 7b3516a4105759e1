-- Bulk changes (src/bulk, src/jobs/bulk.rs): a job can be paused (its steps are not claimed
-- while `paused_at` is set), and a step's audit entries are found again by their request id
-- (`job-<job>-step-<step>`), so a step run again after its replica died knows what it did.

ALTER TABLE jobs ADD COLUMN paused_at TEXT;

CREATE INDEX jobs_kind_creator ON jobs (kind, created_by_person_id, id);
CREATE INDEX audit_log_request ON audit_log (request_id);
CREATE INDEX job_steps_kind ON job_steps (job_id, kind, seq);
