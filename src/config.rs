//! Typed configuration for `calling-portal serve`, read from environment variables.
//!
//! Every variable is declared once in [`VARS`] (name, default, meaning); the README's configuration
//! reference is checked against that table by a test, so the two cannot drift. A malformed value stops
//! the server at start with an error that names the variable. Any variable may instead be given as
//! a file path in `<NAME>_FILE` (docker secrets). Secrets are held as [`SecretString`] so `Debug` never prints them.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use secrecy::SecretString;
use url::Url;

use crate::auth::roles::RoleMap;

/// One configuration variable: the single place its name, default and meaning are written down.
pub struct Var {
    pub name: &'static str,
    pub default: Option<&'static str>,
    pub secret: bool,
    /// Not needed at all (no default, yet not required).
    pub optional: bool,
    pub help: &'static str,
}

const fn var(name: &'static str, default: Option<&'static str>, help: &'static str) -> Var {
    Var {
        name,
        default,
        secret: false,
        optional: false,
        help,
    }
}

const fn secret(name: &'static str, help: &'static str) -> Var {
    Var {
        name,
        default: None,
        secret: true,
        optional: false,
        help,
    }
}

const fn optional_secret(name: &'static str, help: &'static str) -> Var {
    Var {
        name,
        default: None,
        secret: true,
        optional: true,
        help,
    }
}

/// Webex's production API base; the simulator takes its place in `demo` and in tests.
pub const WEBEX_API_DEFAULT: &str = "https://webexapis.com/v1";
/// ID-token issuers Webex is known to use: the discovery document names a regional idbroker that
/// differs from the tokens' `iss` (FACTS §5, Cisco bug SPARK-401218).
pub const WEBEX_ISSUERS_DEFAULT: &str = "https://idbroker.webex.com/idb,https://idbroker-b-us.webex.com/idb,https://idbroker-eu.webex.com/idb";

