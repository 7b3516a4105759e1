//! People and Groups (FACTS §8, §9): search, look-ups, `Link` pagination, calling data.

use std::{collections::HashMap, sync::Arc};

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use super::{
    Shared,
    api::{self, ApiError, Caller, TrackingId},
    seed,
    state::{Group, Person, Principal, State as World},
};

type Params = Query<HashMap<String, String>>;

/// The Person object as Webex returns it (schema `Person`); calling data only when asked for.
pub(crate) fn person_json(world: &World, p: &Person, calling: bool, admin: bool) -> Value {
    let mut v = json!({
        "id": p.person_id(),
        "emails": [p.email],
        "displayName": p.display_name,
        "nickName": p.first_name,
        "firstName": p.first_name,
        "lastName": p.last_name,
        "orgId": seed::webex_id("ORGANIZATION", &p.org),
        "created": p.created,
        "lastModified": p.created,
        "type": "person",
    });
    if let Some(d) = &p.department {
        v["department"] = d.clone().into();
    }
    if let Some(t) = &p.title {
        v["title"] = t.clone().into();
    }
    let location = p.calling.as_ref().and_then(|c| world.location(&c.location));
    if let Some(l) = location {
        v["addresses"] = json!([{ "type": "work", "country": l.country, "locality": l.name }]);
    }
    if admin {
        v["roles"] = json!([]);
        v["licenses"] = json!([]);
        v["invitePending"] = "false".into();
        v["loginEnabled"] = "true".into();
    }
    if calling && let Some(c) = &p.calling {
        v["extension"] = c.extension.clone().into();
        v["locationId"] = seed::webex_id("LOCATION", &c.location).into();
        if let Some(n) = &c.phone_number {
            v["phoneNumbers"] = json!([{ "type": "work", "value": n, "primary": true }]);
        }
    }
    v
}

fn flag(params: &HashMap<String, String>, name: &str, tid: &TrackingId) -> Result<bool, ApiError> {
    match params.get(name).map(String::as_str) {
        None => Ok(false),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(_) => Err(ApiError::bad_request(
            tid,
            format!("Invalid value for parameter '{name}'."),
        )),
    }
}

pub(crate) fn number(
    params: &HashMap<String, String>,
    name: &str,
    tid: &TrackingId,
) -> Result<Option<usize>, ApiError> {
    match params.get(name) {
        None => Ok(None),
        Some(s) => s.parse::<usize>().map(Some).map_err(|_| {
            ApiError::bad_request(tid, format!("Invalid value for parameter '{name}'."))
        }),
    }
}

/// Only partners may name another org; this simulator has none.
pub(crate) fn check_org_param(
    params: &HashMap<String, String>,
    caller: &Caller,
    tid: &TrackingId,
) -> Result<(), ApiError> {
    match params.get("orgId") {
        Some(org) if *org != seed::webex_id("ORGANIZATION", caller.principal.org()) => {
            Err(api::forbidden(tid))
        }
        _ => Ok(()),
    }
}

/// A cursor is opaque to clients: here the offset, base64-encoded.
pub(crate) fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

pub(crate) fn decode_cursor(s: &str) -> Option<usize> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(s).ok()?).ok()?;
    text.strip_prefix("offset:")?.parse().ok()
}

/// `max` (default 100, positive) and the offset of the `after` cursor, of a list paged by cursor.
pub(crate) fn cursor_paging(
    params: &HashMap<String, String>,
    tid: &TrackingId,
) -> Result<(usize, usize), ApiError> {
    let max = number(params, "max", tid)?.unwrap_or(100);
    if max == 0 {
        return Err(ApiError::bad_request(tid, "max must be a positive number."));
    }
    let offset = match params.get("after") {
        Some(c) => decode_cursor(c)
            .ok_or_else(|| ApiError::bad_request(tid, "Invalid pagination cursor."))?,
        None => 0,
    };
    Ok((max, offset))
}

