-- The language each person last picked or signed in with, so messages sent to them (the bot's
-- change notices) speak it.
CREATE TABLE person_languages (
    person_id  TEXT PRIMARY KEY,
    language   TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
