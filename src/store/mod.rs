//! The only code that talks to SQLite, PostgreSQL or Redis.
//!
//! [`Store`] holds the database chosen by `PORTAL_DATABASE_URL` (SQLite for one instance, PostgreSQL
//! for several) and keeps the service-app token blobs, the token-refresh lease and the append-only
//! audit log and the background jobs ([`jobs`]). [`sessions`] builds the tower-sessions store (the same database, or Redis).
//!
//! The SQL is written once and runs on both dialects: sqlx binds `$1`-style parameters on SQLite
//! too, and the `on_pool!` macro expands one body per pool type. The few differences live in the
//! per-dialect migrations and in `DbTime`.

mod audit;
mod jobs;
pub mod sessions;
mod vault;

use std::{str::FromStr, time::Duration};

use sqlx::{
    Postgres, Sqlite,
    encode::IsNull,
    error::BoxDynError,
    postgres::{PgPool, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions},
};
use time::OffsetDateTime;

pub use audit::{AuditAction, AuditEntry, AuditFilter, AuditResult, NewAuditEntry, Visibility};
pub use jobs::{Job, JobActor, JobState, JobStep, NewJob, NewJobStep, StepState};

/// Why a store operation failed. Messages never contain a URL's credentials.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme `{0}` (expected sqlite: or postgres:)")]
    UnsupportedScheme(String),
    #[error("cannot create the database directory: {0}")]
    CreateDir(#[from] std::io::Error),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("redis error: {0}")]
    Redis(String),
    #[error("session store error: {0}")]
    Session(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

/// Handle to the portal's database; cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool. The body is compiled once per dialect, so
/// one query string and one set of binds serve both.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::store::Pool::Sqlite($pool) => $body,
            $crate::store::Pool::Postgres($pool) => $body,
        }
    };
}
use on_pool;

impl Store {
    /// Connects to `database_url` (`sqlite:…` or `postgres:…`) and applies pending migrations.
    /// For SQLite the file's directory is created if missing.
    pub async fn connect(database_url: &str) -> Result<Store, StoreError> {
        let scheme = database_url.split(':').next().unwrap_or_default();
        let pool = match scheme {
            "sqlite" => Pool::Sqlite(connect_sqlite(database_url).await?),
            "postgres" | "postgresql" => Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(10)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect(database_url)
                    .await?,
            ),
            other => return Err(StoreError::UnsupportedScheme(other.to_owned())),
        };
        let store = Store { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        // sqlx records applied migrations (and holds an advisory lock on PostgreSQL while it runs),
        // so a restart or several replicas starting together apply each one exactly once.
        match &self.pool {
            Pool::Sqlite(pool) => {
                sqlx::migrate!("src/store/migrations/sqlite")
                    .run(pool)
                    .await?
            }
            Pool::Postgres(pool) => {
                sqlx::migrate!("src/store/migrations/postgres")
                    .run(pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Succeeds when the database answers a query; for the readiness endpoint.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Waits for queries in progress and closes the connections; for graceful shutdown.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// `"sqlite"` or `"postgres"`, for the admin page and logs.
    pub fn backend_name(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// The opaque blob saved under `key`, if any (the service-app tokens, encrypted by the caller).
    pub async fn load_secret_blob(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<(Vec<u8>,)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT blob FROM secret_blobs WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(|(blob,)| blob))
    }

    /// Saves `blob` under `key`, replacing what was there.
    pub async fn save_secret_blob(&self, key: &str, blob: &[u8]) -> Result<(), StoreError> {
        let now = DbTime::now();
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO secret_blobs (key, blob, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (key) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(blob)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// The language `person_id` last used (a catalogue's tag), if known.
    pub async fn person_language(&self, person_id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT language FROM person_languages WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(|(language,)| language))
    }

    /// Remembers the language `person_id` uses.
    pub async fn save_person_language(
        &self,
        person_id: &str,
        language: &str,
    ) -> Result<(), StoreError> {
        let now = DbTime::now();
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO person_languages (person_id, language, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (person_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at",
            )
            .bind(person_id)
            .bind(language)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Takes the lease `name` for `holder` until `ttl` from now if it is free, expired, or already
    /// held by `holder` (which renews it); returns whether `holder` now holds it.
    ///
    /// One statement decides: the UPSERT's `WHERE` only lets the update through for an expired lease
    /// or the same holder, and both databases serialize conflicting upserts on the row, so among
    /// racing instances exactly one gets a row back. Expiry is judged by the instances' clocks,
    /// which must roughly agree (well within `ttl`).
    pub async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let now = OffsetDateTime::now_utc();
        let expires_at = DbTime::new(now + ttl);
        let now = DbTime::new(now);
        let taken = on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                 WHERE leases.expires_at <= $4 OR leases.holder = excluded.holder",
            )
            .bind(name)
            .bind(holder)
            .bind(expires_at)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
        })?;
        Ok(taken)
    }

    /// Gives up the lease if `holder` holds it; a no-op otherwise.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
                .bind(name)
                .bind(holder)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }
}

async fn connect_sqlite(database_url: &str) -> Result<SqlitePool, StoreError> {
    let options = SqliteConnectOptions::from_str(database_url)?;
    let in_memory = database_url.contains(":memory:") || database_url.contains("mode=memory");
    if in_memory {
        // Every connection to an in-memory database gets its own, empty database: keep exactly one.
        return Ok(SqlitePoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?);
    }
    if let Some(dir) = options.get_filename().parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    // WAL lets readers (page loads) proceed while a write commits; sqlx's default busy timeout (5 s)
    // makes concurrent writers wait for each other instead of failing.
    let options = options.journal_mode(SqliteJournalMode::Wal);
    Ok(SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(5))
        // A connection to a local file does not go stale the way a network one can; the check
        // before each use would be one more round trip to the connection's thread per query
        // (every request's session load).
        .test_before_acquire(false)
        .connect_with(options)
        .await?)
}

/// A UTC timestamp as the database stores it, truncated to microseconds (PostgreSQL's precision) so
/// that what is read back equals what was written on both dialects.
///
/// On SQLite it is fixed-width RFC 3339 text (`2026-11-25T08:17:43.123456Z`): sqlx's own encoding
/// drops trailing zeros of the fraction, and then text order would no longer be time order, which
/// the range filters and the lease expiry comparison rely on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DbTime(OffsetDateTime);

impl DbTime {
    pub(crate) fn new(t: OffsetDateTime) -> Self {
        let t = t.to_offset(time::UtcOffset::UTC);
        let micros = t.microsecond();
        DbTime(
            t.replace_microsecond(micros)
                .expect("microsecond is in range"),
        )
    }

