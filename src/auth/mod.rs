//! Who is this, and what may they do: Login with Webex, the session, roles.

pub mod oidc;
pub mod session;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use oidc::{Oidc, OidcError, VerifiedIdentity};
pub use session::CurrentUser;

use crate::error::Failure;

/// What a signed-in user may do in the portal. Granted by the portal, not by Webex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    Employee,
    Helpdesk,
    Admin,
}

/// The signed-in user as the session keeps them. Nothing secret: no token, no code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    /// The Webex person id (as the People API spells it).
    pub person_id: String,
    pub display_name: String,
    pub email: String,
    pub org_id: String,
    pub location_id: String,
    pub extension: Option<String>,
    pub role: Role,
    #[serde(with = "time::serde::timestamp")]
    pub login_at: OffsetDateTime,
}

/// Why a sign-in did not produce a session. The detail is for the log; the browser only learns
/// the [`Failure`] category.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("callback without a sign-in in progress (missing, replayed or from another browser)")]
    NoPendingLogin,
    #[error("callback `state` does not match the sign-in in progress")]
    StateMismatch,
    #[error("sign-in started too long ago")]
    PendingExpired,
    #[error("Webex answered the sign-in with error `{0}`")]
    ProviderError(String),
    #[error("callback carries no code")]
    MissingCode,
    #[error(transparent)]
    Oidc(#[from] OidcError),
    #[error("no person with that email in the organization")]
    NotInOrganization,
    #[error("person has no Webex Calling location")]
    NotCallingUser,
    #[error("person id does not belong to the ID token's subject")]
    SubjectMismatch,
    #[error("looking up the person: {0}")]
    Lookup(String),
}

impl LoginError {
    pub fn failure(&self) -> Failure {
        match self {
            LoginError::NotInOrganization => Failure::OtherOrganization,
            LoginError::NotCallingUser => Failure::NotCallingUser,
            LoginError::Oidc(OidcError::Metadata(_)) | LoginError::Lookup(_) => Failure::Upstream,
            _ => Failure::SignInFailed,
        }
    }
}

/// Maps a Webex identity to the person the portal serves (wired to the People API next).
pub async fn identify(
    _identity: &VerifiedIdentity,
    _now: OffsetDateTime,
) -> Result<SessionUser, LoginError> {
    Err(LoginError::Lookup(
        "the people directory is not connected yet".into(),
    ))
}
