//! Bulk changes' steps (issue 18; the job's shape is in `crate::bulk`): `bulk_plan` finds the
//! people, `bulk_check` previews one person's row, `bulk_apply` saves it through the card, and
//! `bulk_undo` puts an applied row back through the same conflict check as a single undo. Each
//! acts as the person who asked for the job, authorized again on the row's person, on the
//! background budget.
//!
//! A step runs again when the replica running it died before recording its outcome; the audit
//! entries carry the step's request id, so an apply or undo that already wrote finds its entry
//! and records it instead of writing twice.

use std::collections::{HashMap, HashSet};

use futures_util::TryStreamExt as _;
use serde_json::json;

use super::{StepCx, StepOutcome};
use crate::{
    auth::SessionUser,
    bulk::{
        self, CHECK, Change, MAX_PEOPLE, PlanStep, Refused, RefusedReason, RowStatus, RowStep,
        Targeting,
    },
    features::Feature,
    store::{AuditAction, AuditEntry, AuditResult, NewJobStep},
    web::settings::{
        Ctx,
        cards::{ChangeCheck, StepSave, card},
    },
    webex::{PeopleQuery, Person, WebexClient},
};

fn done(status: RowStatus, extra: serde_json::Value) -> StepOutcome {
    let mut result = json!({ "status": status });
    if let (Some(map), serde_json::Value::Object(extra)) = (result.as_object_mut(), extra) {
        map.extend(extra);
    }
    StepOutcome::Done(result)
}

/// The row's payload and setting, or the outcome when they cannot be read.
fn row_of(cx: &StepCx) -> Result<(RowStep, Feature), StepOutcome> {
    let row: RowStep = serde_json::from_value(cx.step.payload.clone())
        .map_err(|e| StepOutcome::failed(format!("the step's payload cannot be read: {e}")))?;
    let feature = Feature::from_audit_key(&cx.step.feature)
        .ok_or_else(|| StepOutcome::failed(format!("no such setting: {}", cx.step.feature)))?;
    Ok((row, feature))
}

/// The context the row acts in; a person no longer the user's to change is a refused row.
async fn row_ctx(cx: &StepCx, row: &RowStep, action: AuditAction) -> Result<Ctx, StepOutcome> {
    match cx.acting(row.actor.clone(), &row.lang, action).await {
        Ok(ctx) => Ok(ctx),
        Err(StepOutcome::Failed { error, .. }) => {
            tracing::info!(step_id = cx.step.id, error, "bulk row refused");
            let t = crate::i18n::by_tag(&row.lang).unwrap_or(&crate::i18n::EN);
            Err(done(
                RowStatus::Refused,
                json!({ "reason": t.bulk.refused_now }),
            ))
        }
        Err(other) => Err(other),
    }
}

/// The successful entry of `action` this step wrote, if it wrote one.
async fn written_by(cx: &StepCx, action: AuditAction) -> Result<Option<AuditEntry>, StepOutcome> {
    let entries = cx
        .state
        .store
        .audit_by_request_id(&cx.request_id())
        .await
        .map_err(|e| StepOutcome::Retry {
            error: e.to_string(),
            after: None,
        })?;
    Ok(entries
        .into_iter()
        .rev()
        .find(|e| e.action == action && e.result == AuditResult::Success))
}

/// An applied row's result: its audit entry (for undo), tracking id and what changed.
fn applied(ctx: &Ctx, feature: Feature, entry: &AuditEntry, late: Option<u64>) -> StepOutcome {
    let changes: Vec<(String, String, String)> = match (&entry.before, &entry.after) {
        (Some(before), Some(after)) => card(feature)
            .changes(ctx.t, before, after)
            .into_iter()
            .map(|(label, b, a)| (label.to_owned(), b, a))
            .collect(),
        _ => Vec::new(),
    };
    done(
        RowStatus::Applied,
        json!({
            "audit_id": entry.id,
            "tracking_id": entry.webex_tracking_id,
            "changes": changes,
            "late_by_secs": late,
        }),
    )
}

// ---------------------------------------------------------------------------------------------
// Plan

