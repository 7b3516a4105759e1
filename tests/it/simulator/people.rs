//! People and Groups: search filters, caps, `Link` pagination, calling data, org boundaries, scopes.

use std::collections::HashSet;

use calling_portal::simulator::{SimulatorOptions, seed};
use serde_json::Value;

use super::{admin_token, person_id, start, start_with, url};

async fn get(token: &str, u: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(u)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

fn next_link(res: &reqwest::Response) -> Option<String> {
    let link = res.headers().get("link")?.to_str().unwrap().to_string();
    let (target, rel) = link.split_once(';')?;
    assert_eq!(rel.trim(), "rel=\"next\"");
    Some(
        target
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string(),
    )
}

#[tokio::test]
async fn pagination_follows_link_until_there_is_no_next() {
    let sim = start_with(SimulatorOptions {
        seed: seed::Seed::builtin_with_extra_users(256),
        ..SimulatorOptions::default()
    })
    .await;
    let token = admin_token(&sim).await;
    let mut next = Some(format!("{}?callingData=true&max=500", url(&sim, "/people")));
    let mut seen = HashSet::new();
    let mut pages = 0;
    while let Some(u) = next {
        assert!(
            u.starts_with("http://127.0.0.1:"),
            "absolute next link: {u}"
        );
        let res = get(&token, &u).await;
        assert_eq!(res.status(), 200);
        next = next_link(&res);
        let body: Value = res.json().await.unwrap();
        let items = body["items"].as_array().unwrap();
        assert!(items.len() <= 100, "capped at 100 with callingData");
        for p in items {
            assert!(
                seen.insert(p["id"].as_str().unwrap().to_string()),
                "no duplicates"
            );
        }
        pages += 1;
        assert!(pages < 20);
    }
    // Acme: 46 seeded + 256 extra users.
    assert_eq!(seen.len(), 302);
    assert_eq!(pages, 4);
    assert_eq!(sim.request_count("GET", "/v1/people"), 4);
}

#[tokio::test]
async fn a_full_last_page_links_to_an_empty_one() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    // Acme has 46 users: a page of 23 is full twice, then an empty page (FACTS §8).
    let res = get(&token, &format!("{}?max=23", url(&sim, "/people"))).await;
    let second = next_link(&res).unwrap();
    let res = get(&token, &second).await;
    let third = next_link(&res).unwrap();
    let res = get(&token, &third).await;
    assert!(next_link(&res).is_none());
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["items"], serde_json::json!([]));
}

#[tokio::test]
async fn location_filter_caps_max_at_50() {
    let sim = start_with(SimulatorOptions {
        seed: seed::Seed::builtin_with_extra_users(200),
        ..SimulatorOptions::default()
    })
    .await;
    let token = admin_token(&sim).await;
    let loc = seed::webex_id("LOCATION", seed::LOCATION_BOSTON_UUID);
    let res = get(
        &token,
        &format!(
            "{}?locationId={loc}&max=100&callingData=true",
            url(&sim, "/people")
        ),
    )
    .await;
    assert!(next_link(&res).is_some());
    let body: Value = res.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 50);
    assert!(items.iter().all(|p| p["locationId"] == loc.as_str()));
}

