//! The tower-sessions store, chosen at run time.
//!
//! `SessionManagerLayer` is generic over one concrete store type, so [`DynSessionStore`] wraps the
//! chosen one: the database's own (tower-sessions-sqlx-store tables next to the portal's), Redis when
//! `PORTAL_SESSION_STORE_URL` is given, or memory for tests. Besides the `SessionStore` operations
//! it can count live sessions and end them all, for the admin page.
//!
//! Redis: tower-sessions-redis-store 0.16 writes each session under its bare id, with no way to set a
//! key prefix (and its client type cannot rename keys), so it could neither share a Redis database
//! with anything else nor find its own keys again to count or delete them. [`RedisSessionStore`] is
//! the same few commands (`SET NX`/`SET XX` with an expiry, `GET`, `DEL`) over the same fred client,
//! with every key under a prefix. Tests give each run its own prefix on the shared server.

use std::{
    sync::{Arc, RwLock},
    time::Duration,
};

use async_trait::async_trait;
use futures_util::TryStreamExt as _;
use sqlx::{PgPool, SqlitePool};
use time::OffsetDateTime;
use tokio::task::JoinHandle;
use tower_sessions::{
    MemoryStore, SessionStore,
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
};
use tower_sessions_redis_store::fred::{
    self,
    interfaces::{ClientLike as _, KeysInterface as _},
    types::{Expiration, SetOptions},
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::{Pool, Store, StoreError};

/// Key prefix of the portal's sessions in Redis. Two deployments sharing one Redis server keep
/// apart by database index in the URL (`redis://host:6379/3`).
pub const DEFAULT_REDIS_PREFIX: &str = "calling-portal:session:";

/// How often expired sessions are removed from the database tables (Redis expires keys itself).
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

/// The session store for `store`'s database, or Redis when `session_store_url` (`redis://…`, keys
/// under [`DEFAULT_REDIS_PREFIX`]) is given. For the database stores this creates their tables and
/// starts the expired-session sweeper, which stops when the last clone of the returned store drops.
pub async fn session_store(
    store: &Store,
    session_store_url: Option<&str>,
) -> Result<DynSessionStore, StoreError> {
    if let Some(url) = session_store_url {
        return DynSessionStore::redis(url, DEFAULT_REDIS_PREFIX).await;
    }
    let (backend, sweeper) = match &store.pool {
        Pool::Sqlite(pool) => {
            let s = SqliteStore::new(pool.clone());
            s.migrate().await?;
            let sweeper = spawn_sweeper(s.clone());
            (Backend::Sqlite(s, pool.clone()), sweeper)
        }
        Pool::Postgres(pool) => {
            let s = PostgresStore::new(pool.clone());
            s.migrate().await?;
            let sweeper = spawn_sweeper(s.clone());
            (Backend::Postgres(s, pool.clone()), sweeper)
        }
    };
    Ok(DynSessionStore(Arc::new(Inner {
        backend,
        sweeper: Some(sweeper),
    })))
}

/// Deletes expired sessions every [`SWEEP_INTERVAL`]. Unlike the crate's
/// `continuously_delete_expired`, a failed sweep (database briefly away) is logged and retried
/// rather than ending the task.
fn spawn_sweeper<S: ExpiredDeletion + 'static>(store: S) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_INTERVAL);
        loop {
            every.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions failed; will retry");
            }
        }
    })
}

/// A session store whose kind is chosen at run time; cheap to clone.
#[derive(Clone, Debug)]
pub struct DynSessionStore(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    backend: Backend,
    sweeper: Option<JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(task) = &self.sweeper {
            task.abort();
        }
    }
}

/// The sqlx stores keep their pool private, so the pool rides along for the admin queries.
#[derive(Debug)]
enum Backend {
    /// Behind a lock only so that `delete_all` can swap in an empty store.
    Memory(RwLock<MemoryStore>),
    Sqlite(SqliteStore, SqlitePool),
    Postgres(PostgresStore, PgPool),
    Redis(RedisSessionStore),
}

// The tables tower-sessions-sqlx-store 0.15 creates by default (`migrate()` above).
const SQLITE_TABLE: &str = "tower_sessions";
const POSTGRES_TABLE: &str = r#""tower_sessions"."session""#;

