//! The audit log: who changed what for whom, before and after, and how it went.
//!
//! Append-only: this module has no update or delete, and the migrations add triggers that make the
//! database refuse them too.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, types::Json};
use time::OffsetDateTime;

use super::{DbTime, Store, StoreError, on_pool};
use crate::auth::Role;

/// How an audited action ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditResult {
    Success,
    Failure,
    /// Webex held something other than what the user last saw, so nothing was written.
    Conflict,
    /// The portal refused the action (authorization).
    Denied,
}

impl AuditResult {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditResult::Success => "success",
            AuditResult::Failure => "failure",
            AuditResult::Conflict => "conflict",
            AuditResult::Denied => "denied",
        }
    }
}

impl std::fmt::Display for AuditResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for AuditResult {
    type Error = StoreError;

    fn try_from(s: String) -> Result<Self, StoreError> {
        Ok(match s.as_str() {
            "success" => AuditResult::Success,
            "failure" => AuditResult::Failure,
            "conflict" => AuditResult::Conflict,
            "denied" => AuditResult::Denied,
            other => return Err(StoreError::Corrupt(format!("audit result `{other}`"))),
        })
    }
}

/// What an audited request did. Stored by its stable name ([`AuditAction::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A card's save.
    Update,
    /// A save that puts an earlier entry's before-state back (`undo_of` names it).
    Undo,
    ResetPin,
    SetPin,
    UploadGreeting,
    SignOutEveryone,
    /// A call rule's criterion created, changed or deleted (before/after: the criterion). Not
    /// offered for undo: only card saves are.
    AddRule,
    ChangeRule,
    DeleteRule,
    /// A timed change scheduled (after: when and what) or cancelled before it was done.
    Schedule,
    CancelSchedule,
    /// A timed change's step: the change applied at its start, put back at its end (a conflict:
    /// left as the person changed it meanwhile).
    TimedApply,
    TimedRevert,
    /// One person's row of a bulk change (the request id names the job and its step).
    BulkApply,
}

impl AuditAction {
    pub const ALL: [AuditAction; 14] = [
        AuditAction::Update,
        AuditAction::Undo,
        AuditAction::ResetPin,
        AuditAction::SetPin,
        AuditAction::UploadGreeting,
        AuditAction::SignOutEveryone,
        AuditAction::AddRule,
        AuditAction::ChangeRule,
        AuditAction::DeleteRule,
        AuditAction::Schedule,
        AuditAction::CancelSchedule,
        AuditAction::TimedApply,
        AuditAction::TimedRevert,
        AuditAction::BulkApply,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Update => "update",
            AuditAction::Undo => "undo",
            AuditAction::ResetPin => "reset_pin",
            AuditAction::SetPin => "set_pin",
            AuditAction::UploadGreeting => "upload_greeting",
            AuditAction::SignOutEveryone => "sign_out_everyone",
            AuditAction::AddRule => "add_rule",
            AuditAction::ChangeRule => "change_rule",
            AuditAction::DeleteRule => "delete_rule",
            AuditAction::Schedule => "schedule",
            AuditAction::CancelSchedule => "cancel_schedule",
            AuditAction::TimedApply => "timed_apply",
            AuditAction::TimedRevert => "timed_revert",
            AuditAction::BulkApply => "bulk_apply",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for AuditAction {
    type Error = StoreError;

    fn try_from(s: String) -> Result<Self, StoreError> {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("audit action `{s}`")))
    }
}

impl TryFrom<String> for Role {
    type Error = StoreError;

    fn try_from(s: String) -> Result<Self, StoreError> {
        [Role::Employee, Role::Helpdesk, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("audit actor role `{s}`")))
    }
}

/// One entry to append; the store adds the id and the time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewAuditEntry {
    pub actor_person_id: String,
    pub actor_name: String,
    pub actor_role: Role,
    pub target_person_id: String,
    pub target_name: String,
    /// The target's location, so a helpdesk scoped to locations sees only its own entries.
    pub target_location_id: Option<String>,
    /// A registry feature's audit key (`Feature::audit_key`), or `sessions` for the admin's
    /// sign-out of everyone.
    pub feature: String,
    pub action: AuditAction,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub result: AuditResult,
    pub error: Option<String>,
    pub ticket: Option<String>,
    pub webex_tracking_id: Option<String>,
    pub request_id: String,
    /// The entry this one undoes, for `action == "undo"`.
    pub undo_of: Option<i64>,
}

