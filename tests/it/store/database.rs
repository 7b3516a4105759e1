//! Tokens, leases and the audit log; each function runs once per database (see `mod.rs`).

use std::time::Duration;

use calling_portal::store::{AuditFilter, AuditResult, NewAuditEntry, Store, Visibility};
use serde_json::json;
use sqlx::Connection as _;
use time::OffsetDateTime;

use super::Db;

pub async fn migrations_apply_again_on_restart(db: Db) {
    db.store.save_secret_blob("k", b"kept").await.unwrap();
    // A second instance (or a restart) runs the same migrations against the same database.
    let again = Store::connect(&db.url).await.expect("reconnect");
    let third = Store::connect(&db.url).await.expect("reconnect again");
    assert_eq!(again.backend_name(), db.store.backend_name());
    third.ping().await.unwrap();
    assert_eq!(
        again.load_secret_blob("k").await.unwrap().as_deref(),
        Some(&b"kept"[..])
    );
}

pub async fn secret_blobs_save_load_overwrite(db: Db) {
    let s = &db.store;
    assert_eq!(s.load_secret_blob("service_app").await.unwrap(), None);
    let blob: Vec<u8> = (0..=255).collect(); // every byte value survives
    s.save_secret_blob("service_app", &blob).await.unwrap();
    s.save_secret_blob("other", b"x").await.unwrap();
    assert_eq!(s.load_secret_blob("service_app").await.unwrap(), Some(blob));
    s.save_secret_blob("service_app", b"rotated").await.unwrap();
    assert_eq!(
        s.load_secret_blob("service_app").await.unwrap().as_deref(),
        Some(&b"rotated"[..])
    );
    assert_eq!(
        s.load_secret_blob("other").await.unwrap().as_deref(),
        Some(&b"x"[..])
    );
}

pub async fn lease_is_exclusive_until_expiry_or_release(db: Db) {
    let s = &db.store;
    let minute = Duration::from_secs(60);
    assert!(s.try_acquire_lease("refresh", "a", minute).await.unwrap());
    assert!(!s.try_acquire_lease("refresh", "b", minute).await.unwrap());
    // The holder renews; other lease names are independent.
    assert!(s.try_acquire_lease("refresh", "a", minute).await.unwrap());
    assert!(s.try_acquire_lease("other", "b", minute).await.unwrap());
    // Only the holder can release.
    s.release_lease("refresh", "b").await.unwrap();
    assert!(!s.try_acquire_lease("refresh", "b", minute).await.unwrap());
    s.release_lease("refresh", "a").await.unwrap();
    assert!(s.try_acquire_lease("refresh", "b", minute).await.unwrap());
    assert!(!s.try_acquire_lease("refresh", "a", minute).await.unwrap());

    // An expired lease goes to whoever asks next, and its former holder is then shut out.
    let short = Duration::from_millis(100);
    assert!(s.try_acquire_lease("short", "a", short).await.unwrap());
    assert!(!s.try_acquire_lease("short", "b", minute).await.unwrap());
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(s.try_acquire_lease("short", "b", minute).await.unwrap());
    assert!(!s.try_acquire_lease("short", "a", minute).await.unwrap());
}

