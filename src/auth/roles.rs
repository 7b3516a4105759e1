//! Who is helpdesk or admin: the role map (`PORTAL_ROLE_MAP`) and resolving it for a person.
//!
//! Syntax: entries separated by `;`, each `<subject>=<grant>`:
//! - subject: `group:<display name>` (resolved with the Groups API, FACTS §9), `group-id:<id>`,
//!   or `email:<address>`;
//! - grant: `admin`, `helpdesk` (the whole org) or `helpdesk@<locationId>|<locationId>…`.
//!
//! The grant starts at the first `=` that is followed by `admin` or `helpdesk`, so ids with base64
//! padding (`…==`) are fine. A person matching several entries gets the strongest grant: admin over
//! helpdesk, an org-wide helpdesk over a scoped one, scoped locations added together.
//!
//! Group membership is looked up at sign-in and again once a session's check is older than
//! `PORTAL_ROLE_RECHECK_SECS`; members are cached across users for that interval, so N signed-in
//! users cost one members listing per group per interval, not N.

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
    time::Duration,
};

use futures_util::TryStreamExt as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Role;
use crate::webex::{WebexClient, WebexError, person_uuid};

/// Where a helpdesk role applies.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The whole org (admins always; helpdesk when mapped without locations).
    #[default]
    Org,
    /// Only people whose Webex Calling location is one of these.
    Locations(Vec<String>),
}

impl Scope {
    /// Whether a person at `location_id` is inside this scope.
    pub fn covers(&self, location_id: &str) -> bool {
        match self {
            Scope::Org => true,
            Scope::Locations(ids) => ids.iter().any(|id| same_location(id, location_id)),
        }
    }
}

impl Scope {
    /// The bare UUIDs among the locations (the role map allows them for Webex location ids).
    pub fn bare_uuids(&self) -> Vec<&str> {
        match self {
            Scope::Org => Vec::new(),
            Scope::Locations(ids) => ids
                .iter()
                .map(String::as_str)
                .filter(|id| uuid::Uuid::try_parse(id).is_ok())
                .collect(),
        }
    }

    /// This scope with every bare UUID replaced by its Webex location id from `webex_ids`
    /// (see [`crate::webex::LocationNames::webex_ids`]), so that nothing sends a UUID to Webex
    /// as a `locationId`. The one place the portal turns them into ids. Returns whether every
    /// UUID was found; one that was not is left out (it grants nothing until it is found).
    pub fn with_webex_ids(self, webex_ids: &HashMap<String, String>) -> (Scope, bool) {
        let Scope::Locations(ids) = self else {
            return (self, true);
        };
        let mut complete = true;
        let mut out: Vec<String> = Vec::with_capacity(ids.len());
        for id in ids {
            let id = if uuid::Uuid::try_parse(&id).is_ok() {
                match webex_ids.get(&id) {
                    Some(webex_id) => webex_id.clone(),
                    None => {
                        complete = false;
                        continue;
                    }
                }
            } else {
                id
            };
            if !out.contains(&id) {
                out.push(id);
            }
        }
        (Scope::Locations(out), complete)
    }
}

/// Location ids from configuration may be the Webex id or the bare UUID inside it.
fn same_location(configured: &str, actual: &str) -> bool {
    configured == actual
        || decoded_uuid(actual).is_some_and(|uuid| uuid.eq_ignore_ascii_case(configured))
}

/// The UUID at the end of a Webex id (`ciscospark://…/<KIND>/<uuid>`, FACTS §5).
fn decoded_uuid(id: &str) -> Option<String> {
    use base64::Engine as _;
    let trimmed = id.trim().trim_end_matches('=');
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(trimmed)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed))
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("ciscospark://")?
        .rsplit_once('/')
        .map(|(_, uuid)| uuid.to_owned())
}

/// Who an entry names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    GroupName(String),
    GroupId(String),
    Email(String),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::GroupName(n) => write!(f, "group:{n}"),
            Subject::GroupId(id) => write!(f, "group-id:{id}"),
            Subject::Email(e) => write!(f, "email:{e}"),
        }
    }
}

/// One entry of the role map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRule {
    pub subject: Subject,
    pub role: Role,
    pub scope: Scope,
}

/// The parsed `PORTAL_ROLE_MAP`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleMap {
    pub rules: Vec<RoleRule>,
}

