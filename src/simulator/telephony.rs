//! Devices (FACTS §10.6), numbers (§10.7) and call queue agents (§10.5): read-only lists of what
//! the seed made up (`state::State::seed_telephony`), and the one write, an agent joining or
//! leaving their queues.
//!
//! Assumptions where no source says what Webex does (documented in the module table of `mod.rs`):
//! * the agent GET of someone who is in no queue is 404, like an unknown agent;
//! * the agent PUT is refused with 400 and changes nothing when any entry names a queue the
//!   agent is not in (or no queue at all), names a queue twice, or names a queue whose
//!   `allowAgentJoinEnabled` is false. That flag is documented as "Whether or not to allow agents
//!   to join or unjoin a queue" (FACTS §10.5); that Webex also holds an admin's PUT on the
//!   agent's behalf to it is this simulator's reading, so the portal never changes a queue the
//!   org closed to its agents;
//! * without a full administrator's authorization (`Simulator::set_service_app_full_admin`) the
//!   PUT is 403, the answer Webex gives to a token that may not make a call.

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{
    Shared,
    api::{self, ApiError, Caller, TrackingId},
    people::{check_org_param, next_link, number, page_response},
    seed,
    settings::{Spec, check, invalid_value, missing},
    state::{Person, Principal, State as World},
};

type Params = Query<HashMap<String, String>>;

/// `max` (default `default_max`, at least 1) and `start` (default 0) of a list paged by offset.
fn offset_paging(
    params: &HashMap<String, String>,
    default_max: usize,
    tid: &TrackingId,
) -> Result<(usize, usize), ApiError> {
    let max = number(params, "max", tid)?.unwrap_or(default_max);
    if max == 0 {
        return Err(ApiError::bad_request(tid, "max must be a positive number."));
    }
    Ok((max, number(params, "start", tid)?.unwrap_or(0)))
}

/// A page of `items` under `key`, linking to the next page when this one is full (FACTS §8).
fn offset_page(
    shared: &Shared,
    path: &str,
    params: &HashMap<String, String>,
    key: &str,
    items: Vec<Value>,
    (max, start): (usize, usize),
) -> Response {
    let page: Vec<Value> = items.into_iter().skip(start).take(max).collect();
    let next = (page.len() == max)
        .then(|| next_link(shared, path, params, "start", &(start + max).to_string()));
    let mut body = serde_json::Map::new();
    body.insert(key.to_string(), Value::Array(page));
    page_response(Value::Object(body), next)
}