/// `bulk_plan`: the people, found and checked against the user's scope; a check step for each
/// person and setting.
pub async fn plan(cx: StepCx) -> StepOutcome {
    let plan: PlanStep = match serde_json::from_value(cx.step.payload.clone()) {
        Ok(p) => p,
        Err(e) => return StepOutcome::failed(format!("the step's payload cannot be read: {e}")),
    };
    let webex = cx.webex().for_actor(&plan.actor.person_id);
    let (rows, refused) = match find(&webex, &plan).await {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    let steps: Vec<NewJobStep> = rows
        .into_iter()
        .flat_map(|found| {
            let (actor, lang, ticket) = (&plan.actor, &plan.lang, &plan.ticket);
            let now = cx.now;
            found
                .changes
                .into_iter()
                .map(move |(feature, fields)| NewJobStep {
                    kind: CHECK.to_owned(),
                    target_person_id: found.person.id.clone(),
                    feature: feature.audit_key().to_owned(),
                    due_at: now,
                    payload: json!(RowStep {
                        actor: actor.clone(),
                        lang: lang.clone(),
                        line: found.line,
                        key: found.key.clone(),
                        name: found.person.display_name.clone(),
                        fields,
                        ticket: ticket.clone(),
                        of_step: None,
                    }),
                })
        })
        .collect();
    // Run before, its outcome lost with its replica: the rows are there already.
    if let Err(e) = cx
        .state
        .store
        .add_job_steps_once(cx.step.job_id, CHECK, &steps, cx.now)
        .await
    {
        return StepOutcome::Retry {
            error: e.to_string(),
            after: None,
        };
    }
    StepOutcome::Done(json!({ "rows": steps.len(), "refused": refused }))
}

/// A person found for the job, and what changes for them.
struct Found {
    person: Person,
    line: Option<usize>,
    key: String,
    changes: bulk::Changes,
}

/// Why `person` may not be changed by `user` in a bulk change, if so.
fn refusal(user: &SessionUser, person: &Person) -> Option<RefusedReason> {
    if person.org_id != user.org_id {
        return Some(RefusedReason::NotFound);
    }
    match &person.location_id {
        None => Some(RefusedReason::NotCallingUser),
        Some(location) if !user.covers_location(location) => Some(RefusedReason::OutsideScope),
        Some(_) => None,
    }
}

fn email_of(person: &Person) -> String {
    person.emails.first().cloned().unwrap_or_default()
}

async fn find(
    webex: &WebexClient,
    plan: &PlanStep,
) -> Result<(Vec<Found>, Vec<Refused>), StepOutcome> {
    let user = &plan.actor;
    let webex_failed = |e: crate::webex::WebexError| StepOutcome::from_webex_error(&e);
    let mut refused = Vec::new();
    let everyone = |change: &Change| -> Result<bulk::Changes, StepOutcome> {
        let feature = Feature::from_audit_key(&change.feature)
            .filter(|f| f.info().bulk)
            .ok_or_else(|| StepOutcome::failed(format!("no such setting: {}", change.feature)))?;
        Ok(vec![(feature, change.fields.clone())])
    };
    let people: Vec<Person> = match &plan.targeting {
        Targeting::Location { id, .. } => {
            if !user.covers_location(id) {
                return Err(StepOutcome::failed(
                    "the location is outside the helpdesk scope".into(),
                ));
            }
            webex
                .list_people(PeopleQuery {
                    location_id: Some(id.clone()),
                    calling_data: true,
                    max: Some(50),
                    ..PeopleQuery::default()
                })
                .try_collect()
                .await
                .map_err(webex_failed)?
        }
        Targeting::Group { name } => {
            let groups = webex.find_groups(name).await.map_err(webex_failed)?;
            let Some(group) = groups.first() else {
                return Err(StepOutcome::failed(format!(
                    "no Webex group is named {name}"
                )));
            };
            let ids: Vec<String> = webex
                .group_members(&group.id)
                .map_ok(|m| m.id)
                .try_collect()
                .await
                .map_err(webex_failed)?;
            people_by_ids(webex, ids).await?
        }
        Targeting::Search { query } => {
            let mut ids = Vec::new();
            for page in 0.. {
                let outcome = crate::web::helpdesk::search(webex, user, query, page)
                    .await
                    .map_err(|e| StepOutcome::Retry {
                        error: e.to_string(),
                        after: None,
                    })?;
                ids.extend(outcome.hits.into_iter().map(|h| h.person_id));
                if !outcome.has_next || ids.len() >= MAX_PEOPLE {
                    break;
                }
            }
            people_by_ids(webex, ids).await?
        }
        Targeting::Csv { text, .. } => return find_csv(webex, user, text).await,
    };
    let change = plan
        .change
        .as_ref()
        .ok_or_else(|| StepOutcome::failed("the change is missing".into()))?;
    let changes = everyone(change)?;
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for person in people {
        if !seen.insert(person.id.clone()) {
            continue;
        }
        let key = email_of(&person);
        if let Some(reason) = refusal(user, &person) {
            refused.push(Refused {
                line: None,
                key,
                reason,
            });
        } else if found.len() < MAX_PEOPLE {
            found.push(Found {
                person,
                line: None,
                key,
                changes: changes.clone(),
            });
        }
    }
    Ok((found, refused))
}

/// The people with these ids, with their calling data (none asked for when there are none).
async fn people_by_ids(webex: &WebexClient, ids: Vec<String>) -> Result<Vec<Person>, StepOutcome> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    webex
        .list_people(PeopleQuery {
            ids,
            calling_data: true,
            ..PeopleQuery::default()
        })
        .try_collect()
        .await
        .map_err(|e| StepOutcome::from_webex_error(&e))
}

