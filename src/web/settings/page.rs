//! The settings page of one person: a shell that renders at once (no Webex call when the user
//! looks at their own settings) and lets each card, the summary and the history load themselves.

use axum::extract::{Path, State};

use super::{Ctx, cards};
use crate::{
    app::AppState,
    auth::{CurrentUser, SessionUser},
    error::AppError,
    features::Feature,
    i18n::Messages,
    views::{PersonPage, card::PageSection},
    web::{Lang, middleware::ReqId},
};

/// `GET /me`: the signed-in user's own settings.
pub async fn get_me(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    ReqId(request_id): ReqId,
) -> Result<PersonPage, AppError> {
    let person_id = user.person_id.clone();
    page(&state, t, user, &person_id, request_id).await
}

/// `GET /people/{person_id}`: someone else's settings (helpdesk); authorization decides.
pub async fn get_person(
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
    let on_behalf = cx.target.acting == crate::auth::authz::Acting::OnBehalf;
    let restricted = if on_behalf {
        restricted_features(&cx).await
    } else {
        Vec::new()
    };
    // Helpdesk sees the location's name (or its id); the user's own shell makes no Webex call,
    // so it shows the name from the cache that sign-in fills.
    let location = match &cx.target.location_id {
        Some(id) if on_behalf => Some(state.locations.name(&cx.webex, id).await),
        Some(id) => state.locations.cached_name(id),
        None => None,
    };
    let base = cx.base();
    Ok(PersonPage {
        t,
        location,
        sections: sections(t, &base),
        base,
        on_behalf,
        restricted,
        user: cx.user,
        target: cx.target,
    })
}

/// The page's sections: (element id, heading) in the order shown.
fn section_names(t: &'static Messages) -> [(&'static str, &'static str); 6] {
    [
        ("section-forwarding", t.section_forwarding),
        ("section-rules", t.rule_cards.group_heading),
        ("section-availability", t.section_availability),
        ("section-voicemail", t.section_voicemail),
        ("section-caller-id", t.section_caller_id),
        ("section-devices", t.section_devices),
    ]
}

/// Which section of the page shows `feature`'s card (an index into [`section_names`]).
fn section_of(feature: Feature) -> usize {
    match feature {
        Feature::CallForwarding | Feature::CallIntercept => 0,
        Feature::SelectiveForward
        | Feature::SelectiveAccept
        | Feature::SelectiveReject
        | Feature::SimultaneousRing
        | Feature::SingleNumberReach
        | Feature::Schedules => 1,
        Feature::DoNotDisturb
        | Feature::CallWaiting
        | Feature::PersonalAssistant
        | Feature::BargeIn => 2,
        Feature::Voicemail => 3,
        Feature::CallerId | Feature::AnonymousCallRejection => 4,
        Feature::CallQueues | Feature::Phones | Feature::Numbers => 5,
    }
}

/// The cards' placeholders grouped in their sections; a section without cards is left out.
fn sections(t: &'static Messages, base: &str) -> Vec<PageSection> {
    let mut sections: Vec<PageSection> = section_names(t)
        .into_iter()
        .map(|(id, heading)| PageSection {
            id,
            heading,
            cards: Vec::new(),
        })
        .collect();
    for f in Feature::ALL {
        sections[section_of(f)]
            .cards
            .extend(cards::card(f).slots(t, base));
    }
    sections.retain(|s| !s.cards.is_empty());
    sections
}

/// The features the target may not change themselves (FACTS §3a), named for the banner; helpdesk
/// is not bound by them. Unknown (Webex failed) shows as none: the banner is advice, not a gate.
async fn restricted_features(cx: &Ctx) -> Vec<String> {
    match cx
        .webex_for_display()
        .get_feature_access(&cx.target.person_id)
        .await
    {
        Ok(access) => {
            let mut names: Vec<String> = Vec::new();
            for key in access
                .user_settings_permissions
                .keys()
                .filter(|key| access.user_may_change(key) == Some(false))
            {
                // A feature of the registry by its name, else Webex's key itself.
                let name = Feature::governed_by(key)
                    .map_or_else(|| key.clone(), |f| (cx.t.feature_name)(f).to_owned());
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        }
        Err(e) => {
            tracing::warn!(error = %e, "feature access unavailable for the banner");
            Vec::new()
        }
    }
}
