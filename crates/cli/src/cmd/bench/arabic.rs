//! `rasd bench arabic` (not implemented yet).

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`rasd bench arabic` is not implemented yet")
}