/// The rows of a CSV file: each person looked up by email or extension among the org's calling
/// users (the People API has no extension filter, FACTS §8: the org is listed once).
async fn find_csv(
    webex: &WebexClient,
    user: &SessionUser,
    text: &str,
) -> Result<(Vec<Found>, Vec<Refused>), StepOutcome> {
    let parsed = bulk::csv::parse(text)
        .map_err(|e| StepOutcome::failed(format!("the file cannot be read: {e:?}")))?;
    let columns = bulk::read_columns(&parsed.columns)
        .map_err(|e| StepOutcome::failed(format!("the file's columns: {e:?}")))?;
    let mut refused: Vec<Refused> = parsed
        .bad
        .iter()
        .map(|b| Refused {
            line: Some(b.line),
            key: String::new(),
            reason: RefusedReason::BadRow(b.reason),
        })
        .collect();
    let people: Vec<Person> = webex
        .list_people(PeopleQuery {
            calling_data: true,
            max: Some(100),
            ..PeopleQuery::default()
        })
        .try_collect()
        .await
        .map_err(|e| StepOutcome::from_webex_error(&e))?;
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_extension: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        for email in &p.emails {
            by_email.insert(email.to_ascii_lowercase(), i);
        }
        if let Some(ext) = &p.extension {
            by_extension.entry(ext.clone()).or_default().push(i);
        }
    }
    let mut found: Vec<Found> = Vec::new();
    let mut seen = HashSet::new();
    for row in parsed.rows {
        let (key, candidates): (String, Vec<usize>) = match &row.key {
            bulk::csv::RowKey::Email(e) => {
                (e.clone(), by_email.get(e).copied().into_iter().collect())
            }
            bulk::csv::RowKey::Extension(x) => {
                (x.clone(), by_extension.get(x).cloned().unwrap_or_default())
            }
        };
        let refuse = |reason| Refused {
            line: Some(row.line),
            key: key.clone(),
            reason,
        };
        // An extension is unique within a location: the one in the user's scope, if one is.
        let inside: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|i| refusal(user, &people[*i]).is_none())
            .collect();
        let person = match (inside.as_slice(), candidates.first()) {
            ([one], _) => &people[*one],
            ([], None) => {
                refused.push(refuse(RefusedReason::NotFound));
                continue;
            }
            ([], Some(first)) => {
                let reason = refusal(user, &people[*first]).unwrap_or(RefusedReason::NotFound);
                refused.push(refuse(reason));
                continue;
            }
            (_, _) => {
                refused.push(refuse(RefusedReason::Ambiguous));
                continue;
            }
        };
        if !seen.insert(person.id.clone()) {
            refused.push(refuse(RefusedReason::Duplicate));
            continue;
        }
        if found.len() >= MAX_PEOPLE {
            break;
        }
        found.push(Found {
            changes: bulk::row_changes(&columns, &parsed.columns, &row.settings),
            person: person.clone(),
            line: Some(row.line),
            key,
        });
    }
    // Rows whose every cell was a "no" reset set nothing.
    found.retain(|f| !f.changes.is_empty());
    Ok((found, refused))
}

// ---------------------------------------------------------------------------------------------
// Check, apply, undo

