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
    pub time_zone: Option<String>,
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

/// A device of a person (FACTS §10.6), as `GET /devices` lists it.
pub(crate) struct Device {
    pub uuid: String,
    pub org: String,
    /// The owner's UUID.
    pub person: String,
    pub display_name: String,
    pub product: String,
    pub kind: String,
    pub connection_status: String,
    pub mac: String,
    pub serial: String,
    pub software: String,
    pub ip: String,
    pub created: String,
    pub last_seen: String,
}

/// A number a person has besides their direct number (FACTS §10.7 `ALTERNATE`).
pub(crate) struct AlternateNumber {
    pub person: String,
    pub number: String,
}

/// A call queue (FACTS §10.5) with its agents.
pub(crate) struct Queue {
    pub uuid: String,
    pub org: String,
    pub location: String,
    pub name: String,
    pub phone_number: Option<String>,
    /// Whether agents may join and leave it themselves (the queue's `allowAgentJoinEnabled`).
    pub allow_agent_join_enabled: bool,
    /// (person UUID, joined), in the order they were added.
    pub agents: Vec<(String, bool)>,
}

impl Queue {
    pub fn queue_id(&self) -> String {
        seed::webex_id("CALL_QUEUE", &self.uuid)
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
    pub devices: Vec<Device>,
    pub alternate_numbers: Vec<AlternateNumber>,
    pub queues: Vec<Queue>,
    pub clients: Vec<Client>,
    pub tokens: HashMap<String, Token>,
    pub codes: HashMap<String, Code>,
    pub sessions: HashMap<String, BrowserSession>,
    /// Messages posted with `POST /v1/messages`, oldest first.
    pub messages: Vec<Value>,
    /// Whether `/telephony/config/people/{id}/anonymousCallReject` exists (FACTS §10.1: it is
    /// recent, and has answered 404 where it was not yet deployed).
    pub anonymous_call_reject_available: bool,
    /// Whether the service app was authorized by a full administrator, which the queue agent
    /// PUT requires (FACTS §10.5).
    pub app_authorized_by_full_admin: bool,
    /// Location schedules (read only through the API), per location UUID: `{id, name, type,
    /// events[]}` as the location schedule GET shows them.
    pub location_schedules: BTreeMap<String, Vec<Value>>,
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
                time_zone: l.time_zone.clone(),
            })
            .collect();
        let mut state = State {
            orgs,
            locations,
            people: Vec::new(),
            groups: Vec::new(),
            devices: Vec::new(),
            alternate_numbers: Vec::new(),
            queues: Vec::new(),
            clients: Vec::new(),
            tokens: HashMap::new(),
            codes: HashMap::new(),
            sessions: HashMap::new(),
            messages: Vec::new(),
            anonymous_call_reject_available: true,
            app_authorized_by_full_admin: true,
            location_schedules: BTreeMap::new(),
        };
        for l in &state.locations {
            let schedules = super::rules::seeded_location_schedules(&l.uuid);
            if !schedules.is_empty() {
                state.location_schedules.insert(l.uuid.clone(), schedules);
            }
        }
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
                let mut value = merged(default, u.settings.get(*feature));
                super::rules::complete_seeded(feature, &mut value);
                state.people[i].settings.insert(feature.to_string(), value);
            }
        }
        state.seed_telephony();
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

    /// Devices, alternate numbers and call queues, made up from the seeded calling users in a
    /// fixed pattern (so every run and every seed file gets the same world):
    /// * devices: every fourth calling user has none; the others one or two, with each
    ///   connection status in turn (FACTS §10.6);
    /// * alternate numbers: every fifth user with a direct number has one;
    /// * per org, at the first location: a queue every agent may join and leave, one whose
    ///   policy forbids it (`allowAgentJoinEnabled: false`) and, at the second location (or the
    ///   first), one without the first user; the first user is an agent of the first two.
    fn seed_telephony(&mut self) {
        const STATUSES: [&str; 8] = [
            "connected",
            "disconnected",
            "connected_with_issues",
            "offline_expired",
            "activating",
            "pending",
            "unknown",
            "offline_deep_sleep",
        ];
        const PHONES: [(&str, &str); 3] = [
            ("Cisco 8865", "sip88xx.14-2-1MPP0001-272"),
            ("Cisco 8845", "sip88xx.14-2-1MPP0001-272"),
            ("Cisco 6871", "sip68xx.12-0-1MPP0001-30"),
        ];
        let calling: Vec<usize> = (0..self.people.len())
            .filter(|&i| self.people[i].calling.is_some())
            .collect();
        let mut status = 0;
        for (n, &i) in calling.iter().enumerate() {
            let p = &self.people[i];
            let count = match n % 4 {
                3 => 0,
                0 => 2,
                _ => 1,
            };
            for k in 0..count {
                let serial_no = n * 2 + k;
                let (product, software, kind) = if k == 0 {
                    let (product, software) = PHONES[n % PHONES.len()];
                    (product, software, "phone")
                } else {
                    ("Webex Go", "webexgo-44.2", "webexgo")
                };
                self.devices.push(Device {
                    uuid: format!("de71ce00-0000-4000-8000-{serial_no:012}"),
                    org: p.org.clone(),
                    person: p.uuid.clone(),
                    display_name: format!("{} {}", p.display_name, product),
                    product: product.to_string(),
                    kind: kind.to_string(),
                    connection_status: STATUSES[status % STATUSES.len()].to_string(),
                    mac: format!("00:1B:54:{:02X}:{:02X}:{:02X}", n / 256, n % 256, k),
                    serial: format!("FCH{serial_no:08}"),
                    software: software.to_string(),
                    ip: format!("10.20.{}.{}", n / 200, 10 + n % 200),
                    created: timestamp(300 - (serial_no as u64 % 200)),
                    last_seen: timestamp((serial_no as u64) % 3),
                });
                status += 1;
            }
        }
        let with_direct: Vec<usize> = calling
            .iter()
            .copied()
            .filter(|&i| {
                self.people[i]
                    .calling
                    .as_ref()
                    .is_some_and(|c| c.phone_number.is_some())
            })
            .collect();
        for (n, &i) in with_direct.iter().enumerate() {
            if n % 5 != 0 {
                continue;
            }
            let direct = self.people[i]
                .calling
                .as_ref()
                .and_then(|c| c.phone_number.clone());
            if let Some(direct) = direct
                && let Some(keep) = direct.len().checked_sub(4)
            {
                self.alternate_numbers.push(AlternateNumber {
                    person: self.people[i].uuid.clone(),
                    number: format!("{}9{:03}", &direct[..keep], n % 1000),
                });
            }
        }
        let orgs: Vec<String> = self.orgs.iter().map(|o| o.uuid.clone()).collect();
        for (o, org) in orgs.iter().enumerate() {
            let members: Vec<usize> = calling
                .iter()
                .copied()
                .filter(|&i| self.people[i].org == *org)
                .collect();
            let Some(&first) = members.first() else {
                continue;
            };
            let first_location = self.people[first]
                .calling
                .as_ref()
                .map(|c| c.location.clone())
                .unwrap_or_default();
            let second_location = self
                .locations
                .iter()
                .filter(|l| l.org == *org)
                .map(|l| l.uuid.clone())
                .find(|l| *l != first_location)
                .unwrap_or_else(|| first_location.clone());
            let at = |location: &str| -> Vec<String> {
                members
                    .iter()
                    .filter(|&&i| {
                        self.people[i]
                            .calling
                            .as_ref()
                            .is_some_and(|c| c.location == location)
                    })
                    .map(|&i| self.people[i].uuid.clone())
                    .collect()
            };
            let first_uuid = self.people[first].uuid.clone();
            let here = at(&first_location);
            let others: Vec<String> = here.iter().skip(1).take(3).cloned().collect();
            let mut sales = vec![(first_uuid.clone(), true)];
            sales.extend(others.iter().map(|u| (u.clone(), true)));
            let mut billing = vec![(first_uuid.clone(), true)];
            billing.extend(others.iter().take(1).map(|u| (u.clone(), false)));
            let reception: Vec<(String, bool)> = at(&second_location)
                .into_iter()
                .filter(|u| *u != first_uuid)
                .take(3)
                .map(|u| (u, true))
                .collect();
            let queue = |k: usize, location: &str, name: &str, allow: bool, agents| Queue {
                uuid: format!("c0e0e000-0000-4000-8000-{:06}{k:06}", o + 1),
                org: org.clone(),
                location: location.to_string(),
                name: name.to_string(),
                phone_number: None,
                allow_agent_join_enabled: allow,
                agents,
            };
            let queues = [
                queue(1, &first_location, "Sales Queue", true, sales),
                queue(2, &first_location, "Billing Queue", false, billing),
                queue(3, &second_location, "Reception Queue", true, reception),
            ];
            self.queues.extend(queues);
        }
        // Queues answer on a main number where the location has one.
        for i in 0..self.queues.len() {
            let number = super::settings::location_main_number(self, &self.queues[i].location)
                .map(|n| format!("{}{}", &n[..n.len() - 1], i + 1));
            self.queues[i].phone_number = number;
        }
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
