//! Locations (read side): `GET /locations` and `GET /locations/{locationId}` (FACTS §10.8 and
//! the subset's operations of those names).

use std::{collections::HashMap, sync::Arc};

use axum::{
    Json,
    extract::{Path, Query, State},
    http::HeaderMap,
    response::Response,
};
use serde_json::{Value, json};

use super::{
    Shared,
    api::{self, ApiError, Caller, TrackingId},
    people::{check_org_param, cursor_paging, encode_cursor, next_link, page_response},
    seed,
    state::Location,
};

type Params = Query<HashMap<String, String>>;

/// Supplement: "an administrator or location administrator auth token with any of" these.
const READ_SCOPES: [&str; 3] = [
    "spark-admin:locations_read",
    "spark-admin:people_read",
    "spark-admin:device_read",
];

/// The Location object (the subset's schema `Location`); the seed knows name and country only.
fn location_json(l: &Location) -> Value {
    let mut location = json!({
        "id": seed::location_id(&l.uuid),
        "name": l.name,
        "orgId": seed::webex_id("ORGANIZATION", &l.org),
        "address": { "country": l.country },
    });
    if let Some(tz) = &l.time_zone {
        location["timeZone"] = json!(tz);
    }
    location
}

/// 403 unless an admin token with one of [`READ_SCOPES`].
fn authorize(shared: &Shared, headers: &HeaderMap, tid: &TrackingId) -> Result<Caller, ApiError> {
    let caller = api::authenticate(shared, headers, tid)?;
    caller.require_any(tid, &READ_SCOPES)?;
    if !caller.is_admin() {
        return Err(api::forbidden(tid));
    }
    Ok(caller)
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let caller = authorize(&shared, &headers, &tid)?;
    check_org_param(&params, &caller, &tid)?;
    let (max, offset) = cursor_paging(&params, &tid)?;
    // `name`: contains, case-insensitive; `id`: that location.
    let name = params.get("name").map(|n| n.to_lowercase());
    let id_uuid = params.get("id").map(|id| match seed::decode_webex_id(id) {
        Some((kind, uuid)) if kind == "LOCATION" => Some(uuid.to_lowercase()),
        _ => None,
    });
    let world = shared.state.lock().unwrap();
    let org = caller.principal.org().to_string();
    let page: Vec<Value> = world
        .locations
        .iter()
        .filter(|l| l.org == org)
        .filter(|l| {
            name.as_ref()
                .is_none_or(|n| l.name.to_lowercase().contains(n.as_str()))
        })
        .filter(|l| match &id_uuid {
            None => true,
            Some(Some(uuid)) => l.uuid == *uuid,
            // An id that is no location id matches nothing.
            Some(None) => false,
        })
        .skip(offset)
        .take(max)
        .map(location_json)
        .collect();
    drop(world);
    // A full page links to the next one, which may then be empty (FACTS §8).
    let next = (page.len() == max).then(|| {
        next_link(
            &shared,
            "/locations",
            &params,
            "after",
            &encode_cursor(offset + max),
        )
    });
    Ok(page_response(json!({ "items": page }), next))
}

pub(crate) async fn get_one(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(location_id): Path<String>,
    Query(params): Params,
) -> Result<Json<Value>, ApiError> {
    let caller = authorize(&shared, &headers, &tid)?;
    check_org_param(&params, &caller, &tid)?;
    let world = shared.state.lock().unwrap();
    let location = match seed::decode_webex_id(&location_id) {
        Some((kind, uuid)) if kind == "LOCATION" => world
            .location(&uuid.to_lowercase())
            .filter(|l| l.org == caller.principal.org()),
        _ => None,
    }
    .ok_or_else(|| ApiError::not_found(&tid, "Location not found."))?;
    Ok(Json(location_json(location)))
}
