//! The simulator's starting data: organisations, locations, users, groups and OAuth clients.
//!
//! [`Seed::builtin`] is a deterministic org (same ids on every run) that `demo` and the tests use;
//! `--seed FILE` replaces it with a JSON file of the same shape ([`Seed::from_json`]). A malformed
//! file is refused with a message that names the bad entry, e.g. `users[3].email: missing`.

use std::collections::{BTreeMap, HashSet};

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The Login with Webex integration the portal signs users in with.
pub const INTEGRATION_CLIENT_ID: &str = "portal-integration";
pub const INTEGRATION_CLIENT_SECRET: &str = "portal-integration-secret";
/// Redirect URIs registered for the integration in the built-in seed.
pub const INTEGRATION_REDIRECT_URIS: [&str; 2] = [
    "http://localhost:8080/auth/callback",
    "http://127.0.0.1:8080/auth/callback",
];
/// The service app (authorised for [`ORG_UUID`]) whose refresh token yields admin access tokens.
pub const SERVICE_APP_CLIENT_ID: &str = "portal-service-app";
pub const SERVICE_APP_CLIENT_SECRET: &str = "portal-service-app-secret";
pub const SERVICE_APP_REFRESH_TOKEN: &str = "sim-service-app-refresh-token-acme";
/// The scopes the built-in service app was authorised with (FACTS §4).
pub const SERVICE_APP_SCOPES: [&str; 7] = [
    "spark-admin:people_read",
    "spark-admin:people_write",
    "spark-admin:telephony_config_read",
    "spark-admin:telephony_config_write",
    "identity:groups_read",
    // Location names (FACTS §10.8).
    "spark-admin:locations_read",
    // People's devices (FACTS §10.6).
    "spark-admin:devices_read",
];

/// One password for every seeded user, for scripted logins through the email + password form.
pub const USER_PASSWORD: &str = "simulator-password";

/// The main org ("Acme") and the second org ("Globex", for cross-org refusals).
pub const ORG_UUID: &str = "c0ffee00-0000-4000-8000-000000000001";
pub const OTHER_ORG_UUID: &str = "c0ffee00-0000-4000-8000-000000000002";
pub const LOCATION_BOSTON_UUID: &str = "10ca7100-0000-4000-8000-000000000001";
pub const LOCATION_CHICAGO_UUID: &str = "10ca7100-0000-4000-8000-000000000002";
pub const LOCATION_LONDON_UUID: &str = "10ca7100-0000-4000-8000-000000000003";
pub const OTHER_ORG_LOCATION_UUID: &str = "10ca7100-0000-4000-8000-000000000004";

/// An ordinary employee with Webex Calling and a direct number.
pub const EMPLOYEE_EMAIL: &str = "alice.anderson@acme.example";
/// Alice's mobile, where her after-hours selective forward sends calls.
pub const ALICE_MOBILE: &str = "+16175550199";
/// A member of the "Portal Helpdesk" group.
pub const HELPDESK_EMAIL: &str = "henry.hughes@acme.example";
/// A member of the "Portal Admins" group.
pub const ADMIN_EMAIL: &str = "amara.adams@acme.example";
/// A user without Webex Calling (no location, no extension).
pub const NO_CALLING_EMAIL: &str = "nina.novak@acme.example";
/// A Webex Calling user whose feature access says `callForwarding: NO_ACCESS` (FACTS §3a).
pub const NO_FORWARDING_EMAIL: &str = "frank.fischer@acme.example";
/// A user in the other org.
pub const OTHER_ORG_EMAIL: &str = "oscar.olsen@globex.example";
pub const HELPDESK_GROUP: &str = "Portal Helpdesk";
/// The bot access token every simulator accepts for `POST /v1/messages` (scope
/// `spark:messages_write`), standing in for a bot created on developer.webex.com.
pub const BOT_TOKEN: &str = "sim-bot-token";
pub const BOT_UUID: &str = "b0700000-0000-4000-8000-000000000001";
pub const BOT_EMAIL: &str = "portal-notices@webex.bot";
pub const ADMINS_GROUP: &str = "Portal Admins";

/// Default for an org's `systemMaxNumberOfRings` (returned by the forwarding and voicemail GETs).
pub const DEFAULT_SYSTEM_MAX_RINGS: u32 = 15;

