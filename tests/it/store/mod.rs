//! The store's behaviour, checked the same way on every backend it supports: each behaviour is one
//! async function, run by one test per backend (SQLite file, PostgreSQL, and Redis for sessions).

mod database;
mod jobs;
mod sessions;

use calling_portal::store::Store;

use crate::support::services;

/// A connected store and the URL it was opened with (for reopening and for raw SQL).
pub struct Db {
    pub store: Store,
    pub url: String,
}

/// A fresh SQLite file in a fresh directory under the system temp dir (the directory does not exist
/// yet, so `connect` must create it).
pub async fn sqlite() -> Db {
    let dir = std::env::temp_dir().join(services::unique_name("portal_store"));
    let url = format!("sqlite://{}/portal.db?mode=rwc", dir.display());
    let store = Store::connect(&url).await.expect("connect to SQLite");
    Db { store, url }
}

/// A fresh PostgreSQL database, or None (outside CI) without a server.
pub async fn postgres() -> Option<Db> {
    let url = services::fresh_postgres_database().await?;
    let store = Store::connect(&url).await.expect("connect to PostgreSQL");
    Some(Db { store, url })
}

/// `database_tests!(a, b)` makes `a::sqlite` and `a::postgres` tests calling `database::a(db)`
/// (`database_tests!(in jobs: a)` calls `jobs::a(db)`).
macro_rules! database_tests {
    (in $module:ident: $($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$module::$name(super::sqlite().await).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(db) = super::postgres().await {
                    super::$module::$name(db).await;
                }
            }
        }
    )*};
    ($($name:ident),* $(,)?) => { database_tests!(in database: $($name),*); };
}

database_tests!(
    migrations_apply_again_on_restart,
    secret_blobs_save_load_overwrite,
    lease_is_exclusive_until_expiry_or_release,
    lease_race_has_exactly_one_winner,
    audit_round_trips_every_field,
    audit_lists_newest_first_with_paging,
    audit_filters_by_person_actor_feature_and_visibility,
    audit_filters_by_date_range,
    audit_log_refuses_update_and_delete,
    store_serves_as_token_vault,
);

database_tests!(in jobs:
    job_steps_round_trip_and_wait_for_their_time,
    only_the_lease_holder_finishes_a_step,
    a_retried_step_waits_for_its_next_attempt,
    cancel_and_reschedule_touch_only_pending_steps,
    racing_claimers_each_get_different_steps,
);

/// Several replicas starting at once against an empty PostgreSQL database: migrations (and the
/// session table) are applied once, and every replica comes up.
#[tokio::test]
async fn postgres_replicas_starting_together_all_come_up() {
    let Some(url) = services::fresh_postgres_database().await else {
        return;
    };
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let store = Store::connect(&url).await?;
                calling_portal::store::sessions::session_store(&store, None).await?;
                Ok::<_, calling_portal::store::StoreError>(store)
            })
        })
        .collect();
    for start in starts {
        let store = start.await.unwrap().expect("replica starts");
        store.ping().await.unwrap();
    }
}