impl DynSessionStore {
    /// Sessions in this process's memory: for tests and single-process demos.
    pub fn memory() -> Self {
        Self::from_backend(Backend::Memory(RwLock::new(MemoryStore::default())))
    }

    /// Sessions in Redis at `url` (e.g. `redis://127.0.0.1:6379/2`), every key starting with `prefix`.
    pub async fn redis(url: &str, prefix: &str) -> Result<Self, StoreError> {
        Ok(Self::from_backend(Backend::Redis(
            RedisSessionStore::connect(url, prefix).await?,
        )))
    }

    fn from_backend(backend: Backend) -> Self {
        DynSessionStore(Arc::new(Inner {
            backend,
            sweeper: None,
        }))
    }

    /// Stops the expired-session sweeper (graceful shutdown); sessions keep working.
    pub fn stop_sweeper(&self) {
        if let Some(task) = &self.0.sweeper {
            task.abort();
        }
    }

    /// `"memory"`, `"sqlite"`, `"postgres"` or `"redis"`.
    pub fn backend_name(&self) -> &'static str {
        match &self.0.backend {
            Backend::Memory(_) => "memory",
            Backend::Sqlite(..) => "sqlite",
            Backend::Postgres(..) => "postgres",
            Backend::Redis(_) => "redis",
        }
    }

    /// How many sessions have not expired; `None` where the store cannot tell (memory).
    pub async fn count_active(&self) -> Result<Option<u64>, StoreError> {
        let count: i64 = match &self.0.backend {
            Backend::Memory(_) => return Ok(None),
            // The sqlx store writes RFC 3339 text whose fraction varies in width, so compare
            // as numbers rather than text.
            Backend::Sqlite(_, pool) => {
                sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM {SQLITE_TABLE} WHERE julianday(expiry_date) > julianday('now')"
                ))
                .fetch_one(pool)
                .await?
            }
            Backend::Postgres(_, pool) => {
                sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM {POSTGRES_TABLE} WHERE expiry_date > now()"
                ))
                .fetch_one(pool)
                .await?
            }
            Backend::Redis(r) => return r.count().await.map(Some),
        };
        Ok(Some(u64::try_from(count).unwrap_or(0)))
    }

    /// Ends every session ("sign everyone out"). A request already in flight on the database stores
    /// may still write its session back as it finishes; Redis only updates keys that still exist.
    pub async fn delete_all(&self) -> Result<(), StoreError> {
        match &self.0.backend {
            Backend::Memory(m) => {
                *m.write().unwrap_or_else(|e| e.into_inner()) = MemoryStore::default();
            }
            Backend::Sqlite(_, pool) => {
                sqlx::query(&format!("DELETE FROM {SQLITE_TABLE}"))
                    .execute(pool)
                    .await?;
            }
            Backend::Postgres(_, pool) => {
                sqlx::query(&format!("DELETE FROM {POSTGRES_TABLE}"))
                    .execute(pool)
                    .await?;
            }
            Backend::Redis(r) => r.delete_all().await?,
        }
        Ok(())
    }

    /// The store to delegate a `SessionStore` call to.
    fn current(&self) -> Delegate<'_> {
        match &self.0.backend {
            Backend::Memory(m) => {
                Delegate::Memory(m.read().unwrap_or_else(|e| e.into_inner()).clone())
            }
            Backend::Sqlite(s, _) => Delegate::Borrowed(s),
            Backend::Postgres(s, _) => Delegate::Borrowed(s),
            Backend::Redis(r) => Delegate::Borrowed(r),
        }
    }
}

enum Delegate<'a> {
    Memory(MemoryStore),
    Borrowed(&'a (dyn SessionStore + 'static)),
}

impl Delegate<'_> {
    fn get(&self) -> &dyn SessionStore {
        match self {
            Delegate::Memory(m) => m,
            Delegate::Borrowed(s) => *s,
        }
    }
}

#[async_trait]
impl SessionStore for DynSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.current().get().create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.current().get().save(record).await
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        self.current().get().load(session_id).await
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        self.current().get().delete(session_id).await
    }
}

/// Sessions in Redis under a key prefix (see the module docs for why not the published store).
/// Records are JSON; Redis expires each key at the session's expiry.
#[derive(Clone, Debug)]
pub struct RedisSessionStore {
    client: fred::clients::Client,
    prefix: String,
}