    pub(crate) fn now() -> Self {
        DbTime::new(OffsetDateTime::now_utc())
    }

    fn sqlite_text(&self) -> String {
        let t = self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.microsecond()
        )
    }
}

impl sqlx::Type<Sqlite> for DbTime {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as sqlx::Type<Sqlite>>::type_info()
    }
}

impl<'q> sqlx::Encode<'q, Sqlite> for DbTime {
    fn encode_by_ref(
        &self,
        buf: &mut Vec<sqlx::sqlite::SqliteArgumentValue<'q>>,
    ) -> Result<IsNull, BoxDynError> {
        <String as sqlx::Encode<'q, Sqlite>>::encode(self.sqlite_text(), buf)
    }
}

impl sqlx::Type<Postgres> for DbTime {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <OffsetDateTime as sqlx::Type<Postgres>>::type_info()
    }
}

impl sqlx::Encode<'_, Postgres> for DbTime {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <OffsetDateTime as sqlx::Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_timestamps_are_fixed_width_utc() {
        // 2026-11-25T08:17:43.5Z, seen from UTC+1
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_795_594_663_500_000_000)
            .unwrap()
            .to_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap());
        assert_eq!(DbTime::new(t).sqlite_text(), "2026-11-25T08:17:43.500000Z");
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_767_323_045_123_456_789).unwrap();
        assert_eq!(DbTime::new(t).sqlite_text(), "2026-01-02T03:04:05.123456Z");
    }

    #[tokio::test]
    async fn unknown_scheme_is_refused_without_echoing_the_url() {
        let err = Store::connect("mysql://user:hunter2@db/portal")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::UnsupportedScheme(_)));
        assert!(!err.to_string().contains("hunter2"));
    }

    #[tokio::test]
    async fn in_memory_sqlite_works() {
        let store = Store::connect("sqlite::memory:").await.unwrap();
        store.ping().await.unwrap();
        store.save_secret_blob("k", b"v").await.unwrap();
        assert_eq!(
            store.load_secret_blob("k").await.unwrap(),
            Some(b"v".to_vec())
        );
    }
}
