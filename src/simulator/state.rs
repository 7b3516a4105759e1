//! The simulator's in-memory world: orgs, people, groups, clients, and the OAuth artefacts it has
//! handed out (codes, tokens, browser sessions). One `Mutex<State>`; every handler holds it briefly.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::Value;

use super::seed::{self, ClientKind, Seed};

pub(crate) struct Org {
    pub uuid: String,
    pub name: String,
    pub system_max_rings: u32,
    pub voicemail_rules: Value,
    pub feature_access: Value,
}

pub(crate) struct Location {
    pub uuid: String,
    /// The org's UUID.
    pub org: String,
    pub name: String,
    pub country: String,
}

pub(crate) struct Calling {
    pub location: String,
    pub extension: String,
    pub phone_number: Option<String>,
}

pub(crate) struct Person {
    pub uuid: String,
    pub org: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub department: Option<String>,
    pub title: Option<String>,
    pub password: String,
    pub calling: Option<Calling>,
    pub created: String,
    /// Full GET objects per feature (see `settings::FEATURES`).
    pub settings: BTreeMap<String, Value>,
    pub passcode: Option<String>,
    pub previous_passcodes: Vec<String>,
}

impl Person {
    pub fn person_id(&self) -> String {
        seed::person_id(&self.uuid)
    }
}

pub(crate) struct Group {
    pub uuid: String,
    pub org: String,
    pub name: String,
    pub members: Vec<String>,
    pub created: String,
}

impl Group {
    pub fn group_id(&self) -> String {
        seed::webex_id("SCIM_GROUP", &format!("{}:{}", self.uuid, self.org))
    }
}

pub(crate) struct Client {
    pub id: String,
    pub secret: String,
    pub kind: ClientKind,
    pub redirect_uris: Vec<String>,
    pub org: Option<String>,
}

/// Who a token speaks for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Principal {
    /// A user token from the integration (user UUID).
    User { person: String, org: String },
    /// A service app's admin token for one org.
    App { client: String, org: String },
    /// A bot: can only post messages.
    Bot {
        uuid: String,
        email: String,
        org: String,
    },
}

