//! Login with Webex: the OIDC authorization-code flow with PKCE (S256), `state` and `nonce`.
//!
//! Webex quirks handled here (FACTS §5):
//! - The discovery document's `issuer` (a regional idbroker) differs from the ID tokens' `iss`, so
//!   discovery is fetched by hand (not `discover_async`, which insists they match) and the accepted
//!   issuers come from configuration.
//! - ID tokens carry only the `openid` claims; email and name come from `/userinfo`.
//!
//! Discovery and the JWKS are fetched on first use and cached; an ID token signed with a key id we
//! have not seen makes us refetch them once, so Webex can rotate its keys.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use openidconnect::{
    AccessToken, AsyncHttpClient, AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret,
    CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse,
    core::{
        CoreClient, CoreIdToken, CoreIdTokenClaims, CoreIdTokenVerifier, CoreJsonWebKeySet,
        CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreResponseType,
    },
};
use secrecy::ExposeSecret as _;
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use url::Url;

use crate::{
    clock::Clock,
    config::{Config, TokenAuthMethod},
};

/// Allowed clock difference between Webex and us when checking `exp` and `iat`.
const CLOCK_LEEWAY: time::Duration = time::Duration::seconds(60);
/// How long a started sign-in may take before its callback is refused.
pub const PENDING_LOGIN_TTL: time::Duration = time::Duration::minutes(10);

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// Discovery or JWKS could not be fetched or understood: Webex is unreachable or misbehaving.
    #[error("provider metadata: {0}")]
    Metadata(String),
    #[error("token exchange: {0}")]
    TokenExchange(String),
    /// Webex could not be reached (or failed) during the code exchange or userinfo.
    #[error("Webex unreachable: {0}")]
    Unreachable(String),
    #[error("token response carries no id_token")]
    NoIdToken,
    #[error("id token rejected: {0}")]
    IdToken(String),
    #[error("userinfo: {0}")]
    UserInfo(String),
}

/// What the browser's session holds between `/login` and `/auth/callback`. Nothing here is useful
/// to anyone but the browser that started the sign-in.
#[derive(Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go after signing in (already checked to be a local path).
    pub next: Option<String>,
    #[serde(with = "time::serde::timestamp")]
    pub started_at: time::OffsetDateTime,
}

// Deliberately not derived: the verifier and nonce must not reach a log line.
impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// Who signed in, as Webex vouches for them. The user's Webex tokens end here: not kept.
#[derive(Debug, Clone)]
pub struct VerifiedIdentity {
    /// The Common Identity user UUID (`sub`).
    pub subject: String,
    pub email: String,
    pub name: Option<String>,
}

#[derive(Clone)]
struct Provider {
    metadata: CoreProviderMetadata,
    jwks: CoreJsonWebKeySet,
}

/// The portal's Login-with-Webex client. Cheap to share (`Arc`).
pub struct Oidc {
    http: OidcHttpClient,
    base_url: Url,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect_uri: RedirectUrl,
    allowed_issuers: Vec<IssuerUrl>,
    token_auth: openidconnect::AuthType,
    clock: Arc<dyn Clock>,
    provider: RwLock<Option<Provider>>,
}

