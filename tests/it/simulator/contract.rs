//! The simulator against tests/contract/openapi-subset.yaml: every response body of the implemented
//! operations validates against the spec's schema for its status (objects made strict, so a field
//! the spec does not name fails too), PUT bodies built from the spec round-trip, and requests that
//! break the spec's request schemas are refused with the Webex error body.

use std::sync::OnceLock;

use calling_portal::simulator::{Simulator, seed};
use serde_json::{Value, json};

use super::{admin_token, person_id, start, url};

struct Spec {
    doc: Value,
}

/// OpenAPI 3.0 → JSON Schema: `nullable` becomes a `null` type, and objects with `properties`
/// refuse other properties so GET field sets must match the spec exactly.
fn to_json_schema(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(e)) = map.get_mut("enum") {
                    e.push(Value::Null);
                }
            }
            if map.get("properties").is_some_and(Value::is_object)
                && !map.contains_key("additionalProperties")
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (k, child) in map.iter_mut() {
                if k != "example" {
                    to_json_schema(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/contract/openapi-subset.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let mut doc: Value = serde_norway::from_str(&text).unwrap();
        // The Locations supplement (not in the shared subset, see its header) joins the spec
        // here: its paths and schemas, none of which may shadow the subset's.
        let supplement = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/contract/locations-supplement.yaml"
        );
        let extra: Value =
            serde_norway::from_str(&std::fs::read_to_string(supplement).unwrap()).unwrap();
        for (section, pointer) in [("paths", "/paths"), ("schemas", "/components/schemas")] {
            let into = doc.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
            for (k, v) in extra.pointer(pointer).unwrap().as_object().unwrap() {
                assert!(
                    into.insert(k.clone(), v.clone()).is_none(),
                    "the supplement redefines {section} {k}"
                );
            }
        }
        to_json_schema(&mut doc);
        Spec { doc }
    })
}

impl Spec {
    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.strip_prefix('#').expect("local $ref");
                self.resolve(self.doc.pointer(pointer).expect("$ref target"))
            }
            None => v,
        }
    }

    fn operation(&self, path: &str, method: &str) -> &Value {
        self.doc["paths"]
            .get(path)
            .and_then(|p| p.get(method))
            .unwrap_or_else(|| panic!("{method} {path} is not in the spec"))
    }

    /// The JSON schema the spec gives for this status (`None`: no body).
    fn response_schema(&self, path: &str, method: &str, status: u16) -> Option<Value> {
        let responses = &self.operation(path, method)["responses"];
        let response = responses
            .get(status.to_string())
            .or_else(|| responses.get(format!("{}XX", status / 100)))
            .unwrap_or_else(|| panic!("{method} {path} does not declare {status}"));
        self.resolve(response)
            .get("content")
            .map(|c| c["application/json"]["schema"].clone())
    }

    fn validate(&self, schema: &Value, body: &Value, what: &str) {
        let root = json!({ "allOf": [schema], "components": self.doc["components"] });
        let validator = jsonschema::validator_for(&root).expect("schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what} disagrees with the spec:\n{}\nbody: {body:#}",
            errors.join("\n")
        );
    }

    fn component(&self, name: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    fn request_schema(&self, path: &str, method: &str) -> Value {
        self.operation(path, method)["requestBody"]["content"]["application/json"]["schema"].clone()
    }

    /// Follows `$ref` and single-element `allOf` to the object schema.
    fn flatten<'a>(&'a self, v: &'a Value) -> &'a Value {
        let v = self.resolve(v);
        match v.get("allOf").and_then(Value::as_array) {
            Some(all) if all.len() == 1 => self.flatten(&all[0]),
            _ => v,
        }
    }

    /// Every leaf of a request schema: (path, leaf schema).
    fn leaves(&self, schema: &Value, prefix: Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
        let s = self.flatten(schema);
        match s.get("properties").and_then(Value::as_object) {
            Some(props) => {
                for (k, child) in props {
                    let mut p = prefix.clone();
                    p.push(k.clone());
                    self.leaves(child, p, out);
                }
            }
            None => out.push((prefix, s.clone())),
        }
    }
}

/// Calls the simulator and checks the answer against the spec operation `spec_path`.
struct Checked<'a> {
    sim: &'a Simulator,
    token: String,
}

