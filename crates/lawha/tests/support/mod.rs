//! Running `lawha` as operators do, for the tests that drive the binary.

#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `lawha` with exactly the given settings in its environment.
pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lawha"));
    command
        .args(args)
        .env_remove("LAWHA_CONFIG")
        .env_remove("LAWHA_DATA_DIR")
        .env_remove("LAWHA_DATABASE_URL")
        // These tests are not about live classes: no Janus for each `serve` they start
        // (`tests/live_janus.rs` is).
        .env("LAWHA_EMBEDDED_JANUS", "false")
        .env("RUST_LOG", "warn");
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Runs `lawha` with exactly the given settings in its environment.
pub fn lawha(args: &[&str], env: &[(&str, &str)]) -> Output {
    command(args, env).output().expect("run lawha")
}

/// Its standard output, once it succeeded.
pub fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Its standard error, once it failed.
pub fn refused(output: &Output) -> String {
    assert!(!output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}
