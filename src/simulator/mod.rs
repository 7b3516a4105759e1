//! A stand-in for Webex: OIDC provider and REST API (see tests/contract/openapi-subset.yaml).

use std::path::PathBuf;

pub async fn run_standalone(_port: u16, _seed: Option<PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the simulator is not built yet")
}