/// A public Webex ID: unpadded standard base64 of `ciscospark://us/<KIND>/<uuid>` (FACTS §5).
pub fn webex_id(kind: &str, uuid: &str) -> String {
    base64::engine::general_purpose::STANDARD_NO_PAD
        .encode(format!("ciscospark://us/{kind}/{uuid}"))
}

/// The person ID of a user UUID (`sub`).
pub fn person_id(uuid: &str) -> String {
    webex_id("PEOPLE", uuid)
}

/// The public org ID of an org UUID (`ciscospark://us/ORGANIZATION/<uuid>`).
pub fn org_id(uuid: &str) -> String {
    webex_id("ORGANIZATION", uuid)
}

/// The public location ID of a location UUID (`ciscospark://us/LOCATION/<uuid>`).
pub fn location_id(uuid: &str) -> String {
    webex_id("LOCATION", uuid)
}

/// Decodes a public Webex ID into (kind, uuid); `None` if it is not one.
pub fn decode_webex_id(id: &str) -> Option<(String, String)> {
    let trimmed = id.trim_end_matches('=');
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(trimmed)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed))
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let rest = text.strip_prefix("ciscospark://")?;
    let mut parts = rest.splitn(3, '/');
    let _region = parts.next()?;
    let kind = parts.next()?.to_string();
    let uuid = parts.next()?.to_string();
    Some((kind, uuid))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    pub orgs: Vec<SeedOrg>,
    #[serde(default)]
    pub locations: Vec<SeedLocation>,
    pub users: Vec<SeedUser>,
    #[serde(default)]
    pub groups: Vec<SeedGroup>,
    pub clients: Vec<SeedClient>,
    /// The password of every user that has none of its own.
    #[serde(default = "default_password")]
    pub user_password: String,
}