impl Checked<'_> {
    async fn call(
        &self,
        method: &str,
        spec_path: &str,
        real_path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let http = reqwest::Client::new();
        let u = format!("{}{real_path}", self.sim.base_url());
        let req = match method {
            "get" => http.get(u),
            "put" => http.put(u),
            "post" => http.post(u),
            _ => unreachable!(),
        }
        .bearer_auth(&self.token);
        let req = match body {
            Some(b) => req.json(&b),
            None => req,
        };
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        // The People and Groups operations (copied verbatim) declare error statuses without a
        // body; the spec's error body for all of Webex is WebexError (components.responses E4xx).
        let schema = spec()
            .response_schema(spec_path, method, status)
            .or_else(|| (status >= 400).then(|| spec().component("WebexError")));
        let body = match (&schema, text.is_empty()) {
            (Some(schema), false) => {
                let body: Value = serde_json::from_str(&text).expect("JSON body");
                spec().validate(schema, &body, &format!("{method} {real_path} → {status}"));
                body
            }
            (Some(_), true) => panic!("{method} {real_path} → {status} has no body"),
            (None, false) => panic!("{method} {real_path} → {status} must have no body: {text}"),
            (None, true) => Value::Null,
        };
        (status, body)
    }
}

async fn checked(sim: &Simulator) -> Checked<'_> {
    Checked {
        token: admin_token(sim).await,
        sim,
    }
}

#[tokio::test]
async fn people_responses_match_the_spec() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let nina = person_id(&sim, seed::NO_CALLING_EMAIL);
    for q in [
        "?callingData=true".to_string(),
        "".into(),
        format!("?email={}", seed::EMPLOYEE_EMAIL),
        "?displayName=A&max=5".into(),
        format!(
            "?id={alice},{nina},{}",
            person_id(&sim, seed::OTHER_ORG_EMAIL)
        ),
        format!(
            "?locationId={}&callingData=true",
            seed::webex_id("LOCATION", seed::LOCATION_LONDON_UUID)
        ),
    ] {
        let (status, _) = c.call("get", "/people", &format!("/people{q}"), None).await;
        assert_eq!(status, 200, "{q}");
    }
    for id in [&alice, &nina] {
        for q in ["", "?callingData=true"] {
            let (status, _) = c
                .call(
                    "get",
                    "/people/{personId}",
                    &format!("/people/{id}{q}"),
                    None,
                )
                .await;
            assert_eq!(status, 200);
        }
    }
    let user = Checked {
        sim: &sim,
        token: sim
            .issue_user_token(seed::EMPLOYEE_EMAIL, &["spark:people_read"])
            .unwrap(),
    };
    assert_eq!(
        user.call("get", "/people/me", "/people/me", None).await.0,
        200
    );
    // Errors carry the Webex error body.
    assert_eq!(
        c.call("get", "/people/{personId}", "/people/nobody", None)
            .await
            .0,
        404
    );
    assert_eq!(c.call("get", "/people", "/people?max=0", None).await.0, 400);
    assert_eq!(user.call("get", "/people", "/people", None).await.0, 400);
    let nobody = Checked {
        sim: &sim,
        token: "expired".into(),
    };
    assert_eq!(nobody.call("get", "/people", "/people", None).await.0, 401);
    let no_scope = Checked {
        sim: &sim,
        token: sim.issue_admin_token(&[]),
    };
    assert_eq!(
        no_scope
            .call("get", "/people/me", "/people/me", None)
            .await
            .0,
        200
    );
    assert_eq!(
        no_scope.call("get", "/people", "/people", None).await.0,
        403
    );
}