impl Oidc {
    pub fn new(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let allowed_issuers = config
            .oidc
            .allowed_issuers
            .iter()
            .map(|iss| {
                IssuerUrl::new(iss.clone()).map_err(|e| {
                    anyhow::anyhow!("WEBEX_OIDC_ALLOWED_ISSUERS: `{iss}` is not a URL: {e}")
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        anyhow::ensure!(
            !allowed_issuers.is_empty(),
            "WEBEX_OIDC_ALLOWED_ISSUERS must name at least one issuer"
        );
        Ok(Oidc {
            http: OidcHttpClient::new(config.webex.connect_timeout, config.webex.request_timeout)?,
            base_url: config.oidc.base_url.clone(),
            client_id: ClientId::new(config.oidc.client_id.clone()),
            client_secret: ClientSecret::new(config.oidc.client_secret.expose_secret().to_owned()),
            redirect_uri: RedirectUrl::from_url(config.redirect_uri()),
            allowed_issuers,
            token_auth: match config.oidc.token_auth_method {
                TokenAuthMethod::ClientSecretBasic => openidconnect::AuthType::BasicAuth,
                TokenAuthMethod::ClientSecretPost => openidconnect::AuthType::RequestBody,
            },
            clock,
            provider: RwLock::new(None),
        })
    }

    /// The exact redirect URI sent to Webex (registered with the integration).
    pub fn redirect_uri(&self) -> &Url {
        self.redirect_uri.url()
    }

    /// Builds the Webex authorize URL and the state to keep until the callback.
    pub async fn start(&self, next: Option<String>) -> Result<(Url, PendingLogin), OidcError> {
        let provider = self.provider(false).await?;
        let client = self.client(&provider);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = PendingLogin {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            next,
            started_at: self.clock.now(),
        };
        Ok((url, pending))
    }

    /// Redeems the code, verifies the ID token and reads the user's email and name.
    pub async fn finish(
        &self,
        pending: PendingLogin,
        code: String,
    ) -> Result<VerifiedIdentity, OidcError> {
        let provider = self.provider(false).await?;
        let client = self.client(&provider);
        let token = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::TokenExchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                openidconnect::RequestTokenError::Request(e) => {
                    OidcError::Unreachable(format!("token endpoint: {e}"))
                }
                // Display only: the Debug form of a parse error holds the response body (tokens).
                e => OidcError::TokenExchange(token_error_text(&e)),
            })?;
        let id_token = token.id_token().ok_or(OidcError::NoIdToken)?;
        let nonce = Nonce::new(pending.nonce);

        let claims = match self.verify(id_token, &provider.jwks, &nonce) {
            Err(VerifyError::UnknownKey) => {
                // Webex may have rotated its keys since we cached them: refetch once.
                let fresh = self.provider(true).await?;
                self.verify(id_token, &fresh.jwks, &nonce)
            }
            other => other,
        }
        .map_err(|e| OidcError::IdToken(e.to_string()))?;

        let subject = claims.subject().as_str().to_owned();
        let info = self
            .user_info(&provider, token.access_token(), &subject)
            .await?;
        Ok(VerifiedIdentity {
            subject,
            email: info.email,
            name: info.name,
        })
    }

    fn client(
        &self,
        provider: &Provider,
    ) -> CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    > {
        CoreClient::from_provider_metadata(
            provider.metadata.clone(),
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect_uri.clone())
        .set_auth_type(self.token_auth.clone())
    }

    /// Checks signature (RS256 only, against Webex's JWKS), `aud`, `iss` (one of the configured
    /// issuers), `exp`/`iat` with a small leeway, and `nonce`.
    fn verify(
        &self,
        id_token: &CoreIdToken,
        jwks: &CoreJsonWebKeySet,
        nonce: &Nonce,
    ) -> Result<CoreIdTokenClaims, VerifyError> {
        let now = self.clock.now();
        let as_chrono = |t: time::OffsetDateTime| {
            chrono::DateTime::from_timestamp(t.unix_timestamp(), 0).expect("a sane time")
        };
        let expiry_now = as_chrono(now - CLOCK_LEEWAY);
        let latest_issue = as_chrono(now + CLOCK_LEEWAY);
        let mut wrong_issuer = false;
        for issuer in &self.allowed_issuers {
            // A verifier without the client secret: HMAC-signed tokens can never pass.
            let verifier = CoreIdTokenVerifier::new_public_client(
                self.client_id.clone(),
                issuer.clone(),
                jwks.clone(),
            )
            .set_allowed_algs([CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256])
            .set_time_fn(move || expiry_now)
            .set_issue_time_verifier_fn(move |iat| {
                if iat > latest_issue {
                    Err("issued in the future".to_owned())
                } else {
                    Ok(())
                }
            });
            match id_token.claims(&verifier, nonce) {
                Ok(claims) => return Ok(claims.clone()),
                Err(openidconnect::ClaimsVerificationError::InvalidIssuer(_)) => {
                    wrong_issuer = true;
                }
                Err(openidconnect::ClaimsVerificationError::SignatureVerification(
                    openidconnect::SignatureVerificationError::NoMatchingKey,
                )) => return Err(VerifyError::UnknownKey),
                Err(e) => return Err(VerifyError::Rejected(e.to_string())),
            }
        }
        debug_assert!(wrong_issuer, "at least one issuer is configured");
        // Every allowed issuer was tried: the log names them all, and what the token said.
        let found = id_token
            .claims(
                &CoreIdTokenVerifier::new_insecure_without_verification(),
                |_: Option<&Nonce>| Ok(()),
            )
            .map(|c| c.issuer().to_string())
            .unwrap_or_else(|_| "?".to_owned());
        Err(VerifyError::Rejected(issuer_rejection(
            &found,
            &self.allowed_issuers,
        )))
    }

    async fn user_info(
        &self,
        provider: &Provider,
        access_token: &AccessToken,
        subject: &str,
    ) -> Result<UserInfo, OidcError> {
        let endpoint = provider
            .metadata
            .userinfo_endpoint()
            .ok_or_else(|| OidcError::UserInfo("discovery names no userinfo endpoint".into()))?;
        let response = self
            .http
            .0
            .get(endpoint.url().clone())
            .bearer_auth(access_token.secret())
            .send()
            .await
            .map_err(|e| OidcError::Unreachable(format!("userinfo: {}", e.without_url())))?;
        if response.status().is_server_error() {
            return Err(OidcError::Unreachable(format!(
                "userinfo: HTTP {}",
                response.status()
            )));
        }
        if !response.status().is_success() {
            return Err(OidcError::UserInfo(format!("HTTP {}", response.status())));
        }
        let info: UserInfo = response
            .json()
            .await
            .map_err(|e| OidcError::UserInfo(e.without_url().to_string()))?;
        if info.sub != subject {
            return Err(OidcError::UserInfo(
                "userinfo names another subject than the ID token".into(),
            ));
        }
        Ok(info)
    }

    /// The cached discovery document and JWKS; fetched when missing or when `refresh` is asked.
    async fn provider(&self, refresh: bool) -> Result<Provider, OidcError> {
        if !refresh && let Some(p) = self.provider.read().await.as_ref() {
            return Ok(p.clone());
        }
        let mut slot = self.provider.write().await;
        // Another request may have refreshed it while this one waited for the lock.
        if !refresh && let Some(p) = slot.as_ref() {
            return Ok(p.clone());
        }
        let fetched = self.fetch_provider().await?;
        *slot = Some(fetched.clone());
        Ok(fetched)
    }

    async fn fetch_provider(&self) -> Result<Provider, OidcError> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.base_url.as_str().trim_end_matches('/')
        );
        let response = self
            .http
            .0
            .get(&url)
            .send()
            .await
            .map_err(|e| OidcError::Metadata(format!("discovery: {e}")))?;
        if !response.status().is_success() {
            return Err(OidcError::Metadata(format!(
                "discovery: HTTP {}",
                response.status()
            )));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| OidcError::Metadata(format!("discovery: {e}")))?;
        let metadata: CoreProviderMetadata = serde_json::from_slice(&bytes)
            .map_err(|e| OidcError::Metadata(format!("discovery document: {e}")))?;
        let jwks = CoreJsonWebKeySet::fetch_async(metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| OidcError::Metadata(format!("JWKS: {e}")))?;
        tracing::info!(
            keys = jwks.keys().len(),
            "fetched Webex OIDC metadata and keys"
        );
        Ok(Provider { metadata, jwks })
    }
}