pub const VARS: &[Var] = &[
    var(
        "PORTAL_LISTEN",
        Some("0.0.0.0:8080"),
        "Address and port the portal listens on.",
    ),
    var(
        "PORTAL_PUBLIC_URL",
        Some("http://localhost:8080"),
        "The URL users reach the portal at; the login redirect URI is this plus `/auth/callback`. When it is https the session cookie is `Secure` and named with the `__Host-` prefix (so no subdomain can set or override it), and responses carry HSTS.",
    ),
    var(
        "PORTAL_HSTS_INCLUDE_SUBDOMAINS",
        Some("false"),
        "`true` adds `includeSubDomains` to the HSTS header (https only): browsers then refuse plain http for every subdomain of the portal's host too. Only when all of them serve https.",
    ),
    var(
        "PORTAL_HSTS_PRELOAD",
        Some("false"),
        "`true` adds `preload` to the HSTS header, consenting to the host's inclusion in browsers' built-in HSTS lists (hstspreload.org), which is hard to undo. Needs PORTAL_HSTS_INCLUDE_SUBDOMAINS, as those lists do.",
    ),
    var(
        "PORTAL_DATABASE_URL",
        Some("sqlite://data/portal.db?mode=rwc"),
        "Where the portal keeps sessions, the audit log and the service-app tokens: `sqlite://…` or `postgres://…`.",
    ),
    var(
        "PORTAL_SESSION_STORE_URL",
        None,
        "Optional separate session store, e.g. `redis://127.0.0.1:6379/2`; by default sessions live in PORTAL_DATABASE_URL.",
    ),
    var(
        "PORTAL_SESSION_IDLE_TIMEOUT_SECS",
        Some("1800"),
        "A session ends after this many seconds without a request.",
    ),
    var(
        "PORTAL_SESSION_ABSOLUTE_TIMEOUT_SECS",
        Some("43200"),
        "A session ends this many seconds after sign-in, active or not.",
    ),
    var(
        "PORTAL_LOGIN_RATE_LIMIT_PER_MINUTE",
        Some("30"),
        "Login starts and callbacks allowed per client IP per minute (each counted on its own).",
    ),
    var(
        "PORTAL_TRUST_FORWARDED_FOR",
        Some("false"),
        "`true` when a reverse proxy in front of the portal sets `X-Forwarded-For`: the login rate limit then counts per address the proxy reports (its last entry). Keep `false` when clients reach the portal directly, or they could pick their own address.",
    ),
    var(
        "PORTAL_LOG_FORMAT",
        Some("text"),
        "`text` for people, `json` for log collectors.",
    ),
    var(
        "PORTAL_METRICS_LISTEN",
        Some("127.0.0.1:9464"),
        "Address of a separate listener serving Prometheus metrics at `/metrics`; empty turns it off. Keep it off the public network: metrics are not on the portal's own port.",
    ),
    var(
        "PORTAL_SHUTDOWN_GRACE_SECS",
        Some("20"),
        "On SIGTERM/Ctrl-C the portal stops accepting connections and gives requests in flight this many seconds to finish.",
    ),
    var(
        "PORTAL_SHUTDOWN_DRAIN_SECS",
        Some("0"),
        "On SIGTERM/Ctrl-C, first answer `/readyz` with 503 (`draining`) for this many seconds while still serving, so a load balancer's health check takes the instance out of rotation before it stops accepting connections. Set it above the balancer's health-check interval; 0 stops at once.",
    ),
    var(
        "WEBEX_API_BASE_URL",
        Some(WEBEX_API_DEFAULT),
        "Base URL of the Webex REST API (and of Login with Webex).",
    ),
    var(
        "WEBEX_OIDC_CLIENT_ID",
        None,
        "Client id of the Webex integration used for Login with Webex.",
    ),
    secret(
        "WEBEX_OIDC_CLIENT_SECRET",
        "Client secret of that integration.",
    ),
    var(
        "WEBEX_OIDC_ALLOWED_ISSUERS",
        Some(WEBEX_ISSUERS_DEFAULT),
        "Comma-separated ID-token issuers accepted at login (Webex's discovery issuer differs from the tokens' `iss`).",
    ),
    var(
        "WEBEX_OIDC_TOKEN_AUTH_METHOD",
        Some("client_secret_basic"),
        "How the portal authenticates to the token endpoint at sign-in: `client_secret_basic` (HTTP Basic, what Webex's discovery document names) or `client_secret_post` (id and secret in the form body), for providers that take only one.",
    ),
    var(
        "WEBEX_SERVICE_APP_CLIENT_ID",
        None,
        "Client id of the Webex service app that makes the admin calls.",
    ),
    secret(
        "WEBEX_SERVICE_APP_CLIENT_SECRET",
        "Client secret of the service app.",
    ),
    secret(
        "WEBEX_SERVICE_APP_REFRESH_TOKEN",
        "The service app's refresh token from developer.webex.com; used once to bootstrap, then the stored (rotated) one is used.",
    ),
    secret(
        "PORTAL_TOKEN_ENCRYPTION_KEY",
        "32 random bytes, base64: encrypts the service-app tokens at rest (AES-256-GCM). `openssl rand -base64 32`.",
    ),
    var(
        "WEBEX_MAX_IN_FLIGHT",
        Some("64"),
        "Most requests the portal has in flight to Webex at once. One page load reads about 20 settings at once; a limit below that makes every page wait one more Webex round trip. The call budget, not this, keeps the portal within Webex's rate limits.",
    ),
    var(
        "WEBEX_CONNECT_TIMEOUT_SECS",
        Some("5"),
        "Connect timeout for Webex requests.",
    ),
    var(
        "WEBEX_REQUEST_TIMEOUT_SECS",
        Some("20"),
        "Whole-request timeout for Webex requests.",
    ),
    var(
        "WEBEX_RETRY_AFTER_CAP_SECS",
        Some("10"),
        "Longest 429 Retry-After the portal waits out; a longer one fails at once, telling the user when to retry.",
    ),
    var(
        "WEBEX_CALL_BUDGET_PER_MINUTE",
        Some("240"),
        "Most calls the portal makes with the service-app token in any 60 seconds (Webex rate-limits per token, around 300 a minute for most APIs). Set it a little below the org's real limit; with several replicas, divide it between them. A call beyond it waits for room (within WEBEX_RETRY_AFTER_CAP_SECS) instead of reaching Webex.",
    ),
    var(
        "WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE",
        Some("100"),
        "Most of that budget one signed-in user's requests may use in any 60 seconds, so one user's burst cannot starve everyone else's sign-in, pages and saves.",
    ),
    var(
        "WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE",
        Some("60"),
        "Calls a minute that background work (scheduled and bulk changes) may never use: it only gets what is left of the budget above this reserve, which stays for people using the portal.",
    ),
    var(
        "PORTAL_WRITE_RATE_LIMIT_PER_MINUTE",
        Some("20"),
        "Saves (settings, PIN, greetings) one user may make per minute, for themselves or others; beyond it the card says when to try again, keeps the input and the refusal is audited.",
    ),
    var(
        "PORTAL_FEATURE_ACCESS_CACHE_SECS",
        Some("60"),
        "How long a person's feature access (what the org lets them change, set in Control Hub) is reused to show the cards, so a page load reads it once, not once per card. A Control Hub change shows on the cards within this time; saves always check it afresh.",
    ),
    var(
        "PORTAL_FORWARDING_DENY_LIST",
        Some(crate::domain::phone::DENY_LIST_DEFAULT),
        "Numbers calls may not be forwarded to, comma-separated: digits alone refuse that short number or extension (emergency numbers), `+` and digits refuse every number starting so (premium rate). `none` turns the list off. Refused destinations get a message saying so.",
    ),
    var(
        "PORTAL_ROLE_MAP",
        Some(""),
        "Who is helpdesk or admin: `;`-separated `<subject>=<grant>` entries. Subject: `group:<display name>`, `group-id:<id>` or `email:<address>`; grant: `admin`, `helpdesk` (whole org) or `helpdesk@<locationId>|<locationId>` (those locations). Example: `group:Portal Helpdesk=helpdesk; group:Portal Admins=admin; email:pat@example.com=helpdesk@<locationId>`. Everyone else is an employee.",
    ),
    var(
        "PORTAL_ROLE_RECHECK_SECS",
        Some("300"),
        "A signed-in user's group membership is looked up again after this many seconds (group members are cached this long across users), so removing someone from a group takes effect without a new sign-in.",
    ),
    optional_secret(
        "PORTAL_NOTIFY_BOT_TOKEN",
        "Access token of a Webex bot that tells users when helpdesk changed their settings (with PORTAL_NOTIFY_ON_HELPDESK_CHANGE).",
    ),
    var(
        "PORTAL_NOTIFY_ON_HELPDESK_CHANGE",
        Some("false"),
        "`true`: after helpdesk or an admin changes someone's settings, the bot messages that person who changed what. Needs PORTAL_NOTIFY_BOT_TOKEN.",
    ),
    var(
        "PORTAL_JOBS_POLL_SECS",
        Some("15"),
        "How often this replica looks for background steps that are due (timed changes, bulk changes), 1 to 3600 seconds; every replica may run them and each step runs once. `0`: this replica runs none (another must). A step is at most this late, and a step whose time passed while every replica was down runs when one comes back.",
    ),
    var(
        "PORTAL_DEFAULT_LANGUAGE",
        Some("en"),
        "The language for people whose browser asks for none the portal speaks, and for bot messages to people who never chose one: `en`, `de` or `fr`.",
    ),
];