pub async fn lease_race_has_exactly_one_winner(db: Db) {
    // Separate stores on the same database stand in for separate instances.
    let mut stores = vec![db.store.clone()];
    for _ in 0..3 {
        stores.push(Store::connect(&db.url).await.unwrap());
    }
    for round in 0..3 {
        let name = format!("race{round}");
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let store = stores[i % stores.len()].clone();
                let name = name.clone();
                tokio::spawn(async move {
                    store
                        .try_acquire_lease(&name, &format!("holder{i}"), Duration::from_secs(60))
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut winners = 0;
        for t in tasks {
            winners += usize::from(t.await.unwrap());
        }
        assert_eq!(
            winners, 1,
            "round {round}: exactly one instance takes the lease"
        );
    }
}

fn entry(actor: &str, target: &str, location: Option<&str>, feature: &str) -> NewAuditEntry {
    NewAuditEntry {
        actor_person_id: actor.to_owned(),
        actor_name: format!("Name of {actor}"),
        actor_role: calling_portal::auth::Role::Helpdesk,
        target_person_id: target.to_owned(),
        target_name: format!("Name of {target}"),
        target_location_id: location.map(str::to_owned),
        feature: feature.to_owned(),
        action: calling_portal::store::AuditAction::Update,
        before: None,
        after: None,
        result: AuditResult::Success,
        error: None,
        ticket: None,
        webex_tracking_id: None,
        request_id: "req-1".to_owned(),
        undo_of: None,
    }
}

fn everything() -> AuditFilter {
    AuditFilter {
        limit: 1000,
        ..AuditFilter::default()
    }
}

fn ids(entries: &[calling_portal::store::AuditEntry]) -> Vec<i64> {
    entries.iter().map(|e| e.id).collect()
}

pub async fn audit_round_trips_every_field(db: Db) {
    let s = &db.store;
    let before_write = OffsetDateTime::now_utc() - Duration::from_secs(1);
    let first = NewAuditEntry {
        actor_person_id: "P-helpdesk".into(),
        actor_name: "Hélène Desk".into(),
        actor_role: calling_portal::auth::Role::Helpdesk,
        target_person_id: "P-user".into(),
        target_name: "Ursula User".into(),
        target_location_id: Some("L-berlin".into()),
        feature: "call_forwarding".into(),
        action: calling_portal::store::AuditAction::Update,
        before: Some(json!({"always": {"enabled": false}, "busy": {"destination": null}})),
        after: Some(json!({"always": {"enabled": true, "destination": "+4930123456"}})),
        result: AuditResult::Failure,
        error: Some("Webex said 400: invalid destination".into()),
        ticket: Some("INC-42".into()),
        webex_tracking_id: Some("ROUTER_1234".into()),
        request_id: "req-abc".into(),
        undo_of: None,
    };
    let id = s.append_audit(&first).await.unwrap();
    let undo = NewAuditEntry {
        action: calling_portal::store::AuditAction::Undo,
        result: AuditResult::Conflict,
        before: first.after.clone(),
        after: first.before.clone(),
        undo_of: Some(id),
        ..first.clone()
    };
    let undo_id = s.append_audit(&undo).await.unwrap();
    assert!(undo_id > id);

    for (id, sent) in [(id, &first), (undo_id, &undo)] {
        let got = s.get_audit(id).await.unwrap().expect("stored entry");
        assert_eq!(got.id, id);
        assert!(got.at > before_write && got.at <= OffsetDateTime::now_utc());
        assert_eq!(got.at.offset(), time::UtcOffset::UTC);
        let as_new = NewAuditEntry {
            actor_person_id: got.actor_person_id,
            actor_name: got.actor_name,
            actor_role: got.actor_role,
            target_person_id: got.target_person_id,
            target_name: got.target_name,
            target_location_id: got.target_location_id,
            feature: got.feature,
            action: got.action,
            before: got.before,
            after: got.after,
            result: got.result,
            error: got.error,
            ticket: got.ticket,
            webex_tracking_id: got.webex_tracking_id,
            request_id: got.request_id,
            undo_of: got.undo_of,
        };
        assert_eq!(&as_new, sent);
    }
    assert_eq!(s.get_audit(undo_id + 1000).await.unwrap(), None);
    // What get_audit returns is what list_audit returns.
    let listed = s.list_audit(&everything()).await.unwrap();
    assert_eq!(listed[1], s.get_audit(id).await.unwrap().unwrap());
}

pub async fn audit_lists_newest_first_with_paging(db: Db) {
    let s = &db.store;
    let mut appended = Vec::new();
    for i in 0..7 {
        appended.push(
            s.append_audit(&entry("actor", &format!("target{i}"), None, "voicemail"))
                .await
                .unwrap(),
        );
    }
    appended.reverse();
    let all = s.list_audit(&everything()).await.unwrap();
    assert_eq!(ids(&all), appended);
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at));

    let page = |limit, offset| AuditFilter {
        limit,
        offset,
        ..AuditFilter::default()
    };
    assert_eq!(
        ids(&s.list_audit(&page(3, 0)).await.unwrap()),
        appended[0..3]
    );
    assert_eq!(
        ids(&s.list_audit(&page(3, 3)).await.unwrap()),
        appended[3..6]
    );
    assert_eq!(
        ids(&s.list_audit(&page(3, 6)).await.unwrap()),
        appended[6..]
    );
    assert!(s.list_audit(&page(3, 9)).await.unwrap().is_empty());
    assert!(s.list_audit(&page(0, 0)).await.unwrap().is_empty());
}

