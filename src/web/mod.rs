//! HTTP edge: the route table, grouped by who may call it, and the layer stack every response
//! passes through.

mod admin;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod health;
pub mod helpdesk;
pub mod locale;
pub mod middleware;
pub mod notify;
pub mod people;
pub mod settings;
pub mod write_limit;

use axum::{
    Router,
    extract::FromRequestParts,
    http::{header, request::Parts},
    middleware::{from_fn, from_fn_with_state},
    routing::{get, post},
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    csrf::CsrfLayer,
    request_id::{PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};

use crate::{
    app::AppState,
    auth::{authz, session},
    error,
    i18n::{self, Locale, Messages},
    views,
};

pub fn router(state: AppState) -> Router {
    let config = state.config.clone();

    let public = Router::new()
        .route("/", get(start_page))
        .route("/static/{*path}", get(assets::serve))
        .route("/logout", post(auth::post_logout))
        .route("/sign-in/refused/{reason}", get(auth::get_refused))
        .route("/language", post(locale::post_language));

    // Each sign-in step has its own per-IP budget, so one sign-in costs one of each.
    let per_minute = config.login_rate_limit_per_minute;
    let client_ip = middleware::ClientIp {
        trust_forwarded_for: config.trust_forwarded_for,
    };
    let sign_in = middleware::rate_limited(
        Router::new().route("/login", get(auth::get_login)),
        per_minute,
        client_ip,
    )
    .merge(middleware::rate_limited(
        Router::new().route("/auth/callback", get(auth::get_callback)),
        per_minute,
        client_ip,
    ));

    // Handlers here take `CurrentUser`, which sends anyone not signed in to sign in. Who else
    // may call a route is decided by the group it is in: the person-scoped routes authorize on
    // the path's person (src/web/settings), staff and admin routes have a guard of their own.
    let staff_only = || from_fn_with_state(state.clone(), authz::staff_only);
    let (person_pages, person_fragments) = settings::routes(&state);
    let pages = Router::new()
        .route("/me", get(settings::page::get_me))
        .route("/audit", get(audit::get_audit))
        .route("/audit.csv", get(audit::get_audit_csv))
        .merge(person_pages)
        .merge(
            Router::new()
                .route("/helpdesk", get(helpdesk::get_helpdesk))
                .route(
                    "/bulk",
                    get(bulk::get_bulk)
                        .post(bulk::post_bulk)
                        .layer(axum::extract::DefaultBodyLimit::max(bulk::BODY_LIMIT)),
                )
                .route("/bulk/template.csv", get(bulk::get_template))
                .route("/bulk/{job_id}", get(bulk::get_job))
                .route("/bulk/{job_id}/report.csv", get(bulk::get_report))
                .route_layer(staff_only()),
        )
        .merge(
            Router::new()
                .route("/admin", get(admin::get_admin))
                .route(
                    "/admin/sign-out-everyone",
                    post(admin::post_sign_out_everyone),
                )
                .route_layer(from_fn_with_state(state.clone(), authz::admin_only)),
        );
    // htmx fragments (`/hx/…`); their writes must come from htmx, even to a path that has no
    // route (the guard wraps the fragments' own fallback too).
    let fragments = Router::new()
        .route("/audit", get(audit::get_audit_fragment))
        .merge(person_fragments)
        .merge(
            Router::new()
                .route("/search", get(helpdesk::get_search))
                .route("/bulk/fields", get(bulk::get_fields))
                .route("/bulk/{job_id}", get(bulk::get_status))
                .route("/bulk/{job_id}/{action}", post(bulk::post_action))
                .route_layer(staff_only()),
        )
        .fallback(|| async { axum::http::StatusCode::NOT_FOUND })
        .layer(from_fn(middleware::require_htmx_for_writes));
    let signed_in = pages.nest("/hx", fragments);

    // Top to bottom: the order a request meets them (the response meets them bottom to top).
    // The edge (metrics, request ids, logs, security headers) is the same for every route.
    let edge = || {
        ServiceBuilder::new()
            .layer(from_fn(crate::telemetry::metrics::track_http))
            .layer(from_fn(middleware::drop_client_request_id))
            .layer(SetRequestIdLayer::x_request_id(middleware::MakeRequestId))
            .layer(TraceLayer::new_for_http().make_span_with(middleware::RequestSpan))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(middleware::security_headers(&config))
            .layer(middleware::no_store_by_default())
    };
    let layers = ServiceBuilder::new()
        .layer(edge())
        .layer(axum::extract::DefaultBodyLimit::max(error::BODY_LIMIT))
        .layer(from_fn_with_state(state.clone(), locale::resolve))
        .layer(from_fn(error::present))
        .layer(CatchPanicLayer::new())
        .layer(csrf_layer(&config))
        .layer(session::layer(state.sessions.clone(), &config))
        .layer(from_fn_with_state(state.clone(), locale::from_session));

    // Probes are for load balancers: plain answers, no session, no error pages.
    let probes = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .layer(edge());

    let all = Router::new()
        .merge(public)
        .merge(sign_in)
        .merge(signed_in)
        .layer(layers);
    // Merged in this order so that unknown paths get `all`'s fallback, with all its layers
    // (axum keeps the second router's default fallback).
    probes.merge(all).with_state(state)
}

/// Cross-site state-changing requests are refused (Sec-Fetch-Site / Origin). The public URL's
/// origin is trusted by name, for proxies that rewrite `Host`.
fn csrf_layer(config: &crate::config::Config) -> CsrfLayer {
    CsrfLayer::new()
        .add_trusted_origin(config.public_url.origin().ascii_serialization())
        .expect("an http(s) URL's origin is a valid trusted origin")
}

#[derive(serde::Deserialize, Default)]
struct StartParams {
    #[serde(default, rename = "signed-out")]
    signed_out: String,
}

/// The start page; `?signed-out=everyone` after an admin signed everyone out.
async fn start_page(
    Lang(t): Lang,
    axum::extract::Query(params): axum::extract::Query<StartParams>,
) -> views::StartPage {
    views::StartPage {
        t,
        signed_out_everyone: params.signed_out == "everyone",
    }
}

/// The message catalogue of the request's language (src/web/locale.rs picks it).
pub struct Lang(pub &'static Messages);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let ViewerLocale(locale) = ViewerLocale::from_request_parts(parts, s).await?;
        Ok(Lang(locale.t))
    }
}

/// The request's language and time zone, for what shows dates.
pub struct ViewerLocale(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for ViewerLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let locale = parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_else(|| {
                // Outside the locale layer (never on the portal's routes): the header alone.
                let header = parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok());
                Locale {
                    t: i18n::negotiate(header, &i18n::EN),
                    tz: i18n::time_zone(None),
                }
            });
        Ok(ViewerLocale(locale))
    }
}