#[tokio::test]
async fn search_by_email_and_display_name_prefix() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let res = get(
        &token,
        &format!(
            "{}?email={}&callingData=true",
            url(&sim, "/people"),
            seed::EMPLOYEE_EMAIL
        ),
    )
    .await;
    let body: Value = res.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let alice = &items[0];
    assert_eq!(alice["id"], person_id(&sim, seed::EMPLOYEE_EMAIL).as_str());
    assert_eq!(alice["emails"][0], seed::EMPLOYEE_EMAIL);
    assert_eq!(alice["extension"], "1001");
    assert_eq!(
        alice["locationId"],
        seed::webex_id("LOCATION", seed::LOCATION_BOSTON_UUID).as_str()
    );
    assert_eq!(alice["phoneNumbers"][0]["type"], "work");
    assert_eq!(alice["phoneNumbers"][0]["value"], "+16175550001");
    assert_eq!(
        alice["orgId"],
        seed::webex_id("ORGANIZATION", seed::ORG_UUID).as_str()
    );

    // Without callingData there is no calling data.
    let body: Value = get(
        &token,
        &format!("{}?email={}", url(&sim, "/people"), seed::EMPLOYEE_EMAIL),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(body["items"][0].get("extension").is_none());
    assert!(body["items"][0].get("locationId").is_none());

    let body: Value = get(
        &token,
        &format!("{}?displayName=alice%20a", url(&sim, "/people")),
    )
    .await
    .json()
    .await
    .unwrap();
    let names: Vec<_> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Alice Anderson"]);

    // A user without calling has no locationId even with callingData.
    let body: Value = get(
        &token,
        &format!(
            "{}?email={}&callingData=true",
            url(&sim, "/people"),
            seed::NO_CALLING_EMAIL
        ),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(body["items"][0].get("locationId").is_none());
}

#[tokio::test]
async fn other_orgs_people_are_invisible() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let body: Value = get(
        &token,
        &format!("{}?email={}", url(&sim, "/people"), seed::OTHER_ORG_EMAIL),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(body["items"], serde_json::json!([]));
    let other = person_id(&sim, seed::OTHER_ORG_EMAIL);
    let res = get(&token, &format!("{}/{other}", url(&sim, "/people"))).await;
    assert_eq!(res.status(), 404);
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let body: Value = get(
        &token,
        &format!("{}?id={alice},{other}", url(&sim, "/people")),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    assert_eq!(body["notFoundIds"], serde_json::json!([other]));
}

#[tokio::test]
async fn id_list_is_limited_to_85() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let ids = vec![alice; 86].join(",");
    let res = get(&token, &format!("{}?id={ids}", url(&sim, "/people"))).await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn people_me_and_person_by_id() {
    let sim = start().await;
    let user = sim
        .issue_user_token(seed::EMPLOYEE_EMAIL, &["spark:people_read"])
        .unwrap();
    let body: Value = get(&user, &url(&sim, "/people/me"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["emails"][0], seed::EMPLOYEE_EMAIL);
    // Non-admins must search by email or displayName (FACTS §8).
    assert_eq!(get(&user, &url(&sim, "/people")).await.status(), 400);

    let token = admin_token(&sim).await;
    let helpdesk = person_id(&sim, seed::HELPDESK_EMAIL);
    let res = get(
        &token,
        &format!("{}/{helpdesk}?callingData=true", url(&sim, "/people")),
    )
    .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["extension"], "1002");
    assert_eq!(
        get(&token, &url(&sim, "/people/not-an-id")).await.status(),
        404
    );
}

#[tokio::test]
async fn missing_scope_is_403() {
    let sim = start().await;
    let token = sim.issue_admin_token(&["spark-admin:people_read"]);
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 200);
    let res = get(&token, &url(&sim, "/groups")).await;
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert!(body["trackingId"].as_str().unwrap().starts_with("ROUTER_"));
    let token = sim.issue_admin_token(&["identity:groups_read"]);
    assert_eq!(get(&token, &url(&sim, "/people")).await.status(), 403);
}

#[tokio::test]
async fn groups_filter_and_members() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let res = get(
        &token,
        &format!(
            "{}?filter=displayName%20eq%20%22Portal%20Helpdesk%22",
            url(&sim, "/groups")
        ),
    )
    .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["totalResults"], 1, "only this org's group");
    let group = &body["groups"][0];
    assert_eq!(group["displayName"], seed::HELPDESK_GROUP);
    assert!(group.get("members").is_none());
    let gid = group["id"].as_str().unwrap().to_string();
    let (kind, rest) = seed::decode_webex_id(&gid).unwrap();
    assert_eq!(kind, "SCIM_GROUP");
    assert!(rest.ends_with(&format!(":{}", seed::ORG_UUID)));

    let body: Value = get(
        &token,
        &format!(
            "{}?filter=displayName%20sw%20%22portal%22",
            url(&sim, "/groups")
        ),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(body["totalResults"], 2);

    let helpdesk = person_id(&sim, seed::HELPDESK_EMAIL);
    for path in ["members", "Members"] {
        let body: Value = get(&token, &format!("{}/{gid}/{path}", url(&sim, "/groups")))
            .await
            .json()
            .await
            .unwrap();
        let members = body["members"].as_array().unwrap();
        assert!(
            members
                .iter()
                .any(|m| m["id"] == helpdesk.as_str() && m["type"] == "user")
        );
        assert_eq!(body["memberSize"], members.len());
    }
    let body: Value = get(
        &token,
        &format!("{}/{gid}?includeMembers=true", url(&sim, "/groups")),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(body["members"].as_array().unwrap().len(), 3);

    let res = get(
        &token,
        &format!("{}?filter=name%20co%20%22x%22", url(&sim, "/groups")),
    )
    .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn group_members_page_with_link() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let body: Value = get(
        &token,
        &format!(
            "{}?filter=displayName%20eq%20%22Portal%20Helpdesk%22",
            url(&sim, "/groups")
        ),
    )
    .await
    .json()
    .await
    .unwrap();
    let gid = body["groups"][0]["id"].as_str().unwrap().to_string();
    let res = get(
        &token,
        &format!("{}/{gid}/members?count=2", url(&sim, "/groups")),
    )
    .await;
    let next = next_link(&res).expect("a second page");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["members"].as_array().unwrap().len(), 2);
    let res = get(&token, &next).await;
    assert!(next_link(&res).is_none());
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["members"].as_array().unwrap().len(), 1);
}