/// The UUID of a person named by a person ID (or, where Webex allows it, a bare UUID).
fn person_uuid(world: &World, id: &str, bare_uuid_too: bool) -> Option<String> {
    match seed::decode_webex_id(id) {
        Some((kind, uuid)) if kind == "PEOPLE" => Some(uuid.to_lowercase()),
        Some(_) => None,
        None if bare_uuid_too => world
            .person_by_uuid(&id.to_lowercase())
            .map(|p| p.uuid.clone()),
        None => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Devices

/// `GET /devices`: an admin with `spark-admin:devices_read` lists the org's devices; a user with
/// `spark:devices_read` only their own (FACTS §10.6). Filters: `personId`, `connectionStatus`,
/// `type`; `max`/`start` with a `Link` to the next page.
pub(crate) async fn list_devices(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = api::authenticate(&shared, &headers, &tid)?;
    let own_only = match &caller.principal {
        Principal::App { .. } if caller.has("spark-admin:devices_read") => None,
        Principal::User { person, .. } if caller.has("spark:devices_read") => Some(person.clone()),
        _ => return Err(api::forbidden(&tid)),
    };
    check_org_param(&params, &caller, &tid)?;
    let paging = offset_paging(&params, 100, &tid)?;
    const TYPES: [&str; 5] = ["roomdesk", "phone", "accessory", "webexgo", "unknown"];
    if let Some(t) = params.get("type")
        && !TYPES.contains(&t.as_str())
    {
        return Err(ApiError::bad_request(
            &tid,
            format!(
                "Invalid value for parameter 'type': must be one of {}.",
                TYPES.join(", ")
            ),
        ));
    }
    let world = shared.state.lock().unwrap();
    // A person id that names nobody here matches no device.
    let person = params
        .get("personId")
        .map(|id| person_uuid(&world, id, false).unwrap_or_default());
    let org = caller.principal.org();
    let items: Vec<Value> = world
        .devices
        .iter()
        .filter(|d| d.org == org)
        .filter(|d| own_only.as_ref().is_none_or(|me| d.person == *me))
        .filter(|d| person.as_ref().is_none_or(|p| d.person == *p))
        .filter(|d| {
            params
                .get("connectionStatus")
                .is_none_or(|s| d.connection_status.eq_ignore_ascii_case(s))
        })
        .filter(|d| params.get("type").is_none_or(|t| d.kind == *t))
        .map(|d| {
            let location = world
                .person_by_uuid(&d.person)
                .and_then(|p| p.calling.as_ref())
                .map(|c| seed::location_id(&c.location));
            let mut v = json!({
                "id": seed::webex_id("DEVICE", &d.uuid),
                "displayName": d.display_name,
                "personId": seed::person_id(&d.person),
                "orgId": seed::org_id(&d.org),
                "capabilities": [],
                "permissions": [],
                "connectionStatus": d.connection_status,
                "product": d.product,
                "type": d.kind,
                "tags": [],
                "ip": d.ip,
                "mac": d.mac,
                "serial": d.serial,
                "software": d.software,
                "upgradeChannel": "Stable",
                "created": d.created,
                "firstSeen": d.created,
                "lastSeen": d.last_seen,
                "managedBy": "CISCO",
                "devicePlatform": "cisco",
                "plannedMaintenance": "off",
            });
            if let Some(l) = location {
                v["locationId"] = l.into();
            }
            v
        })
        .collect();
    drop(world);
    Ok(offset_page(
        &shared, "/devices", &params, "items", items, paging,
    ))
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// Routing prefix of a location: `8` and its place among the org's locations (`8001`, …).
fn routing_prefix(world: &World, location: &str) -> String {
    let place = world
        .locations
        .iter()
        .filter(|l| world.location(location).is_some_and(|me| me.org == l.org))
        .position(|l| l.uuid == location)
        .map_or(0, |i| i + 1);
    format!("8{place:03}")
}

fn number_row(
    world: &World,
    p: &Person,
    phone_number: &str,
    extension: Option<&str>,
    kind: &str,
) -> Value {
    let calling = p.calling.as_ref().expect("numbers are of calling users");
    let prefix = routing_prefix(world, &calling.location);
    let mut row = json!({
        "phoneNumber": phone_number,
        "routingPrefix": prefix,
        "state": "ACTIVE",
        "phoneNumberType": kind,
        "mainNumber": false,
        "includedTelephonyTypes": "PSTN_NUMBER",
        "tollFreeNumber": false,
        "isServiceNumber": false,
        "isReservedNumber": false,
        "location": {
            "id": seed::location_id(&calling.location),
            "name": world.location(&calling.location).map(|l| l.name.clone()).unwrap_or_default(),
        },
        "owner": {
            "id": p.person_id(),
            "type": "PEOPLE",
            "firstName": p.first_name,
            "lastName": p.last_name,
        },
    });
    if let Some(ext) = extension {
        row["extension"] = ext.into();
        row["esn"] = format!("{prefix}{ext}").into();
    }
    row
}

/// `GET /telephony/config/numbers` (FACTS §10.7): each calling user's direct number (`PRIMARY`,
/// with the extension) or, without one, an extension-only row (`phoneNumber: ""`), and their
/// alternate numbers. `ownerId` takes a person ID or a bare UUID (the simulator accepts both).
pub(crate) async fn list_numbers(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = admin(&shared, &headers, &tid, "spark-admin:telephony_config_read")?;
    check_org_param(&params, &caller, &tid)?;
    let paging = offset_paging(&params, 2000, &tid)?;
    let world = shared.state.lock().unwrap();
    let owner = params
        .get("ownerId")
        .map(|id| person_uuid(&world, id, true).unwrap_or_default());
    let location = params
        .get("locationId")
        .map(|id| match seed::decode_webex_id(id) {
            Some((kind, uuid)) if kind == "LOCATION" => uuid.to_lowercase(),
            _ => String::new(),
        });
    let org = caller.principal.org();
    let mut items = Vec::new();
    for p in world.people.iter().filter(|p| p.org == org) {
        let Some(c) = &p.calling else { continue };
        if owner.as_ref().is_some_and(|o| *o != p.uuid)
            || location.as_ref().is_some_and(|l| *l != c.location)
        {
            continue;
        }
        let direct = c.phone_number.as_deref().unwrap_or("");
        items.push(number_row(&world, p, direct, Some(&c.extension), "PRIMARY"));
        for alt in world
            .alternate_numbers
            .iter()
            .filter(|a| a.person == p.uuid)
        {
            items.push(number_row(&world, p, &alt.number, None, "ALTERNATE"));
        }
    }
    let items: Vec<Value> = items
        .into_iter()
        .filter(|row| {
            params
                .get("phoneNumber")
                .is_none_or(|n| row["phoneNumber"] == n.as_str())
        })
        .filter(|row| {
            params
                .get("extension")
                .is_none_or(|e| row["extension"] == e.as_str())
        })
        .collect();
    drop(world);
    Ok(offset_page(
        &shared,
        "/telephony/config/numbers",
        &params,
        "phoneNumbers",
        items,
        paging,
    ))
}

// ---------------------------------------------------------------------------------------------
// Call queue agents

/// 403 unless an admin token of the org carries `scope`.
fn admin(
    shared: &Shared,
    headers: &HeaderMap,
    tid: &TrackingId,
    scope: &str,
) -> Result<Caller, ApiError> {
    let caller = api::authenticate(shared, headers, tid)?;
    if !caller.is_admin() || !caller.has(scope) {
        return Err(api::forbidden(tid));
    }
    Ok(caller)
}

fn agent_not_found(tid: &TrackingId) -> ApiError {
    ApiError::not_found(tid, "Agent not found.").with_code(4008)
}

/// The agent's person index, if `id` names a calling user of the caller's org in some queue.
fn agent_index(world: &World, caller: &Caller, id: &str) -> Option<usize> {
    let uuid = person_uuid(world, id, false)?;
    let index = world.people.iter().position(|p| p.uuid == uuid)?;
    let p = &world.people[index];
    let in_a_queue = world
        .queues
        .iter()
        .any(|q| q.org == p.org && q.agents.iter().any(|(a, _)| *a == p.uuid));
    (p.org == caller.principal.org() && p.calling.is_some() && in_a_queue).then_some(index)
}

/// A required integer query parameter (FACTS §10.5: `max` and `start` are required).
fn required_number(
    params: &HashMap<String, String>,
    name: &str,
    tid: &TrackingId,
) -> Result<usize, ApiError> {
    number(params, name, tid)?.ok_or_else(|| {
        ApiError::bad_request(tid, format!("Missing mandatory query parameter: {name}"))
            .with_code(25008)
    })
}

fn check_flag(
    params: &HashMap<String, String>,
    name: &str,
    tid: &TrackingId,
) -> Result<(), ApiError> {
    match params.get(name).map(String::as_str) {
        None | Some("true") | Some("false") => Ok(()),
        Some(_) => Err(ApiError::bad_request(
            tid,
            format!("Invalid value for parameter '{name}'."),
        )),
    }
}

/// `GET /telephony/config/queues/agents/{id}?max=&start=`: the agent and a page of their queues.
pub(crate) async fn get_agent(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = admin(&shared, &headers, &tid, "spark-admin:telephony_config_read")?;
    check_org_param(&params, &caller, &tid)?;
    check_flag(&params, "hasCxEssentials", &tid)?;
    let max = required_number(&params, "max", &tid)?;
    let start = required_number(&params, "start", &tid)?;
    if max == 0 {
        return Err(ApiError::bad_request(
            &tid,
            "max must be a positive number.",
        ));
    }
    let world = shared.state.lock().unwrap();
    let index = agent_index(&world, &caller, &id).ok_or_else(|| agent_not_found(&tid))?;
    let p = &world.people[index];
    let c = p.calling.as_ref().expect("agents are calling users");
    let location_name = |uuid: &str| {
        world
            .location(uuid)
            .map(|l| l.name.clone())
            .unwrap_or_default()
    };
    let mut agent = json!({
        "id": p.person_id(),
        "firstName": p.first_name,
        "lastName": p.last_name,
        "extension": c.extension,
        "esn": format!("{}{}", routing_prefix(&world, &c.location), c.extension),
        "location": { "id": seed::location_id(&c.location), "name": location_name(&c.location) },
        // "always of type PEOPLE" (FACTS §10.5).
        "type": "PEOPLE",
    });
    if let Some(n) = &c.phone_number {
        agent["phoneNumber"] = n.clone().into();
    }
    let queues: Vec<Value> = world
        .queues
        .iter()
        .filter(|q| q.org == p.org)
        .filter_map(|q| {
            let (_, joined) = q.agents.iter().find(|(a, _)| *a == p.uuid)?;
            let mut v = json!({
                "id": q.queue_id(),
                "name": q.name,
                "routingPrefix": routing_prefix(&world, &q.location),
                "locationId": seed::location_id(&q.location),
                "locationName": location_name(&q.location),
                "joinEnabled": joined,
            });
            if let Some(n) = &q.phone_number {
                v["phoneNumber"] = n.clone().into();
            }
            Some(v)
        })
        .skip(start)
        .take(max)
        .collect();
    Ok(axum::Json(json!({ "agent": agent, "queues": queues })).into_response())
}

/// `GET /telephony/config/locations/{locationId}/queues/{queueId}`: a queue's details, of which
/// the subset keeps `id`, `name`, `enabled` and `allowAgentJoinEnabled` (FACTS §10.5). 404 for a
/// queue that is not at that location of the caller's org.
pub(crate) async fn get_queue(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path((location_id, queue_id)): Path<(String, String)>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = admin(&shared, &headers, &tid, "spark-admin:telephony_config_read")?;
    check_org_param(&params, &caller, &tid)?;
    let decoded = |id: &str, want: &str| match seed::decode_webex_id(id) {
        Some((kind, uuid)) if kind == want => Some(uuid.to_lowercase()),
        _ => None,
    };
    let (location, queue) = (
        decoded(&location_id, "LOCATION"),
        decoded(&queue_id, "CALL_QUEUE"),
    );
    let world = shared.state.lock().unwrap();
    let org = caller.principal.org();
    let found = world.queues.iter().find(|q| {
        q.org == org && Some(&q.location) == location.as_ref() && Some(&q.uuid) == queue.as_ref()
    });
    let Some(q) = found else {
        return Err(ApiError::not_found(&tid, "Call queue not found."));
    };
    let mut body = json!({
        "id": q.queue_id(),
        "name": q.name,
        "enabled": true,
        "allowAgentJoinEnabled": q.allow_agent_join_enabled,
    });
    if let Some(n) = &q.phone_number {
        body["phoneNumber"] = n.clone().into();
    }
    Ok(axum::Json(body).into_response())
}

const AGENT_SETTING: Spec = Spec::Obj(&[("queueId", Spec::Str), ("joinEnabled", Spec::Bool)]);

/// `PUT /telephony/config/queues/agents/{id}/settings` `{settings:[{queueId, joinEnabled}]}` → 204.
/// All entries are checked before any is applied (see the module docs for what is refused).
pub(crate) async fn put_agent_settings(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(params): Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = admin(
        &shared,
        &headers,
        &tid,
        "spark-admin:telephony_config_write",
    )?;
    check_org_param(&params, &caller, &tid)?;
    check_flag(&params, "hasCxEssentials", &tid)?;
    let body = api::json_body(&headers, &body, &tid)?;
    let map = body
        .as_object()
        .ok_or_else(|| invalid_value(&tid, "body", "expected an object"))?;
    if let Some(key) = map.keys().find(|k| *k != "settings") {
        return Err(invalid_value(&tid, key, "unknown or read-only field"));
    }
    let settings = match map.get("settings") {
        None => return Err(missing(&tid, "settings")),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid_value(&tid, "settings", "expected an array")),
    };
    let mut changes: Vec<(String, bool)> = Vec::new();
    for (i, item) in settings.iter().enumerate() {
        let path = format!("settings[{i}]");
        check(AGENT_SETTING, item, &path, &tid)?;
        let queue_id = item
            .get("queueId")
            .and_then(Value::as_str)
            .ok_or_else(|| missing(&tid, &format!("{path}.queueId")))?;
        let join = item
            .get("joinEnabled")
            .and_then(Value::as_bool)
            .ok_or_else(|| missing(&tid, &format!("{path}.joinEnabled")))?;
        if changes.iter().any(|(q, _)| q == queue_id) {
            return Err(invalid_value(
                &tid,
                &format!("{path}.queueId"),
                "names a call queue twice",
            ));
        }
        changes.push((queue_id.to_string(), join));
    }
    let mut world = shared.state.lock().unwrap();
    // "requires a full administrator auth token" (FACTS §10.5): Webex's refusal is a 403.
    if !world.app_authorized_by_full_admin {
        return Err(api::forbidden(&tid));
    }
    let index = agent_index(&world, &caller, &id).ok_or_else(|| agent_not_found(&tid))?;
    let agent = world.people[index].uuid.clone();
    let org = world.people[index].org.clone();
    let mut targets = Vec::new();
    for (i, (queue_id, join)) in changes.iter().enumerate() {
        let path = format!("settings[{i}].queueId");
        let queue = match seed::decode_webex_id(queue_id) {
            Some((kind, uuid)) if kind == "CALL_QUEUE" => world
                .queues
                .iter()
                .position(|q| q.org == org && q.uuid == uuid.to_lowercase()),
            _ => None,
        };
        let Some(q) = queue.filter(|&q| world.queues[q].agents.iter().any(|(a, _)| *a == agent))
        else {
            return Err(invalid_value(
                &tid,
                &path,
                "the agent is not assigned to this call queue",
            ));
        };
        if !world.queues[q].allow_agent_join_enabled {
            return Err(ApiError::bad_request(
                &tid,
                format!(
                    "Agents may not join or leave the call queue {}: its allowAgentJoinEnabled is false.",
                    world.queues[q].name
                ),
            )
            .with_code(25009));
        }
        targets.push((q, *join));
    }
    for (q, join) in targets {
        if let Some(entry) = world.queues[q].agents.iter_mut().find(|(a, _)| *a == agent) {
            entry.1 = join;
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
