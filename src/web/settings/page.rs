//! The settings page of one person: a shell that renders at once (no Webex call when the user
//! looks at their own settings) and lets each card, the summary and the history load themselves.

use axum::extract::{Path, State};

use super::{Ctx, encode};
use crate::{
    app::AppState,
    auth::{CurrentUser, SessionUser},
    error::AppError,
    i18n::Messages,
    views::PersonPage,
    web::{Lang, middleware::ReqId},
};

/// `GET /me`: the signed-in user's own settings.
pub async fn me(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    ReqId(request_id): ReqId,
) -> Result<PersonPage, AppError> {
    let person_id = user.person_id.clone();
    page(&state, t, user, &person_id, request_id).await
}

/// `GET /people/{person_id}`: someone else's settings (helpdesk); authorization decides.
pub async fn person(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    ReqId(request_id): ReqId,
    Path(person_id): Path<String>,
) -> Result<PersonPage, AppError> {
    page(&state, t, user, &person_id, request_id).await
}

/// The page shell for `person_id`, as `user` may see it.
pub async fn page(
    state: &AppState,
    t: &'static Messages,
    user: SessionUser,
    person_id: &str,
    request_id: String,
) -> Result<PersonPage, AppError> {
    let cx = Ctx::authorize(state, t, user, person_id, request_id).await?;
    Ok(PersonPage {
        t,
        base: format!("/hx/people/{}", encode(&cx.target.person_id)),
        on_behalf: cx.target.acting == crate::auth::authz::Acting::OnBehalf,
        user: cx.user,
        target: cx.target,
    })
}