/// A stored entry: the id and time the store gave it, and the fields of [`NewAuditEntry`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_person_id: String,
    pub actor_name: String,
    #[sqlx(try_from = "String")]
    pub actor_role: Role,
    pub target_person_id: String,
    pub target_name: String,
    pub target_location_id: Option<String>,
    pub feature: String,
    #[sqlx(try_from = "String")]
    pub action: AuditAction,
    #[sqlx(json(nullable))]
    pub before: Option<serde_json::Value>,
    #[sqlx(json(nullable))]
    pub after: Option<serde_json::Value>,
    #[sqlx(try_from = "String")]
    pub result: AuditResult,
    pub error: Option<String>,
    pub ticket: Option<String>,
    pub webex_tracking_id: Option<String>,
    pub request_id: String,
    pub undo_of: Option<i64>,
}

/// Which entries [`Store::list_audit`] returns: those `visibility` admits, narrowed by the other
/// fields. Unset fields do not filter; `from` is inclusive and `to` exclusive.
#[derive(Clone, Debug)]
pub struct AuditFilter {
    pub target_person_id: Option<String>,
    pub actor_person_id: Option<String>,
    /// Part of the target's or the actor's name, any case.
    pub target_name_contains: Option<String>,
    pub actor_name_contains: Option<String>,
    pub feature: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub visibility: Visibility,
    pub limit: i64,
    pub offset: i64,
}

/// `%part%`, lower case, with LIKE's own wildcards in `part` taken literally.
fn like_pattern(part: &str) -> String {
    let mut out = String::from("%");
    for c in part.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Which entries a reader may see at all. [`Store::list_audit`] applies it in SQL and
/// [`Visibility::admits`] to one entry, with the same rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Visibility {
    /// Every entry.
    #[default]
    All,
    /// The entries that match at least one of these: the target is `about`, the actor is
    /// `made_by`, or the target's location is one of `target_location_ids` (an entry without a
    /// location matches none). With nothing set it admits nothing.
    Only {
        about: Option<String>,
        made_by: Option<String>,
        target_location_ids: Vec<String>,
    },
}

impl Visibility {
    /// Whether `entry` is visible: the rule [`Store::list_audit`] applies in SQL.
    pub fn admits(&self, entry: &AuditEntry) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Only {
                about,
                made_by,
                target_location_ids,
            } => {
                about.as_deref() == Some(entry.target_person_id.as_str())
                    || made_by.as_deref() == Some(entry.actor_person_id.as_str())
                    || entry
                        .target_location_id
                        .as_ref()
                        .is_some_and(|loc| target_location_ids.contains(loc))
            }
        }
    }
}

impl Default for AuditFilter {
    fn default() -> Self {
        AuditFilter {
            target_person_id: None,
            actor_person_id: None,
            target_name_contains: None,
            actor_name_contains: None,
            feature: None,
            from: None,
            to: None,
            visibility: Visibility::All,
            limit: 50,
            offset: 0,
        }
    }
}

const COLUMNS: &str = "id, at, actor_person_id, actor_name, actor_role, target_person_id, \
    target_name, target_location_id, feature, action, before, after, result, error, ticket, \
    webex_tracking_id, request_id, undo_of";

