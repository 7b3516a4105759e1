//! The one integration-test binary: every module runs real listeners on port 0 against the built-in
//! Webex simulator, a real SQLite file, and (in CI) the machine's PostgreSQL and Redis.

mod support;

mod architecture;
mod assets;
mod auth;
mod browser;
mod bulk;
mod calling;
mod config;
mod deployment;
mod design;
mod fairness;
mod hardening;
mod i18n;
mod jobs;
/// The load tool's core (examples/loadgen), compiled in here so its tests and ours drive it.
#[path = "../../examples/loadgen/load.rs"]
#[allow(dead_code)]
mod load;
mod loadgen;
mod ops;
mod production_shape;
mod replicas;
mod resilience;
mod roles;
mod security;
mod selfservice;
mod simulator;
mod store;
mod timed;
mod ux;
mod voicemail;
mod webex;