/// `bulk_check`: what the change would do for this row; nothing is written.
pub async fn check(cx: StepCx) -> StepOutcome {
    let (row, feature) = match row_of(&cx) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let ctx = match row_ctx(&cx, &row, AuditAction::BulkApply).await {
        Ok(ctx) => ctx,
        Err(outcome) => return outcome,
    };
    match card(feature).check_change(&ctx, &row.fields).await {
        ChangeCheck::Change { changes } => done(RowStatus::Change, json!({ "changes": changes })),
        ChangeCheck::Unchanged => done(RowStatus::Unchanged, json!({})),
        ChangeCheck::Invalid(why) => done(RowStatus::Invalid, json!({ "reason": why })),
        ChangeCheck::Refused(why) => done(RowStatus::Refused, json!({ "reason": why })),
        ChangeCheck::Failed(e) => StepOutcome::from_webex_error(&e),
    }
}

/// `bulk_apply`: the row's change through the card's save.
pub async fn apply(cx: StepCx) -> StepOutcome {
    let (row, feature) = match row_of(&cx) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let ctx = match row_ctx(&cx, &row, AuditAction::BulkApply).await {
        Ok(ctx) => ctx,
        Err(outcome) => return outcome,
    };
    let late = cx.late_by().map(|d| d.as_secs());
    // Run before by a replica that died after writing: its audit entry says what it wrote.
    if cx.step.attempts > 1 {
        match written_by(&cx, AuditAction::BulkApply).await {
            Ok(Some(entry)) => return applied(&ctx, feature, &entry, late),
            Ok(None) => {}
            Err(outcome) => return outcome,
        }
    }
    match card(feature)
        .apply_change(&ctx, &row.fields, row.ticket.as_deref())
        .await
    {
        StepSave::Saved { .. } => match written_by(&cx, AuditAction::BulkApply).await {
            Ok(Some(entry)) => applied(&ctx, feature, &entry, late),
            // Written, but its audit entry is not there (the audit store failed, and said so).
            Ok(None) => done(RowStatus::Applied, json!({ "late_by_secs": late })),
            Err(outcome) => outcome,
        },
        StepSave::Unchanged { .. } => done(RowStatus::Unchanged, json!({})),
        // Moved between the read and the save: try again.
        StepSave::Conflict => StepOutcome::Retry {
            error: "the setting changed while the change was applied".into(),
            after: None,
        },
        StepSave::Refused(why) => done(RowStatus::Invalid, json!({ "reason": why })),
        StepSave::Failed(e) => StepOutcome::from_webex_error(&e),
    }
}

/// `bulk_undo`: an applied row put back, unless the setting was changed since.
pub async fn undo(cx: StepCx) -> StepOutcome {
    let (row, feature) = match row_of(&cx) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let store = &cx.state.store;
    let retry = |e: crate::store::StoreError| StepOutcome::Retry {
        error: e.to_string(),
        after: None,
    };
    let applied_step = match row.of_step {
        Some(id) => match store.get_job_step(id).await {
            Ok(step) => step,
            Err(e) => return retry(e),
        },
        None => None,
    };
    let Some(audit_id) = applied_step
        .as_ref()
        .and_then(|s| s.result.as_ref())
        .and_then(|r| r["audit_id"].as_i64())
    else {
        return done(
            RowStatus::Unchanged,
            json!({ "reason": "nothing was applied" }),
        );
    };
    let entry = match store.get_audit(audit_id).await {
        Ok(Some(entry)) => entry,
        Ok(None) => return StepOutcome::failed(format!("audit entry {audit_id} is gone")),
        Err(e) => return retry(e),
    };
    match store.undone_among(&[audit_id]).await {
        Ok(undone) if undone.contains(&audit_id) => {
            return done(RowStatus::Undone, json!({ "already": true }));
        }
        Ok(_) => {}
        Err(e) => return retry(e),
    }
    let mut ctx = match row_ctx(&cx, &row, AuditAction::Undo).await {
        Ok(ctx) => ctx,
        Err(outcome) => return outcome,
    };
    ctx.undo_of = Some(audit_id);
    match card(feature).revert_entry(&ctx, &entry).await {
        StepSave::Saved { .. } => done(RowStatus::Undone, json!({})),
        StepSave::Unchanged { .. } => done(RowStatus::Unchanged, json!({})),
        StepSave::Conflict => StepOutcome::Skipped(json!({
            "status": RowStatus::Conflict,
            "reason": crate::jobs::timed::CHANGED_ELSEWHERE,
        })),
        StepSave::Refused(why) => done(RowStatus::Refused, json!({ "reason": why })),
        StepSave::Failed(e) => StepOutcome::from_webex_error(&e),
    }
}
