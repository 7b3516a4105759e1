//! The authorization matrix: {employee, helpdesk for location A, org-wide helpdesk, admin} ×
//! {self, a person in location A, a person in location B, a person in the other org}, first on
//! `authorize_target` itself, then on every person-scoped route.

use calling_portal::{
    auth::{Role, Scope, SessionUser, authz},
    simulator::seed,
};

use super::{IN_A_EMAIL, IN_B_EMAIL, SCOPED_HELPDESK_EMAIL, person_id, spawn};
use crate::support::TestApp;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Actor {
    Employee,
    HelpdeskA,
    HelpdeskOrg,
    Admin,
}

pub const ACTORS: [Actor; 4] = [
    Actor::Employee,
    Actor::HelpdeskA,
    Actor::HelpdeskOrg,
    Actor::Admin,
];

impl Actor {
    pub fn email(self) -> &'static str {
        match self {
            Actor::Employee => seed::EMPLOYEE_EMAIL,
            Actor::HelpdeskA => SCOPED_HELPDESK_EMAIL,
            Actor::HelpdeskOrg => seed::HELPDESK_EMAIL,
            Actor::Admin => seed::ADMIN_EMAIL,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Whom {
    Myself,
    InA,
    InB,
    OtherOrg,
}

pub const TARGETS: [Whom; 4] = [Whom::Myself, Whom::InA, Whom::InB, Whom::OtherOrg];

impl Whom {
    pub fn person_id(self, app: &TestApp, actor: Actor) -> String {
        let email = match self {
            Whom::Myself => actor.email(),
            // Alice (the employee) is in A herself; the "someone in A" is Liam.
            Whom::InA => IN_A_EMAIL,
            Whom::InB => IN_B_EMAIL,
            Whom::OtherOrg => seed::OTHER_ORG_EMAIL,
        };
        person_id(app, email)
    }
}

/// The expected answer: may `actor` act on `whom`?
pub fn allowed(actor: Actor, whom: Whom) -> bool {
    match (actor, whom) {
        (_, Whom::Myself) => true,
        (_, Whom::OtherOrg) => false,
        (Actor::Employee, _) => false,
        (Actor::HelpdeskA, Whom::InA) => true,
        (Actor::HelpdeskA, Whom::InB) => false,
        (Actor::HelpdeskOrg | Actor::Admin, _) => true,
    }
}

#[tokio::test]
async fn authorize_target_follows_the_matrix() {
    let app = spawn(vec![]).await;
    let org_id = seed::org_id(seed::ORG_UUID);
    for actor in ACTORS {
        let (role, scope, location) = match actor {
            Actor::Employee => (Role::Employee, Scope::Org, seed::LOCATION_BOSTON_UUID),
            Actor::HelpdeskA => (
                Role::Helpdesk,
                Scope::Locations(vec![seed::location_id(seed::LOCATION_BOSTON_UUID)]),
                seed::LOCATION_CHICAGO_UUID,
            ),
            Actor::HelpdeskOrg => (Role::Helpdesk, Scope::Org, seed::LOCATION_BOSTON_UUID),
            Actor::Admin => (Role::Admin, Scope::Org, seed::LOCATION_CHICAGO_UUID),
        };
        let user = SessionUser {
            person_id: person_id(&app, actor.email()),
            display_name: format!("{actor:?}"),
            email: actor.email().to_owned(),
            org_id: org_id.clone(),
            location_id: seed::location_id(location),
            extension: None,
            phone_number: None,
            country: None,
            role,
            scope,
            roles_checked_at: None,
            login_at: time::OffsetDateTime::now_utc(),
        };
        for whom in TARGETS {
            let target = whom.person_id(&app, actor);
            let outcome = authz::authorize_target(&app.state, &user, &target).await;
            assert_eq!(
                outcome.is_ok(),
                allowed(actor, whom),
                "{actor:?} on {whom:?}: {outcome:?}"
            );
            if let Ok(t) = outcome {
                let expected = if whom == Whom::Myself {
                    authz::Acting::OnSelf
                } else {
                    authz::Acting::OnBehalf
                };
                assert_eq!(t.acting, expected);
            }
        }
    }
}