fn default_password() -> String {
    USER_PASSWORD.to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedOrg {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_max_number_of_rings: Option<u32>,
    /// The org's voicemail passcode rules (FACTS §2 `VoicemailRules`), merged over the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voicemail_rules: Option<Value>,
    /// Org default feature access (FACTS §3a), merged over "everything FULL_ACCESS".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_access: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedLocation {
    pub id: String,
    pub org_id: String,
    pub name: String,
    /// ISO 3166 alpha-2 country code.
    pub country: String,
    /// IANA time zone, as Webex gives it (`timeZone`, FACTS §10.8); none if left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedUser {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Webex Calling: `None` for a user without a calling licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calling: Option<SeedCalling>,
    /// Initial settings per feature (`callForwarding`, `voicemail`, `doNotDisturb`, `callWaiting`,
    /// `permissions`, `callerId`, `intercept`, `personalAssistant`, `anonymousCallReject`,
    /// `bargeIn`), deep-merged over the defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedCalling {
    pub location_id: String,
    pub extension: String,
    /// Direct number in E.164, if the user has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedGroup {
    pub id: String,
    pub org_id: String,
    pub display_name: String,
    /// Members by email.
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClientKind {
    /// A Login with Webex integration: authorization code (+ PKCE), user tokens.
    Integration,
    /// A service app authorised for one org: refresh-token grant, admin tokens.
    ServiceApp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedClient {
    pub client_id: String,
    pub client_secret: String,
    pub kind: ClientKind,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Service apps: the org they were authorised for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// Service apps: the refresh token "generated in My Apps".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Service apps: the scopes their access tokens carry.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// A seed that cannot be used, naming the bad entry.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read seed file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("seed is not valid JSON: {0}")]
    Json(String),
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> SeedError {
    SeedError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

impl Seed {
    /// Reads and checks a JSON seed file.
    pub fn from_file(path: &std::path::Path) -> Result<Seed, SeedError> {
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Seed::from_json(&text)
    }

    /// Parses and checks a JSON seed. Entries are read one by one so an error names its place.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| SeedError::Json(e.to_string()))?;
        let Value::Object(top) = value else {
            return Err(invalid("$", "the seed must be a JSON object"));
        };
        const KNOWN: [&str; 6] = [
            "orgs",
            "locations",
            "users",
            "groups",
            "clients",
            "userPassword",
        ];
        if let Some(k) = top.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            return Err(invalid(k.clone(), "unknown field"));
        }
        let seed = Seed {
            orgs: entries(&top, "orgs", true)?,
            locations: entries(&top, "locations", false)?,
            users: entries(&top, "users", true)?,
            groups: entries(&top, "groups", false)?,
            clients: entries(&top, "clients", true)?,
            user_password: match top.get("userPassword") {
                None => default_password(),
                Some(Value::String(s)) if !s.is_empty() => s.clone(),
                Some(_) => return Err(invalid("userPassword", "must be a non-empty string")),
            },
        };
        seed.validate()?;
        Ok(seed)
    }

    /// Checks references and formats; errors name the entry (`users[3].email: …`).
    pub fn validate(&self) -> Result<(), SeedError> {
        let mut org_ids = HashSet::new();
        for (i, o) in self.orgs.iter().enumerate() {
            check_uuid(&format!("orgs[{i}].id"), &o.id)?;
            if !org_ids.insert(o.id.to_lowercase()) {
                return Err(invalid(format!("orgs[{i}].id"), "duplicate"));
            }
            if let Some(r) = o.system_max_number_of_rings
                && !(2..=20).contains(&r)
            {
                return Err(invalid(
                    format!("orgs[{i}].systemMaxNumberOfRings"),
                    "must be between 2 and 20",
                ));
            }
            for (field, v) in [
                ("voicemailRules", &o.voicemail_rules),
                ("featureAccess", &o.feature_access),
            ] {
                if v.as_ref().is_some_and(|v| !v.is_object()) {
                    return Err(invalid(format!("orgs[{i}].{field}"), "must be an object"));
                }
            }
        }
        if self.orgs.is_empty() {
            return Err(invalid("orgs", "at least one org is needed"));
        }
        let known_org = |path: String, id: &str| {
            if org_ids.contains(&id.to_lowercase()) {
                Ok(())
            } else {
                Err(invalid(path, format!("unknown org {id:?}")))
            }
        };
        let mut loc_ids = std::collections::HashMap::new();
        for (i, l) in self.locations.iter().enumerate() {
            check_uuid(&format!("locations[{i}].id"), &l.id)?;
            known_org(format!("locations[{i}].orgId"), &l.org_id)?;
            if l.country.len() != 2 || !l.country.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(invalid(
                    format!("locations[{i}].country"),
                    "must be an ISO 3166 alpha-2 code like \"US\"",
                ));
            }
            if loc_ids
                .insert(l.id.to_lowercase(), l.org_id.to_lowercase())
                .is_some()
            {
                return Err(invalid(format!("locations[{i}].id"), "duplicate"));
            }
        }
        let mut user_ids = HashSet::new();
        let mut emails = std::collections::HashMap::new();
        let mut extensions = HashSet::new();
        for (i, u) in self.users.iter().enumerate() {
            let p = format!("users[{i}]");
            check_uuid(&format!("{p}.id"), &u.id)?;
            if !user_ids.insert(u.id.to_lowercase()) {
                return Err(invalid(format!("{p}.id"), "duplicate"));
            }
            known_org(format!("{p}.orgId"), &u.org_id)?;
            if !looks_like_email(&u.email) {
                return Err(invalid(format!("{p}.email"), "not an email address"));
            }
            if emails
                .insert(u.email.to_lowercase(), u.org_id.to_lowercase())
                .is_some()
            {
                return Err(invalid(format!("{p}.email"), "duplicate"));
            }
            for (field, v) in [("firstName", &u.first_name), ("lastName", &u.last_name)] {
                if v.trim().is_empty() {
                    return Err(invalid(format!("{p}.{field}"), "must not be empty"));
                }
            }
            if let Some(c) = &u.calling {
                match loc_ids.get(&c.location_id.to_lowercase()) {
                    None => {
                        return Err(invalid(
                            format!("{p}.calling.locationId"),
                            format!("unknown location {:?}", c.location_id),
                        ));
                    }
                    Some(org) if *org != u.org_id.to_lowercase() => {
                        return Err(invalid(
                            format!("{p}.calling.locationId"),
                            "location belongs to another org",
                        ));
                    }
                    Some(_) => {}
                }
                if c.extension.is_empty()
                    || c.extension.len() > 10
                    || !c.extension.chars().all(|ch| ch.is_ascii_digit())
                {
                    return Err(invalid(
                        format!("{p}.calling.extension"),
                        "must be 1 to 10 digits",
                    ));
                }
                if !extensions.insert((u.org_id.to_lowercase(), c.extension.clone())) {
                    return Err(invalid(
                        format!("{p}.calling.extension"),
                        "duplicate in the org",
                    ));
                }
                if let Some(n) = &c.phone_number
                    && !is_e164(n)
                {
                    return Err(invalid(
                        format!("{p}.calling.phoneNumber"),
                        "must be E.164, e.g. +16175550100",
                    ));
                }
            }
            for (feature, v) in &u.settings {
                if !crate::simulator::settings::FEATURES.contains(&feature.as_str()) {
                    return Err(invalid(
                        format!("{p}.settings.{feature}"),
                        "unknown feature",
                    ));
                }
                if !v.is_object() {
                    return Err(invalid(
                        format!("{p}.settings.{feature}"),
                        "must be an object",
                    ));
                }
            }
        }
        for (i, g) in self.groups.iter().enumerate() {
            check_uuid(&format!("groups[{i}].id"), &g.id)?;
            known_org(format!("groups[{i}].orgId"), &g.org_id)?;
            if g.display_name.trim().is_empty() {
                return Err(invalid(
                    format!("groups[{i}].displayName"),
                    "must not be empty",
                ));
            }
            for (j, m) in g.members.iter().enumerate() {
                match emails.get(&m.to_lowercase()) {
                    None => {
                        return Err(invalid(
                            format!("groups[{i}].members[{j}]"),
                            format!("no user with email {m:?}"),
                        ));
                    }
                    Some(org) if *org != g.org_id.to_lowercase() => {
                        return Err(invalid(
                            format!("groups[{i}].members[{j}]"),
                            "user belongs to another org",
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
        let mut client_ids = HashSet::new();
        for (i, c) in self.clients.iter().enumerate() {
            let p = format!("clients[{i}]");
            if c.client_id.is_empty() || !client_ids.insert(c.client_id.clone()) {
                return Err(invalid(format!("{p}.clientId"), "empty or duplicate"));
            }
            if c.client_secret.is_empty() {
                return Err(invalid(format!("{p}.clientSecret"), "must not be empty"));
            }
            for (j, u) in c.redirect_uris.iter().enumerate() {
                if url::Url::parse(u).is_err() {
                    return Err(invalid(
                        format!("{p}.redirectUris[{j}]"),
                        "not an absolute URL",
                    ));
                }
            }
            if c.kind == ClientKind::ServiceApp {
                match &c.org_id {
                    None => return Err(invalid(format!("{p}.orgId"), "missing")),
                    Some(o) => known_org(format!("{p}.orgId"), o)?,
                }
                if c.refresh_token.as_deref().is_none_or(str::is_empty) {
                    return Err(invalid(format!("{p}.refreshToken"), "missing"));
                }
            }
        }
        Ok(())
    }

    /// The built-in org: Acme (3 locations, 44 calling users, 2 without calling, the two portal
    /// groups, one user barred from changing call forwarding) and Globex (a second org).
    pub fn builtin() -> Seed {
        builtin_seed(0)
    }

    /// The built-in seed plus `extra` generated calling users in Acme (for pagination tests).
    pub fn builtin_with_extra_users(extra: usize) -> Seed {
        builtin_seed(extra)
    }

    /// The first Login with Webex integration (what `demo` signs users in with).
    pub fn integration_client(&self) -> Option<&SeedClient> {
        self.clients
            .iter()
            .find(|c| c.kind == ClientKind::Integration)
    }

    /// The first service app (its id, secret and refresh token configure the portal in `demo`).
    pub fn service_app_client(&self) -> Option<&SeedClient> {
        self.clients
            .iter()
            .find(|c| c.kind == ClientKind::ServiceApp)
    }

    /// The user with this email, if any.
    pub fn user_by_email(&self, email: &str) -> Option<&SeedUser> {
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }
}

fn entries<T: serde::de::DeserializeOwned>(
    top: &serde_json::Map<String, Value>,
    key: &str,
    required: bool,
) -> Result<Vec<T>, SeedError> {
    let items = match top.get(key) {
        None if required => return Err(invalid(key, "missing")),
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid(key, "must be an array")),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            serde_json::from_value(item.clone())
                .map_err(|e| serde_to_seed_error::<T>(key, i, item, &e))
        })
        .collect()
}

/// Turns serde's message into `key[i].field: problem` where serde tells us the field.
fn serde_to_seed_error<T: serde::de::DeserializeOwned>(
    key: &str,
    i: usize,
    item: &Value,
    e: &serde_json::Error,
) -> SeedError {
    let msg = e.to_string();
    let path = format!("{key}[{i}]");
    if !item.is_object() {
        return invalid(path, "must be an object");
    }
    let field_in = |prefix: &str| {
        msg.strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    if let Some(f) = field_in("missing field `") {
        return invalid(format!("{path}.{f}"), "missing");
    }
    if let Some(f) = field_in("unknown field `") {
        return invalid(format!("{path}.{f}"), "unknown field");
    }
    // A wrong value somewhere: the culprit is the field whose removal makes the error go away (or
    // turn into "missing").
    if let Value::Object(map) = item {
        for key in map.keys() {
            let mut without = map.clone();
            without.remove(key);
            match serde_json::from_value::<T>(Value::Object(without)) {
                Ok(_) => return invalid(format!("{path}.{key}"), msg),
                Err(e2)
                    if e2
                        .to_string()
                        .starts_with(&format!("missing field `{key}`")) =>
                {
                    return invalid(format!("{path}.{key}"), msg);
                }
                Err(_) => {}
            }
        }
    }
    invalid(path, msg)
}

fn check_uuid(path: &str, s: &str) -> Result<(), SeedError> {
    uuid::Uuid::parse_str(s)
        .map(|_| ())
        .map_err(|_| invalid(path, format!("{s:?} is not a UUID")))
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        }
        None => false,
    }
}

pub(crate) fn is_e164(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|d| {
        (8..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()) && !d.starts_with('0')
    })
}

fn user_uuid(org: u32, n: usize) -> String {
    format!("5e00000{org}-0000-4000-8000-{n:012}")
}

const FIRST_NAMES: [&str; 20] = [
    "Liam", "Olivia", "Mateo", "Sofia", "Ethan", "Maya", "Lucas", "Zara", "Daniel", "Chloe",
    "Ravi", "Emma", "Kenji", "Grace", "Tomas", "Isla", "Omar", "Leah", "Ivan", "Priya",
];
const LAST_NAMES: [&str; 19] = [
    "Baker", "Carter", "Diaz", "Evans", "Foster", "Garcia", "Hall", "Ito", "Jensen", "Khan",
    "Lopez", "Moreau", "Nguyen", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Turner",
];
const DEPARTMENTS: [&str; 5] = ["Sales", "Engineering", "Finance", "Support", "Marketing"];

fn builtin_seed(extra: usize) -> Seed {
    let acme = ORG_UUID.to_string();
    let globex = OTHER_ORG_UUID.to_string();
    let orgs = vec![
        SeedOrg {
            id: acme.clone(),
            name: "Acme Corporation".into(),
            system_max_number_of_rings: None,
            voicemail_rules: None,
            feature_access: None,
        },
        SeedOrg {
            id: globex.clone(),
            name: "Globex".into(),
            system_max_number_of_rings: None,
            voicemail_rules: None,
            feature_access: None,
        },
    ];
    let loc = |id: &str, org: &str, name: &str, country: &str, tz: &str| SeedLocation {
        id: id.into(),
        org_id: org.into(),
        name: name.into(),
        country: country.into(),
        time_zone: Some(tz.into()),
    };
    let locations = vec![
        loc(
            LOCATION_BOSTON_UUID,
            &acme,
            "Boston HQ",
            "US",
            "America/New_York",
        ),
        loc(
            LOCATION_CHICAGO_UUID,
            &acme,
            "Chicago",
            "US",
            "America/Chicago",
        ),
        loc(LOCATION_LONDON_UUID, &acme, "London", "GB", "Europe/London"),
        loc(
            OTHER_ORG_LOCATION_UUID,
            &globex,
            "Springfield",
            "US",
            "America/Chicago",
        ),
    ];
    // Per location: (uuid, extension prefix, direct-number prefix).
    let sites = [
        (LOCATION_BOSTON_UUID, 1000, "+1617555"),
        (LOCATION_CHICAGO_UUID, 2000, "+1312555"),
        (LOCATION_LONDON_UUID, 3000, "+44207946"),
    ];
    let calling = |site: usize, n: usize, direct: bool| {
        let (loc, ext, prefix) = sites[site];
        SeedCalling {
            location_id: loc.into(),
            extension: (ext + n).to_string(),
            phone_number: direct.then(|| format!("{prefix}{:04}", n)),
        }
    };
    let user = |n: usize,
                org: &str,
                first: &str,
                last: &str,
                domain: &str,
                calling: Option<SeedCalling>| SeedUser {
        id: user_uuid(if org == ORG_UUID { 1 } else { 2 }, n),
        org_id: org.into(),
        email: format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase()),
        first_name: first.into(),
        last_name: last.into(),
        display_name: None,
        department: Some(DEPARTMENTS[n % DEPARTMENTS.len()].into()),
        title: None,
        password: None,
        calling,
        settings: BTreeMap::new(),
    };
    let mut users = vec![
        user(
            1,
            &acme,
            "Alice",
            "Anderson",
            "acme.example",
            Some(calling(0, 1, true)),
        ),
        user(
            2,
            &acme,
            "Henry",
            "Hughes",
            "acme.example",
            Some(calling(0, 2, true)),
        ),
        user(
            3,
            &acme,
            "Amara",
            "Adams",
            "acme.example",
            Some(calling(1, 1, true)),
        ),
        user(
            4,
            &acme,
            "Frank",
            "Fischer",
            "acme.example",
            Some(calling(0, 3, false)),
        ),
        user(5, &acme, "Nina", "Novak", "acme.example", None),
        user(6, &acme, "Noah", "Nash", "acme.example", None),
    ];
    users[1].title = Some("IT Helpdesk".into());
    users[2].title = Some("IT Administrator".into());
    users[3].settings.insert(
        "permissions".into(),
        serde_json::json!({
            "userOrgSettingsPermissionEnabled": false,
            "userSettingsPermissions": { "callForwarding": "NO_ACCESS" }
        }),
    );
    users[0].settings.insert(
        "voicemail".into(),
        serde_json::json!({ "notifications": { "enabled": true, "destination": EMPLOYEE_EMAIL } }),
    );
    users[0]
        .settings
        .insert("bargeIn".into(), serde_json::json!({ "enabled": true }));
    // Away until the end of the year, calls offered to Alice (FACTS §10.4).
    users[1].settings.insert(
        "personalAssistant".into(),
        serde_json::json!({
            "enabled": true, "presence": "OUT_OF_OFFICE", "untilDateTime": "2026-12-31T17:00:00Z",
            "transferEnabled": true, "transferNumber": "1001", "alerting": "PLAY_RING_REMINDER"
        }),
    );
    // Intercepted with an uploaded announcement giving a new number (FACTS §3).
    users[2].settings.insert(
        "intercept".into(),
        serde_json::json!({
            "enabled": true,
            "incoming": { "announcements": {
                "greeting": "CUSTOM", "filename": "new-number.wav",
                "newNumber": { "enabled": true, "destination": "+13125550009" } } },
            "outgoing": { "type": "ALLOW_LOCAL_ONLY" }
        }),
    );
    // Call handling rules and schedules (FACTS §10.2, §10.3). Alice: calls from +1 408 555 0100
    // go to her mobile after hours (the criterion's number as people type it, not E.164), and
    // anonymous callers are rejected on company holidays.
    let weekly = |days: &[&str]| {
        let mut w = serde_json::json!({
            "sunday": false, "monday": false, "tuesday": false, "wednesday": false,
            "thursday": false, "friday": false, "saturday": false });
        for d in days {
            w[*d] = true.into();
        }
        serde_json::json!({ "recurForEver": true, "recurWeekly": w })
    };
    let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    users[0].settings.insert(
        "schedules".into(),
        serde_json::json!({ "schedules": [
            { "name": "Office hours", "type": "businessHours", "events": [
                { "name": "Weekdays", "startDate": "2026-01-05", "endDate": "2026-01-05",
                  "startTime": "09:00", "endTime": "17:00", "allDayEnabled": false,
                  "recurrence": weekly(&weekdays) } ] },
            { "name": "After hours", "type": "businessHours", "events": [
                { "name": "Weekday mornings", "startDate": "2026-01-05", "endDate": "2026-01-05",
                  "startTime": "00:00", "endTime": "09:00", "allDayEnabled": false,
                  "recurrence": weekly(&weekdays) },
                { "name": "Weekday evenings", "startDate": "2026-01-05", "endDate": "2026-01-05",
                  "startTime": "17:00", "endTime": "23:59", "allDayEnabled": false,
                  "recurrence": weekly(&weekdays) },
                { "name": "Weekends", "startDate": "2026-01-03", "endDate": "2026-01-03",
                  "allDayEnabled": true, "recurrence": weekly(&["saturday", "sunday"]) } ] },
            { "name": "Company holidays", "type": "holidays", "events": [
                { "name": "Winter break", "startDate": "2026-12-24", "endDate": "2026-12-26",
                  "allDayEnabled": true },
                { "name": "New Year", "startDate": "2027-01-01", "endDate": "2027-01-01",
                  "allDayEnabled": true } ] }
        ]}),
    );
    users[0].settings.insert(
        "selectiveForward".into(),
        serde_json::json!({
            "enabled": true, "defaultPhoneNumberToForward": ALICE_MOBILE,
            "criteria": [{
                "forwardToPhoneNumber": ALICE_MOBILE, "sendToVoicemailEnabled": false,
                "callsFrom": "SELECT_PHONE_NUMBERS", "phoneNumbers": ["+1 408 555 0100"],
                "anonymousCallersEnabled": false, "unavailableCallersEnabled": false,
                "scheduleName": "After hours", "scheduleType": "businessHours",
                "scheduleLevel": "PEOPLE", "forwardEnabled": true
            }]
        }),
    );
    users[0].settings.insert(
        "selectiveReject".into(),
        serde_json::json!({
            "enabled": true,
            "criteria": [{
                "callsFrom": "SELECT_PHONE_NUMBERS", "phoneNumbers": [],
                "anonymousCallersEnabled": true, "unavailableCallersEnabled": false,
                "scheduleName": "Company holidays", "scheduleType": "holidays",
                "scheduleLevel": "PEOPLE", "rejectEnabled": true
            }]
        }),
    );
    // Henry: his mobile rings with his desk phone.
    users[1].settings.insert(
        "simultaneousRing".into(),
        serde_json::json!({
            "enabled": true,
            "phoneNumbers": [{ "phoneNumber": "+16175550142", "answerConfirmationEnabled": true }]
        }),
    );
    // Amara: single number reach to her mobile.
    users[2].settings.insert(
        "singleNumberReach".into(),
        serde_json::json!({ "numbers": [{
            "phoneNumber": "+13125550177", "enabled": true, "name": "Mobile",
            "doNotForwardCallsEnabled": false, "answerConfirmationEnabled": false
        }]}),
    );
    // 40 more calling users, spread over the three locations; every other one has a direct number.
    for k in 0..40 {
        let n = 10 + k;
        let site = k % 3;
        let first = FIRST_NAMES[k % FIRST_NAMES.len()];
        let last = LAST_NAMES[k % LAST_NAMES.len()];
        users.push(user(
            n,
            &acme,
            first,
            last,
            "acme.example",
            Some(calling(site, 10 + k, k % 2 == 0)),
        ));
    }
    for k in 0..extra {
        let n = 1000 + k;
        let site = k % 3;
        let (loc, _, _) = sites[site];
        let mut u = user(
            n,
            &acme,
            "Test",
            &format!("User{k:04}"),
            "acme.example",
            None,
        );
        u.email = format!("test.user{k:04}@acme.example");
        u.calling = Some(SeedCalling {
            location_id: loc.into(),
            extension: (60000 + k).to_string(),
            phone_number: None,
        });
        users.push(u);
    }
    let globex_users = [
        ("Oscar", "Olsen", true),
        ("Olga", "Ortega", true),
        ("Otto", "Owens", true),
        ("Opal", "Oakley", false),
    ];
    for (k, (first, last, has_calling)) in globex_users.into_iter().enumerate() {
        users.push(user(
            k + 1,
            &globex,
            first,
            last,
            "globex.example",
            has_calling.then(|| SeedCalling {
                location_id: OTHER_ORG_LOCATION_UUID.into(),
                extension: (1001 + k).to_string(),
                phone_number: Some(format!("+1217555{:04}", 100 + k)),
            }),
        ));
    }
    let email_of = |n: usize| {
        users
            .iter()
            .find(|u| u.id == user_uuid(1, n))
            .unwrap()
            .email
            .clone()
    };
    let groups = vec![
        SeedGroup {
            id: "96000000-0000-4000-8000-000000000001".into(),
            org_id: acme.clone(),
            display_name: HELPDESK_GROUP.into(),
            members: vec![HELPDESK_EMAIL.into(), email_of(10), email_of(11)],
        },
        SeedGroup {
            id: "96000000-0000-4000-8000-000000000002".into(),
            org_id: acme.clone(),
            display_name: ADMINS_GROUP.into(),
            members: vec![ADMIN_EMAIL.into()],
        },
        SeedGroup {
            id: "96000000-0000-4000-8000-000000000003".into(),
            org_id: acme.clone(),
            display_name: "Sales".into(),
            members: vec![EMPLOYEE_EMAIL.into(), email_of(12)],
        },
        SeedGroup {
            id: "96000000-0000-4000-8000-000000000004".into(),
            org_id: globex.clone(),
            display_name: HELPDESK_GROUP.into(),
            members: vec!["olga.ortega@globex.example".into()],
        },
    ];
    let clients = vec![
        SeedClient {
            client_id: INTEGRATION_CLIENT_ID.into(),
            client_secret: INTEGRATION_CLIENT_SECRET.into(),
            kind: ClientKind::Integration,
            redirect_uris: INTEGRATION_REDIRECT_URIS.map(String::from).to_vec(),
            org_id: None,
            refresh_token: None,
            scopes: Vec::new(),
        },
        SeedClient {
            client_id: SERVICE_APP_CLIENT_ID.into(),
            client_secret: SERVICE_APP_CLIENT_SECRET.into(),
            kind: ClientKind::ServiceApp,
            redirect_uris: Vec::new(),
            org_id: Some(acme),
            refresh_token: Some(SERVICE_APP_REFRESH_TOKEN.into()),
            scopes: SERVICE_APP_SCOPES.map(String::from).to_vec(),
        },
    ];
    Seed {
        orgs,
        locations,
        users,
        groups,
        clients,
        user_password: default_password(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_seed_is_valid_and_has_the_notable_users() {
        let seed = Seed::builtin();
        seed.validate().unwrap();
        for email in [
            EMPLOYEE_EMAIL,
            HELPDESK_EMAIL,
            ADMIN_EMAIL,
            NO_CALLING_EMAIL,
            NO_FORWARDING_EMAIL,
            OTHER_ORG_EMAIL,
        ] {
            assert!(seed.user_by_email(email).is_some(), "{email}");
        }
        let calling = seed
            .users
            .iter()
            .filter(|u| u.org_id == ORG_UUID && u.calling.is_some())
            .count();
        assert!(calling >= 40, "{calling}");
        assert!(
            seed.user_by_email(NO_CALLING_EMAIL)
                .unwrap()
                .calling
                .is_none()
        );
        assert_eq!(
            seed.integration_client().unwrap().client_id,
            INTEGRATION_CLIENT_ID
        );
        let app = seed.service_app_client().unwrap();
        assert_eq!(app.client_id, SERVICE_APP_CLIENT_ID);
        assert_eq!(
            app.refresh_token.as_deref(),
            Some(SERVICE_APP_REFRESH_TOKEN)
        );
    }

    #[test]
    fn extra_users_are_valid() {
        let seed = Seed::builtin_with_extra_users(300);
        seed.validate().unwrap();
        assert!(seed.users.len() > 340);
    }

    #[test]
    fn ids_round_trip() {
        let id = person_id("f5b36187-c8dd-4727-8b2f-f9c447f29046");
        assert_eq!(
            id,
            "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY"
        );
        assert_eq!(
            decode_webex_id(&id),
            Some((
                "PEOPLE".into(),
                "f5b36187-c8dd-4727-8b2f-f9c447f29046".into()
            ))
        );
    }

    #[test]
    fn errors_name_the_entry() {
        let mut v = serde_json::to_value(Seed::builtin()).unwrap();
        v["users"][3].as_object_mut().unwrap().remove("email");
        let err = Seed::from_json(&v.to_string()).unwrap_err().to_string();
        assert_eq!(err, "users[3].email: missing");

        let mut v = serde_json::to_value(Seed::builtin()).unwrap();
        v["users"][2]["calling"]["locationId"] = "10ca7100-0000-4000-8000-0000000000ff".into();
        let err = Seed::from_json(&v.to_string()).unwrap_err().to_string();
        assert!(
            err.starts_with("users[2].calling.locationId: unknown location"),
            "{err}"
        );

        let mut v = serde_json::to_value(Seed::builtin()).unwrap();
        v["groups"][0]["members"][1] = "nobody@acme.example".into();
        let err = Seed::from_json(&v.to_string()).unwrap_err().to_string();
        assert!(err.starts_with("groups[0].members[1]: no user"), "{err}");
    }

    #[test]
    fn builtin_round_trips_through_json() {
        let seed = Seed::builtin();
        let text = serde_json::to_string_pretty(&seed).unwrap();
        assert_eq!(Seed::from_json(&text).unwrap(), seed);
    }
}