impl Principal {
    pub fn org(&self) -> &str {
        match self {
            Principal::User { org, .. }
            | Principal::App { org, .. }
            | Principal::Bot { org, .. } => org,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum TokenKind {
    Access,
    Refresh,
}

#[derive(Clone)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub principal: Principal,
    pub client: String,
    pub scopes: BTreeSet<String>,
    pub expires: Instant,
}

pub(crate) struct Code {
    pub client: String,
    pub redirect_uri: String,
    /// Whether the authorization request named the redirect URI (then the token request must).
    pub redirect_uri_given: bool,
    pub person: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub challenge: Option<(String, String)>,
    pub auth_time: u64,
    pub expires: Instant,
}

pub(crate) struct BrowserSession {
    pub person: String,
    pub auth_time: u64,
}

pub(crate) struct State {
    pub orgs: Vec<Org>,
    pub locations: Vec<Location>,
    pub people: Vec<Person>,
    pub groups: Vec<Group>,
    pub clients: Vec<Client>,
    pub tokens: HashMap<String, Token>,
    pub codes: HashMap<String, Code>,
    pub sessions: HashMap<String, BrowserSession>,
    /// Messages posted with `POST /v1/messages`, oldest first.
    pub messages: Vec<Value>,
}

/// Seconds since the epoch.
pub(crate) fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// An opaque random string for tokens, codes and session ids.
pub(crate) fn random_string() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

fn timestamp(days_ago: u64) -> String {
    let t = time::OffsetDateTime::now_utc() - time::Duration::days(days_ago as i64);
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl State {
    pub fn from_seed(seed: &Seed, refresh_ttl: Duration) -> State {
        let orgs = seed
            .orgs
            .iter()
            .map(|o| Org {
                uuid: o.id.to_lowercase(),
                name: o.name.clone(),
                system_max_rings: o
                    .system_max_number_of_rings
                    .unwrap_or(seed::DEFAULT_SYSTEM_MAX_RINGS),
                voicemail_rules: merged(
                    super::settings::default_voicemail_rules(),
                    o.voicemail_rules.as_ref(),
                ),
                feature_access: merged(
                    super::settings::default_feature_access(),
                    o.feature_access.as_ref(),
                ),
            })
            .collect();
        let locations = seed
            .locations
            .iter()
            .map(|l| Location {
                uuid: l.id.to_lowercase(),
                org: l.org_id.to_lowercase(),
                name: l.name.clone(),
                country: l.country.clone(),
            })
            .collect();
        let mut state = State {
            orgs,
            locations,
            people: Vec::new(),
            groups: Vec::new(),
            clients: Vec::new(),
            tokens: HashMap::new(),
            codes: HashMap::new(),
            sessions: HashMap::new(),
            messages: Vec::new(),
        };
        for (i, u) in seed.users.iter().enumerate() {
            let person = Person {
                uuid: u.id.to_lowercase(),
                org: u.org_id.to_lowercase(),
                email: u.email.clone(),
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
                display_name: u
                    .display_name
                    .clone()
                    .unwrap_or_else(|| format!("{} {}", u.first_name, u.last_name)),
                department: u.department.clone(),
                title: u.title.clone(),
                password: u
                    .password
                    .clone()
                    .unwrap_or_else(|| seed.user_password.clone()),
                calling: u.calling.as_ref().map(|c| Calling {
                    location: c.location_id.to_lowercase(),
                    extension: c.extension.clone(),
                    phone_number: c.phone_number.clone(),
                }),
                created: timestamp(400 - (i as u64 % 300)),
                settings: BTreeMap::new(),
                passcode: None,
                previous_passcodes: Vec::new(),
            };
            state.people.push(person);
        }
        // Settings start from the defaults with the seed's values merged over them.
        for (i, u) in seed.users.iter().enumerate() {
            for feature in super::settings::FEATURES {
                let default = super::settings::default_setting(&state, &state.people[i], feature);
                let value = merged(default, u.settings.get(*feature));
                state.people[i].settings.insert(feature.to_string(), value);
            }
        }
        for g in &seed.groups {
            let members = g
                .members
                .iter()
                .filter_map(|email| state.person_by_email(email).map(|p| p.uuid.clone()))
                .collect();
            state.groups.push(Group {
                uuid: g.id.to_lowercase(),
                org: g.org_id.to_lowercase(),
                name: g.display_name.clone(),
                members,
                created: timestamp(200),
            });
        }
        for c in &seed.clients {
            state.clients.push(Client {
                id: c.client_id.clone(),
                secret: c.client_secret.clone(),
                kind: c.kind,
                redirect_uris: c.redirect_uris.clone(),
                org: c.org_id.as_ref().map(|o| o.to_lowercase()),
            });
            if let (ClientKind::ServiceApp, Some(org), Some(rt)) =
                (c.kind, &c.org_id, &c.refresh_token)
            {
                state.tokens.insert(
                    rt.clone(),
                    Token {
                        kind: TokenKind::Refresh,
                        principal: Principal::App {
                            client: c.client_id.clone(),
                            org: org.to_lowercase(),
                        },
                        client: c.client_id.clone(),
                        scopes: c.scopes.iter().cloned().collect(),
                        expires: Instant::now() + refresh_ttl,
                    },
                );
            }
        }
        // The bot that messages people, in the first org; its token never expires.
        if let Some(org) = state.orgs.first().map(|o| o.uuid.clone()) {
            state.tokens.insert(
                seed::BOT_TOKEN.to_string(),
                Token {
                    kind: TokenKind::Access,
                    principal: Principal::Bot {
                        uuid: seed::BOT_UUID.to_string(),
                        email: seed::BOT_EMAIL.to_string(),
                        org,
                    },
                    client: "portal-bot".to_string(),
                    scopes: ["spark:messages_write".to_string()].into(),
                    expires: Instant::now() + Duration::from_secs(10 * 365 * 24 * 3600),
                },
            );
        }
        state
    }

    pub fn org(&self, uuid: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.uuid == uuid)
    }

    pub fn location(&self, uuid: &str) -> Option<&Location> {
        self.locations.iter().find(|l| l.uuid == uuid)
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub fn person_by_email(&self, email: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(email))
    }

    pub fn person_by_uuid(&self, uuid: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.uuid == uuid)
    }

    /// Index of the person with this public person ID (or bare UUID, for in-process helpers).
    pub fn person_index(&self, id: &str) -> Option<usize> {
        let uuid = match seed::decode_webex_id(id) {
            Some((kind, uuid)) if kind == "PEOPLE" => uuid,
            Some(_) => return None,
            None => id.to_string(),
        };
        let uuid = uuid.to_lowercase();
        self.people.iter().position(|p| p.uuid == uuid)
    }

    pub fn issue(
        &mut self,
        kind: TokenKind,
        principal: Principal,
        client: &str,
        scopes: BTreeSet<String>,
        ttl: Duration,
    ) -> String {
        let token = random_string();
        self.tokens.insert(
            token.clone(),
            Token {
                kind,
                principal,
                client: client.to_string(),
                scopes,
                expires: Instant::now() + ttl,
            },
        );
        token
    }

    /// Drops expired codes and tokens so a long demo run does not grow without bound.
    pub fn sweep(&mut self) {
        let now = Instant::now();
        self.codes.retain(|_, c| c.expires > now);
        self.tokens
            .retain(|_, t| t.expires + Duration::from_secs(3600) > now);
        // Tests read messages; a long demo run keeps the latest thousand.
        let excess = self.messages.len().saturating_sub(1000);
        self.messages.drain(..excess);
    }
}

/// `base` with `over` deep-merged onto it.
pub(crate) fn merged(mut base: Value, over: Option<&Value>) -> Value {
    if let Some(over) = over {
        deep_merge(&mut base, over);
    }
    base
}

/// Objects merge key by key; anything else replaces.
pub(crate) fn deep_merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) => deep_merge(slot, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}
