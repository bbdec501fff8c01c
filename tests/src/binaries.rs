//! Where the workspace's built binaries and the tests' artifacts live.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// The cargo target directory (`target/` unless `CARGO_TARGET_DIR` moved it), found from the
/// running test binary, which lives in `<target>/<profile>/deps/`.
pub fn target_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot find the running test binary")?;
    exe.ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "deps"))
        .and_then(Path::parent)
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .with_context(|| format!("{} is not inside a cargo target directory", exe.display()))
}

/// A workspace binary from `target/debug`, or an error saying how to build it.
pub fn built_binary(name: &str) -> anyhow::Result<PathBuf> {
    let path = target_dir()?.join("debug").join(name);
    if !path.is_file() {
        bail!("{} is not built: run `cargo build --workspace` first (scripts/test does)", path.display());
    }
    Ok(path)
}

/// The desktop app under test: `$STABLETILL_APP` when set (an installed build, such as
/// `/usr/bin/stabletill-app` from the .deb, as `scripts/test-package` runs it), else the
/// workspace's `target/debug/stabletill-app`.
pub fn app_binary() -> anyhow::Result<PathBuf> {
    installed_or_built(APP_ENV, "stabletill-app")
}

/// The `stabletill` CLI under test: `$STABLETILL_CLI` when set, else `target/debug/stabletill`.
pub fn cli_binary() -> anyhow::Result<PathBuf> {
    installed_or_built(CLI_ENV, "stabletill")
}

/// Names an installed app to test instead of the workspace's build.
pub const APP_ENV: &str = "STABLETILL_APP";
/// Names an installed CLI to test instead of the workspace's build.
pub const CLI_ENV: &str = "STABLETILL_CLI";

fn installed_or_built(variable: &str, name: &str) -> anyhow::Result<PathBuf> {
    match std::env::var_os(variable).filter(|value| !value.is_empty()) {
        Some(path) => {
            let path = PathBuf::from(path);
            if !path.is_file() {
                bail!("{variable}={} is not a file", path.display());
            }
            Ok(path)
        }
        None => built_binary(name),
    }
}

/// `target/e2e-artifacts/`: screenshots and driver logs of the end-to-end tests.
pub fn artifacts_dir() -> anyhow::Result<PathBuf> {
    let dir = target_dir()?.join("e2e-artifacts");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}
