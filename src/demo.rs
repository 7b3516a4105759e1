//! `calling-portal demo`: the simulator and the portal in one process, SQLite in ./data.

use std::path::PathBuf;

pub async fn run(_port: u16, _simulator_port: u16, _seed: Option<PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("demo is not wired yet")
}
