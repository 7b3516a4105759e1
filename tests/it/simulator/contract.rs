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
            "delete" => http.delete(u),
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

const FEATURES: [(&str, &str); 9] = [
    (
        "/people/{personId}/features/callForwarding",
        "callForwarding",
    ),
    ("/people/{personId}/features/voicemail", "voicemail"),
    ("/people/{personId}/features/doNotDisturb", "doNotDisturb"),
    ("/people/{personId}/features/callWaiting", "callWaiting"),
    ("/people/{personId}/features/callerId", "callerId"),
    ("/people/{personId}/features/intercept", "intercept"),
    (
        "/telephony/config/people/{personId}/features/personalAssistant",
        "personalAssistant",
    ),
    (
        "/telephony/config/people/{personId}/anonymousCallReject",
        "anonymousCallReject",
    ),
    ("/people/{personId}/features/bargeIn", "bargeIn"),
];

/// Fields the GETs return but the PUT schemas do not have (FACTS §1, §2, §3).
fn strip_read_only(feature: &str, v: &mut Value) {
    if feature == "callerId" {
        let o = v.as_object_mut().unwrap();
        for field in [
            "types",
            "directNumber",
            "extensionNumber",
            "locationNumber",
            "tollFreeLocationNumber",
            "locationExternalCallerIdName",
        ] {
            o.remove(field);
        }
    }
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
            let (status, before) = c.call("get", spec_path, &real, None).await;
            assert_eq!(status, 200);
            // The GET minus read-only fields is a valid PUT body, and PUT answers 204.
            let mut body = before.clone();
            strip_read_only(feature, &mut body);
            let put_schema = spec().request_schema(spec_path, "put");
            spec().validate(&put_schema, &body, &format!("PUT body for {feature}"));
            let (status, _) = c.call("put", spec_path, &real, Some(body.clone())).await;
            assert_eq!(status, 204, "{feature}: {body}");
            // ... and changes nothing.
            let (_, after) = c.call("get", spec_path, &real, None).await;
            assert_eq!(after, before, "{feature} round trip");
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
        "/people/{personId}/features/callerId",
        "/people/{personId}/features/intercept",
        "/telephony/config/people/{personId}/features/personalAssistant",
        "/telephony/config/people/{personId}/anonymousCallReject",
        "/people/{personId}/features/bargeIn",
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
            base[field] = match (leaf.get("enum"), leaf.get("type").and_then(Value::as_str)) {
                (Some(values), _) => values[0].clone(),
                (_, Some("boolean")) => json!(false),
                (_, Some("string")) => json!("582914"),
                (_, Some("array")) => json!([]),
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
        format!("/people/{alice}/features/callerId"),
        format!("/people/{alice}/features/intercept"),
        format!("/telephony/config/people/{alice}/features/personalAssistant"),
        format!("/telephony/config/people/{alice}/anonymousCallReject"),
        format!("/people/{alice}/features/bargeIn"),
        format!("/devices?personId={alice}"),
        format!("/telephony/config/numbers?ownerId={alice}"),
        format!("/telephony/config/queues/agents/{alice}?max=10&start=0"),
        format!(
            "/telephony/config/locations/{}/queues/{}",
            seed::location_id(seed::LOCATION_BOSTON_UUID),
            sim.call_queue_id("Sales Queue").unwrap()
        ),
        "/telephony/config/voicemail/rules".into(),
        "/locations".into(),
        format!(
            "/locations/{}",
            seed::location_id(seed::LOCATION_BOSTON_UUID)
        ),
        format!("/telephony/config/people/{alice}/selectiveForward"),
        format!("/telephony/config/people/{alice}/selectiveAccept"),
        format!("/telephony/config/people/{alice}/selectiveReject"),
        format!("/telephony/config/people/{alice}/simultaneousRing"),
        format!("/telephony/config/people/{alice}/singleNumberReach"),
        format!("/people/{alice}/features/schedules"),
        format!(
            "/telephony/config/locations/{}/schedules",
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
    // The writes without a GET of their own path.
    let res = http
        .put(url(
            &sim,
            &format!("/telephony/config/queues/agents/{alice}/settings"),
        ))
        .bearer_auth(&c.token)
        .json(&json!({"settings": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let part = reqwest::multipart::Part::bytes(wav())
        .file_name("a.wav")
        .mime_str("audio/wav")
        .unwrap();
    let res = http
        .post(url(
            &sim,
            &format!("/people/{alice}/features/intercept/actions/announcementUpload/invoke"),
        ))
        .bearer_auth(&c.token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    // Known outside the YAML: the OIDC endpoints (FACTS §5) and the org voicemail rules
    // (FACTS §2, schema VoicemailRules).
    let outside = [
        "/.well-known/openid-configuration",
        "/authorize",
        "/access_token",
        "/userinfo",
        "/verification",
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
    // A person setting without an admin path (FACTS §10.1) is an invalid URI, as Webex says.
    let res = http
        .get(url(
            &sim,
            &format!("/people/{alice}/features/sequentialRing"),
        ))
        .bearer_auth(&c.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    spec().validate(&spec().component("WebexError"), &body, "404 body");
    assert_eq!(body["message"], "The URI requested is invalid.");
}

#[tokio::test]
async fn location_responses_match_the_spec() {
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

/// A tiny WAV file (RIFF/WAVE header only).
fn wav() -> Vec<u8> {
    let mut wav = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
    wav.resize(44, 0);
    wav
}

#[tokio::test]
async fn intercept_announcement_upload_matches_the_spec_and_enables_a_custom_greeting() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let op = "/people/{personId}/features/intercept";
    let real = op.replace("{personId}", &alice);
    // No announcement yet: CUSTOM is refused.
    let custom = json!({"incoming": {"announcements": {"greeting": "CUSTOM"}}});
    assert_eq!(c.call("put", op, &real, Some(custom.clone())).await.0, 400);
    // A filename that was never uploaded is refused too.
    let forged = json!({"incoming": {"announcements": {"filename": "other.wav"}}});
    assert_eq!(c.call("put", op, &real, Some(forged)).await.0, 400);

    let upload_op = "/people/{personId}/features/intercept/actions/announcementUpload/invoke";
    let upload = |data: Vec<u8>, mime: &'static str| {
        let u = url(&sim, &upload_op.replace("{personId}", &alice));
        let token = c.token.clone();
        async move {
            let part = reqwest::multipart::Part::bytes(data)
                .file_name("moved.wav")
                .mime_str(mime)
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
    let (status, body) = upload(wav(), "audio/wav").await;
    assert!((200..300).contains(&status), "{status} {body}");
    assert!(spec().response_schema(upload_op, "post", status).is_none() && body.is_empty());
    let (_, now) = c.call("get", op, &real, None).await;
    assert_eq!(now["incoming"]["announcements"]["filename"], "moved.wav");
    assert_eq!(now["incoming"]["announcements"]["greeting"], "DEFAULT");
    assert_eq!(c.call("put", op, &real, Some(custom)).await.0, 204);
    // Not a WAV, or not sent as audio/wav: 400 with the Webex body.
    for (data, mime) in [(b"not audio".to_vec(), "audio/wav"), (wav(), "text/plain")] {
        let (status, body) = upload(data, mime).await;
        assert_eq!(status, 400);
        let schema = spec().response_schema(upload_op, "post", status).unwrap();
        spec().validate(&schema, &serde_json::from_str(&body).unwrap(), "upload 400");
    }
    // Enabled numbers need a destination, and destinations must be numbers.
    for bad in [
        json!({"incoming": {"announcements": {"newNumber": {"enabled": true}}}}),
        json!({"outgoing": {"transferEnabled": true}}),
        json!({"outgoing": {"destination": "call me"}}),
    ] {
        assert_eq!(
            c.call("put", op, &real, Some(bad.clone())).await.0,
            400,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn caller_id_and_personal_assistant_rules_are_enforced() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let frank = person_id(&sim, seed::NO_FORWARDING_EMAIL);
    let op = "/people/{personId}/features/callerId";
    let (_, alice_ids) = c
        .call("get", op, &op.replace("{personId}", &alice), None)
        .await;
    assert_eq!(
        alice_ids["types"],
        json!(["DIRECT_LINE", "LOCATION_NUMBER", "CUSTOM"])
    );
    // Frank has no direct number, so DIRECT_LINE is not his to choose.
    let real = op.replace("{personId}", &frank);
    let (_, frank_ids) = c.call("get", op, &real, None).await;
    assert_eq!(frank_ids["types"], json!(["LOCATION_NUMBER", "CUSTOM"]));
    assert!(frank_ids.get("directNumber").is_none());
    for (bad, why) in [
        (json!({"selected": "DIRECT_LINE"}), "not one of his types"),
        (json!({"selected": "CUSTOM"}), "CUSTOM without a number"),
        (
            json!({"selected": "CUSTOM", "customNumber": "+12125550100"}),
            "a number of another location",
        ),
        (
            json!({"selected": "LOCATION_NUMBER", "externalCallerIdNamePolicy": "OTHER"}),
            "OTHER without a name",
        ),
        (
            json!({"selected": "LOCATION_NUMBER", "directLineCallerIdName": {"selection": "CUSTOM_NAME"}}),
            "CUSTOM_NAME without a name",
        ),
        (
            json!({"selected": "LOCATION_NUMBER", "firstName": "Fr+nk"}),
            "a character names refuse",
        ),
        (json!({"customNumber": "+16175550001"}), "selected missing"),
    ] {
        assert_eq!(c.call("put", op, &real, Some(bad)).await.0, 400, "{why}");
    }
    let ok = json!({"selected": "CUSTOM", "customNumber": alice_ids["directNumber"].clone(),
                    "externalCallerIdNamePolicy": "OTHER", "customExternalCallerIdName": "Acme Support"});
    assert_eq!(c.call("put", op, &real, Some(ok)).await.0, 204);
    let (_, now) = c.call("get", op, &real, None).await;
    assert_eq!(
        (now["selected"].as_str(), now["customNumber"].clone()),
        (Some("CUSTOM"), alice_ids["directNumber"].clone())
    );

    let op = "/telephony/config/people/{personId}/features/personalAssistant";
    let real = op.replace("{personId}", &alice);
    for bad in [
        json!({"alertMeFirstNumberOfRings": 1}),
        json!({"alertMeFirstNumberOfRings": 21}),
        json!({"untilDateTime": "next tuesday"}),
        json!({"transferEnabled": true}),
        json!({"transferNumber": "call me"}),
    ] {
        assert_eq!(
            c.call("put", op, &real, Some(bad.clone())).await.0,
            400,
            "{bad}"
        );
    }
    let ok = json!({"enabled": true, "presence": "VACATION", "untilDateTime": "2026-03-28T14:30:00Z",
                    "transferEnabled": true, "transferNumber": "+16175550002", "alertMeFirstNumberOfRings": 20});
    assert_eq!(c.call("put", op, &real, Some(ok)).await.0, 204);
    let (_, now) = c.call("get", op, &real, None).await;
    assert_eq!(now["presence"], "VACATION");
    // Personal assistant takes telephony_config scopes; people_* is not enough.
    let people_only = Checked {
        sim: &sim,
        token: sim.issue_admin_token(&["spark-admin:people_read", "spark-admin:people_write"]),
    };
    assert_eq!(people_only.call("get", op, &real, None).await.0, 403);
    // Barge-in takes a user token for the user's own settings; anonymous call rejection does not.
    let user = Checked {
        sim: &sim,
        token: sim
            .issue_user_token(seed::EMPLOYEE_EMAIL, &["spark:people_read"])
            .unwrap(),
    };
    let barge = "/people/{personId}/features/bargeIn";
    assert_eq!(
        user.call("get", barge, &barge.replace("{personId}", &alice), None)
            .await
            .0,
        200
    );
    let anon = "/telephony/config/people/{personId}/anonymousCallReject";
    assert_eq!(
        user.call("get", anon, &anon.replace("{personId}", &alice), None)
            .await
            .0,
        403
    );
    // Where Webex has not deployed the admin path yet, it is an invalid URI (FACTS §10.1).
    sim.set_anonymous_call_reject_available(false);
    let (status, body) = c
        .call("get", anon, &anon.replace("{personId}", &alice), None)
        .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (404, Some("The URI requested is invalid."))
    );
}

/// Follows `Link rel="next"` from `first`, validating every page against `schema`; returns the
/// items under `key` and the number of pages.
async fn all_pages(
    sim: &Simulator,
    token: &str,
    first: &str,
    schema: &Value,
    key: &str,
) -> (Vec<Value>, usize) {
    let http = reqwest::Client::new();
    let mut next = Some(url(sim, first));
    let (mut pages, mut items) = (0, Vec::new());
    while let Some(u) = next.take() {
        let res = http.get(&u).bearer_auth(token).send().await.unwrap();
        assert_eq!(res.status(), 200, "{u}");
        next = res.headers().get("link").map(|l| {
            let l = l.to_str().unwrap();
            l[l.find('<').unwrap() + 1..l.find('>').unwrap()].to_string()
        });
        let body: Value = res.json().await.unwrap();
        spec().validate(schema, &body, &u);
        items.extend(body[key].as_array().unwrap().iter().cloned());
        pages += 1;
        assert!(pages < 100, "paging does not end");
    }
    (items, pages)
}

#[tokio::test]
async fn device_lists_match_the_spec_and_page_by_link() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let frank = person_id(&sim, seed::NO_FORWARDING_EMAIL);
    let schema = spec().response_schema("/devices", "get", 200).unwrap();
    let (mine, _) = all_pages(
        &sim,
        &c.token,
        &format!("/devices?personId={alice}"),
        &schema,
        "items",
    )
    .await;
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|d| d["personId"] == alice.as_str()));
    let (none, _) = all_pages(
        &sim,
        &c.token,
        &format!("/devices?personId={frank}"),
        &schema,
        "items",
    )
    .await;
    assert!(none.is_empty(), "some people have no devices");
    // The whole org, five a page: every connection status of the spec shows up somewhere.
    let (all, pages) = all_pages(&sim, &c.token, "/devices?max=5", &schema, "items").await;
    assert!(
        pages > 3 && all.len() > 20,
        "{pages} pages, {} devices",
        all.len()
    );
    let statuses: std::collections::BTreeSet<&str> = all
        .iter()
        .map(|d| d["connectionStatus"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 8, "{statuses:?}");
    let (offline, _) = all_pages(
        &sim,
        &c.token,
        "/devices?connectionStatus=disconnected",
        &schema,
        "items",
    )
    .await;
    assert!(
        !offline.is_empty()
            && offline
                .iter()
                .all(|d| d["connectionStatus"] == "disconnected")
    );
    // devices_read is needed; a user sees only their own devices.
    let without = Checked {
        sim: &sim,
        token: sim.issue_admin_token(&["spark-admin:people_read"]),
    };
    assert_eq!(
        without.call("get", "/devices", "/devices", None).await.0,
        403
    );
    let user = sim
        .issue_user_token(seed::EMPLOYEE_EMAIL, &["spark:devices_read"])
        .unwrap();
    let (own, _) = all_pages(&sim, &user, "/devices", &schema, "items").await;
    assert_eq!(own.len(), 2);
    assert_eq!(
        c.call("get", "/devices", "/devices?type=toaster", None)
            .await
            .0,
        400
    );
    assert_eq!(
        c.call("get", "/devices", "/devices?max=0", None).await.0,
        400
    );
}

#[tokio::test]
async fn number_lists_match_the_spec() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let frank = person_id(&sim, seed::NO_FORWARDING_EMAIL);
    let op = "/telephony/config/numbers";
    let schema = spec().response_schema(op, "get", 200).unwrap();
    let (rows, _) = all_pages(
        &sim,
        &c.token,
        &format!("{op}?ownerId={alice}"),
        &schema,
        "phoneNumbers",
    )
    .await;
    let kinds: Vec<&str> = rows
        .iter()
        .map(|r| r["phoneNumberType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["PRIMARY", "ALTERNATE"]);
    assert_eq!(rows[0]["extension"], "1001");
    assert!(rows.iter().all(|r| r["owner"]["id"] == alice.as_str()));
    // Frank has an extension and no number: an extension-only row.
    let (rows, _) = all_pages(
        &sim,
        &c.token,
        &format!("{op}?ownerId={frank}"),
        &schema,
        "phoneNumbers",
    )
    .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0]["phoneNumber"].as_str(),
            rows[0]["extension"].as_str()
        ),
        (Some(""), Some("1003"))
    );
    // A bare UUID names the owner too (FACTS §10.7); an unknown owner has no numbers.
    let uuid = calling_portal::webex::person_uuid(&alice).unwrap();
    let (rows, _) = all_pages(
        &sim,
        &c.token,
        &format!("{op}?ownerId={uuid}"),
        &schema,
        "phoneNumbers",
    )
    .await;
    assert_eq!(rows.len(), 2);
    let (rows, _) = all_pages(
        &sim,
        &c.token,
        &format!("{op}?ownerId=nobody"),
        &schema,
        "phoneNumbers",
    )
    .await;
    assert!(rows.is_empty());
    let (rows, pages) = all_pages(
        &sim,
        &c.token,
        &format!("{op}?max=7"),
        &schema,
        "phoneNumbers",
    )
    .await;
    assert!(pages > 2 && rows.len() > 40);
    let without = Checked {
        sim: &sim,
        token: sim.issue_admin_token(&["spark-admin:people_read"]),
    };
    assert_eq!(without.call("get", op, op, None).await.0, 403);
    assert_eq!(
        c.call("get", op, &format!("{op}?start=x"), None).await.0,
        400
    );
}

#[tokio::test]
async fn queue_agent_answers_match_the_spec_and_only_this_agents_allowed_queues_change() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let get_op = "/telephony/config/queues/agents/{id}";
    let put_op = "/telephony/config/queues/agents/{id}/settings";
    let get = format!("/telephony/config/queues/agents/{alice}");
    let put = format!("{get}/settings");
    let (status, agent) = c
        .call("get", get_op, &format!("{get}?max=10&start=0"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(agent["agent"]["type"], "PEOPLE");
    let names: Vec<&str> = agent["queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sales Queue", "Billing Queue"]);
    // max and start are required; they page the queues.
    for q in [
        "",
        "?max=10",
        "?start=0",
        "?max=0&start=0",
        "?max=x&start=0",
    ] {
        assert_eq!(
            c.call("get", get_op, &format!("{get}{q}"), None).await.0,
            400,
            "{q}"
        );
    }
    let (_, second) = c
        .call("get", get_op, &format!("{get}?max=1&start=1"), None)
        .await;
    assert_eq!(second["queues"][0]["name"], "Billing Queue");
    // Each queue's details say whether its agents may join and leave it; at another location,
    // or under another name, there is no such queue.
    let details_op = "/telephony/config/locations/{locationId}/queues/{queueId}";
    for q in agent["queues"].as_array().unwrap() {
        let (location, id) = (q["locationId"].as_str().unwrap(), q["id"].as_str().unwrap());
        let path = format!("/telephony/config/locations/{location}/queues/{id}");
        let (status, details) = c.call("get", details_op, &path, None).await;
        assert_eq!(status, 200);
        assert_eq!(details["name"], q["name"]);
        assert_eq!(
            details["allowAgentJoinEnabled"],
            q["name"] != "Billing Queue",
            "{details}"
        );
        let elsewhere = format!(
            "/telephony/config/locations/{}/queues/{id}",
            seed::location_id(seed::LOCATION_LONDON_UUID)
        );
        assert_eq!(c.call("get", details_op, &elsewhere, None).await.0, 404);
    }
    let no_scope = Checked {
        sim: &sim,
        token: sim.issue_admin_token(&["spark-admin:people_read"]),
    };
    let first = &agent["queues"][0];
    let path = format!(
        "/telephony/config/locations/{}/queues/{}",
        first["locationId"].as_str().unwrap(),
        first["id"].as_str().unwrap()
    );
    assert_eq!(no_scope.call("get", details_op, &path, None).await.0, 403);
    // Someone in no queue (the seed's queues are in Boston and Chicago), and someone without
    // Webex Calling, are no agents.
    let london = seed::Seed::builtin()
        .users
        .into_iter()
        .find(|u| {
            u.calling
                .as_ref()
                .is_some_and(|c| c.location_id == seed::LOCATION_LONDON_UUID)
        })
        .unwrap()
        .email;
    for email in [london.as_str(), seed::NO_CALLING_EMAIL] {
        let id = person_id(&sim, email);
        let real = format!("/telephony/config/queues/agents/{id}?max=10&start=0");
        assert_eq!(c.call("get", get_op, &real, None).await.0, 404, "{email}");
    }

    let sales = sim.call_queue_id("Sales Queue").unwrap();
    let billing = sim.call_queue_id("Billing Queue").unwrap();
    let reception = sim.call_queue_id("Reception Queue").unwrap();
    let before: Vec<_> = ["Sales Queue", "Billing Queue", "Reception Queue"]
        .iter()
        .map(|q| sim.call_queue_agents(q))
        .collect();
    let refused = [
        (
            json!({"settings": [{"queueId": billing, "joinEnabled": false}]}),
            "the queue forbids it",
        ),
        (
            json!({"settings": [{"queueId": reception, "joinEnabled": true}]}),
            "not this agent's queue",
        ),
        (
            json!({"settings": [{"queueId": "Y2lzY29zcGFyazovL3VzL0NBTExfUVVFVUUvZm9yZ2Vk", "joinEnabled": true}]}),
            "no such queue",
        ),
        (
            json!({"settings": [{"queueId": sales, "joinEnabled": false}, {"queueId": billing, "joinEnabled": false}]}),
            "one entry refused: none applied",
        ),
        (
            json!({"settings": [{"queueId": sales, "joinEnabled": false}, {"queueId": sales, "joinEnabled": true}]}),
            "a queue twice",
        ),
        (
            json!({"settings": [{"queueId": sales}]}),
            "joinEnabled missing",
        ),
        (
            json!({"settings": [{"joinEnabled": true}]}),
            "queueId missing",
        ),
        (
            json!({"settings": [{"queueId": sales, "joinEnabled": "no"}]}),
            "wrong type",
        ),
        (
            json!({"settings": [{"queueId": sales, "joinEnabled": false, "agents": []}]}),
            "unknown field",
        ),
        (json!({"settings": {}}), "not an array"),
        (json!({}), "settings missing"),
    ];
    for (body, why) in refused {
        let (status, _) = c.call("put", put_op, &put, Some(body)).await;
        assert_eq!(status, 400, "{why}");
    }
    let unchanged: Vec<_> = ["Sales Queue", "Billing Queue", "Reception Queue"]
        .iter()
        .map(|q| sim.call_queue_agents(q))
        .collect();
    assert_eq!(unchanged, before, "a refused PUT changes nothing");

    // Leaving Sales changes Alice's entry there and nothing else.
    let body = json!({"settings": [{"queueId": sales, "joinEnabled": false}]});
    spec().validate(&spec().request_schema(put_op, "put"), &body, "agent PUT");
    assert_eq!(c.call("put", put_op, &put, Some(body)).await.0, 204);
    let sales_now = sim.call_queue_agents("Sales Queue");
    let mut expected = before[0].clone();
    expected[0].1 = false;
    assert_eq!(sales_now, expected);
    assert_eq!(sim.call_queue_agents("Billing Queue"), before[1]);
    let (_, agent) = c
        .call("get", get_op, &format!("{get}?max=10&start=0"), None)
        .await;
    assert_eq!(agent["queues"][0]["joinEnabled"], false);
    // Once the org allows it, Billing may change too.
    sim.set_call_queue_allows_agent_join("Billing Queue", true);
    let body = json!({"settings": [{"queueId": billing, "joinEnabled": false}]});
    assert_eq!(c.call("put", put_op, &put, Some(body)).await.0, 204);
    // The write scope is needed.
    let read_only = Checked {
        sim: &sim,
        token: sim.issue_admin_token(&["spark-admin:telephony_config_read"]),
    };
    let body = json!({"settings": []});
    assert_eq!(read_only.call("put", put_op, &put, Some(body)).await.0, 403);
    // So is a full administrator's authorization of the service app (FACTS §10.5).
    sim.set_service_app_full_admin(false);
    let body = json!({"settings": [{"queueId": sales, "joinEnabled": true}]});
    assert_eq!(c.call("put", put_op, &put, Some(body)).await.0, 403);
    assert!(!sim.call_queue_agents("Sales Queue")[0].1);
}

// ---------------------------------------------------------------------------------------------
// Call handling rules and schedules (FACTS §3, §10.1–§10.3)

const RULES: [(&str, &str); 4] = [
    (
        "/telephony/config/people/{personId}/selectiveForward",
        "forwardEnabled",
    ),
    (
        "/telephony/config/people/{personId}/selectiveAccept",
        "acceptEnabled",
    ),
    (
        "/telephony/config/people/{personId}/selectiveReject",
        "rejectEnabled",
    ),
    (
        "/telephony/config/people/{personId}/simultaneousRing",
        "ringEnabled",
    ),
];

/// The parent GET minus what its PUT does not take.
fn rule_put_body(spec_path: &str, get: &Value) -> Value {
    let mut body = get.clone();
    let o = body.as_object_mut().unwrap();
    o.remove("criteria");
    o.remove("destinationVoicemailEnabled");
    if spec_path.ends_with("singleNumberReach") {
        o.remove("enabled");
        o.remove("numbers");
    }
    body
}

#[tokio::test]
async fn rule_responses_match_the_spec_and_put_bodies_round_trip() {
    let sim = start().await;
    let c = checked(&sim).await;
    let snr = "/telephony/config/people/{personId}/singleNumberReach";
    for email in [
        seed::EMPLOYEE_EMAIL,
        seed::HELPDESK_EMAIL,
        seed::ADMIN_EMAIL,
    ] {
        let id = person_id(&sim, email);
        for spec_path in RULES.iter().map(|(p, _)| *p).chain([snr]) {
            let real = spec_path.replace("{personId}", &id);
            let (status, before) = c.call("get", spec_path, &real, None).await;
            assert_eq!(status, 200);
            let body = rule_put_body(spec_path, &before);
            spec().validate(
                &spec().request_schema(spec_path, "put"),
                &body,
                &format!("PUT body for {spec_path}"),
            );
            let (status, _) = c.call("put", spec_path, &real, Some(body)).await;
            assert_eq!(status, 204, "{spec_path}");
            let (_, after) = c.call("get", spec_path, &real, None).await;
            assert_eq!(after, before, "{spec_path} round trip");
        }
    }
    // Alice's seeded criteria: each GET one validates, and its GET minus id is a PUT body that
    // changes nothing.
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    for (spec_path, flag) in RULES {
        let real = spec_path.replace("{personId}", &alice);
        let (_, parent) = c.call("get", spec_path, &real, None).await;
        for summary in parent["criteria"].as_array().unwrap() {
            let one = format!("{spec_path}/criteria/{{id}}");
            let id = summary["id"].as_str().unwrap();
            let real_one = format!("{real}/criteria/{id}");
            let (status, before) = c.call("get", &one, &real_one, None).await;
            assert_eq!(status, 200);
            assert_eq!(summary[flag], before[flag]);
            let mut body = before.clone();
            body.as_object_mut().unwrap().remove("id");
            spec().validate(&spec().request_schema(&one, "put"), &body, "criteria PUT");
            let (status, _) = c.call("put", &one, &real_one, Some(body)).await;
            assert_eq!(status, 204);
            let (_, after) = c.call("get", &one, &real_one, None).await;
            assert_eq!(after, before);
        }
    }
    // Selective forward summaries name the flag `forwardEnabled` and carry both voicemail names
    // (FACTS §10.2).
    let (_, sf) = c
        .call(
            "get",
            RULES[0].0,
            &RULES[0].0.replace("{personId}", &alice),
            None,
        )
        .await;
    assert_eq!(sf["criteria"][0]["source"], "SPECIFIC_NUMBERS");
    assert_eq!(sf["criteria"][0]["scheduleName"], "After hours");
    assert_eq!(
        sf["sendToVoicemailEnabled"],
        sf["destinationVoicemailEnabled"]
    );
}

#[tokio::test]
async fn criteria_are_created_changed_and_deleted_and_bad_ones_refused() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let good: [Value; 4] = [
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": false,
               "callsFrom": "ANY_INTERNAL", "scheduleName": "Office hours",
               "scheduleType": "businessHours", "scheduleLevel": "PEOPLE"}),
        json!({"callsFrom": "ANY_PHONE_NUMBER", "acceptEnabled": true}),
        json!({"callsFrom": "FORWARDED", "rejectEnabled": false,
               "scheduleName": "US holidays", "scheduleType": "holidays", "scheduleLevel": "LOCATION"}),
        json!({"callsFrom": "SELECT_PHONE_NUMBERS", "ringEnabled": true,
               "phoneNumbers": ["408 555 0100"], "anonymousCallersEnabled": false,
               "unavailableCallersEnabled": true}),
    ];
    for ((spec_path, flag), body) in RULES.into_iter().zip(good) {
        let list = format!("{spec_path}/criteria");
        let one = format!("{spec_path}/criteria/{{id}}");
        let real = spec_path.replace("{personId}", &alice);
        spec().validate(&spec().request_schema(&list, "post"), &body, "POST body");
        let (status, created) = c
            .call(
                "post",
                &list,
                &format!("{real}/criteria"),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, 201, "{spec_path}: {created}");
        let id = created["id"].as_str().unwrap().to_string();
        let real_one = format!("{real}/criteria/{id}");
        let (_, got) = c.call("get", &one, &real_one, None).await;
        for (k, v) in body.as_object().unwrap() {
            assert_eq!(&got[k], v, "{spec_path} {k}");
        }
        // The parent lists it.
        let (_, parent) = c.call("get", spec_path, &real, None).await;
        assert!(
            parent["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == id.as_str() && s.get(flag).is_some())
        );
        let mut changed = got.clone();
        changed.as_object_mut().unwrap().remove("id");
        changed[flag] = json!(!got[flag].as_bool().unwrap());
        let (status, _) = c.call("put", &one, &real_one, Some(changed)).await;
        assert_eq!(status, 204);
        let (_, after) = c.call("get", &one, &real_one, None).await;
        assert_ne!(after[flag], got[flag]);
        let (status, _) = c.call("delete", &one, &real_one, None).await;
        assert_eq!(status, 204);
        let (status, _) = c.call("get", &one, &real_one, None).await;
        assert_eq!(status, 404);
    }
    // Requests that break the spec or the facts: 400 with the Webex body, nothing created.
    let fwd = RULES[0].0.replace("{personId}", &alice);
    let fwd_list = format!("{}/criteria", RULES[0].0);
    let bad_forward = [
        // FACTS §10.2 required fields.
        json!({"sendToVoicemailEnabled": false, "callsFrom": "ANY_PHONE_NUMBER"}),
        json!({"forwardToPhoneNumber": "+16175550123", "callsFrom": "ANY_PHONE_NUMBER"}),
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": false}),
        // FORWARDED is selective reject's.
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": false, "callsFrom": "FORWARDED"}),
        // A schedule the person does not have.
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": false,
               "callsFrom": "ANY_PHONE_NUMBER", "scheduleName": "Nope", "scheduleType": "businessHours"}),
        // The name's type is holidays, not businessHours.
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": false,
               "callsFrom": "ANY_PHONE_NUMBER", "scheduleName": "Company holidays", "scheduleType": "businessHours"}),
        // SELECT_PHONE_NUMBERS needs its three fields.
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": false,
               "callsFrom": "SELECT_PHONE_NUMBERS", "phoneNumbers": ["+14085550100"]}),
        json!({"forwardToPhoneNumber": "not a number", "sendToVoicemailEnabled": false, "callsFrom": "ANY_PHONE_NUMBER"}),
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": "no", "callsFrom": "ANY_PHONE_NUMBER"}),
        json!({"forwardToPhoneNumber": "+16175550123", "sendToVoicemailEnabled": false,
               "callsFrom": "ANY_PHONE_NUMBER", "acceptEnabled": true}),
    ];
    let (_, before) = c.call("get", RULES[0].0, &fwd, None).await;
    for body in bad_forward {
        let (status, err) = c
            .call(
                "post",
                &fwd_list,
                &format!("{fwd}/criteria"),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert!(err["message"].as_str().is_some());
    }
    let (_, after) = c.call("get", RULES[0].0, &fwd, None).await;
    assert_eq!(after, before);
    // Accept and reject require their flag; accept has no ANY_INTERNAL.
    let acc = RULES[1].0.replace("{personId}", &alice);
    for body in [
        json!({"callsFrom": "ANY_PHONE_NUMBER"}),
        json!({"callsFrom": "ANY_INTERNAL", "acceptEnabled": true}),
    ] {
        let (status, _) = c
            .call(
                "post",
                &format!("{}/criteria", RULES[1].0),
                &format!("{acc}/criteria"),
                Some(body),
            )
            .await;
        assert_eq!(status, 400);
    }
    // A PUT of a seeded forward criterion without the required fields.
    let id = before["criteria"][0]["id"].as_str().unwrap();
    let (status, _) = c
        .call(
            "put",
            &format!("{}/criteria/{{id}}", RULES[0].0),
            &format!("{fwd}/criteria/{id}"),
            Some(json!({"forwardEnabled": false})),
        )
        .await;
    assert_eq!(status, 400);
    // Parent PUTs: selective accept requires `enabled`; simultaneous ring takes up to 10 numbers.
    let (status, _) = c.call("put", RULES[1].0, &acc, Some(json!({}))).await;
    assert_eq!(status, 400);
    let sr = RULES[3].0.replace("{personId}", &alice);
    let eleven: Vec<Value> = (0..11)
        .map(|i| json!({"phoneNumber": format!("+1617555020{i}"), "answerConfirmationEnabled": false}))
        .collect();
    let (status, _) = c
        .call(
            "put",
            RULES[3].0,
            &sr,
            Some(json!({"phoneNumbers": eleven})),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = c
        .call(
            "put",
            RULES[3].0,
            &sr,
            Some(json!({"phoneNumbers": eleven[..10]})),
        )
        .await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn rule_scopes_follow_the_facts() {
    let sim = start().await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let http = reqwest::Client::new();
    // Simultaneous ring: people scopes; the selective features and SNR: telephony_config.
    let people_only = sim.issue_admin_token(&["spark-admin:people_read"]);
    let telephony_only = sim.issue_admin_token(&["spark-admin:telephony_config_read"]);
    for (path, token, ok) in [
        ("simultaneousRing", &people_only, true),
        ("simultaneousRing", &telephony_only, false),
        ("selectiveForward", &telephony_only, true),
        ("selectiveForward", &people_only, false),
        ("singleNumberReach", &telephony_only, true),
    ] {
        let res = http
            .get(url(
                &sim,
                &format!("/telephony/config/people/{alice}/{path}"),
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().is_success(), ok, "{path}");
    }
    let res = http
        .get(url(&sim, &format!("/people/{alice}/features/schedules")))
        .bearer_auth(&telephony_only)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn single_number_reach_numbers_are_added_edited_and_deleted() {
    let sim = start().await;
    let c = checked(&sim).await;
    let amara = person_id(&sim, seed::ADMIN_EMAIL);
    let list = "/telephony/config/people/{personId}/singleNumberReach/numbers";
    let one = "/telephony/config/people/{personId}/singleNumberReach/numbers/{id}";
    let real = list.replace("{personId}", &amara);
    let body = json!({"phoneNumber": "+13125550188", "enabled": true, "name": "Home"});
    spec().validate(&spec().request_schema(list, "post"), &body, "POST");
    let (status, created) = c.call("post", list, &real, Some(body.clone())).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap().to_string();
    // The same number twice, or without a name: refused.
    let (status, _) = c.call("post", list, &real, Some(body)).await;
    assert_eq!(status, 400);
    let (status, _) = c
        .call(
            "post",
            list,
            &real,
            Some(json!({"phoneNumber": "+13125550189", "enabled": true})),
        )
        .await;
    assert_eq!(status, 400);
    // PUT answers 200 {id}; a new number gives a new id.
    let (status, edited) = c
        .call(
            "put",
            one,
            &format!("{real}/{id}"),
            Some(json!({"phoneNumber": "+13125550189", "enabled": false, "name": "Home"})),
        )
        .await;
    assert_eq!(status, 200);
    let new_id = edited["id"].as_str().unwrap().to_string();
    assert_ne!(new_id, id);
    let snr = "/telephony/config/people/{personId}/singleNumberReach";
    let (_, got) = c
        .call("get", snr, &snr.replace("{personId}", &amara), None)
        .await;
    let numbers = got["numbers"].as_array().unwrap();
    assert!(
        numbers
            .iter()
            .any(|n| n["id"] == new_id.as_str() && n["enabled"] == false)
    );
    let (status, _) = c
        .call("delete", one, &format!("{real}/{new_id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = c
        .call("delete", one, &format!("{real}/{new_id}"), None)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn schedules_page_rename_to_a_new_id_and_refuse_bad_events() {
    let sim = start().await;
    let c = checked(&sim).await;
    let alice = person_id(&sim, seed::EMPLOYEE_EMAIL);
    let list = "/people/{personId}/features/schedules";
    let one = "/people/{personId}/features/schedules/{scheduleType}/{scheduleId}";
    let events = "/people/{personId}/features/schedules/{scheduleType}/{scheduleId}/events";
    let event =
        "/people/{personId}/features/schedules/{scheduleType}/{scheduleId}/events/{eventId}";
    let real = list.replace("{personId}", &alice);
    let (status, all) = c.call("get", list, &real, None).await;
    assert_eq!(status, 200);
    let all = all["schedules"].as_array().unwrap().clone();
    // Alice's three and her location's two.
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all.iter().any(|s| s["level"] == "LOCATION"));
    // Paging by Link.
    let res = reqwest::Client::new()
        .get(format!("{}?max=2", url(&sim, &real)))
        .bearer_auth(&c.token)
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("link").is_some());
    let (_, filtered) = c
        .call(
            "get",
            list,
            &format!("{real}?name=HOURS&type=businessHours"),
            None,
        )
        .await;
    assert_eq!(filtered["schedules"].as_array().unwrap().len(), 3);
    let (status, _) = c
        .call(
            "get",
            list,
            &format!("{real}?name={}", "x".repeat(41)),
            None,
        )
        .await;
    assert_eq!(status, 400);

    // Create, read, rename (new id), events, delete.
    let body = json!({"name": "Lunch", "type": "businessHours", "events": [
        {"name": "Daily", "startDate": "2026-12-01", "endDate": "2026-12-01",
         "startTime": "12:00", "endTime": "13:00", "allDayEnabled": false,
         "recurrence": {"recurForEver": true, "recurDaily": {"recurInterval": 1}}}]});
    spec().validate(&spec().request_schema(list, "post"), &body, "POST");
    let (status, created) = c.call("post", list, &real, Some(body.clone())).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap().to_string();
    let (status, _) = c.call("post", list, &real, Some(body)).await;
    assert_eq!(status, 400, "a second 'Lunch'");
    let path = |id: &str| format!("{real}/businessHours/{id}");
    let (status, got) = c.call("get", one, &path(&id), None).await;
    assert_eq!(status, 200);
    assert_eq!(got["events"][0]["name"], "Daily");
    let put = json!({"newName": "Long lunch", "name": "Lunch", "type": "businessHours"});
    spec().validate(&spec().request_schema(one, "put"), &put, "PUT");
    let (status, renamed) = c.call("put", one, &path(&id), Some(put)).await;
    assert_eq!(status, 200);
    let new_id = renamed["id"].as_str().unwrap().to_string();
    assert_ne!(new_id, id, "FACTS §10.2: the id changes with the name");
    let (status, _) = c.call("get", one, &path(&id), None).await;
    assert_eq!(status, 404);
    let (status, got) = c.call("get", one, &path(&new_id), None).await;
    assert_eq!(status, 200);
    assert_eq!(got["events"].as_array().unwrap().len(), 1, "events kept");
    // The PUT requires newName, name and type.
    let (status, _) = c
        .call(
            "put",
            one,
            &path(&new_id),
            Some(json!({"name": "Long lunch", "type": "businessHours"})),
        )
        .await;
    assert_eq!(status, 400);

    let ev = format!("{}/events", path(&new_id));
    let good = json!({"name": "Friday", "startDate": "2026-12-04", "endDate": "2026-12-04",
                      "startTime": "12:00", "endTime": "14:00"});
    spec().validate(&spec().request_schema(events, "post"), &good, "event POST");
    for bad in [
        // The person event POST requires the times (FACTS §10.3).
        json!({"name": "x", "startDate": "2026-12-04", "endDate": "2026-12-04", "allDayEnabled": true}),
        json!({"name": "x", "startDate": "2026-13-04", "endDate": "2026-12-04", "startTime": "12:00", "endTime": "14:00"}),
        json!({"name": "x", "startDate": "2026-12-04", "endDate": "2026-12-03", "startTime": "12:00", "endTime": "14:00"}),
        json!({"name": "x", "startDate": "2026-12-04", "endDate": "2026-12-04", "startTime": "14:00", "endTime": "12:00"}),
        json!({"name": "x", "startDate": "2026-12-04", "endDate": "2026-12-04", "startTime": "25:00", "endTime": "26:00"}),
        json!({"name": "x", "startDate": "2026-12-04", "endDate": "2026-12-04", "startTime": "12:00", "endTime": "14:00",
               "recurrence": {"recurWeekly": {"friday": "yes"}}}),
    ] {
        let (status, _) = c.call("post", events, &ev, Some(bad.clone())).await;
        assert_eq!(status, 400, "{bad}");
    }
    let (status, created) = c.call("post", events, &ev, Some(good)).await;
    assert_eq!(status, 201);
    let eid = created["id"].as_str().unwrap().to_string();
    let (status, got) = c.call("get", event, &format!("{ev}/{eid}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(got["startTime"], "12:00");
    let put = json!({"newName": "Friday lunch", "name": "Friday", "startDate": "2026-12-04",
                     "endDate": "2026-12-04", "startTime": "12:00", "endTime": "15:00"});
    spec().validate(&spec().request_schema(event, "put"), &put, "event PUT");
    let (status, changed) = c
        .call("put", event, &format!("{ev}/{eid}"), Some(put))
        .await;
    assert_eq!(status, 200);
    let eid2 = changed["id"].as_str().unwrap().to_string();
    assert_ne!(eid2, eid);
    let (status, _) = c.call("delete", event, &format!("{ev}/{eid2}"), None).await;
    assert_eq!(status, 204);
    let (status, _) = c.call("delete", one, &path(&new_id), None).await;
    assert_eq!(status, 204);
    let (status, _) = c.call("get", one, &path(&new_id), None).await;
    assert_eq!(status, 404);

    // A criterion naming a deleted schedule stays; a new one naming it is refused.
    let office = all.iter().find(|s| s["name"] == "After hours").unwrap();
    let office_id = office["id"].as_str().unwrap();
    let (status, _) = c.call("delete", one, &path(office_id), None).await;
    assert_eq!(status, 204);
    let sf = "/telephony/config/people/{personId}/selectiveForward";
    let (_, parent) = c
        .call("get", sf, &sf.replace("{personId}", &alice), None)
        .await;
    assert_eq!(parent["criteria"][0]["scheduleName"], "After hours");
}

#[tokio::test]
async fn location_schedules_match_the_spec_and_are_read_only() {
    let sim = start().await;
    let c = checked(&sim).await;
    let boston = seed::location_id(seed::LOCATION_BOSTON_UUID);
    let list = "/telephony/config/locations/{locationId}/schedules";
    let one = "/telephony/config/locations/{locationId}/schedules/{type}/{scheduleId}";
    let event =
        "/telephony/config/locations/{locationId}/schedules/{type}/{scheduleId}/events/{eventId}";
    let real = list.replace("{locationId}", &boston);
    let (status, all) = c.call("get", list, &real, None).await;
    assert_eq!(status, 200);
    let all = all["schedules"].as_array().unwrap().clone();
    assert_eq!(all.len(), 2);
    for s in &all {
        let t = s["type"].as_str().unwrap();
        let id = s["id"].as_str().unwrap();
        let (status, got) = c.call("get", one, &format!("{real}/{t}/{id}"), None).await;
        assert_eq!(status, 200);
        let eid = got["events"][0]["id"].as_str().unwrap();
        let (status, _) = c
            .call("get", event, &format!("{real}/{t}/{id}/events/{eid}"), None)
            .await;
        assert_eq!(status, 200);
    }
    let (status, _) = c
        .call("get", list, &format!("{real}?type=weekly"), None)
        .await;
    assert_eq!(status, 400);
    let res = reqwest::Client::new()
        .post(url(&sim, &real))
        .bearer_auth(&c.token)
        .json(&json!({"name": "x", "type": "holidays"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    let chicago = seed::location_id(seed::LOCATION_CHICAGO_UUID);
    let (status, none) = c
        .call("get", list, &list.replace("{locationId}", &chicago), None)
        .await;
    assert_eq!(status, 200);
    assert!(none["schedules"].as_array().unwrap().is_empty());
}