pub async fn audit_filters_by_person_actor_feature_and_visibility(db: Db) {
    let s = &db.store;
    let a = s
        .append_audit(&entry("hd1", "u1", Some("L1"), "call_forwarding"))
        .await
        .unwrap();
    let b = s
        .append_audit(&entry("hd1", "u2", Some("L2"), "voicemail"))
        .await
        .unwrap();
    let c = s
        .append_audit(&entry("u1", "u1", Some("L1"), "voicemail"))
        .await
        .unwrap();
    let d = s
        .append_audit(&entry("hd2", "u3", None, "call_forwarding"))
        .await
        .unwrap();

    let list = |f: AuditFilter| async move { ids(&s.list_audit(&f).await.unwrap()) };
    let some = |v: &str| Some(v.to_owned());
    let base = everything;

    assert_eq!(
        list(AuditFilter {
            target_person_id: some("u1"),
            ..base()
        })
        .await,
        [c, a]
    );
    assert_eq!(
        list(AuditFilter {
            actor_person_id: some("hd1"),
            ..base()
        })
        .await,
        [b, a]
    );
    assert_eq!(
        list(AuditFilter {
            feature: some("voicemail"),
            ..base()
        })
        .await,
        [c, b]
    );
    assert_eq!(
        list(AuditFilter {
            actor_person_id: some("hd1"),
            feature: some("voicemail"),
            ..base()
        })
        .await,
        [b]
    );
    assert!(
        list(AuditFilter {
            target_person_id: some("nobody"),
            ..base()
        })
        .await
        .is_empty()
    );

    // Visibility: entries about someone, made by someone, or about people in some locations (any
    // one suffices; an entry without a location is in none); the other fields narrow within it.
    // `Visibility::admits` says the same of each entry as the SQL.
    let all = s.list_audit(&base()).await.unwrap();
    let only = |about: Option<&str>, made_by: Option<&str>, locations: &[&str]| Visibility::Only {
        about: about.map(str::to_owned),
        made_by: made_by.map(str::to_owned),
        target_location_ids: locations.iter().map(|l| l.to_string()).collect(),
    };
    let visible = |visibility: Visibility, narrow: AuditFilter| {
        let all = &all;
        async move {
            let filter = AuditFilter {
                visibility: visibility.clone(),
                ..narrow
            };
            let listed = list(filter.clone()).await;
            let admitted: Vec<i64> = all
                .iter()
                .filter(|e| {
                    visibility.admits(e)
                        && filter.feature.as_ref().is_none_or(|f| *f == e.feature)
                        && filter
                            .actor_person_id
                            .as_ref()
                            .is_none_or(|a| *a == e.actor_person_id)
                })
                .map(|e| e.id)
                .collect();
            assert_eq!(listed, admitted, "{visibility:?}");
            listed
        }
    };
    assert_eq!(visible(only(None, None, &["L1"]), base()).await, [c, a]);
    assert_eq!(
        visible(only(None, None, &["L1", "L2"]), base()).await,
        [c, b, a]
    );
    assert!(visible(only(None, None, &[]), base()).await.is_empty());
    assert_eq!(
        visible(
            only(None, None, &["L2", "L3"]),
            AuditFilter {
                feature: some("voicemail"),
                ..base()
            }
        )
        .await,
        [b]
    );
    // An employee: the entries about them.
    assert_eq!(visible(only(Some("u1"), None, &[]), base()).await, [c, a]);
    // A helpdesk scoped to L2: its own history, what it did (the target has no location), and L2.
    assert_eq!(
        visible(only(Some("hd2"), Some("hd2"), &["L2"]), base()).await,
        [d, b]
    );
    assert_eq!(visible(only(None, Some("hd1"), &[]), base()).await, [b, a]);
    // The alternatives are one group: a narrowing filter applies to all of them.
    assert_eq!(
        visible(
            only(Some("u3"), None, &["L1"]),
            AuditFilter {
                actor_person_id: some("hd1"),
                ..base()
            }
        )
        .await,
        [a]
    );
    assert_eq!(visible(Visibility::All, base()).await, [d, c, b, a]);
    assert_eq!(list(base()).await, [d, c, b, a]);
}

