//! Who is this, and what may they do: Login with Webex, the session, roles.

pub mod authz;
pub mod oidc;
pub mod roles;
pub mod session;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use oidc::{Oidc, OidcError, VerifiedIdentity};
pub use roles::{RoleResolver, Scope};
pub use session::CurrentUser;

use futures_util::TryStreamExt as _;

use crate::{
    error::Failure,
    webex::{PeopleQuery, Person, WebexClient},
};

/// What a signed-in user may do in the portal. Granted by the portal, not by Webex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    Employee,
    Helpdesk,
    Admin,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Helpdesk => "helpdesk",
            Role::Admin => "admin",
        }
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// Helpdesk or admin: may act on other people's settings (within their scope).
    pub fn is_staff(self) -> bool {
        self != Role::Employee
    }
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
    /// The person's primary direct number (E.164), if any.
    pub phone_number: Option<String>,
    /// ISO 3166 country of that number: how national numbers the person types are read.
    pub country: Option<String>,
    /// Granted by `PORTAL_ROLE_MAP`, checked again every `PORTAL_ROLE_RECHECK_SECS`.
    pub role: Role,
    /// Where a helpdesk role applies (admins and employees: [`Scope::Org`], unused for employees).
    #[serde(default)]
    pub scope: Scope,
    /// When `role` and `scope` were last resolved; None means "now is due".
    #[serde(default, with = "time::serde::timestamp::option")]
    pub roles_checked_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::timestamp")]
    pub login_at: OffsetDateTime,
}

impl SessionUser {
    /// Whether this user may act on a person at `location_id` as helpdesk/admin.
    pub fn covers_location(&self, location_id: &str) -> bool {
        self.role.is_staff() && self.scope.covers(location_id)
    }
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
            LoginError::Oidc(OidcError::Metadata(_) | OidcError::Unreachable(_))
            | LoginError::Lookup(_) => Failure::Upstream,
            _ => Failure::SignInFailed,
        }
    }
}

/// Finds the person who signed in, as the service app sees them, and checks they are someone this
/// portal serves: in the service app's organization (it sees no other) and a Webex Calling user.
/// The person id must decode to the ID token's subject, so an email shared or reassigned between
/// accounts cannot sign someone in as another person.
pub async fn identify(
    webex: &WebexClient,
    identity: &VerifiedIdentity,
    now: OffsetDateTime,
) -> Result<SessionUser, LoginError> {
    let people: Vec<Person> = webex
        .list_people(PeopleQuery {
            email: Some(identity.email.clone()),
            calling_data: true,
            ..PeopleQuery::default()
        })
        .try_collect()
        .await
        .map_err(|e| LoginError::Lookup(e.to_string()))?;
    // Webex matches email case-insensitively; so do we, on any of the person's addresses.
    let person = people
        .into_iter()
        .find(|p| {
            p.emails
                .iter()
                .any(|e| e.eq_ignore_ascii_case(&identity.email))
        })
        .ok_or(LoginError::NotInOrganization)?;
    // FACTS §5: a person id is base64 of `ciscospark://…/PEOPLE/<sub>`.
    let same_subject = crate::webex::person_uuid(&person.id)
        .is_some_and(|uuid| uuid.eq_ignore_ascii_case(&identity.subject));
    if !same_subject {
        return Err(LoginError::SubjectMismatch);
    }
    let location_id = person
        .location_id
        .clone()
        .ok_or(LoginError::NotCallingUser)?;
    Ok(SessionUser {
        display_name: identity
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| person.display_name.clone()),
        email: identity.email.clone(),
        org_id: person.org_id.clone(),
        location_id,
        extension: person.extension.clone(),
        country: person
            .direct_number()
            .as_deref()
            .and_then(crate::domain::phone::country_of),
        phone_number: person.direct_number(),
        role: Role::default(),
        scope: Scope::Org,
        // The sign-in resolves the role right after (src/web/auth.rs).
        roles_checked_at: None,
        login_at: now,
        person_id: person.id,
    })
}
