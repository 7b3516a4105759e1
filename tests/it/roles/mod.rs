//! Roles, the helpdesk, the audit log views and the admin page.
//!
//! The cast (built-in seed): Alice (employee, Boston), Henry (`Portal Helpdesk`, Boston), Amara
//! (`Portal Admins`, Chicago), Ethan Foster (Chicago; mapped by email to helpdesk for Boston only),
//! Liam Baker (Boston), Olivia Carter (Chicago), Oscar (the other org).

mod admin;
mod audit;
mod in_browser;
mod locations;
mod matrix;
mod notify;
mod person_page;
mod revocation;
mod search;
mod undo;

use calling_portal::simulator::seed;

use crate::support::{TestApp, TestOptions};

/// A helpdesk scoped to location A (Boston), who sits in location B (Chicago).
pub const SCOPED_HELPDESK_EMAIL: &str = "ethan.foster@acme.example";
/// People in location A (Boston) and B (Chicago).
pub const IN_A_EMAIL: &str = "liam.baker@acme.example";
pub const IN_B_EMAIL: &str = "olivia.carter@acme.example";

/// The role map the tests use: the two seeded groups, and the scoped helpdesk by email.
pub fn role_map() -> String {
    format!(
        "group:{}=helpdesk; group:{}=admin; email:{SCOPED_HELPDESK_EMAIL}=helpdesk@{}",
        seed::HELPDESK_GROUP,
        seed::ADMINS_GROUP,
        seed::location_id(seed::LOCATION_BOSTON_UUID)
    )
}

/// The portal with [`role_map`] and any further variables.
pub async fn spawn(extra: Vec<(&'static str, String)>) -> TestApp {
    let mut env = vec![("PORTAL_ROLE_MAP", role_map())];
    env.extend(extra);
    TestApp::spawn_with(TestOptions {
        env,
        ..TestOptions::default()
    })
    .await
}

pub fn person_id(app: &TestApp, email: &str) -> String {
    app.sim
        .person_id_by_email(email)
        .unwrap_or_else(|| panic!("{email} is seeded"))
}

/// Every write the portal made to Webex so far (PUT and POST on the REST API, not sign-in).
pub fn webex_writes(app: &TestApp) -> u64 {
    app.sim.request_count("PUT", "*") + app.sim.request_count("POST", "*")
        - app.sim.request_count("POST", "/v1/access_token")
        - app.sim.request_count("POST", "/v1/authorize")
        - app.sim.request_count("POST", "/v1/userinfo")
}