/// `Link: <…>; rel="next"` with an absolute URL carrying the query and a new cursor.
pub(crate) fn next_link(
    shared: &Shared,
    path: &str,
    params: &HashMap<String, String>,
    cursor_key: &str,
    cursor: &str,
) -> HeaderValue {
    let mut url = url::Url::parse(&shared.url(path)).expect("base URL");
    {
        let mut q = url.query_pairs_mut();
        let mut keys: Vec<_> = params.keys().filter(|k| *k != cursor_key).collect();
        keys.sort();
        for k in keys {
            q.append_pair(k, &params[k]);
        }
        q.append_pair(cursor_key, cursor);
    }
    HeaderValue::from_str(&format!("<{url}>; rel=\"next\"")).expect("ASCII URL")
}

/// A JSON page, with its `Link: rel="next"` when there is one.
pub(crate) fn page_response(body: Value, next: Option<HeaderValue>) -> Response {
    let mut res = Json(body).into_response();
    if let Some(link) = next {
        res.headers_mut().insert(header::LINK, link);
    }
    res
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = api::authenticate(&shared, &headers, &tid)?;
    caller.require_any(&tid, &["spark-admin:people_read", "spark:people_read"])?;
    check_org_param(&params, &caller, &tid)?;
    let admin = caller.is_admin() && caller.has("spark-admin:people_read");
    // Only admins get calling data; for others the parameter is ignored (FACTS §8).
    let calling = flag(&params, "callingData", &tid)? && admin;
    flag(&params, "excludeStatus", &tid)?;
    let email = params.get("email");
    let display_name = params.get("displayName");
    let ids = params.get("id");
    let location = params.get("locationId");
    // FACTS §8: non-admins must search by email or displayName.
    if !admin && email.is_none() && display_name.is_none() && ids.is_none() {
        return Err(ApiError::bad_request(
            &tid,
            "Either email or displayName must be specified.",
        ));
    }
    // FACTS §8: max defaults to 100, capped at 100 with callingData and at 50 with locationId.
    let (mut max, offset) = cursor_paging(&params, &tid)?;
    if location.is_some() {
        max = max.min(50);
    } else if calling {
        max = max.min(100);
    } else {
        max = max.min(1000);
    }
    let world = shared.state.lock().unwrap();
    let org = caller.principal.org().to_string();
    let mut not_found = Vec::new();
    let matches: Vec<&Person> = if let Some(ids) = ids {
        let list: Vec<&str> = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if list.len() > 85 {
            return Err(ApiError::bad_request(&tid, "At most 85 ids may be given."));
        }
        let mut found = Vec::new();
        for id in list {
            match world
                .person_index(id)
                .map(|i| &world.people[i])
                .filter(|p| p.org == org && seed::decode_webex_id(id).is_some())
            {
                Some(p) => found.push(p),
                None => not_found.push(id.to_string()),
            }
        }
        found
    } else {
        world.people.iter().filter(|p| p.org == org).collect()
    };
    let location_uuid = match location {
        Some(l) => match seed::decode_webex_id(l) {
            Some((kind, uuid)) if kind == "LOCATION" => Some(uuid),
            _ => return Err(ApiError::bad_request(&tid, "Invalid locationId.")),
        },
        None => None,
    };
    let matches: Vec<&Person> = matches
        .into_iter()
        .filter(|p| email.is_none_or(|e| p.email.eq_ignore_ascii_case(e.trim())))
        .filter(|p| {
            display_name.is_none_or(|d| {
                p.display_name
                    .to_lowercase()
                    .starts_with(&d.trim().to_lowercase())
            })
        })
        .filter(|p| {
            location_uuid
                .as_ref()
                .is_none_or(|l| p.calling.as_ref().is_some_and(|c| c.location == *l))
        })
        .collect();
    let page: Vec<Value> = matches
        .iter()
        .skip(offset)
        .take(max)
        .map(|p| person_json(&world, p, calling, admin))
        .collect();
    // A full page always links to the next one, which may then be empty (FACTS §8).
    let next = (page.len() == max).then(|| {
        next_link(
            &shared,
            "/people",
            &params,
            "after",
            &encode_cursor(offset + max),
        )
    });
    drop(world);
    let mut body = json!({ "items": page });
    if ids.is_some() {
        body["notFoundIds"] = json!(not_found);
    }
    Ok(page_response(body, next))
}

