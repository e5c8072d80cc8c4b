//! Project tasks, run as `cargo xtask <task>`:
//!
//! - `codegen`: generate `generated-client/src/generated/` from `spec/avara.openapi.yaml`;
//! - `codegen --check`: write nothing, fail listing every stale file;
//! - `test`: the whole test suite, as CI runs it (installs the npm tools if needed);
//! - `bench [--quick]`: benchmarks, written to `BENCHMARKS.md` (see `bench/mod.rs`);
//! - `corpus [...]`: our generator beside ploidy and progenitor on real documents (see
//!   `corpus.rs`).
//!
//! Thin on purpose: the work is in the generator library.

mod bench;
mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::{generate_file, Generated, Options};

/// Generation allocates and frees millions of small objects; mimalloc does that faster than
/// the system allocator (see the `mimalloc` entry in `Cargo.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: cargo xtask <codegen [--check] | test | bench [--quick] | corpus [--help]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["test"] => test(),
        ["bench", rest @ ..] => bench::run(rest),
        ["corpus", rest @ ..] => corpus::run(rest),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

const SPEC: &str = "spec/avara.openapi.yaml";
const OUT: &str = "generated-client/src/generated";

fn avara_options() -> Options {
    Options {
        crate_name: "avara".to_owned(),
        env_prefix: "AVARA".to_owned(),
        user_agent: format!("avara-rust/{}", client_version()),
        command: "cargo xtask codegen".to_owned(),
        // Like the official SDKs' models, every Avara type can be written back as JSON (to
        // cache or forward a response); the crate is small enough not to feel the cost.
        all_serde: true,
    }
}

/// The version of the `avara` crate, for its `User-Agent`.
fn client_version() -> String {
    let manifest =
        std::fs::read_to_string(root().join("generated-client/Cargo.toml")).unwrap_or_default();
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = "))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .unwrap_or_else(|| "0.0.0".to_owned())
}

/// Generates the Avara client in memory.
fn generate_avara() -> Result<Generated, String> {
    let spec = root().join(SPEC);
    generate_file(&spec, &avara_options()).map_err(|e| e.to_string())
}

/// The differences between generated files and a directory: (file, what is wrong).
fn stale(generated: &Generated, dir: &Path) -> Vec<(String, &'static str)> {
    let mut problems = Vec::new();
    for file in &generated.files {
        match std::fs::read_to_string(dir.join(&file.path)) {
            Ok(on_disk) if on_disk == file.contents => {}
            Ok(_) => problems.push((file.path.clone(), "differs from what the spec generates")),
            Err(_) => problems.push((file.path.clone(), "is missing")),
        }
    }
    for extra in rust_files(dir) {
        if !generated.files.iter().any(|f| f.path == extra) {
            problems.push((extra, "is not generated any more"));
        }
    }
    problems
}

fn rust_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    names.sort();
    names
}

fn codegen(check: bool) -> Result<(), String> {
    let generated = generate_avara()?;
    for note in &generated.notes {
        eprintln!("note: {SPEC} ({}): {}", note.pointer, note.message);
    }
    let dir = root().join(OUT);
    let problems = stale(&generated, &dir);
    if check {
        if problems.is_empty() {
            println!("{OUT} is up to date with {SPEC}");
            return Ok(());
        }
        let list: Vec<String> = problems
            .iter()
            .map(|(f, why)| format!("  {OUT}/{f} {why}"))
            .collect();
        return Err(format!(
            "{OUT} is stale:\n{}\nrun `cargo xtask codegen` and commit the result",
            list.join("\n")
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {OUT}: {e}"))?;
    for (file, why) in &problems {
        let path = dir.join(file);
        if *why == "is not generated any more" {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            println!("removed {OUT}/{file}");
        }
    }
    for file in &generated.files {
        let path = dir.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            std::fs::write(&path, &file.contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("wrote {OUT}/{}", file.path);
        }
    }
    println!("{OUT}: {} files from {SPEC}", generated.files.len());
    Ok(())
}

/// Runs a command in the workspace root; fails with the command line when it fails.
fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let line = format!("{program} {}", args.join(" "));
    println!("\n==> {line}");
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Installs the npm tools from the lockfile unless they are already installed from it.
fn npm_install() -> Result<(), String> {
    let root = root();
    let installed = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (std::fs::metadata(&installed), std::fs::metadata(&lock)) {
        (Ok(i), Ok(l)) => i.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        println!("\n==> npm tools already installed from package-lock.json");
        Ok(())
    } else {
        run("npm", &["ci", "--no-audit", "--no-fund"])
    }
}

/// The corpus documents whose generated crates CI compile-checks: small and medium ones
/// from different vendors, about a minute of `cargo check` in all.
const CI_CHECKED: &str =
    "adyen-binlookup,box-v2026,pagerduty-scim,xero-projects,twilio-messaging,spotify-web-api";

fn test() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    npm_install()?;
    run(&cargo, &["fmt", "--all", "--check"])?;
    run(
        &cargo,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    println!("\n==> cargo xtask codegen --check");
    codegen(true)?;
    run("npm", &["run", "--silent", "lint:spec"])?;
    run("npm", &["run", "--silent", "test:spec"])?;
    run(&cargo, &["test", "--workspace"])?;
    // Every real-world document of the corpus generates; the crates of the small ones also
    // pass `cargo check` without warnings. The large ones' checks (minutes each) are
    // `cargo xtask corpus`, run before a change lands.
    println!("\n==> cargo xtask corpus --tools ours --no-check --strict --no-report");
    corpus::run(&["--tools", "ours", "--no-check", "--strict", "--no-report"])?;
    println!("\n==> cargo xtask corpus --tools ours --strict --no-report --only {CI_CHECKED}");
    corpus::run(&[
        "--tools",
        "ours",
        "--strict",
        "--no-report",
        "--only",
        CI_CHECKED,
    ])?;
    println!("\nall checks passed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain `cargo test` catches a stale generated client, naming the files.
    #[test]
    fn generated_client_is_up_to_date() {
        let generated = generate_avara().unwrap();
        let problems = stale(&generated, &root().join(OUT));
        assert!(
            problems.is_empty(),
            "run `cargo xtask codegen`: {problems:?}"
        );
    }

    #[test]
    fn stale_lists_changed_missing_and_extra_files() {
        let dir = std::env::temp_dir().join(format!("xtask-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let generated = Generated {
            files: vec![
                codegen::GeneratedFile {
                    path: "a.rs".into(),
                    contents: "a".into(),
                },
                codegen::GeneratedFile {
                    path: "b.rs".into(),
                    contents: "b".into(),
                },
                codegen::GeneratedFile {
                    path: "c.rs".into(),
                    contents: "c".into(),
                },
            ],
            notes: Vec::new(),
            runtime_features: Vec::new(),
            untyped: Vec::new(),
        };
        std::fs::write(dir.join("a.rs"), "a").unwrap();
        std::fs::write(dir.join("b.rs"), "old").unwrap();
        std::fs::write(dir.join("old.rs"), "x").unwrap();
        let problems = stale(&generated, &dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            problems,
            vec![
                ("b.rs".to_owned(), "differs from what the spec generates"),
                ("c.rs".to_owned(), "is missing"),
                ("old.rs".to_owned(), "is not generated any more"),
            ]
        );
    }
}