/// The configuration reference as a Markdown table; README.md embeds exactly this (a test checks).
pub fn reference_markdown() -> String {
    let mut out = String::from("| variable | default | meaning |\n|---|---|---|\n");
    for v in VARS {
        let default = match (v.default, v.secret) {
            (Some(d), _) => format!("`{d}`"),
            (None, true) if v.optional => "(none; secret, or `…_FILE`)".to_owned(),
            (None, true) => "required (secret; or `…_FILE`)".to_owned(),
            (None, false) if v.name == "PORTAL_SESSION_STORE_URL" => "(the database)".to_owned(),
            (None, false) => "required".to_owned(),
        };
        out.push_str(&format!("| `{}` | {} | {} |\n", v.name, default, v.help));
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is required but not set")]
    Missing(&'static str),
    #[error("{name} is malformed: {reason}")]
    Malformed { name: &'static str, reason: String },
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub public_url: Url,
    pub database_url: String,
    pub session_store_url: Option<String>,
    pub session: SessionConfig,
    pub login_rate_limit_per_minute: u32,
    /// Saves one user may make per minute (`PORTAL_WRITE_RATE_LIMIT_PER_MINUTE`).
    pub write_rate_limit_per_minute: u32,
    /// Whether `X-Forwarded-For` (last entry) names the client; only behind a proxy that sets it.
    pub trust_forwarded_for: bool,
    pub log_json: bool,
    /// Where `/metrics` is served; `None` when turned off.
    pub metrics_listen: Option<SocketAddr>,
    /// How long requests in flight may take to finish once shutdown begins.
    pub shutdown_grace: Duration,
    /// How long `/readyz` says `draining` (still serving) before shutdown begins; may be zero.
    pub shutdown_drain: Duration,
    pub hsts: HstsConfig,
    pub oidc: OidcConfig,
    pub webex: WebexConfig,
    pub roles: RolesConfig,
    pub notify: NotifyConfig,
    /// Where calls may not be forwarded to.
    pub forwarding_deny: std::sync::Arc<crate::domain::phone::DenyList>,
    /// The language tag of `PORTAL_DEFAULT_LANGUAGE` (a catalogue's `lang`).
    pub default_language: &'static str,
    /// How often the job runner looks for due steps (`PORTAL_JOBS_POLL_SECS`); `None`: this
    /// replica runs no jobs.
    pub jobs_poll: Option<Duration>,
    /// Offers the pseudo-locale (`Accept-Language: x-pseudo`). Never read from the environment:
    /// only tests turn it on.
    pub pseudo_locale: bool,
}

/// The HSTS header's optional parts (the header itself is sent whenever the portal is on https).
#[derive(Debug, Clone, Copy, Default)]
pub struct HstsConfig {
    pub include_subdomains: bool,
    pub preload: bool,
}

#[derive(Debug, Clone)]
pub struct RolesConfig {
    pub map: RoleMap,
    pub recheck: Duration,
}

/// Telling users about changes made for them.
#[derive(Debug, Clone)]
pub struct NotifyConfig {
    /// Set only when notifications are on (the token is required then).
    pub bot_token: Option<SecretString>,
}

#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// Base URL that serves `/.well-known/openid-configuration`, `/authorize`, `/access_token`, …
    pub base_url: Url,
    pub client_id: String,
    pub client_secret: SecretString,
    pub allowed_issuers: Vec<String>,
    pub token_auth_method: TokenAuthMethod,
}

/// Client authentication at the token endpoint (RFC 6749 §2.3.1, OIDC Core §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAuthMethod {
    /// HTTP Basic with the client id and secret.
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
}

impl std::str::FromStr for TokenAuthMethod {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "client_secret_basic" => Ok(TokenAuthMethod::ClientSecretBasic),
            "client_secret_post" => Ok(TokenAuthMethod::ClientSecretPost),
            other => Err(format!(
                "`{other}` is neither `client_secret_basic` nor `client_secret_post`"
            )),
        }
    }
}