impl std::str::FromStr for RoleMap {
    type Err = String;

    /// Parses the syntax in the module docs; the error names the entry at fault.
    fn from_str(s: &str) -> Result<Self, String> {
        let mut rules = Vec::new();
        for (i, raw) in s.split(';').enumerate() {
            let entry = raw.trim();
            if entry.is_empty() {
                continue;
            }
            let rule = parse_rule(entry).map_err(|e| format!("entry {} `{entry}`: {e}", i + 1))?;
            rules.push(rule);
        }
        Ok(RoleMap { rules })
    }
}

fn parse_rule(entry: &str) -> Result<RoleRule, String> {
    let split = entry
        .match_indices('=')
        .map(|(i, _)| i)
        .find(|&i| {
            let rest = entry[i + 1..].trim_start();
            ["admin", "helpdesk"].iter().any(|role| {
                rest.strip_prefix(role)
                    .is_some_and(|after| after.trim().is_empty() || after.starts_with('@'))
            })
        })
        .ok_or("expected `<subject>=admin`, `<subject>=helpdesk` or `<subject>=helpdesk@<locationId>|…`")?;
    let (subject, grant) = (entry[..split].trim(), entry[split + 1..].trim());
    let (kind, value) = subject
        .split_once(':')
        .ok_or("the subject must be `group:<name>`, `group-id:<id>` or `email:<address>`")?;
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("`{kind}:` names nobody"));
    }
    let subject = match kind.trim() {
        "group" => Subject::GroupName(value.to_owned()),
        "group-id" => Subject::GroupId(value.to_owned()),
        "email" if value.contains('@') && !value.contains(char::is_whitespace) => {
            Subject::Email(value.to_ascii_lowercase())
        }
        "email" => return Err(format!("`{value}` is not an email address")),
        other => {
            return Err(format!(
                "unknown subject kind `{other}` (use group, group-id or email)"
            ));
        }
    };
    let (role, locations) = match grant.split_once('@') {
        Some((role, locations)) => (role.trim(), Some(locations)),
        None => (grant, None),
    };
    let (role, scope) = match (role, locations) {
        ("admin", None) => (Role::Admin, Scope::Org),
        ("admin", Some(_)) => return Err("admin is always org-wide; it takes no locations".into()),
        ("helpdesk", None) => (Role::Helpdesk, Scope::Org),
        ("helpdesk", Some(list)) => {
            let ids: Vec<String> = list.split('|').map(|s| s.trim().to_owned()).collect();
            if ids.iter().any(String::is_empty) {
                return Err("an empty location id in the list".into());
            }
            (Role::Helpdesk, Scope::Locations(ids))
        }
        _ => unreachable!("the split point guarantees a role keyword"),
    };
    Ok(RoleRule {
        subject,
        role,
        scope,
    })
}

/// The role a person holds, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
    /// Whether every group could be looked up; if not, the grant leaves those groups out and
    /// should be checked again soon.
    pub complete: bool,
}

impl Grant {
    fn employee() -> Grant {
        Grant {
            role: Role::Employee,
            scope: Scope::Org,
            complete: true,
        }
    }

    /// Adds `rule`'s grant: the stronger role wins; helpdesk scopes add up.
    fn add(&mut self, rule: &RoleRule) {
        match (self.role, rule.role) {
            (Role::Admin, _) => {}
            (_, Role::Admin) => {
                self.role = Role::Admin;
                self.scope = Scope::Org;
            }
            (Role::Employee, r) => {
                self.role = r;
                self.scope = rule.scope.clone();
            }
            (Role::Helpdesk, Role::Helpdesk) => {
                self.scope = match (&self.scope, &rule.scope) {
                    (Scope::Org, _) | (_, Scope::Org) => Scope::Org,
                    (Scope::Locations(a), Scope::Locations(b)) => {
                        let mut ids = a.clone();
                        ids.extend(b.iter().filter(|id| !a.contains(id)).cloned());
                        Scope::Locations(ids)
                    }
                };
            }
            (Role::Helpdesk, Role::Employee) => {}
        }
    }
}

