//! Authorization on the target person, on every request: who may act on whose settings.
//!
//! Every route that touches a person's settings takes the person id from its path and passes it
//! through [`authorize_target`] before anything else; nothing the browser sends (role, org,
//! location) is trusted. Employees act on themselves only; helpdesk and admins act on Webex
//! Calling users of their own org, within their scope (the session's role and scope are
//! re-resolved every `PORTAL_ROLE_RECHECK_SECS`, src/auth/roles.rs).

use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    app::AppState,
    auth::{CurrentUser, Role, SessionUser},
    error::AppError,
};

/// In what capacity the signed-in user acts on the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acting {
    /// On their own settings: the org's feature-access rules apply.
    OnSelf,
    /// On someone else's, as helpdesk or admin: feature access does not bind them.
    OnBehalf,
}

/// The person a request acts on, as the portal verified them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub person_id: String,
    pub display_name: String,
    pub org_id: String,
    pub location_id: Option<String>,
    pub extension: Option<String>,
    pub phone_number: Option<String>,
    pub country: Option<String>,
    pub acting: Acting,
    /// Numbers this person's calls may not be forwarded to (`PORTAL_FORWARDING_DENY_LIST`).
    pub forwarding_deny: std::sync::Arc<crate::domain::phone::DenyList>,
}

/// Decides whether `user` may act on `person_id`, and describes the target if so.
///
/// Acting on oneself needs no Webex call (the session knows who you are). Acting on someone else
/// looks the person up with the service app, so the decision rests on Webex's view of their org
/// and location, not on anything in the request.
pub async fn authorize_target(
    state: &AppState,
    user: &SessionUser,
    person_id: &str,
) -> Result<Target, AppError> {
    authorize_target_with(state, &state.webex, user, person_id).await
}

/// [`authorize_target`], looking the person up with `webex` (a job's step: the background budget).
pub async fn authorize_target_with(
    state: &AppState,
    webex: &crate::webex::WebexClient,
    user: &SessionUser,
    person_id: &str,
) -> Result<Target, AppError> {
    // Not a person id at all (`..`, an encoded slash, another kind of id): nobody is there, and
    // nothing of it may reach a Webex path.
    if !crate::webex::is_person_id(person_id) {
        return Err(AppError::NotFound);
    }
    if person_id == user.person_id {
        return Ok(Target {
            person_id: user.person_id.clone(),
            display_name: user.display_name.clone(),
            org_id: user.org_id.clone(),
            location_id: Some(user.location_id.clone()),
            extension: user.extension.clone(),
            phone_number: user.phone_number.clone(),
            country: user.country.clone(),
            acting: Acting::OnSelf,
            forwarding_deny: state.config.forwarding_deny.clone(),
        });
    }
    if user.role == Role::Employee {
        return Err(AppError::Forbidden(
            "employees change only their own settings",
        ));
    }
    let person = match webex.get_person(person_id, true).await {
        Ok(p) => p,
        // The service app sees only its org: anyone else is "not found", like a bad id.
        Err(e) if matches!(e.status(), Some(400 | 404)) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if person.org_id != user.org_id {
        return Err(AppError::Forbidden(
            "the person belongs to another organization",
        ));
    }
    let Some(location_id) = person.location_id.clone() else {
        return Err(AppError::Forbidden(
            "the person is not a Webex Calling user",
        ));
    };
    if !user.covers_location(&location_id) {
        return Err(AppError::Forbidden(
            "the person's location is outside the helpdesk scope",
        ));
    }
    let number = person.direct_number();
    Ok(Target {
        country: number.as_deref().and_then(crate::domain::phone::country_of),
        phone_number: number,
        person_id: person.id,
        display_name: person.display_name,
        org_id: person.org_id,
        location_id: Some(location_id),
        extension: person.extension,
        acting: Acting::OnBehalf,
        forwarding_deny: state.config.forwarding_deny.clone(),
    })
}

/// Route guard (`route_layer`) of the staff routes: helpdesk and admins only.
pub async fn staff_only(CurrentUser(user): CurrentUser, req: Request, next: Next) -> Response {
    guarded(require_staff(&user), user, req, next).await
}

/// Route guard of the admin routes.
pub async fn admin_only(CurrentUser(user): CurrentUser, req: Request, next: Next) -> Response {
    guarded(require_admin(&user), user, req, next).await
}

async fn guarded(
    allowed: Result<(), AppError>,
    user: SessionUser,
    mut req: Request,
    next: Next,
) -> Response {
    match allowed {
        Ok(()) => {
            // The handler's own `CurrentUser` takes this one instead of reading the session again.
            req.extensions_mut().insert(CurrentUser(user));
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

/// Helpdesk or admin pages: anyone else is refused.
pub fn require_staff(user: &SessionUser) -> Result<(), AppError> {
    if user.role.is_staff() {
        Ok(())
    } else {
        Err(AppError::Forbidden("helpdesk or admin only"))
    }
}

/// Admin pages.
pub fn require_admin(user: &SessionUser) -> Result<(), AppError> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden("admins only"))
    }
}