#[derive(Debug, thiserror::Error)]
enum VerifyError {
    #[error("signed with a key not in the JWKS")]
    UnknownKey,
    #[error("{0}")]
    Rejected(String),
}

/// The userinfo fields we use; Webex sends more (and `email_verified` as a string).
#[derive(Deserialize)]
struct UserInfo {
    sub: String,
    email: String,
    name: Option<String>,
}

/// Why a token's issuer was refused: what it said and every issuer that would have been accepted.
fn issuer_rejection(found: &str, allowed: &[IssuerUrl]) -> String {
    let allowed: Vec<&str> = allowed.iter().map(|i| i.as_str()).collect();
    format!(
        "invalid issuer `{found}`; WEBEX_OIDC_ALLOWED_ISSUERS accepts {}",
        allowed.join(", ")
    )
}

fn token_error_text<RE: std::error::Error + 'static>(
    e: &openidconnect::core::CoreRequestTokenError<RE>,
) -> String {
    match e {
        openidconnect::RequestTokenError::ServerResponse(r) => {
            format!("provider refused: {}", r.error())
        }
        openidconnect::RequestTokenError::Request(e) => format!("request failed: {e}"),
        openidconnect::RequestTokenError::Parse(_, _) => "unparsable token response".to_owned(),
        openidconnect::RequestTokenError::Other(e) => e.clone(),
    }
}

/// The HTTP client openidconnect uses: reqwest 0.13, with redirects off (an OIDC endpoint that
/// redirects is misconfigured or hostile) and the Webex timeouts.
#[derive(Clone)]
pub struct OidcHttpClient(reqwest::Client);

#[derive(Debug, thiserror::Error)]
pub enum OidcHttpError {
    #[error("{0}")]
    Reqwest(#[from] reqwest::Error),
    #[error("{0}")]
    Http(#[from] openidconnect::http::Error),
}

impl OidcHttpClient {
    pub fn new(connect_timeout: Duration, timeout: Duration) -> anyhow::Result<Self> {
        Ok(OidcHttpClient(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(connect_timeout)
                .timeout(timeout)
                .build()?,
        ))
    }
}

impl<'c> AsyncHttpClient<'c> for OidcHttpClient {
    type Error = OidcHttpError;
    type Future = Pin<
        Box<dyn Future<Output = Result<openidconnect::HttpResponse, OidcHttpError>> + Send + 'c>,
    >;

    fn call(&'c self, request: openidconnect::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request)?;
            // Errors are reported without the URL: it may carry a query worth keeping private.
            let response = self
                .0
                .execute(request)
                .await
                .map_err(reqwest::Error::without_url)?;
            let mut out = openidconnect::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                out = out.header(name, value);
            }
            let body = response
                .bytes()
                .await
                .map_err(reqwest::Error::without_url)?;
            Ok(out.body(body.to_vec())?)
        })
    }
}