pub async fn audit_filters_by_date_range(db: Db) {
    let s = &db.store;
    let pause = || tokio::time::sleep(Duration::from_millis(20));
    let old = s.append_audit(&entry("a", "t", None, "f")).await.unwrap();
    pause().await;
    let t1 = OffsetDateTime::now_utc();
    pause().await;
    let mid1 = s.append_audit(&entry("a", "t", None, "f")).await.unwrap();
    let mid2 = s.append_audit(&entry("a", "t", None, "f")).await.unwrap();
    pause().await;
    let t2 = OffsetDateTime::now_utc();
    pause().await;
    let new = s.append_audit(&entry("a", "t", None, "f")).await.unwrap();

    let list = |from, to| async move {
        ids(&s
            .list_audit(&AuditFilter {
                from,
                to,
                ..everything()
            })
            .await
            .unwrap())
    };
    assert_eq!(list(Some(t1), Some(t2)).await, [mid2, mid1]);
    assert_eq!(list(Some(t1), None).await, [new, mid2, mid1]);
    assert_eq!(list(None, Some(t2)).await, [mid2, mid1, old]);
    // Bounds in another offset mean the same instants.
    let plus2 = time::UtcOffset::from_hms(2, 0, 0).unwrap();
    assert_eq!(
        list(Some(t1.to_offset(plus2)), Some(t2.to_offset(plus2))).await,
        [mid2, mid1]
    );
    // `from` is inclusive, `to` exclusive.
    let at = s.get_audit(mid1).await.unwrap().unwrap().at;
    assert!(list(Some(at), None).await.contains(&mid1));
    assert!(!list(None, Some(at)).await.contains(&mid1));
}

pub async fn audit_log_refuses_update_and_delete(db: Db) {
    let id = db
        .store
        .append_audit(&entry("a", "t", None, "f"))
        .await
        .unwrap();
    let statements = [
        format!(
            "UPDATE audit_log SET result = 'success', actor_name = 'someone else' WHERE id = {id}"
        ),
        format!("DELETE FROM audit_log WHERE id = {id}"),
        "DELETE FROM audit_log".to_owned(),
    ];
    for sql in &statements {
        let err = raw_execute(&db.url, sql)
            .await
            .expect_err("the database refuses to change the audit log");
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    if db.url.starts_with("postgres") {
        let err = raw_execute(&db.url, "TRUNCATE audit_log")
            .await
            .unwrap_err();
        assert!(err.contains("append-only"), "{err}");
    }
    let still = db.store.get_audit(id).await.unwrap().unwrap();
    assert_eq!(still.actor_name, "Name of a");
}

/// Runs `sql` on its own connection, outside the store, as an operator with a SQL prompt would.
async fn raw_execute(url: &str, sql: &str) -> Result<u64, String> {
    let result = if url.starts_with("sqlite") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(sql)
            .execute(&mut conn)
            .await
            .map(|r| r.rows_affected())
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(sql)
            .execute(&mut conn)
            .await
            .map(|r| r.rows_affected())
    };
    result.map_err(|e| e.to_string())
}

pub async fn store_serves_as_token_vault(db: Db) {
    use calling_portal::webex::token::TokenVault;
    let vault: std::sync::Arc<dyn TokenVault> = std::sync::Arc::new(db.store.clone());
    assert_eq!(vault.load("service_app").await.unwrap(), None);
    vault.save("service_app", b"sealed").await.unwrap();
    assert_eq!(
        db.store
            .load_secret_blob("service_app")
            .await
            .unwrap()
            .as_deref(),
        Some(&b"sealed"[..])
    );
    let ttl = Duration::from_secs(30);
    assert!(
        vault
            .try_acquire_lease("token_refresh", "i1", ttl)
            .await
            .unwrap()
    );
    assert!(
        !vault
            .try_acquire_lease("token_refresh", "i2", ttl)
            .await
            .unwrap()
    );
    vault.release_lease("token_refresh", "i1").await.unwrap();
    assert!(
        vault
            .try_acquire_lease("token_refresh", "i2", ttl)
            .await
            .unwrap()
    );
}