#[derive(Debug, Clone)]
pub struct WebexConfig {
    pub api_base_url: Url,
    pub service_app: ServiceAppConfig,
    pub token_encryption_key: SecretString,
    pub max_in_flight: usize,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub retry_after_cap: Duration,
    /// How long shown cards may reuse a person's feature access (saves always read it afresh).
    pub feature_access_cache: Duration,
    /// The portal's own budget of service-app calls (`crate::webex::budget`).
    pub call_budget: CallBudgetConfig,
}

/// The service-app call budget: per minute in all, per user, and what background work leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallBudgetConfig {
    pub per_minute: u32,
    pub per_user_per_minute: u32,
    pub interactive_reserve: u32,
}

impl Default for CallBudgetConfig {
    /// The documented defaults (see [`VARS`]).
    fn default() -> Self {
        CallBudgetConfig {
            per_minute: 240,
            per_user_per_minute: 100,
            interactive_reserve: 60,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServiceAppConfig {
    pub client_id: String,
    pub client_secret: SecretString,
    pub refresh_token: SecretString,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests can pass a map instead of the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env { lookup: &lookup };
        let public_url: Url = env.parse("PORTAL_PUBLIC_URL")?;
        let api_base_url: Url = env.parse("WEBEX_API_BASE_URL")?;
        Ok(Config {
            listen: env.parse("PORTAL_LISTEN")?,
            public_url,
            database_url: env.required("PORTAL_DATABASE_URL")?,
            session_store_url: env.optional("PORTAL_SESSION_STORE_URL")?,
            session: SessionConfig {
                idle_timeout: env.seconds("PORTAL_SESSION_IDLE_TIMEOUT_SECS")?,
                absolute_timeout: env.seconds("PORTAL_SESSION_ABSOLUTE_TIMEOUT_SECS")?,
            },
            login_rate_limit_per_minute: env.parse("PORTAL_LOGIN_RATE_LIMIT_PER_MINUTE")?,
            write_rate_limit_per_minute: env.at_least_one("PORTAL_WRITE_RATE_LIMIT_PER_MINUTE")?,
            trust_forwarded_for: env.parse("PORTAL_TRUST_FORWARDED_FOR")?,
            log_json: match env.required("PORTAL_LOG_FORMAT")?.as_str() {
                "text" => false,
                "json" => true,
                other => {
                    return Err(malformed(
                        "PORTAL_LOG_FORMAT",
                        format!("`{other}` is neither `text` nor `json`"),
                    ));
                }
            },
            metrics_listen: match (lookup)("PORTAL_METRICS_LISTEN") {
                // Set but empty: turned off (an unset variable takes the default).
                Some(v) if v.trim().is_empty() => None,
                _ => Some(env.parse("PORTAL_METRICS_LISTEN")?),
            },
            shutdown_grace: env.seconds("PORTAL_SHUTDOWN_GRACE_SECS")?,
            shutdown_drain: Duration::from_secs(env.parse("PORTAL_SHUTDOWN_DRAIN_SECS")?),
            hsts: {
                let hsts = HstsConfig {
                    include_subdomains: env.parse("PORTAL_HSTS_INCLUDE_SUBDOMAINS")?,
                    preload: env.parse("PORTAL_HSTS_PRELOAD")?,
                };
                if hsts.preload && !hsts.include_subdomains {
                    return Err(malformed(
                        "PORTAL_HSTS_PRELOAD",
                        "is `true` but PORTAL_HSTS_INCLUDE_SUBDOMAINS is not; preload lists only take hosts whose HSTS includes subdomains",
                    ));
                }
                hsts
            },
            oidc: OidcConfig {
                base_url: api_base_url.clone(),
                client_id: env.required("WEBEX_OIDC_CLIENT_ID")?,
                client_secret: env.secret("WEBEX_OIDC_CLIENT_SECRET")?,
                allowed_issuers: env
                    .required("WEBEX_OIDC_ALLOWED_ISSUERS")?
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect(),
                token_auth_method: env.parse("WEBEX_OIDC_TOKEN_AUTH_METHOD")?,
            },
            webex: WebexConfig {
                api_base_url,
                service_app: ServiceAppConfig {
                    client_id: env.required("WEBEX_SERVICE_APP_CLIENT_ID")?,
                    client_secret: env.secret("WEBEX_SERVICE_APP_CLIENT_SECRET")?,
                    refresh_token: env.secret("WEBEX_SERVICE_APP_REFRESH_TOKEN")?,
                },
                token_encryption_key: env.encryption_key("PORTAL_TOKEN_ENCRYPTION_KEY")?,
                max_in_flight: env.parse("WEBEX_MAX_IN_FLIGHT")?,
                connect_timeout: env.seconds("WEBEX_CONNECT_TIMEOUT_SECS")?,
                request_timeout: env.seconds("WEBEX_REQUEST_TIMEOUT_SECS")?,
                retry_after_cap: env.seconds("WEBEX_RETRY_AFTER_CAP_SECS")?,
                feature_access_cache: env.seconds("PORTAL_FEATURE_ACCESS_CACHE_SECS")?,
                call_budget: {
                    let budget = CallBudgetConfig {
                        per_minute: env.at_least_one("WEBEX_CALL_BUDGET_PER_MINUTE")?,
                        per_user_per_minute: env
                            .at_least_one("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE")?,
                        interactive_reserve: env.parse("WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE")?,
                    };
                    if budget.interactive_reserve >= budget.per_minute {
                        return Err(malformed(
                            "WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE",
                            format!(
                                "{} leaves background work nothing of WEBEX_CALL_BUDGET_PER_MINUTE={}; keep it below",
                                budget.interactive_reserve, budget.per_minute
                            ),
                        ));
                    }
                    budget
                },
            },
            roles: RolesConfig {
                map: env.parse("PORTAL_ROLE_MAP")?,
                recheck: env.seconds("PORTAL_ROLE_RECHECK_SECS")?,
            },
            forwarding_deny: std::sync::Arc::new(env.parse("PORTAL_FORWARDING_DENY_LIST")?),
            notify: NotifyConfig {
                bot_token: if env.parse("PORTAL_NOTIFY_ON_HELPDESK_CHANGE")? {
                    match env.optional("PORTAL_NOTIFY_BOT_TOKEN")? {
                        Some(t) => Some(SecretString::from(t)),
                        None => {
                            return Err(malformed(
                                "PORTAL_NOTIFY_ON_HELPDESK_CHANGE",
                                "is `true` but PORTAL_NOTIFY_BOT_TOKEN is not set",
                            ));
                        }
                    }
                } else {
                    None
                },
            },
            default_language: {
                let raw = env.required("PORTAL_DEFAULT_LANGUAGE")?;
                crate::i18n::by_tag(&raw).map(|m| m.lang).ok_or_else(|| {
                    let known: Vec<&str> = crate::i18n::LANGUAGES.iter().map(|m| m.lang).collect();
                    malformed(
                        "PORTAL_DEFAULT_LANGUAGE",
                        format!("`{raw}` is not one of {}", known.join(", ")),
                    )
                })?
            },
            jobs_poll: match env.parse::<u64>("PORTAL_JOBS_POLL_SECS")? {
                0 => None,
                secs @ 1..=3600 => Some(Duration::from_secs(secs)),
                secs => {
                    return Err(malformed(
                        "PORTAL_JOBS_POLL_SECS",
                        format!(
                            "`{secs}` is more than 3600 (one hour); use 1 to 3600, or 0 for none"
                        ),
                    ));
                }
            },
            pseudo_locale: false,
        })
    }

    /// Whether cookies must be `Secure` (and HSTS sent): whenever users reach us over https.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The `Strict-Transport-Security` value, when the portal is on https.
    pub fn hsts_header(&self) -> Option<String> {
        if !self.is_https() {
            return None;
        }
        let mut value = String::from("max-age=31536000");
        if self.hsts.include_subdomains {
            value.push_str("; includeSubDomains");
        }
        if self.hsts.preload {
            value.push_str("; preload");
        }
        Some(value)
    }

    /// The OIDC redirect URI registered with the Webex integration.
    pub fn redirect_uri(&self) -> Url {
        self.public_url
            .join("/auth/callback")
            .expect("a path joins any base URL")
    }
}

fn malformed(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Malformed {
        name,
        reason: reason.into(),
    }
}

struct Env<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl Env<'_> {
    fn declared(name: &'static str) -> &'static Var {
        VARS.iter()
            .find(|v| v.name == name)
            .expect("every variable read is declared in VARS")
    }

    /// The raw value: the variable, else the contents of the file named by `<NAME>_FILE`, else the default.
    fn optional(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        let var = Self::declared(name);
        if let Some(v) = (self.lookup)(name).filter(|v| !v.is_empty()) {
            return Ok(Some(v));
        }
        let file_var = format!("{name}_FILE");
        if let Some(path) = (self.lookup)(&file_var).filter(|v| !v.is_empty()) {
            let text = std::fs::read_to_string(PathBuf::from(&path))
                .map_err(|e| malformed(name, format!("{file_var}={path} cannot be read: {e}")))?;
            return Ok(Some(text.trim().to_owned()));
        }
        Ok(var.default.map(str::to_owned))
    }

    fn required(&self, name: &'static str) -> Result<String, ConfigError> {
        self.optional(name)?.ok_or(ConfigError::Missing(name))
    }

    fn secret(&self, name: &'static str) -> Result<SecretString, ConfigError> {
        Ok(SecretString::from(self.required(name)?))
    }

    fn parse<T>(&self, name: &'static str) -> Result<T, ConfigError>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        let raw = self.required(name)?;
        raw.parse()
            .map_err(|e| malformed(name, format!("`{raw}`: {e}")))
    }

    fn at_least_one(&self, name: &'static str) -> Result<u32, ConfigError> {
        let n: u32 = self.parse(name)?;
        if n == 0 {
            return Err(malformed(name, "must be at least 1"));
        }
        Ok(n)
    }

    fn seconds(&self, name: &'static str) -> Result<Duration, ConfigError> {
        let secs: u64 = self.parse(name)?;
        if secs == 0 {
            return Err(malformed(name, "must be at least 1 second"));
        }
        Ok(Duration::from_secs(secs))
    }

    fn encryption_key(&self, name: &'static str) -> Result<SecretString, ConfigError> {
        use base64::Engine as _;
        let raw = self.required(name)?;
        match base64::engine::general_purpose::STANDARD.decode(raw.trim()) {
            Ok(bytes) if bytes.len() == 32 => Ok(SecretString::from(raw)),
            Ok(bytes) => Err(malformed(
                name,
                format!("decodes to {} bytes; 32 are needed", bytes.len()),
            )),
            Err(_) => Err(malformed(
                name,
                "is not base64 (make one with `openssl rand -base64 32`)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn minimal() -> HashMap<&'static str, String> {
        HashMap::from([
            ("WEBEX_OIDC_CLIENT_ID", "cid".to_owned()),
            ("WEBEX_OIDC_CLIENT_SECRET", "csecret".to_owned()),
            ("WEBEX_SERVICE_APP_CLIENT_ID", "sid".to_owned()),
            ("WEBEX_SERVICE_APP_CLIENT_SECRET", "ssecret".to_owned()),
            ("WEBEX_SERVICE_APP_REFRESH_TOKEN", "refresh".to_owned()),
            (
                "PORTAL_TOKEN_ENCRYPTION_KEY",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned(),
            ),
        ])
    }

    fn load(map: &HashMap<&'static str, String>) -> Result<Config, ConfigError> {
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn hsts_options_are_off_by_default_and_preload_needs_subdomains() {
        let mut map = minimal();
        map.insert("PORTAL_PUBLIC_URL", "https://portal.example".into());
        let c = load(&map).unwrap();
        assert_eq!(c.hsts_header().as_deref(), Some("max-age=31536000"));
        assert_eq!(c.shutdown_drain, Duration::ZERO);

        map.insert("PORTAL_HSTS_PRELOAD", "true".into());
        let err = load(&map).unwrap_err().to_string();
        assert!(err.starts_with("PORTAL_HSTS_PRELOAD is malformed"), "{err}");
        assert!(err.contains("PORTAL_HSTS_INCLUDE_SUBDOMAINS"), "{err}");

        map.insert("PORTAL_HSTS_INCLUDE_SUBDOMAINS", "true".into());
        assert_eq!(
            load(&map).unwrap().hsts_header().as_deref(),
            Some("max-age=31536000; includeSubDomains; preload")
        );
        // Never over plain http, whatever the options say.
        map.insert("PORTAL_PUBLIC_URL", "http://localhost:8080".into());
        assert_eq!(load(&map).unwrap().hsts_header(), None);
    }

    #[test]
    fn defaults_fill_everything_but_credentials() {
        let c = load(&minimal()).unwrap();
        assert_eq!(c.session.idle_timeout, Duration::from_secs(1800));
        assert_eq!(c.webex.api_base_url.as_str(), "https://webexapis.com/v1");
        assert_eq!(c.oidc.allowed_issuers.len(), 3);
        assert_eq!(
            c.redirect_uri().as_str(),
            "http://localhost:8080/auth/callback"
        );
        assert!(!c.is_https());
        assert_eq!(c.metrics_listen, Some("127.0.0.1:9464".parse().unwrap()));
        assert_eq!(c.shutdown_grace, Duration::from_secs(20));
        assert_eq!(c.webex.call_budget, CallBudgetConfig::default());
        assert_eq!(c.write_rate_limit_per_minute, 20);
        assert_eq!(c.jobs_poll, Some(Duration::from_secs(15)));
    }

    #[test]
    fn the_job_poll_interval_is_checked_at_start() {
        let mut map = minimal();
        map.insert("PORTAL_JOBS_POLL_SECS", "0".into());
        assert_eq!(load(&map).unwrap().jobs_poll, None, "0: no jobs here");
        map.insert("PORTAL_JOBS_POLL_SECS", "3600".into());
        assert_eq!(
            load(&map).unwrap().jobs_poll,
            Some(Duration::from_secs(3600))
        );
        for bad in ["3601", "-1", "soon"] {
            map.insert("PORTAL_JOBS_POLL_SECS", bad.into());
            let err = load(&map).unwrap_err().to_string();
            assert!(err.starts_with("PORTAL_JOBS_POLL_SECS"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_call_budget_keeps_room_for_background_work() {
        let mut m = minimal();
        m.insert("WEBEX_CALL_BUDGET_PER_MINUTE", "100".into());
        m.insert("WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE", "100".into());
        let e = load(&m).unwrap_err().to_string();
        assert!(
            e.starts_with("WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE is malformed"),
            "{e}"
        );
        m.insert("WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE", "30".into());
        m.insert("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE", "0".into());
        let e = load(&m).unwrap_err().to_string();
        assert!(e.contains("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE"), "{e}");
        m.insert("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE", "25".into());
        assert_eq!(
            load(&m).unwrap().webex.call_budget,
            CallBudgetConfig {
                per_minute: 100,
                per_user_per_minute: 25,
                interactive_reserve: 30
            }
        );
    }

    #[test]
    fn an_empty_metrics_address_turns_the_listener_off() {
        let mut m = minimal();
        m.insert("PORTAL_METRICS_LISTEN", String::new());
        assert_eq!(load(&m).unwrap().metrics_listen, None);
        m.insert("PORTAL_METRICS_LISTEN", "0.0.0.0:9100".into());
        assert_eq!(
            load(&m).unwrap().metrics_listen,
            Some("0.0.0.0:9100".parse().unwrap())
        );
    }

    #[test]
    fn errors_name_the_variable() {
        let mut m = minimal();
        m.remove("WEBEX_OIDC_CLIENT_ID");
        assert_eq!(
            load(&m).unwrap_err().to_string(),
            "WEBEX_OIDC_CLIENT_ID is required but not set"
        );

        let mut m = minimal();
        m.insert("PORTAL_SESSION_IDLE_TIMEOUT_SECS", "soon".into());
        assert!(
            load(&m)
                .unwrap_err()
                .to_string()
                .starts_with("PORTAL_SESSION_IDLE_TIMEOUT_SECS is malformed")
        );

        let mut m = minimal();
        m.insert("PORTAL_TOKEN_ENCRYPTION_KEY", "c2hvcnQ=".into());
        let e = load(&m).unwrap_err().to_string();
        assert!(
            e.contains("PORTAL_TOKEN_ENCRYPTION_KEY") && e.contains("32"),
            "{e}"
        );
    }

    #[test]
    fn the_role_map_is_parsed_strictly() {
        let mut m = minimal();
        m.insert(
            "PORTAL_ROLE_MAP",
            "group:Portal Helpdesk=helpdesk; group:Portal Admins=admin".into(),
        );
        assert_eq!(load(&m).unwrap().roles.map.rules.len(), 2);
        m.insert(
            "PORTAL_ROLE_MAP",
            "group:Portal Helpdesk=helpdesk; bob=admin".into(),
        );
        let e = load(&m).unwrap_err().to_string();
        assert!(
            e.starts_with("PORTAL_ROLE_MAP is malformed") && e.contains("entry 2 `bob=admin`"),
            "{e}"
        );
    }

    #[test]
    fn the_token_endpoint_authentication_is_one_of_two() {
        let mut m = minimal();
        assert_eq!(
            load(&m).unwrap().oidc.token_auth_method,
            TokenAuthMethod::ClientSecretBasic
        );
        m.insert("WEBEX_OIDC_TOKEN_AUTH_METHOD", "client_secret_post".into());
        assert_eq!(
            load(&m).unwrap().oidc.token_auth_method,
            TokenAuthMethod::ClientSecretPost
        );
        m.insert("WEBEX_OIDC_TOKEN_AUTH_METHOD", "private_key_jwt".into());
        let e = load(&m).unwrap_err().to_string();
        assert!(
            e.starts_with("WEBEX_OIDC_TOKEN_AUTH_METHOD is malformed"),
            "{e}"
        );
    }

    #[test]
    fn the_default_language_is_one_the_portal_speaks() {
        let mut m = minimal();
        assert_eq!(load(&m).unwrap().default_language, "en");
        m.insert("PORTAL_DEFAULT_LANGUAGE", "de-DE".into());
        assert_eq!(load(&m).unwrap().default_language, "de");
        m.insert("PORTAL_DEFAULT_LANGUAGE", "klingon".into());
        let e = load(&m).unwrap_err().to_string();
        assert!(
            e.starts_with("PORTAL_DEFAULT_LANGUAGE is malformed") && e.contains("en, de, fr"),
            "{e}"
        );
        // The pseudo-locale is for tests, never a configured default.
        m.insert("PORTAL_DEFAULT_LANGUAGE", "x-pseudo".into());
        assert!(load(&m).is_err());
    }

    #[test]
    fn notifications_need_a_bot_token() {
        let mut m = minimal();
        assert!(load(&m).unwrap().notify.bot_token.is_none());
        m.insert("PORTAL_NOTIFY_ON_HELPDESK_CHANGE", "true".into());
        let e = load(&m).unwrap_err().to_string();
        assert!(e.contains("PORTAL_NOTIFY_BOT_TOKEN"), "{e}");
        m.insert("PORTAL_NOTIFY_BOT_TOKEN", "bot".into());
        assert!(load(&m).unwrap().notify.bot_token.is_some());
    }

    #[test]
    fn secrets_can_come_from_files_and_never_print() {
        let dir = std::env::temp_dir().join(format!("portal-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("secret");
        std::fs::write(&file, "from-file\n").unwrap();
        let mut m = minimal();
        m.remove("WEBEX_OIDC_CLIENT_SECRET");
        m.insert("WEBEX_OIDC_CLIENT_SECRET_FILE", file.display().to_string());
        let c = load(&m).unwrap();
        use secrecy::ExposeSecret as _;
        assert_eq!(c.oidc.client_secret.expose_secret(), "from-file");
        assert!(!format!("{c:?}").contains("from-file"));
    }
}