impl Store {
    /// Appends `entry`, stamped with the current time; returns its id.
    pub async fn append_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError> {
        let e = entry;
        let (id,): (i64,) = on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO audit_log (at, actor_person_id, actor_name, actor_role,
                     target_person_id, target_name, target_location_id, feature, action,
                     before, after, result, error, ticket, webex_tracking_id, request_id, undo_of)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                 RETURNING id",
            )
            .bind(DbTime::now())
            .bind(&e.actor_person_id)
            .bind(&e.actor_name)
            .bind(e.actor_role.as_str())
            .bind(&e.target_person_id)
            .bind(&e.target_name)
            .bind(&e.target_location_id)
            .bind(&e.feature)
            .bind(e.action.as_str())
            .bind(e.before.as_ref().map(Json))
            .bind(e.after.as_ref().map(Json))
            .bind(e.result.as_str())
            .bind(&e.error)
            .bind(&e.ticket)
            .bind(&e.webex_tracking_id)
            .bind(&e.request_id)
            .bind(e.undo_of)
            .fetch_one(pool)
            .await
        })?;
        Ok(id)
    }

    /// Entries matching `filter`, newest first, `filter.limit` of them after skipping `filter.offset`.
    pub async fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let f = filter;
        let rows: Vec<AuditEntry> = on_pool!(self, pool => {
            let mut q = QueryBuilder::new(format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1"));
            if let Some(v) = &f.target_person_id {
                q.push(" AND target_person_id = ").push_bind(v);
            }
            if let Some(v) = &f.actor_person_id {
                q.push(" AND actor_person_id = ").push_bind(v);
            }
            if let Some(v) = &f.target_name_contains {
                q.push(" AND LOWER(target_name) LIKE ").push_bind(like_pattern(v));
                q.push(" ESCAPE '\\'");
            }
            if let Some(v) = &f.actor_name_contains {
                q.push(" AND LOWER(actor_name) LIKE ").push_bind(like_pattern(v));
                q.push(" ESCAPE '\\'");
            }
            if let Some(v) = &f.feature {
                q.push(" AND feature = ").push_bind(v);
            }
            if let Some(v) = f.from {
                q.push(" AND at >= ").push_bind(DbTime::new(v));
            }
            if let Some(v) = f.to {
                q.push(" AND at < ").push_bind(DbTime::new(v));
            }
            if let Visibility::Only { about, made_by, target_location_ids } = &f.visibility {
                // One OR-group of what is set; with nothing set, `1 = 0` admits nothing.
                q.push(" AND (1 = 0");
                if let Some(v) = about {
                    q.push(" OR target_person_id = ").push_bind(v);
                }
                if let Some(v) = made_by {
                    q.push(" OR actor_person_id = ").push_bind(v);
                }
                if !target_location_ids.is_empty() {
                    q.push(" OR target_location_id IN (");
                    let mut list = q.separated(", ");
                    for id in target_location_ids {
                        list.push_bind(id);
                    }
                    q.push(")");
                }
                q.push(")");
            }
            q.push(" ORDER BY id DESC LIMIT ").push_bind(f.limit.max(0));
            q.push(" OFFSET ").push_bind(f.offset.max(0));
            q.build_query_as().fetch_all(pool).await
        })?;
        Ok(rows)
    }

    /// Which of `ids` a successful undo has put back already.
    pub async fn undone_among(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashSet<i64>, StoreError> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let rows: Vec<Option<i64>> = on_pool!(self, pool => {
            let mut q = QueryBuilder::new("SELECT undo_of FROM audit_log WHERE result = ");
            q.push_bind(AuditResult::Success.as_str());
            q.push(" AND undo_of IN (");
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            q.push(")");
            q.build_query_scalar().fetch_all(pool).await
        })?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// The entry with this id, if any.
    pub async fn get_audit(&self, id: i64) -> Result<Option<AuditEntry>, StoreError> {
        let query = format!("SELECT {COLUMNS} FROM audit_log WHERE id = $1");
        let row = on_pool!(self, pool => {
            sqlx::query_as(&query).bind(id).fetch_optional(pool).await
        })?;
        Ok(row)
    }

    /// The entries a request (or a job's step, `job-<job>-step-<step>`) wrote, oldest first.
    pub async fn audit_by_request_id(
        &self,
        request_id: &str,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let query = format!("SELECT {COLUMNS} FROM audit_log WHERE request_id = $1 ORDER BY id");
        let rows = on_pool!(self, pool => {
            sqlx::query_as(&query).bind(request_id).fetch_all(pool).await
        })?;
        Ok(rows)
    }
}
