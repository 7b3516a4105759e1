//! Session stores: the same behaviours on SQLite, PostgreSQL, Redis and memory.

use std::{collections::HashMap, time::Duration};

use calling_portal::store::sessions::{DynSessionStore, session_store};
use serde_json::json;
use time::OffsetDateTime;
use tower_sessions::{
    SessionStore as _,
    session::{Id, Record},
};

use crate::support::services;

async fn sqlite() -> Option<DynSessionStore> {
    let db = super::sqlite().await;
    Some(session_store(&db.store, None).await.unwrap())
}

async fn postgres() -> Option<DynSessionStore> {
    let db = super::postgres().await?;
    Some(session_store(&db.store, None).await.unwrap())
}

async fn redis() -> Option<DynSessionStore> {
    let (url, prefix) = services::redis_with_prefix().await?;
    Some(
        DynSessionStore::redis(&url, &format!("{prefix}:"))
            .await
            .unwrap(),
    )
}

async fn memory() -> Option<DynSessionStore> {
    Some(DynSessionStore::memory())
}

/// `session_tests!(a, b)` makes `a::{sqlite,postgres,redis,memory}` tests calling `a(store)`.
macro_rules! session_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                if let Some(s) = super::sqlite().await {
                    super::$name(s).await;
                }
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(s) = super::postgres().await {
                    super::$name(s).await;
                }
            }

            #[tokio::test]
            async fn redis() {
                if let Some(s) = super::redis().await {
                    super::$name(s).await;
                }
            }

            #[tokio::test]
            async fn memory() {
                if let Some(s) = super::memory().await {
                    super::$name(s).await;
                }
            }
        }
    )*};
}

session_tests!(
    create_load_save_delete,
    expired_sessions_do_not_load,
    count_active_and_delete_all,
);

fn record(user: &str, expires_in: time::Duration) -> Record {
    let mut data = HashMap::new();
    data.insert(
        "user".to_owned(),
        json!({"person_id": user, "role": "employee"}),
    );
    Record {
        id: Id::default(),
        data,
        expiry_date: OffsetDateTime::now_utc() + expires_in,
    }
}

async fn create_load_save_delete(store: DynSessionStore) {
    let mut r = record("alice", time::Duration::hours(1));
    store.create(&mut r).await.unwrap();
    let loaded = store
        .load(&r.id)
        .await
        .unwrap()
        .expect("created session loads");
    assert_eq!(loaded.id, r.id);
    assert_eq!(loaded.data, r.data);
    assert_eq!(loaded.expiry_date, r.expiry_date);

    r.data.insert("csrf".to_owned(), json!("x"));
    r.expiry_date += time::Duration::minutes(5);
    store.save(&r).await.unwrap();
    let loaded = store.load(&r.id).await.unwrap().unwrap();
    assert_eq!(loaded.data, r.data);
    assert_eq!(loaded.expiry_date, r.expiry_date);

    let mut other = record("bob", time::Duration::hours(1));
    store.create(&mut other).await.unwrap();
    assert_ne!(other.id, r.id);

    store.delete(&r.id).await.unwrap();
    assert!(store.load(&r.id).await.unwrap().is_none());
    assert!(store.load(&other.id).await.unwrap().is_some());
    store.delete(&r.id).await.unwrap(); // deleting twice is harmless
    assert!(store.load(&Id::default()).await.unwrap().is_none());
}

async fn expired_sessions_do_not_load(store: DynSessionStore) {
    let mut old = record("alice", -time::Duration::hours(1));
    store.create(&mut old).await.unwrap();
    assert!(store.load(&old.id).await.unwrap().is_none());

    let mut short = record("bob", time::Duration::milliseconds(1200));
    store.create(&mut short).await.unwrap();
    assert!(store.load(&short.id).await.unwrap().is_some());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(store.load(&short.id).await.unwrap().is_none());
}

async fn count_active_and_delete_all(store: DynSessionStore) {
    let mut live = Vec::new();
    for user in ["a", "b", "c"] {
        let mut r = record(user, time::Duration::hours(1));
        store.create(&mut r).await.unwrap();
        live.push(r);
    }
    let mut expired = record("d", -time::Duration::hours(1));
    store.create(&mut expired).await.unwrap();

    let countable = store.backend_name() != "memory";
    let count = store.count_active().await.unwrap();
    assert_eq!(count, countable.then_some(3));

    store.delete_all().await.unwrap();
    for r in &live {
        assert!(store.load(&r.id).await.unwrap().is_none());
    }
    assert_eq!(store.count_active().await.unwrap(), countable.then_some(0));
    // The store keeps working afterwards.
    let mut r = record("e", time::Duration::hours(1));
    store.create(&mut r).await.unwrap();
    assert!(store.load(&r.id).await.unwrap().is_some());
    assert_eq!(store.count_active().await.unwrap(), countable.then_some(1));
}

#[tokio::test]
async fn a_session_store_url_selects_redis() {
    let Some((url, _)) = services::redis_with_prefix().await else {
        return;
    };
    let db = super::sqlite().await;
    let store = session_store(&db.store, Some(&url)).await.unwrap();
    assert_eq!(store.backend_name(), "redis");
    // Only a create/load/delete round trip: the default prefix is shared by every run on this server.
    let mut r = record("alice", time::Duration::minutes(1));
    store.create(&mut r).await.unwrap();
    assert!(store.load(&r.id).await.unwrap().is_some());
    store.delete(&r.id).await.unwrap();
    assert!(store.load(&r.id).await.unwrap().is_none());

    assert_eq!(
        session_store(&db.store, None).await.unwrap().backend_name(),
        "sqlite"
    );
}

#[tokio::test]
async fn an_unreachable_redis_fails_at_start() {
    // Port 1 on loopback: nothing listens there.
    let err = DynSessionStore::redis("redis://:secret-pw@127.0.0.1:1", "p:")
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("secret-pw"), "{err}");
}

#[tokio::test]
async fn redis_stores_with_different_prefixes_keep_apart() {
    let Some((url, prefix)) = services::redis_with_prefix().await else {
        return;
    };
    // "…:a*" would match "…:ab:…" keys if the prefix were not escaped in the SCAN pattern.
    let star = DynSessionStore::redis(&url, &format!("{prefix}:a*"))
        .await
        .unwrap();
    let plain = DynSessionStore::redis(&url, &format!("{prefix}:ab:"))
        .await
        .unwrap();
    let mut mine = record("alice", time::Duration::hours(1));
    let mut theirs = record("bob", time::Duration::hours(1));
    star.create(&mut mine).await.unwrap();
    plain.create(&mut theirs).await.unwrap();
    assert!(star.load(&theirs.id).await.unwrap().is_none());
    assert_eq!(star.count_active().await.unwrap(), Some(1));

    star.delete_all().await.unwrap();
    assert!(star.load(&mine.id).await.unwrap().is_none());
    assert!(plain.load(&theirs.id).await.unwrap().is_some());
    assert_eq!(plain.count_active().await.unwrap(), Some(1));
    plain.delete_all().await.unwrap();
}