impl RedisSessionStore {
    /// Connects to `url`; fails if Redis does not answer within a few seconds. Afterwards the client
    /// reconnects on its own if the connection drops.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, StoreError> {
        let config = fred::types::config::Config::from_url(url).map_err(redis_error)?;
        let client = fred::types::Builder::from_config(config)
            .with_connection_config(|c| c.connection_timeout = Duration::from_secs(5))
            .with_performance_config(|p| p.default_command_timeout = Duration::from_secs(5))
            .set_policy(fred::types::config::ReconnectPolicy::new_exponential(
                0, 100, 5_000, 2,
            ))
            .build()
            .map_err(redis_error)?;
        client.init().await.map_err(redis_error)?;
        Ok(RedisSessionStore {
            client,
            prefix: prefix.to_owned(),
        })
    }

    fn key(&self, id: &Id) -> String {
        format!("{}{id}", self.prefix)
    }

    /// Writes `record` with `option` (`NX`: only if new, `XX`: only if present); whether it was set.
    /// A record already past its expiry is not written (and `XX` removes the old one).
    async fn set(&self, record: &Record, option: SetOptions) -> Result<bool, StoreError> {
        let ttl_ms = (record.expiry_date - OffsetDateTime::now_utc()).whole_milliseconds();
        if ttl_ms <= 0 {
            if option == SetOptions::XX {
                let _: i64 = self
                    .client
                    .del(self.key(&record.id))
                    .await
                    .map_err(redis_error)?;
            }
            return Ok(true);
        }
        let value = serde_json::to_vec(record).map_err(|e| StoreError::Session(e.to_string()))?;
        let set: Option<String> = self
            .client
            .set(
                self.key(&record.id),
                value.as_slice(),
                Some(Expiration::PX(i64::try_from(ttl_ms).unwrap_or(i64::MAX))),
                Some(option),
                false,
            )
            .await
            .map_err(redis_error)?;
        Ok(set.is_some())
    }

    async fn keys(&self) -> Result<Vec<fred::types::Key>, StoreError> {
        self.client
            .scan_buffered(scan_pattern(&self.prefix), Some(500), None)
            .try_collect()
            .await
            .map_err(redis_error)
    }

    async fn count(&self) -> Result<u64, StoreError> {
        Ok(self.keys().await?.len() as u64)
    }

    async fn delete_all(&self) -> Result<(), StoreError> {
        for chunk in self.keys().await?.chunks(500) {
            let _: i64 = self.client.del(chunk.to_vec()).await.map_err(redis_error)?;
        }
        Ok(())
    }
}

/// `SCAN` pattern matching exactly the keys under `prefix`: its glob characters escaped, then `*`.
fn scan_pattern(prefix: &str) -> String {
    let mut p = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('*');
    p
}

fn redis_error(e: fred::error::Error) -> StoreError {
    StoreError::Redis(e.to_string())
}

impl From<StoreError> for session_store::Error {
    fn from(e: StoreError) -> Self {
        session_store::Error::Backend(e.to_string())
    }
}

#[async_trait]
impl SessionStore for RedisSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // NX: a colliding id (vanishingly rare) gets a new id instead of overwriting a session.
        while !self.set(record, SetOptions::NX).await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        // XX: a session deleted meanwhile (logout, "sign everyone out") is not brought back.
        self.set(record, SetOptions::XX).await?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let value: Option<Vec<u8>> = self
            .client
            .get(self.key(session_id))
            .await
            .map_err(redis_error)?;
        value
            .map(|v| serde_json::from_slice(&v))
            .transpose()
            .map_err(|e| session_store::Error::Decode(e.to_string()))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let _: i64 = self
            .client
            .del(self.key(session_id))
            .await
            .map_err(redis_error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_as_the_session_layer_store() {
        let _layer = tower_sessions::SessionManagerLayer::new(DynSessionStore::memory());
    }

    #[test]
    fn redis_scan_pattern_escapes_glob_characters() {
        assert_eq!(scan_pattern("portal:session:"), "portal:session:*");
        assert_eq!(scan_pattern(r"a*b?[c]\d:"), r"a\*b\?\[c\]\\d:*");
    }
}
