//! The authorization matrix: {employee, helpdesk for location A, org-wide helpdesk, admin} ×
//! {self, a person in location A, a person in location B, a person in the other org}, first on
//! `authorize_target` itself, then on every person-scoped route.

use calling_portal::{
    auth::{Role, Scope, SessionUser, authz},
    simulator::seed,
    web::settings,
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

/// How the matrix calls a route: a page, or an htmx fragment read or write.
#[derive(Clone, Copy, Debug)]
enum Call {
    Get,
    GetHx,
    PutHx,
    PostHx,
    DeleteHx,
}

/// Every person-scoped route the portal serves, each method on its own: the router is built
/// from the same list, so a route added there is in the matrix without touching this test.
fn calls() -> Vec<(Call, String, bool)> {
    let mut out = Vec::new();
    for route in settings::person_routes() {
        for method in route.methods {
            let call = match (method.as_str(), route.fragment) {
                ("GET", false) => Call::Get,
                ("GET", true) => Call::GetHx,
                ("PUT", true) => Call::PutHx,
                ("POST", true) => Call::PostHx,
                ("DELETE", true) => Call::DeleteHx,
                other => panic!("{other:?} {}: the matrix cannot call it yet", route.path),
            };
            // Each value a route's other parameters take; a parameter not here fails the test.
            let paths: Vec<String> = if route.path.contains("{which}") {
                ["busy", "no-answer"]
                    .iter()
                    .map(|w| route.path.replace("{which}", w))
                    .collect()
            } else if route.path.contains("{job_id}") {
                // A job nobody has: an allowed caller finds nothing to cancel (409).
                vec![route.path.replace("{job_id}", "999999")]
            } else if route.path.contains("{number_id}") {
                // A number nobody has: an allowed caller gets "changed since" (stale fingerprint).
                vec![route.path.replace("{number_id}", "bm8tc3VjaC1udW1iZXI")]
            } else {
                // A call rule's criterion: one no one has (an allowed call finds it gone).
                vec![route.path.replace(
                    "{criterion_id}",
                    "Y2lzY29zcGFyazovL3VzL0NBTExfQ1JJVEVSSUEvbm9uZQ",
                )]
            };
            for path in paths {
                // A schedule no one has, and its first event: an allowed caller gets "changed
                // since" (stale fingerprint).
                let path = path
                    .replace("{schedule_type}", "businessHours")
                    .replace("{schedule_id}", "bm8tc3VjaC1zY2hlZHVsZQ")
                    .replace("{event}", "0");
                let path = path.replace("{person_id}", "{id}");
                let unknown = path.replace("{id}", "");
                assert!(
                    !unknown.contains('{'),
                    "{path}: a parameter the matrix does not fill"
                );
                out.push((call, path, route.staff_only));
            }
        }
    }
    out
}

#[test]
fn the_matrix_covers_every_card_of_the_registry() {
    let paths: Vec<String> = calls().into_iter().map(|(_, path, _)| path).collect();
    for feature in calling_portal::features::Feature::ALL {
        // Read-only cards (phones, numbers) have no PUT.
        let methods: &[&str] = if feature.info().writable {
            &["GET", "PUT"]
        } else {
            &["GET"]
        };
        for &method in methods {
            let path = format!("/hx/people/{{id}}/{}", feature.segment());
            assert!(
                settings::person_routes().iter().any(|r| r.path
                    == format!("/hx/people/{{person_id}}/{}", feature.segment())
                    && r.methods.iter().any(|m| m.as_str() == method)),
                "{method} {path} is not a person-scoped route"
            );
            assert!(paths.contains(&path));
        }
    }
}

#[tokio::test]
async fn every_person_scoped_route_follows_the_matrix() {
    // Every route for every actor and target in a few seconds: far more saves and Webex calls
    // per person than the fairness limits allow (tests/it/fairness.rs covers those).
    let app = spawn(vec![
        ("PORTAL_WRITE_RATE_LIMIT_PER_MINUTE", "100000".into()),
        ("WEBEX_CALL_BUDGET_PER_MINUTE", "100000".into()),
        ("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE", "100000".into()),
    ])
    .await;
    let mut browsers = Vec::new();
    for actor in ACTORS {
        browsers.push((actor, app.login_as(actor.email()).await));
    }
    // An undoable entry about every person a cell can name (call waiting: on → off).
    let mut entries = std::collections::HashMap::new();
    for actor in ACTORS {
        for whom in TARGETS {
            let id = whom.person_id(&app, actor);
            if entries.contains_key(&id) {
                continue;
            }
            let email = match whom {
                Whom::Myself => actor.email(),
                Whom::InA => IN_A_EMAIL,
                Whom::InB => IN_B_EMAIL,
                Whom::OtherOrg => seed::OTHER_ORG_EMAIL,
            };
            let mut e = super::audit::entry(&app, email, email, "call_waiting");
            e.target_location_id = Some(seed::location_id(match email {
                e if e == IN_B_EMAIL || e == seed::ADMIN_EMAIL || e == SCOPED_HELPDESK_EMAIL => {
                    seed::LOCATION_CHICAGO_UUID
                }
                e if e == seed::OTHER_ORG_EMAIL => seed::OTHER_ORG_LOCATION_UUID,
                _ => seed::LOCATION_BOSTON_UUID,
            }));
            // A state no one holds: an allowed undo ends in "changed since" (409), writing nothing.
            e.before = Some(serde_json::json!({"enabled": true}));
            e.after = Some(serde_json::json!({"enabled": false, "never": "held"}));
            let entry_id = app.state.store.append_audit(&e).await.unwrap();
            entries.insert(id, entry_id);
        }
    }

    let mut failures = Vec::new();
    // The hand-kept list this replaced had 17 routes; the registry gives at least those.
    assert!(calls().len() >= 17, "{:?}", calls());
    for (method, route_path, staff_only) in calls() {
        for (actor, browser) in &browsers {
            for whom in TARGETS {
                let person = whom.person_id(&app, *actor);
                let id = if route_path.starts_with("/hx/audit/") {
                    entries[&person].to_string()
                } else {
                    url::form_urlencoded::byte_serialize(person.as_bytes()).collect()
                };
                let path = route_path.replace("{id}", &id);
                let expected = allowed(*actor, whom) && !(staff_only && *actor == Actor::Employee);
                let writes = super::webex_writes(&app);
                let form = [("fingerprint", "stale"), ("ticket", "INC-42")];
                let response = match method {
                    Call::Get => app.get(browser, &path).await,
                    Call::GetHx => app.get_hx(browser, &path).await,
                    Call::PutHx => app.put_hx(browser, &path, &form).await,
                    Call::PostHx => app.post_hx(browser, &path, &form).await,
                    Call::DeleteHx => app.delete_hx(browser, &path, &form).await,
                };
                let status = response.status().as_u16();
                let denied = matches!(status, 403 | 404);
                let ok = if expected {
                    !denied && status != 401 && status < 500
                } else {
                    denied && super::webex_writes(&app) == writes
                };
                if !ok {
                    failures.push(format!(
                        "{method:?} {path} as {actor:?} on {whom:?}: {status} (expected {})",
                        if expected { "allow" } else { "deny" }
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_matrix_covers_the_call_rule_criteria_routes() {
    let calls = calls();
    for segment in [
        "selective-forward",
        "selective-accept",
        "selective-reject",
        "simultaneous-ring",
    ] {
        let base = format!("/hx/people/{{id}}/{segment}/criteria");
        for (method, path) in [
            ("GetHx", base.clone()),
            ("PostHx", base.clone()),
            (
                "DeleteHx",
                format!("{base}/Y2lzY29zcGFyazovL3VzL0NBTExfQ1JJVEVSSUEvbm9uZQ"),
            ),
        ] {
            assert!(
                calls
                    .iter()
                    .any(|(c, p, _)| format!("{c:?}") == method && *p == path),
                "{method} {path} is not in the matrix"
            );
        }
    }
}