#[tokio::test]
async fn group_responses_match_the_spec() {
    let sim = start().await;
    let c = checked(&sim).await;
    let (_, body) = c
        .call("get", "/groups", "/groups?includeMembers=true", None)
        .await;
    let gid = body["groups"][0]["id"].as_str().unwrap().to_string();
    c.call(
        "get",
        "/groups",
        "/groups?filter=displayName%20sw%20%22Portal%22&count=1",
        None,
    )
    .await;
    for q in ["", "?includeMembers=true"] {
        let (status, _) = c
            .call(
                "get",
                "/groups/{groupId}",
                &format!("/groups/{gid}{q}"),
                None,
            )
            .await;
        assert_eq!(status, 200);
    }
    let (status, _) = c
        .call(
            "get",
            "/groups/{groupId}/members",
            &format!("/groups/{gid}/members?count=1"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = c
        .call("get", "/groups/{groupId}", "/groups/Z3JvdXA", None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = c.call("get", "/groups", "/groups?filter=bogus", None).await;
    assert_eq!(status, 400);
}

const FEATURES: [(&str, &str); 4] = [
    (
        "/people/{personId}/features/callForwarding",
        "callForwarding",
    ),
    ("/people/{personId}/features/voicemail", "voicemail"),
    ("/people/{personId}/features/doNotDisturb", "doNotDisturb"),
    ("/people/{personId}/features/callWaiting", "callWaiting"),
];

/// Fields the GETs return but the PUT schemas do not have (FACTS §1, §2).
fn strip_read_only(feature: &str, v: &mut Value) {
    if feature == "callForwarding" {
        v["callForwarding"]["noAnswer"]
            .as_object_mut()
            .unwrap()
            .remove("systemMaxNumberOfRings");
    }
    if feature == "voicemail" {
        let o = v.as_object_mut().unwrap();
        o.remove("voiceMessageForwardingEnabled");
        o["sendBusyCalls"]
            .as_object_mut()
            .unwrap()
            .remove("greetingUploaded");
        let u = o["sendUnansweredCalls"].as_object_mut().unwrap();
        u.remove("greetingUploaded");
        u.remove("systemMaxNumberOfRings");
    }
}

#[tokio::test]
async fn call_setting_responses_match_and_put_bodies_round_trip() {
    let sim = start().await;
    let c = checked(&sim).await;
    let calling_users: Vec<String> = [
        seed::EMPLOYEE_EMAIL,
        seed::HELPDESK_EMAIL,
        seed::ADMIN_EMAIL,
        seed::NO_FORWARDING_EMAIL,
    ]
    .iter()
    .map(|e| person_id(&sim, e))
    .collect();
    // Settle a few non-default values first so more of each schema is exercised.
    sim.set_person_setting(
        &calling_users[0],
        "callForwarding",
        json!({"callForwarding": {"always": {"enabled": true, "destination": "+16175550123"}},
               "businessContinuity": {"enabled": true, "destination": "1002"}}),
    );
    sim.set_person_setting(
        &calling_users[1],
        "voicemail",
        json!({"notifications": {"enabled": true, "destination": "h@acme.example", "smsDestination": "+16175550100"},
               "transferToNumber": {"enabled": true, "destination": "1001"},
               "emailCopyOfMessage": {"enabled": true, "emailId": "h@acme.example"},
               "faxMessage": {"enabled": true, "phoneNumber": "+16175550111", "extension": "11"}}),
    );
    for id in &calling_users {
        for (spec_path, feature) in FEATURES {
            let real = spec_path.replace("{personId}", id);
            let (status, mut body) = c.call("get", spec_path, &real, None).await;
            assert_eq!(status, 200);
            // The GET minus read-only fields is a valid PUT body, and PUT answers 204.
            strip_read_only(feature, &mut body);
            let put_schema = spec().request_schema(spec_path, "put");
            spec().validate(&put_schema, &body, &format!("PUT body for {feature}"));
            let (status, _) = c.call("put", spec_path, &real, Some(body.clone())).await;
            assert_eq!(status, 204, "{feature}: {body}");
        }
    }
    let res = reqwest::Client::new()
        .get(url(&sim, "/telephony/config/voicemail/rules"))
        .bearer_auth(&c.token)
        .send()
        .await
        .unwrap();
    let rules: Value = res.json().await.unwrap();
    spec().validate(
        &spec().component("VoicemailRules"),
        &rules,
        "voicemail rules",
    );

    let alice = &calling_users[0];
    let available = "/telephony/config/people/{personId}/callForwarding/availableNumbers";
    let (status, numbers) = c
        .call(
            "get",
            available,
            &available.replace("{personId}", alice),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let numbers = numbers["phoneNumbers"].as_array().unwrap();
    assert!(numbers.len() > 3, "Boston's direct numbers");
    assert!(numbers.iter().any(|n| n["owner"]["id"] == alice.as_str()));
    let (_, filtered) = c
        .call(
            "get",
            available,
            &format!(
                "{}?ownerName=anderson",
                available.replace("{personId}", alice)
            ),
            None,
        )
        .await;
    assert_eq!(filtered["phoneNumbers"].as_array().unwrap().len(), 1);
    let passcode = format!("/telephony/config/people/{alice}/voicemail/passcode");
    let (status, _) = c
        .call(
            "put",
            "/telephony/config/people/{personId}/voicemail/passcode",
            &passcode,
            Some(json!({"passcode": "582914"})),
        )
        .await;
    assert_eq!(status, 204);
    let (status, _) = c
        .call(
            "put",
            "/telephony/config/people/{personId}/voicemail/passcode",
            &passcode,
            Some(json!({"passcode": "1"})),
        )
        .await;
    assert_eq!(status, 400);
    let reset = format!("/people/{alice}/features/voicemail/actions/resetPin/invoke");
    let (status, _) = c
        .call(
            "post",
            "/people/{personId}/features/voicemail/actions/resetPin/invoke",
            &reset,
            None,
        )
        .await;
    assert!((200..300).contains(&status));
}

#[tokio::test]
async fn error_bodies_match_the_spec_for_every_declared_status() {
    let sim = start().await;
    let c = checked(&sim).await;
    let op = "/people/{personId}/features/callForwarding";
    let real = op.replace("{personId}", &person_id(&sim, seed::EMPLOYEE_EMAIL));
    assert_eq!(
        c.call("put", op, &real, Some(json!({"callForwarding": 1})))
            .await
            .0,
        400
    );
    let other = op.replace("{personId}", &person_id(&sim, seed::OTHER_ORG_EMAIL));
    assert_eq!(c.call("get", op, &other, None).await.0, 404);
    let read_only = Checked {
        sim: &sim,
        token: sim.issue_admin_token(&["spark-admin:people_read"]),
    };
    assert_eq!(
        read_only.call("put", op, &real, Some(json!({}))).await.0,
        403
    );
    let bad = Checked {
        sim: &sim,
        token: "unknown".into(),
    };
    assert_eq!(bad.call("get", op, &real, None).await.0, 401);
    sim.faults().rate_limit_next(1, 1);
    assert_eq!(c.call("get", op, &real, None).await.0, 429);
    sim.faults().fail_next(1);
    assert_eq!(c.call("get", op, &real, None).await.0, 503);
    sim.faults().add(calling_portal::simulator::FaultRule {
        error_rate: 1.0,
        ..Default::default()
    });
    assert_eq!(c.call("get", op, &real, None).await.0, 500);
}

/// A value of the wrong JSON type (or outside the enum) for a leaf schema.
fn wrong_value(leaf: &Value) -> Value {
    if leaf.get("enum").is_some() {
        return json!("NOT_A_SPEC_VALUE");
    }
    match leaf.get("type").and_then(Value::as_str) {
        Some("boolean") => json!("true"),
        Some("string") => json!(12),
        Some("integer") | Some("number") => json!("3"),
        Some("object") => json!("x"),
        Some("array") => json!({}),
        other => panic!("unexpected leaf type {other:?}: {leaf}"),
    }
}

fn set_path(v: &mut Value, path: &[String], value: Value) {
    let mut slot = v;
    for k in &path[..path.len() - 1] {
        if !slot.get(k).is_some_and(Value::is_object) {
            slot[k] = json!({});
        }
        slot = slot.get_mut(k).unwrap();
    }
    slot[&path[path.len() - 1]] = value;
}

#[tokio::test]
async fn requests_that_break_the_spec_are_refused() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let ops = [
        "/people/{personId}/features/callForwarding",
        "/people/{personId}/features/voicemail",
        "/people/{personId}/features/doNotDisturb",
        "/people/{personId}/features/callWaiting",
        "/telephony/config/people/{personId}/voicemail/passcode",
    ];
    let mut tried = 0;
    for op in ops {
        let real = op.replace("{personId}", &alice);
        let schema = spec().request_schema(op, "put");
        let required: Vec<String> = spec()
            .flatten(&schema)
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        // A minimal valid body: the required fields with harmless values.
        let mut base = json!({});
        for field in &required {
            let leaf = spec()
                .flatten(&spec().flatten(&schema)["properties"][field])
                .clone();
            base[field] = match leaf.get("type").and_then(Value::as_str) {
                Some("boolean") => json!(false),
                Some("string") => json!("582914"),
                _ => json!({}),
            };
        }
        spec().validate(&schema, &base, "minimal body");
        assert_eq!(
            c.call("put", op, &real, Some(base.clone())).await.0,
            204,
            "{op} {base}"
        );
        // Each required field is required.
        for field in &required {
            let mut body = base.clone();
            body.as_object_mut().unwrap().remove(field);
            assert_eq!(
                c.call("put", op, &real, Some(body)).await.0,
                400,
                "{op} without {field}"
            );
            tried += 1;
        }
        // Each leaf refuses a value of the wrong type or outside its enum.
        let mut leaves = Vec::new();
        spec().leaves(&schema, Vec::new(), &mut leaves);
        for (path, leaf) in leaves {
            let mut body = base.clone();
            let wrong = wrong_value(&leaf);
            set_path(&mut body, &path, wrong);
            assert!(
                jsonschema::validator_for(
                    &json!({"allOf": [schema], "components": spec().doc["components"]})
                )
                .unwrap()
                .validate(&body)
                .is_err(),
                "the spec refuses {body}"
            );
            let (status, _) = c.call("put", op, &real, Some(body.clone())).await;
            assert_eq!(status, 400, "{op}: {body} must be refused");
            tried += 1;
        }
    }
    assert!(tried > 40, "{tried}");
}

#[tokio::test]
async fn every_webex_path_the_simulator_serves_is_in_the_spec_or_facts() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    // Touch every route once.
    let gid = seed::webex_id(
        "SCIM_GROUP",
        &format!("96000000-0000-4000-8000-000000000001:{}", seed::ORG_UUID),
    );
    let http = reqwest::Client::new();
    for path in [
        "/people".to_string(),
        "/people/me".into(),
        format!("/people/{alice}"),
        "/groups".into(),
        format!("/groups/{gid}"),
        format!("/groups/{gid}/members"),
        format!("/people/{alice}/features/callForwarding"),
        format!("/people/{alice}/features/voicemail"),
        format!("/people/{alice}/features/doNotDisturb"),
        format!("/people/{alice}/features/callWaiting"),
        format!("/telephony/config/people/{alice}/settings/permissions"),
        "/telephony/config/voicemail/rules".into(),
        // From tests/contract/locations-supplement.yaml (merged into the spec by `spec()`).
        "/locations".into(),
        format!(
            "/locations/{}",
            seed::location_id(seed::LOCATION_BOSTON_UUID)
        ),
    ] {
        let res = http
            .get(url(&sim, &path))
            .bearer_auth(&c.token)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
    }
    // Known outside the YAML: the OIDC endpoints (FACTS §5), feature access (FACTS §3a) and the
    // org voicemail rules (FACTS §2, schema VoicemailRules).
    let outside = [
        "/.well-known/openid-configuration",
        "/authorize",
        "/access_token",
        "/userinfo",
        "/verification",
        "/telephony/config/people/{personId}/settings/permissions",
        "/telephony/config/voicemail/rules",
    ];
    let counts: Value = http
        .get(format!("http://{}/_sim/counts", sim.addr()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for entry in counts["counts"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap().strip_prefix("/v1").unwrap();
        let method = entry["method"].as_str().unwrap().to_lowercase();
        if outside.contains(&path) {
            continue;
        }
        spec().operation(path, &method);
    }
    let res = http
        .get(url(&sim, "/no/such/path"))
        .bearer_auth(&c.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    spec().validate(&spec().component("WebexError"), &body, "404 body");
}

#[tokio::test]
async fn location_responses_match_the_supplement() {
    let sim = start().await;
    let c = checked(&sim).await;
    let boston = seed::location_id(seed::LOCATION_BOSTON_UUID);
    // All of the org's locations (not the other org's), with their names.
    let (status, body) = c.call("get", "/locations", "/locations", None).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Boston HQ", "Chicago", "London"]);
    // `name` contains, case-insensitive; `id`.
    let (_, body) = c
        .call("get", "/locations", "/locations?name=cAgO", None)
        .await;
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    let (_, body) = c
        .call(
            "get",
            "/locations",
            &format!("/locations?id={boston}"),
            None,
        )
        .await;
    assert_eq!(body["items"][0]["name"], "Boston HQ");
    // Link paging like People: full pages link on, the last page may be empty.
    let http = reqwest::Client::new();
    let mut next = Some(url(&sim, "/locations?max=2"));
    let (mut pages, mut seen) = (0, Vec::new());
    while let Some(u) = next.take() {
        let res = http.get(&u).bearer_auth(&c.token).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers().contains_key("trackingid"));
        next = res.headers().get("link").map(|l| {
            let l = l.to_str().unwrap();
            l[l.find('<').unwrap() + 1..l.find('>').unwrap()].to_string()
        });
        let body: Value = res.json().await.unwrap();
        spec().validate(
            &spec().component("LocationsCollectionResponse"),
            &body,
            "page",
        );
        seen.extend(
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["id"].clone()),
        );
        pages += 1;
    }
    assert_eq!((pages, seen.len()), (2, 3));
    // One location; unknown ids and the other org's location are 404.
    let (status, body) = c
        .call(
            "get",
            "/locations/{locationId}",
            &format!("/locations/{boston}"),
            None,
        )
        .await;
    assert_eq!((status, body["name"].as_str()), (200, Some("Boston HQ")));
    for other in [
        seed::location_id(seed::OTHER_ORG_LOCATION_UUID),
        seed::location_id("10ca7100-0000-4000-8000-0000000000ff"),
        "not-an-id".to_string(),
    ] {
        let (status, _) = c
            .call(
                "get",
                "/locations/{locationId}",
                &format!("/locations/{other}"),
                None,
            )
            .await;
        assert_eq!(status, 404, "{other}");
    }
    // Another org by `orgId` is refused.
    let globex = seed::webex_id("ORGANIZATION", seed::OTHER_ORG_UUID);
    let (status, _) = c
        .call(
            "get",
            "/locations",
            &format!("/locations?orgId={globex}"),
            None,
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn locations_need_an_admin_token_with_a_reading_scope() {
    let sim = start().await;
    let boston = seed::location_id(seed::LOCATION_BOSTON_UUID);
    let as_token = |token: String| Checked { sim: &sim, token };
    // Without any of the scopes: 403 with the Webex error body.
    let without = as_token(sim.issue_admin_token(&["spark-admin:telephony_config_read"]));
    for (spec_path, path) in [
        ("/locations", "/locations".to_string()),
        ("/locations/{locationId}", format!("/locations/{boston}")),
    ] {
        let (status, body) = without.call("get", spec_path, path.as_str(), None).await;
        assert_eq!(status, 403, "{path}");
        assert!(body["trackingId"].is_string());
    }
    // A user (not an admin) is refused too, even with people_read.
    let user = as_token(
        sim.issue_user_token(seed::EMPLOYEE_EMAIL, &["spark:people_read"])
            .unwrap(),
    );
    assert_eq!(
        user.call("get", "/locations", "/locations", None).await.0,
        403
    );
    // Each documented scope is enough on its own; the seeded service app has locations_read.
    for scope in [
        "spark-admin:locations_read",
        "spark-admin:people_read",
        "spark-admin:device_read",
    ] {
        let with = as_token(sim.issue_admin_token(&[scope]));
        assert_eq!(
            with.call("get", "/locations", "/locations", None).await.0,
            200,
            "{scope}"
        );
    }
    assert!(seed::SERVICE_APP_SCOPES.contains(&"spark-admin:locations_read"));
    // No token at all: 401.
    let res = reqwest::Client::new()
        .get(url(&sim, "/locations"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[test]
fn the_contract_check_itself_is_strict() {
    let valid = |name: &str, body: Value| {
        let root =
            json!({ "allOf": [spec().component(name)], "components": spec().doc["components"] });
        jsonschema::validator_for(&root).unwrap().is_valid(&body)
    };
    assert!(valid("DoNotDisturbInfo", json!({"enabled": true})));
    assert!(
        !valid("DoNotDisturbInfo", json!({"enabled": true, "bogus": 1})),
        "unknown field"
    );
    assert!(
        !valid("DoNotDisturbInfo", json!({"enabled": "yes"})),
        "wrong type"
    );
    assert!(
        !valid(
            "CallForwardingInfo",
            json!({"callForwarding": {"noAnswer": {"numberOfRings": 3, "extra": true}}})
        ),
        "nested unknown field through allOf"
    );
    assert!(
        !valid(
            "VoicemailInfo",
            json!({"messageStorage": {"storageType": "CLOUD"}})
        ),
        "enum"
    );
}

#[tokio::test]
async fn greeting_upload_answers_match_the_spec() {
    let sim = start().await;
    let token = admin_token(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let op = "/people/{personId}/features/voicemail/actions/uploadBusyGreeting/invoke";
    let upload = |data: Vec<u8>| {
        let u = format!("{}{}", sim.base_url(), op.replace("{personId}", &alice));
        let token = token.clone();
        async move {
            let part = reqwest::multipart::Part::bytes(data)
                .file_name("greeting.wav")
                .mime_str("audio/wav")
                .unwrap();
            let res = reqwest::Client::new()
                .post(u)
                .bearer_auth(token)
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let mut wav = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
    wav.resize(44, 0);
    let (status, body) = upload(wav).await;
    assert!((200..300).contains(&status));
    assert!(spec().response_schema(op, "post", status).is_none() && body.is_empty());
    let (status, body) = upload(b"not audio".to_vec()).await;
    let schema = spec().response_schema(op, "post", status).unwrap();
    spec().validate(
        &schema,
        &serde_json::from_str(&body).unwrap(),
        "greeting 400",
    );
}