pub(crate) async fn me(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Json<Value>, ApiError> {
    let caller = api::authenticate(&shared, &headers, &tid)?;
    let calling = flag(&params, "callingData", &tid)?;
    match &caller.principal {
        Principal::User { person, .. } => {
            caller.require_any(&tid, &["spark:people_read", "spark-admin:people_read"])?;
            let world = shared.state.lock().unwrap();
            let p = world
                .person_by_uuid(person)
                .ok_or_else(|| ApiError::not_found(&tid, "Person not found."))?;
            Ok(Json(person_json(&world, p, calling, false)))
        }
        // A service app acts as a machine account of its own.
        Principal::App { client, org } => Ok(Json(json!({
            "id": seed::webex_id("PEOPLE", &app_uuid(client)),
            "emails": [format!("{client}@webex.bot")],
            "displayName": client,
            "orgId": seed::webex_id("ORGANIZATION", org),
            "type": "appuser",
        }))),
        Principal::Bot { uuid, email, org } => Ok(Json(json!({
            "id": seed::webex_id("PEOPLE", uuid),
            "emails": [email],
            "displayName": "Portal notices",
            "orgId": seed::webex_id("ORGANIZATION", org),
            "type": "bot",
        }))),
    }
}

/// A stable UUID-shaped id for a service app's machine account.
fn app_uuid(client: &str) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, client.as_bytes());
    let h: String = d.as_ref()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

pub(crate) async fn get_one(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
) -> Result<Json<Value>, ApiError> {
    let caller = api::authenticate(&shared, &headers, &tid)?;
    caller.require_any(&tid, &["spark-admin:people_read", "spark:people_read"])?;
    check_org_param(&params, &caller, &tid)?;
    let admin = caller.is_admin() && caller.has("spark-admin:people_read");
    let calling = flag(&params, "callingData", &tid)? && admin;
    let world = shared.state.lock().unwrap();
    let p = seed::decode_webex_id(&person_id)
        .and_then(|_| world.person_index(&person_id))
        .map(|i| &world.people[i])
        .filter(|p| p.org == caller.principal.org())
        .ok_or_else(|| ApiError::not_found(&tid, "Person not found."))?;
    Ok(Json(person_json(&world, p, calling, admin)))
}

fn group_json(world: &World, g: &Group, members: Option<(usize, usize)>) -> Value {
    let mut v = json!({
        "id": g.group_id(),
        "displayName": g.name,
        "orgId": seed::webex_id("ORGANIZATION", &g.org),
        "created": g.created,
        "lastModified": g.created,
        "memberSize": g.members.len(),
    });
    if let Some((start, count)) = members {
        let list: Vec<Value> = g
            .members
            .iter()
            .skip(start)
            .take(count)
            .filter_map(|uuid| world.person_by_uuid(uuid))
            .map(|p| json!({ "id": p.person_id(), "type": "user", "displayName": p.display_name }))
            .collect();
        v["members"] = json!(list);
    }
    v
}

/// `displayName eq "X"` or `displayName sw "X"` (FACTS §9).
fn parse_filter(filter: &str) -> Option<(bool, String)> {
    let mut parts = filter.trim().splitn(3, ' ');
    let attr = parts.next()?;
    let op = parts.next()?.to_ascii_lowercase();
    let value = parts.next()?.trim();
    if !attr.eq_ignore_ascii_case("displayName") {
        return None;
    }
    let value = value.strip_prefix('"')?.strip_suffix('"')?.to_string();
    match op.as_str() {
        "eq" => Some((true, value)),
        "sw" => Some((false, value)),
        _ => None,
    }
}

