//! Part 3: how long `cargo check` and `cargo build` take on a generated crate, dependencies
//! already built.
//!
//! Each generated client becomes a crate in a scratch workspace under `target/bench-crates`
//! (the layout `generator/tests/compile.rs` uses: `pub use avara::runtime; mod generated;`),
//! built offline with the main lockfile into the main target directory. The workspace is
//! checked and built once untimed (dependencies, and the crates themselves); then each crate's
//! `lib.rs` is touched and the command timed, so only that crate compiles. Incremental
//! compilation is off (`CARGO_INCREMENTAL=0`), as for a crate used as a dependency, so a run is
//! a whole compile of the crate rather than a replay of its cache.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use codegen::Generated;

use super::super::root;

/// One crate to compile.
pub struct Crate {
    /// Package name suffix: `bench_<name>`.
    pub name: String,
    /// What it was generated from, for its docs.
    pub from: String,
    /// The generated files.
    pub generated: Generated,
}

/// What one crate costs to compile.
#[derive(Debug, Clone)]
pub struct Compile {
    /// Fastest `cargo check` of the crate alone.
    pub check: Duration,
    /// Fastest `cargo build` (dev profile) of the crate alone.
    pub build: Duration,
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    // Rewriting identical files would make cargo rebuild them.
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The scratch workspace.
fn workspace() -> PathBuf {
    root().join("target/bench-crates")
}

/// Writes the crates into the scratch workspace.
fn set_up(crates: &[Crate]) -> Result<(), String> {
    let workspace = workspace();
    let runtime = root().join("generator/runtime");
    let mut members = Vec::new();
    for krate in crates {
        let dir = workspace.join(&krate.name);
        let manifest = codegen::emit::host_manifest_with_features(
            &format!("bench_{}", krate.name),
            &runtime,
            &krate.generated.runtime_features,
        );
        write(&dir.join("Cargo.toml"), &manifest)?;
        let lib = format!(
            "//! Generated from {}, for `cargo xtask bench`.\n\n{}",
            krate.from,
            codegen::emit::HOST_LIB
        );
        write(&dir.join("src/lib.rs"), &lib)?;
        let generated_dir = dir.join("src/generated");
        for file in &krate.generated.files {
            write(&generated_dir.join(&file.path), &file.contents)?;
        }
        // Files a larger or older document generated and this one does not.
        for entry in std::fs::read_dir(&generated_dir).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !krate.generated.files.iter().any(|f| f.path == name) {
                std::fs::remove_file(entry.path()).map_err(|e| e.to_string())?;
            }
        }
        members.push(&krate.name);
    }
    write(
        &workspace.join("Cargo.toml"),
        &codegen::emit::workspace_manifest(&members),
    )?;
    // The main lockfile pins the same versions, and lets cargo work offline.
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    std::fs::write(workspace.join("Cargo.lock"), lock).map_err(|e| e.to_string())
}

/// Runs `cargo <command> --offline <args>` in the scratch workspace, first touching the
/// `lib.rs` of crate `touched` if given; returns the time it took and how many packages cargo
/// compiled. A run that waited for another cargo's lock on the target directory is repeated
/// (touching again), so waiting never counts.
fn cargo(command: &str, args: &[&str], touched: Option<&str>) -> Result<(Duration, usize), String> {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for attempt in 1..=ATTEMPTS {
        if let Some(name) = touched {
            touch(name)?;
        }
        let start = Instant::now();
        let output = Command::new(&program)
            .arg(command)
            .arg("--offline")
            .args(args)
            .current_dir(workspace())
            .env("CARGO_TARGET_DIR", root().join("target"))
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS")
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let elapsed = start.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!(
                "`cargo {command} {}` failed in {}:\n{stderr}",
                args.join(" "),
                workspace().display()
            ));
        }
        if stderr.contains("Blocking waiting for file lock") {
            if attempt < ATTEMPTS {
                eprintln!("  (cargo waited for another build's lock; measuring again)");
                continue;
            }
            eprintln!("  note: cargo waited for another build's lock every time; the figure includes the wait");
        }
        let compiled = stderr
            .lines()
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with("Compiling ") || l.starts_with("Checking ")
            })
            .count();
        return Ok((elapsed, compiled));
    }
    unreachable!("the last attempt always returns")
}

/// How many times a run that waited for another cargo is tried.
const ATTEMPTS: usize = 5;

/// Marks the crate's `lib.rs` as changed, so that cargo compiles the crate again (and
/// nothing else).
fn touch(name: &str) -> Result<(), String> {
    let path = workspace().join(name).join("src/lib.rs");
    File::options()
        .append(true)
        .open(&path)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

/// Compiles each crate with `cargo check` and with `cargo build`, `runs` times for crates of
/// fewer than 20,000 generated lines; larger ones, twice with `cargo check` (whose growth is
/// a target, and one run on a shared machine is too noisy to judge it) and once with
/// `cargo build`. Keeps the fastest of each (other processes on the machine only ever slow a
/// run down).
pub fn measure(crates: &[Crate], runs: usize) -> Result<Vec<Compile>, String> {
    set_up(crates)?;
    // Every crate has the same dependencies: checking and building the first builds them.
    let first = format!(
        "bench_{}",
        crates.first().ok_or("no crates to compile")?.name
    );
    eprintln!("  untimed check and build of {first} (dependencies)...");
    cargo("check", &["-p", &first], None)?;
    cargo("build", &["-p", &first], None)?;
    let mut results = Vec::new();
    for krate in crates {
        let package = format!("bench_{}", krate.name);
        let lines: usize = krate
            .generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        let (check_runs, build_runs) = if lines < 20_000 {
            (runs, runs)
        } else {
            (runs.min(2), 1)
        };
        let timed = |command: &str, runs: usize| -> Result<Duration, String> {
            let mut best = Duration::MAX;
            for _ in 0..runs {
                let (elapsed, compiled) = cargo(command, &["-p", &package], Some(&krate.name))?;
                if compiled != 1 {
                    eprintln!(
                        "  note: `cargo {command} -p {package}` compiled {compiled} packages, not 1"
                    );
                }
                best = best.min(elapsed);
            }
            eprintln!("  cargo {command} -p {package}: {best:.2?}");
            Ok(best)
        };
        let check = timed("check", check_runs)?;
        let build = timed("build", build_runs)?;
        results.push(Compile { check, build });
    }
    Ok(results)
}