/// One entry of the map as resolved now: who it names (for the admin page).
#[derive(Debug, Clone)]
pub struct ResolvedRule {
    pub rule: RoleRule,
    /// `(person id, display name)`; for an email entry, the email stands in for both.
    pub members: Vec<(String, String)>,
    /// Why the group could not be looked up, if it could not.
    pub error: Option<crate::webex::WebexError>,
}

/// Members of one group entry, as fetched at `fetched_at`.
struct CachedMembers {
    fetched_at: OffsetDateTime,
    /// `(person id, display name)`.
    members: Vec<(String, String)>,
}

/// Resolves the role map against Webex, caching group members for the re-check interval.
pub struct RoleResolver {
    map: RoleMap,
    recheck: Duration,
    cache: Mutex<HashMap<Subject, CachedMembers>>,
}

impl RoleResolver {
    pub fn new(map: RoleMap, recheck: Duration) -> Self {
        RoleResolver {
            map,
            recheck,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn map(&self) -> &RoleMap {
        &self.map
    }

    /// How long a session's role stands before it is checked again.
    pub fn recheck_interval(&self) -> Duration {
        self.recheck
    }

    /// Whether a role checked at `checked_at` must be checked again at `now`.
    pub fn is_due(&self, checked_at: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
        checked_at.is_none_or(|at| now - at >= self.recheck || now < at)
    }

    /// The grant for the person with `person_id` and `email`. A group that cannot be looked up
    /// grants nothing (fail closed) and marks the grant incomplete.
    pub async fn grant_for(
        &self,
        webex: &WebexClient,
        person_id: &str,
        email: &str,
        now: OffsetDateTime,
    ) -> Grant {
        let mut grant = Grant::employee();
        for rule in &self.map.rules {
            let matches = match &rule.subject {
                Subject::Email(e) => e.eq_ignore_ascii_case(email),
                group => match self.members(webex, group, now).await {
                    Ok(members) => members.iter().any(|(id, _)| same_person(id, person_id)),
                    Err(e) => {
                        tracing::error!(entry = %group, error = %e, "role group lookup failed; not granting it");
                        grant.complete = false;
                        false
                    }
                },
            };
            if matches {
                grant.add(rule);
            }
        }
        grant
    }

    /// Every entry with the people it names now (group members from the cache when fresh).
    pub async fn resolve_all(&self, webex: &WebexClient, now: OffsetDateTime) -> Vec<ResolvedRule> {
        let mut out = Vec::new();
        for rule in &self.map.rules {
            let (members, error) = match &rule.subject {
                Subject::Email(e) => (vec![(e.clone(), e.clone())], None),
                group => match self.members(webex, group, now).await {
                    Ok(m) => (m, None),
                    Err(e) => (Vec::new(), Some(e)),
                },
            };
            out.push(ResolvedRule {
                rule: rule.clone(),
                members,
                error,
            });
        }
        out
    }

    async fn members(
        &self,
        webex: &WebexClient,
        group: &Subject,
        now: OffsetDateTime,
    ) -> Result<Vec<(String, String)>, WebexError> {
        if let Some(cached) = self.cache.lock().expect("role cache lock").get(group)
            && now - cached.fetched_at < self.recheck
            && now >= cached.fetched_at
        {
            return Ok(cached.members.clone());
        }
        let ids = match group {
            Subject::GroupName(name) => webex
                .find_groups(name)
                .await?
                .into_iter()
                .map(|g| g.id)
                .collect(),
            Subject::GroupId(id) => vec![id.clone()],
            Subject::Email(_) => Vec::new(),
        };
        let mut members = Vec::new();
        let mut seen = HashSet::new();
        for id in ids {
            let listed: Vec<_> = webex.group_members(&id).try_collect().await?;
            for m in listed {
                if seen.insert(m.id.clone()) {
                    let name = m.display_name.clone().unwrap_or_else(|| m.id.clone());
                    members.push((m.id, name));
                }
            }
        }
        self.cache.lock().expect("role cache lock").insert(
            group.clone(),
            CachedMembers {
                fetched_at: now,
                members: members.clone(),
            },
        );
        Ok(members)
    }
}

/// Person ids compare by the UUID inside them (the region segment may differ, FACTS §5).
fn same_person(a: &str, b: &str) -> bool {
    a == b
        || matches!((person_uuid(a), person_uuid(b)), (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<RoleMap, String> {
        s.parse()
    }

    #[test]
    fn parses_groups_ids_emails_and_scopes() {
        let map = parse(
            " group:Portal Helpdesk=helpdesk; group:Portal Admins = admin ;\
             email:Bob@Acme.example=helpdesk@L1|L2==;group-id:Zm9v==helpdesk;",
        )
        .unwrap();
        assert_eq!(
            map.rules,
            vec![
                RoleRule {
                    subject: Subject::GroupName("Portal Helpdesk".into()),
                    role: Role::Helpdesk,
                    scope: Scope::Org,
                },
                RoleRule {
                    subject: Subject::GroupName("Portal Admins".into()),
                    role: Role::Admin,
                    scope: Scope::Org,
                },
                RoleRule {
                    subject: Subject::Email("bob@acme.example".into()),
                    role: Role::Helpdesk,
                    scope: Scope::Locations(vec!["L1".into(), "L2==".into()]),
                },
                RoleRule {
                    subject: Subject::GroupId("Zm9v=".into()),
                    role: Role::Helpdesk,
                    scope: Scope::Org,
                },
            ]
        );
        assert_eq!(parse("").unwrap(), RoleMap::default());
    }

    #[test]
    fn malformed_entries_are_named() {
        for (bad, says) in [
            ("group:A=boss", "entry 1 `group:A=boss`"),
            (
                "group:A=admin; team:B=helpdesk",
                "entry 2 `team:B=helpdesk`",
            ),
            ("email:nobody=admin", "not an email"),
            ("email:a@b.example=admin@L1", "org-wide"),
            ("group:=admin", "names nobody"),
            ("group:A=helpdesk@L1||L2", "empty location"),
            ("Portal Admins=admin", "subject must be"),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn the_strongest_grant_wins_and_scopes_add_up() {
        let rule = |role, scope| RoleRule {
            subject: Subject::Email("x@y.z".into()),
            role,
            scope,
        };
        let locs = |ids: &[&str]| Scope::Locations(ids.iter().map(|s| s.to_string()).collect());
        let mut g = Grant::employee();
        g.add(&rule(Role::Helpdesk, locs(&["A"])));
        g.add(&rule(Role::Helpdesk, locs(&["B", "A"])));
        assert_eq!((g.role, &g.scope), (Role::Helpdesk, &locs(&["A", "B"])));
        g.add(&rule(Role::Helpdesk, Scope::Org));
        assert_eq!(g.scope, Scope::Org);
        g.add(&rule(Role::Admin, Scope::Org));
        g.add(&rule(Role::Helpdesk, locs(&["A"])));
        assert_eq!((g.role, g.scope), (Role::Admin, Scope::Org));
    }

    #[test]
    fn bare_uuids_become_webex_location_ids() {
        let uuid = "10ca7100-0000-4000-8000-000000000001";
        let id = crate::simulator::seed::location_id(uuid);
        let other = crate::simulator::seed::location_id("10ca7100-0000-4000-8000-000000000002");
        let scope = Scope::Locations(vec![uuid.into(), other.clone(), id.clone()]);
        assert_eq!(scope.bare_uuids(), vec![uuid]);
        let known = HashMap::from([(uuid.to_owned(), id.clone())]);
        assert_eq!(
            scope.clone().with_webex_ids(&known),
            (Scope::Locations(vec![id.clone(), other.clone()]), true)
        );
        // Not found: left out, and said so.
        assert_eq!(
            scope.with_webex_ids(&HashMap::new()),
            (Scope::Locations(vec![other, id]), false)
        );
        assert_eq!(
            Scope::Org.with_webex_ids(&HashMap::new()),
            (Scope::Org, true)
        );
    }

    #[test]
    fn scopes_accept_webex_ids_or_bare_uuids() {
        use base64::Engine as _;
        let id = base64::engine::general_purpose::STANDARD_NO_PAD
            .encode("ciscospark://us/LOCATION/10ca7100-0000-4000-8000-000000000001");
        let by_uuid = Scope::Locations(vec!["10CA7100-0000-4000-8000-000000000001".into()]);
        assert!(by_uuid.covers(&id));
        assert!(Scope::Locations(vec![id.clone()]).covers(&id));
        assert!(!Scope::Locations(vec!["other".into()]).covers(&id));
        assert!(Scope::Org.covers(&id));
    }
}