fn group_caller(
    shared: &Shared,
    headers: &HeaderMap,
    tid: &TrackingId,
    params: &HashMap<String, String>,
) -> Result<Caller, ApiError> {
    let caller = api::authenticate(shared, headers, tid)?;
    caller.require_any(tid, &["identity:groups_read", "identity:groups_rw"])?;
    check_org_param(params, &caller, tid)?;
    Ok(caller)
}

pub(crate) async fn list_groups(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = group_caller(&shared, &headers, &tid, &params)?;
    let filter = match params.get("filter") {
        Some(f) => Some(parse_filter(f).ok_or_else(|| {
            ApiError::bad_request(
                &tid,
                "Invalid filter: only displayName with eq or sw is supported.",
            )
        })?),
        None => None,
    };
    let include_members = flag(&params, "includeMembers", &tid)?;
    let start = number(&params, "startIndex", &tid)?.unwrap_or(1).max(1);
    let count = number(&params, "count", &tid)?
        .unwrap_or(100)
        .clamp(1, 1000);
    let world = shared.state.lock().unwrap();
    let matching: Vec<&Group> = world
        .groups
        .iter()
        .filter(|g| g.org == caller.principal.org())
        .filter(|g| match &filter {
            Some((true, v)) => g.name.eq_ignore_ascii_case(v),
            Some((false, v)) => g.name.to_lowercase().starts_with(&v.to_lowercase()),
            None => true,
        })
        .collect();
    let page: Vec<Value> = matching
        .iter()
        .skip(start - 1)
        .take(count)
        .map(|g| group_json(&world, g, include_members.then_some((0, 500))))
        .collect();
    let more = start - 1 + page.len() < matching.len();
    let body = json!({
        "totalResults": matching.len(),
        "startIndex": start,
        "itemsPerPage": page.len(),
        "groups": page,
    });
    drop(world);
    let next = more.then(|| {
        next_link(
            &shared,
            "/groups",
            &params,
            "startIndex",
            &(start + count).to_string(),
        )
    });
    Ok(page_response(body, next))
}

fn find_group<'a>(
    world: &'a World,
    caller: &Caller,
    group_id: &str,
    tid: &TrackingId,
) -> Result<&'a Group, ApiError> {
    seed::decode_webex_id(group_id)
        .filter(|(kind, _)| kind == "SCIM_GROUP")
        .and_then(|(_, rest)| {
            let uuid = rest.split(':').next().unwrap_or_default().to_lowercase();
            world.groups.iter().find(|g| g.uuid == uuid)
        })
        .filter(|g| g.org == caller.principal.org())
        .ok_or_else(|| ApiError::not_found(tid, "Group not found."))
}

pub(crate) async fn get_group(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(group_id): Path<String>,
    Query(params): Params,
) -> Result<Json<Value>, ApiError> {
    let caller = group_caller(&shared, &headers, &tid, &params)?;
    let include = flag(&params, "includeMembers", &tid)?;
    let world = shared.state.lock().unwrap();
    let g = find_group(&world, &caller, &group_id, &tid)?;
    Ok(Json(group_json(&world, g, include.then_some((0, 500)))))
}

pub(crate) async fn group_members(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(group_id): Path<String>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = group_caller(&shared, &headers, &tid, &params)?;
    let start = number(&params, "startIndex", &tid)?.unwrap_or(1).max(1);
    let count = number(&params, "count", &tid)?.unwrap_or(500).clamp(1, 500);
    let world = shared.state.lock().unwrap();
    let g = find_group(&world, &caller, &group_id, &tid)?;
    let body = group_json(&world, g, Some((start - 1, count)));
    let more = start - 1 + count < g.members.len();
    let path = format!("/groups/{group_id}/members");
    drop(world);
    let next = more.then(|| {
        next_link(
            &shared,
            &path,
            &params,
            "startIndex",
            &(start + count).to_string(),
        )
    });
    Ok(page_response(body, next))
}
