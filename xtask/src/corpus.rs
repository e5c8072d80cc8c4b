//! `cargo xtask corpus`: our generator beside ploidy and progenitor on the real-world documents
//! in `generator/tests/corpus/` (sources in its `SOURCES.md`).
//!
//! For each document and each tool, the tool runs as a whole process that writes a crate to
//! `<target>/corpus/<tool>/<document>/`; then `cargo check` runs on that crate. Thin on
//! purpose: it only runs processes, times them and reads their exit status and output.
//!
//! - *Generation*: wall time from spawn to exit, peak resident memory from `wait4`'s rusage
//!   (`ru_maxrss` of the tool's process and the children it waited for), exit status, panics
//!   (`panicked at` on stderr or exit code 101) and the first error line. With `--runs N` the
//!   tool runs N times into a fresh directory; time and memory are medians.
//! - *Check*: `cargo check --message-format json` with `CARGO_INCREMENTAL=0` and one
//!   `CARGO_TARGET_DIR` per tool (`<target>/corpus/<tool>/_target`), so dependencies build
//!   once per tool. Before the timed check a stub crate with the same manifest and an empty
//!   `lib.rs` is checked untimed, so the time is the generated crate's alone. Errors and
//!   warnings are the compiler messages whose file lies in the generated crate.
//! - Manifests of crates that lack a `[workspace]` table get an empty one appended (they are
//!   written inside this workspace's target directory, and cargo would otherwise take them for
//!   unlisted members); nothing else of a tool's output is touched.
//!
//! Results are kept per (tool, document) in `<target>/corpus/results.json`, so that runs on a
//! part of the corpus (`--only`, `--tools`) add to earlier ones; `--fresh` forgets them. Every
//! run rewrites `generator/tests/corpus/CORPUS.md` from what is known.
//!
//! Exit status: failure when our generator panics, is killed or times out on a document (a
//! product rule: bad input gets an error, never a panic); refusals with an error are reported,
//! not fatal. The fast CI form is `cargo xtask corpus --no-check --tools ours`.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::root;

const USAGE: &str = "\
usage: cargo xtask corpus [--only <substring>[,<substring>…]] [--tools ours,ploidy,progenitor] [--no-check]
                          [--runs <n>] [--timeout <seconds>] [--check-timeout <seconds>] [--fresh]
                          [--report-only] [--strict] [--no-report] [--build]

Runs each tool on each document of generator/tests/corpus/ (or those whose file name contains
one of the substrings), then `cargo check` on each generated crate, and writes
generator/tests/corpus/CORPUS.md. Results are kept in <target>/corpus/results.json and merged
across runs (--fresh forgets them; --report-only rewrites CORPUS.md from them alone).
--build also times `cargo build` of each crate that checks.
--strict fails the run unless our generator generates every document and every crate it
checks passes with no errors and no warnings; --no-report leaves CORPUS.md as it is.
CI form: --tools ours --strict --no-report (with --no-check, or --only for small documents).";

const CORPUS: &str = "generator/tests/corpus";

/// Corpus documents our generator refuses on purpose, with why: each is broken in a way no
/// rule can read (ploidy refuses them too). `--strict` accepts these refusals and fails when
/// one of them generates after all, so that the list stays true.
const EXPECTED_REFUSALS: &[(&str, &str)] = &[(
    "pagerduty-rest",
    "two responses `$ref` a request body (`#/components/requestBodies/...`), which OpenAPI does not allow",
)];
const REPORT: &str = "generator/tests/corpus/CORPUS.md";

/// A code generator under comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tool {
    Ours,
    Ploidy,
    Progenitor,
}

const ALL_TOOLS: [Tool; 3] = [Tool::Ours, Tool::Ploidy, Tool::Progenitor];

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Ploidy => "ploidy",
            Tool::Progenitor => "progenitor",
        }
    }

    fn parse(name: &str) -> Option<Tool> {
        ALL_TOOLS.into_iter().find(|t| t.name() == name)
    }
}

/// The command line.
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    only: Option<String>,
    tools: Vec<Tool>,
    check: bool,
    runs: usize,
    timeout: Duration,
    check_timeout: Duration,
    fresh: bool,
    /// Only rewrite the report from the kept results.
    report_only: bool,
    /// Fail unless ours generates every document and every checked crate is clean.
    strict: bool,
    /// Leave CORPUS.md alone.
    no_report: bool,
    /// Also time `cargo build` of each generated crate.
    build: bool,
    /// The program (and leading arguments) that runs and measures each tool.
    launcher: (PathBuf, Vec<String>),
}

fn parse_args(args: &[&str]) -> Result<Settings, String> {
    let mut settings = Settings {
        only: None,
        tools: ALL_TOOLS.to_vec(),
        check: true,
        runs: 1,
        timeout: Duration::from_secs(600),
        check_timeout: Duration::from_secs(1800),
        fresh: false,
        report_only: false,
        strict: false,
        no_report: false,
        build: false,
        launcher: (PathBuf::new(), Vec::new()),
    };
    let mut args = args.iter();
    while let Some(&arg) = args.next() {
        let mut value = || {
            args.next()
                .copied()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg {
            "--only" => settings.only = Some(value()?.to_owned()),
            "--no-check" => settings.check = false,
            "--fresh" => settings.fresh = true,
            "--report-only" => settings.report_only = true,
            "--strict" => settings.strict = true,
            "--no-report" => settings.no_report = true,
            "--build" => settings.build = true,
            "--tools" => {
                let list = value()?;
                settings.tools = list
                    .split(',')
                    .map(|name| {
                        Tool::parse(name.trim()).ok_or_else(|| {
                            format!("unknown tool `{name}` (ours, ploidy, progenitor)")
                        })
                    })
                    .collect::<Result<_, _>>()?;
                settings.tools.sort();
                settings.tools.dedup();
            }
            "--runs" => {
                settings.runs = value()?
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| "--runs needs a whole number above 0".to_owned())?;
            }
            "--timeout" | "--check-timeout" => {
                let secs: u64 = value()?
                    .parse()
                    .map_err(|_| format!("{arg} needs a number of seconds"))?;
                if arg == "--timeout" {
                    settings.timeout = Duration::from_secs(secs);
                } else {
                    settings.check_timeout = Duration::from_secs(secs);
                }
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
        }
    }
    Ok(settings)
}

/// The cargo target directory (as cargo resolves it for this workspace).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        })
        .unwrap_or_else(|| root().join("target"))
}

/// The documents of the corpus, sorted by file name.
fn documents(only: Option<&str>) -> Result<Vec<PathBuf>, String> {
    let dir = root().join(CORPUS);
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| name.ends_with(ext))
                && only.is_none_or(|parts| parts.split(',').any(|part| name.contains(part)))
        })
        .collect();
    docs.sort();
    if docs.is_empty() {
        return Err(format!("no document in {CORPUS} matches"));
    }
    Ok(docs)
}

/// A document's file stem (`stripe-spec3`).
fn stem(doc: &Path) -> String {
    doc.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("doc")
        .to_owned()
}

/// The crate name the tools are given (`stripe_spec3`).
fn crate_name(doc: &Path) -> String {
    let name: String = stem(doc)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api_{name}")
    }
}

/// What the document declares: version, operations and `components.schemas` entries.
fn document_stats(doc: &Path) -> Value {
    let size = std::fs::metadata(doc).map(|m| m.len()).unwrap_or(0);
    let text = std::fs::read_to_string(doc).unwrap_or_default();
    let counted = if doc.extension().is_some_and(|e| e == "json") {
        serde_json::from_str::<Value>(&text)
            .ok()
            .map(|v| count_json(&v))
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(&text)
            .ok()
            .map(|v| count_yaml(&v))
    };
    match counted {
        Some((version, operations, schemas)) => json!({
            "bytes": size, "openapi": version, "operations": operations, "schemas": schemas,
        }),
        // Unparsable here (serde_yaml refuses an integer outside i64, for one): the version
        // line alone, and no counts.
        None => {
            let version = text
                .lines()
                .find_map(|l| l.strip_prefix("openapi:"))
                .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
                .unwrap_or_default();
            json!({ "bytes": size, "openapi": version, "operations": null, "schemas": null })
        }
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn count_json(doc: &Value) -> (String, usize, usize) {
    let version = doc["openapi"].as_str().unwrap_or("?").to_owned();
    let operations = doc["paths"]
        .as_object()
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
        .unwrap_or(0);
    let schemas = doc["components"]["schemas"]
        .as_object()
        .map_or(0, |s| s.len());
    (version, operations, schemas)
}

fn count_yaml(doc: &serde_yaml::Value) -> (String, usize, usize) {
    let version = match &doc["openapi"] {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        _ => "?".to_owned(),
    };
    let operations = doc["paths"]
        .as_mapping()
        .map(|paths| {
            paths
                .values()
                .filter_map(serde_yaml::Value::as_mapping)
                .map(|item| {
                    item.keys()
                        .filter(|k| k.as_str().is_some_and(|k| METHODS.contains(&k)))
                        .count()
                })
                .sum()
        })
        .unwrap_or(0);
    let schemas = doc["components"]["schemas"]
        .as_mapping()
        .map_or(0, |s| s.len());
    (version, operations, schemas)
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Exit(i32),
    Signal(i32),
    TimedOut,
}

/// One measured process run.
#[derive(Debug, Clone, Copy)]
struct Run {
    wall: Duration,
    /// Peak resident set size in KiB (`ru_maxrss`).
    max_rss_kib: u64,
    /// The launcher's own peak when it started the tool: a floor under `max_rss_kib`.
    floor_kib: u64,
    end: End,
}

/// Waits for our child `pid` with `wait4`: how it ended and its resource usage; `None` while
/// it still runs when `block` is false.
fn reap(pid: libc::pid_t, block: bool) -> Result<Option<(End, libc::rusage)>, String> {
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let flags = if block { 0 } else { libc::WNOHANG };
        // SAFETY: `pid` is our own unreaped child; both pointers are valid for the call.
        let reaped = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if reaped == pid {
            let end = if libc::WIFEXITED(status) {
                End::Exit(libc::WEXITSTATUS(status))
            } else {
                End::Signal(libc::WTERMSIG(status))
            };
            return Ok(Some((end, usage)));
        }
        if reaped == 0 {
            return Ok(None);
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {error}"));
        }
    }
}

/// This process's peak resident set size (VmHWM) in KiB, 0 when unknown.
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:")
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

/// The hidden launcher, `cargo xtask corpus --launch <report> <program> <args>…`: runs the
/// program (inheriting stdio, directory and environment), reaps it with `wait4` and writes
/// `<seconds> <max_rss_kib> <exit|signal>:<n> <floor_kib>` to `<report>`.
///
/// Why a launcher: Linux carries the peak RSS of the image a process had before `exec` into
/// its `ru_maxrss`, so a tool spawned straight from this task would inherit the task's own
/// peak (it parses the documents). Spawned from this small launcher, the tool's figure
/// includes at most the launcher's peak, reported as the floor.
fn launch(args: &[&str]) -> Result<(), String> {
    let [report, program, rest @ ..] = args else {
        return Err("usage: cargo xtask corpus --launch <report> <program> [args…]".to_owned());
    };
    let floor = vm_hwm_kib();
    let start = Instant::now();
    let child = Command::new(program)
        .args(rest)
        .spawn()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    let pid = child.id() as libc::pid_t;
    // Reaped with wait4 below, for its rusage; `Child` itself is never waited on.
    drop(child);
    let (end, usage) = reap(pid, true)?.ok_or("wait4 returned early")?;
    let wall = start.elapsed().as_secs_f64();
    let end = match end {
        End::Exit(code) => format!("exit:{code}"),
        End::Signal(signal) => format!("signal:{signal}"),
        End::TimedOut => unreachable!("the launcher has no timeout"),
    };
    std::fs::write(
        report,
        format!("{wall} {} {end} {floor}\n", usage.ru_maxrss),
    )
    .map_err(|e| format!("{report}: {e}"))
}

/// Reads what [`launch`] wrote.
fn read_launch_report(text: &str) -> Option<Run> {
    let mut fields = text.split_whitespace();
    let wall: f64 = fields.next()?.parse().ok()?;
    let max_rss_kib = fields.next()?.parse().ok()?;
    let (kind, n) = fields.next()?.split_once(':')?;
    let n: i32 = n.parse().ok()?;
    let floor_kib = fields.next()?.parse().ok()?;
    let end = match kind {
        "exit" => End::Exit(n),
        "signal" => End::Signal(n),
        _ => return None,
    };
    Some(Run {
        wall: Duration::from_secs_f64(wall),
        max_rss_kib,
        floor_kib,
        end,
    })
}

/// Runs `command` through `launcher` (this task's `--launch` mode) with stdout and stderr to
/// files, killing the whole process group after `timeout`.
fn run_measured(
    launcher: &(PathBuf, Vec<String>),
    command: &Command,
    timeout: Duration,
    stdout: &Path,
    stderr: &Path,
) -> Result<Run, String> {
    use std::os::unix::process::CommandExt;
    let out = File::create(stdout).map_err(|e| format!("{}: {e}", stdout.display()))?;
    let err = File::create(stderr).map_err(|e| format!("{}: {e}", stderr.display()))?;
    let report = stdout.with_extension("rusage");
    let _ = std::fs::remove_file(&report);
    let mut wrapped = Command::new(&launcher.0);
    wrapped
        .args(&launcher.1)
        .arg(&report)
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapped.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    wrapped
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0);
    let start = Instant::now();
    let child = wrapped
        .spawn()
        .map_err(|e| format!("cannot run {:?}: {e}", launcher.0))?;
    let pid = child.id() as libc::pid_t;
    drop(child);
    loop {
        if let Some((end, _)) = reap(pid, false)? {
            let text = std::fs::read_to_string(&report).unwrap_or_default();
            return read_launch_report(&text).ok_or_else(|| {
                let said = std::fs::read_to_string(stderr).unwrap_or_default();
                format!(
                    "the launcher for {:?} failed ({end:?}): {}",
                    command.get_program(),
                    first_error(&said)
                )
            });
        }
        if start.elapsed() > timeout {
            // SAFETY: signals the process group made for the launcher and the tool.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            reap(pid, true)?;
            return Ok(Run {
                wall: start.elapsed(),
                max_rss_kib: 0,
                floor_kib: 0,
                end: End::TimedOut,
            });
        }
        let pause = if start.elapsed() < Duration::from_secs(1) {
            1
        } else {
            10
        };
        std::thread::sleep(Duration::from_millis(pause));
    }
}

/// This task's own binary in `--launch` mode.
fn self_launcher() -> Result<(PathBuf, Vec<String>), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    Ok((exe, vec!["corpus".to_owned(), "--launch".to_owned()]))
}

/// The program and leading arguments of each tool, or why it cannot run.
fn tool_command(tool: Tool) -> Result<(PathBuf, Vec<String>), String> {
    match tool {
        Tool::Ours => {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
            println!("==> cargo build --release -p avara-codegen");
            let status = Command::new(cargo)
                .args(["build", "--release", "-p", "avara-codegen"])
                .current_dir(root())
                .status()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if !status.success() {
                return Err(format!(
                    "`cargo build --release -p avara-codegen` failed ({status})"
                ));
            }
            let bin = target_dir().join("release/avara-codegen");
            Ok((bin, vec!["generate".to_owned()]))
        }
        Tool::Ploidy => find_program("ploidy").map(|p| (p, Vec::new())),
        // The cargo subcommand's binary, run directly so that the timed process is the tool.
        Tool::Progenitor => {
            find_program("cargo-progenitor").map(|p| (p, vec!["progenitor".to_owned()]))
        }
    }
}

/// A program on PATH or in cargo's bin directory.
fn find_program(name: &str) -> Result<PathBuf, String> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            format!("`{name}` is not installed (cargo install --locked ploidy cargo-progenitor)")
        })
}

/// The version line a tool prints, for the report.
fn tool_version(tool: Tool, program: &Path, prefix: &[String]) -> String {
    if tool == Tool::Ours {
        let commit = Command::new("git")
            .args(["rev-parse", "--short", "HEAD"])
            .current_dir(root())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        return format!("avara-codegen at {commit}");
    }
    // cargo-progenitor has no `--version`; cargo's record of installed crates has both.
    let package = if tool == Tool::Ploidy {
        "ploidy"
    } else {
        "cargo-progenitor"
    };
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let installed = home
        .and_then(|home| std::fs::read_to_string(home.join(".crates.toml")).ok())
        .and_then(|text| {
            text.lines().find_map(|line| {
                let rest = line.strip_prefix(&format!("\"{package} "))?;
                Some(format!("{package} {}", rest.split(' ').next()?))
            })
        });
    installed.unwrap_or_else(|| {
        Command::new(program)
            .args(prefix)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    })
}

/// The arguments that make `tool` write a crate named `name` for `doc` into `out`.
fn generate_args(tool: Tool, doc: &Path, out: &Path, name: &str) -> Vec<String> {
    let doc = doc.display().to_string();
    let out = out.display().to_string();
    let name = name.to_owned();
    match tool {
        Tool::Ours => vec![doc, "--out".into(), out, "--name".into(), name],
        Tool::Ploidy => vec![
            "generate".into(),
            "rust".into(),
            doc,
            "--output".into(),
            out,
            "--name".into(),
            name,
        ],
        Tool::Progenitor => vec![
            "--input".into(),
            doc,
            "--output".into(),
            out,
            "--name".into(),
            name,
            "--version".into(),
            "0.1.0".into(),
        ],
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Cuts a line to at most `max` characters, on a character boundary.
fn cut(line: &str, max: usize) -> String {
    let line = line.trim();
    match line.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

/// The line that says why a tool failed: a panic's location and message, else the first
/// line mentioning an error (with the cause lines miette draws under it, `╰─▶ …`), else the
/// first line.
fn first_error(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if let Some(at) = lines.iter().position(|l| l.contains("panicked at")) {
        let message = lines.get(at + 1).copied().unwrap_or("");
        return cut(&format!("{} {message}", lines[at]), 300);
    }
    let at = lines
        .iter()
        .position(|l| l.to_ascii_lowercase().contains("error"))
        .unwrap_or(0);
    let mut line = lines.get(at).copied().unwrap_or("").to_owned();
    for cause in lines[at.min(lines.len())..].iter().skip(1) {
        match cause
            .strip_prefix("╰─▶")
            .or_else(|| cause.strip_prefix("├─▶"))
        {
            Some(cause) => line = format!("{line}: {}", cause.trim()),
            None => break,
        }
    }
    cut(&line, 300)
}

/// Why a generator failed: progenitor says it on stdout (`gen fail: …`) and only a generic
/// `Error` on stderr; the others say it on stderr.
fn generation_error(stdout: &str, stderr: &str) -> String {
    let said = first_error(stderr);
    if said.contains("panicked at") {
        return said;
    }
    match stdout.lines().find(|l| l.starts_with("gen fail")) {
        Some(line) => cut(line, 300),
        None => said,
    }
}

/// What a tool says about the document besides its result: our `note:` lines; the peers'
/// `warning` lines.
fn count_notes(tool: Tool, stdout: &str, stderr: &str) -> usize {
    let both = || stdout.lines().chain(stderr.lines()).map(str::trim_start);
    match tool {
        Tool::Ours => stderr.lines().filter(|l| l.starts_with("note:")).count(),
        Tool::Ploidy | Tool::Progenitor => both()
            .filter(|l| l.to_ascii_lowercase().starts_with("warn"))
            .count(),
    }
}

/// Generates the crate for one (tool, document); `runs` times, into a fresh directory each.
fn measure_generation(
    tool: Tool,
    command: &(PathBuf, Vec<String>),
    doc: &Path,
    dir: &Path,
    settings: &Settings,
) -> Result<Value, String> {
    let logs = dir.with_extension("log");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let (stdout, stderr) = (logs.join("generate.stdout"), logs.join("generate.stderr"));
    let mut runs = Vec::new();
    for _ in 0..settings.runs {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let mut cmd = Command::new(&command.0);
        cmd.args(&command.1)
            .args(generate_args(tool, doc, dir, &crate_name(doc)))
            .current_dir(root());
        runs.push(run_measured(
            &settings.launcher,
            &cmd,
            settings.timeout,
            &stdout,
            &stderr,
        )?);
    }
    let last = *runs.last().expect("at least one run");
    let out = std::fs::read_to_string(&stdout).unwrap_or_default();
    let err = std::fs::read_to_string(&stderr).unwrap_or_default();
    let panicked = err.contains("panicked at") || last.end == End::Exit(101);
    let outcome = match last.end {
        End::Exit(0) if dir.join("Cargo.toml").is_file() => "ok".to_owned(),
        End::Exit(0) => "no crate written".to_owned(),
        End::Exit(_) if panicked => "panic".to_owned(),
        End::Exit(code) => format!("error (exit {code})"),
        End::Signal(signal) => format!("killed (signal {signal})"),
        End::TimedOut => format!("timed out after {} s", settings.timeout.as_secs()),
    };
    let error = if outcome == "ok" {
        String::new()
    } else {
        generation_error(&out, &err)
    };
    let causes = if tool == Tool::Ours {
        json!(error_causes(&err))
    } else {
        Value::Null
    };
    Ok(json!({
        "outcome": outcome,
        "seconds": median(runs.iter().map(|r| r.wall.as_secs_f64()).collect()),
        "peak_kib": median(runs.iter().map(|r| r.max_rss_kib as f64).collect()),
        "floor_kib": median(runs.iter().map(|r| r.floor_kib as f64).collect()),
        "runs": runs.len(),
        "notes": count_notes(tool, &out, &err),
        "error": error,
        "rust_lines": rust_lines(dir),
        "causes": causes,
        "untyped": if tool == Tool::Ours { untyped_count(&err) } else { Value::Null },
    }))
}

/// Our generator's `error:` lines grouped by cause: the message without its location, and
/// with the names it quotes masked (`…`) so that errors of one kind fall together. Quoted
/// constructs (`style: deepObject`, `allOf`, media types) are kept: they are the cause.
/// Repeated lines count once.
fn error_causes(stderr: &str) -> BTreeMap<String, usize> {
    let mut seen = std::collections::BTreeSet::new();
    let mut causes = BTreeMap::new();
    for line in stderr.lines().filter_map(|l| l.strip_prefix("error: ")) {
        if !seen.insert(line) {
            continue;
        }
        let message = match line.find(" (#") {
            Some(at) => line[at..].split_once("): ").map_or(line, |(_, m)| m),
            None => line.split_once(": ").map_or(line, |(_, m)| m),
        };
        *causes.entry(cause_of(message)).or_insert(0) += 1;
    }
    causes
}

/// A message with quoted names masked and the advice after `;` dropped.
fn cause_of(message: &str) -> String {
    let message = message.split(';').next().unwrap_or(message).trim();
    let mut out = String::new();
    let mut parts = message.split('`');
    out.push_str(parts.next().unwrap_or(""));
    let mut quoted = true;
    for part in parts {
        if quoted {
            out.push('`');
            out.push_str(if is_construct(part) { part } else { "…" });
            out.push('`');
        } else {
            out.push_str(part);
        }
        quoted = !quoted;
    }
    // "it has 2 tags (A, B)": the count and the names vary, the cause does not.
    match out.find(" tags (") {
        Some(at) => format!(
            "{} several tags",
            out[..at].trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
        ),
        None => out,
    }
}

/// Whether quoted text names an OpenAPI construct (kept in a cause) rather than a name.
fn is_construct(text: &str) -> bool {
    const KEYWORDS: [&str; 8] = [
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "discriminator",
        "additionalProperties",
        "in: path",
        "$ref",
    ];
    let media_type = text.split_once('/').is_some_and(|(kind, sub)| {
        !kind.is_empty()
            && kind.chars().all(|c| c.is_ascii_lowercase())
            && !sub.is_empty()
            && sub
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    KEYWORDS.contains(&text)
        || media_type
        || ["style: ", "format: ", "type: ", "in: "]
            .iter()
            .any(|p| text.starts_with(p))
}

/// How many schemas our generator says became untyped JSON: the `N untyped` in its closing
/// `wrote crate … (…)` line. The generator does not print it yet; until it does this is null.
fn untyped_count(stderr: &str) -> Value {
    let Some(line) = stderr.lines().rev().find(|l| l.starts_with("wrote crate")) else {
        return Value::Null;
    };
    let words: Vec<&str> = line
        .split(|c: char| c == '(' || c == ')' || c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|pair| pair[1] == "untyped")
        .and_then(|pair| pair[0].parse::<u64>().ok())
        .map_or(Value::Null, |n| json!(n))
}

/// Lines of Rust the tool wrote.
fn rust_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    total
}

/// Makes the manifest in `dir` a workspace of its own; says whether it had to.
fn own_workspace(dir: &Path) -> Result<bool, String> {
    let manifest = dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if text.lines().any(|l| l.trim() == "[workspace]") {
        return Ok(false);
    }
    std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
        .map_err(|e| format!("{}: {e}", manifest.display()))?;
    Ok(true)
}

/// `cargo check` of the crate in `dir` with the tool's shared target directory.
fn cargo_check(
    command: &str,
    launcher: &(PathBuf, Vec<String>),
    dir: &Path,
    target: &Path,
    logs: &Path,
    timeout: Duration,
) -> Result<Run, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(cargo);
    cmd.args([command, "--message-format", "json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    run_measured(
        launcher,
        &cmd,
        timeout,
        &logs.join(format!("{command}.stdout")),
        &logs.join(format!("{command}.stderr")),
    )
}

/// Checks the generated crate in `dir`: first a stub with its manifest (untimed, builds the
/// dependencies), then the crate itself `runs` times (its `lib.rs` touched before each).
fn measure_check(dir: &Path, settings: &Settings, command: &str) -> Result<Value, String> {
    let tool_dir = dir.parent().expect("crate dirs have a parent");
    let target = tool_dir.join("_target");
    let logs = dir.with_extension("log");
    let appended = own_workspace(dir)?;

    let stub = tool_dir
        .join("_deps")
        .join(dir.file_name().expect("named dir"));
    let _ = std::fs::remove_dir_all(&stub);
    std::fs::create_dir_all(stub.join("src")).map_err(|e| format!("{}: {e}", stub.display()))?;
    std::fs::copy(dir.join("Cargo.toml"), stub.join("Cargo.toml"))
        .map_err(|e| format!("{}: {e}", stub.display()))?;
    std::fs::write(stub.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    let stub_logs = stub.with_extension("log");
    std::fs::create_dir_all(&stub_logs).map_err(|e| e.to_string())?;
    let deps = cargo_check(
        command,
        &settings.launcher,
        &stub,
        &target,
        &stub_logs,
        settings.check_timeout,
    )?;
    let deps_ok = deps.end == End::Exit(0);

    let lib = dir.join("src/lib.rs");
    let mut runs = Vec::new();
    for _ in 0..settings.runs {
        if let Ok(file) = File::options().append(true).open(&lib) {
            let _ = file.set_modified(SystemTime::now());
        }
        runs.push(cargo_check(
            command,
            &settings.launcher,
            dir,
            &target,
            &logs,
            settings.check_timeout,
        )?);
    }
    let last = *runs.last().expect("at least one run");
    let stdout =
        std::fs::read_to_string(logs.join(format!("{command}.stdout"))).unwrap_or_default();
    let stderr =
        std::fs::read_to_string(logs.join(format!("{command}.stderr"))).unwrap_or_default();
    let messages = compiler_messages(&stdout, dir);
    let outcome = match last.end {
        End::Exit(0) => "pass".to_owned(),
        End::Exit(_) => "fail".to_owned(),
        End::Signal(signal) => format!("killed (signal {signal})"),
        End::TimedOut => format!("timed out after {} s", settings.check_timeout.as_secs()),
    };
    let error = if outcome == "pass" || last.end == End::TimedOut {
        String::new()
    } else {
        messages
            .first_error
            .clone()
            .unwrap_or_else(|| first_error(&stderr))
    };
    Ok(json!({
        "outcome": outcome,
        "seconds": median(runs.iter().map(|r| r.wall.as_secs_f64()).collect()),
        "deps_seconds": deps.wall.as_secs_f64(),
        "deps_prebuilt": deps_ok,
        "errors": messages.errors,
        "warnings": messages.warnings,
        "error": error,
        "workspace_appended": appended,
    }))
}

/// Counts of the compiler's messages about files of the generated crate.
#[derive(Debug, Default, PartialEq)]
struct Messages {
    errors: usize,
    warnings: usize,
    first_error: Option<String>,
}

/// Reads cargo's JSON messages: errors and warnings whose target lies in `dir`, leaving out
/// the summaries (`aborting due to …`, `… warnings emitted`).
fn compiler_messages(stdout: &str, dir: &Path) -> Messages {
    let dir = dir.display().to_string();
    let mut counts = Messages::default();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let in_crate = message["target"]["src_path"]
            .as_str()
            .is_some_and(|p| p.starts_with(&dir));
        let text = message["message"]["message"].as_str().unwrap_or("");
        let summary = text.starts_with("aborting due to")
            || text.ends_with("warnings emitted")
            || text.ends_with("warning emitted");
        if !in_crate || summary {
            continue;
        }
        match message["message"]["level"].as_str() {
            Some("error") => {
                counts.errors += 1;
                if counts.first_error.is_none() {
                    let span = &message["message"]["spans"][0];
                    let place = match (span["file_name"].as_str(), span["line_start"].as_u64()) {
                        (Some(file), Some(line)) => format!(" ({file}:{line})"),
                        _ => String::new(),
                    };
                    counts.first_error = Some(cut(&format!("{text}{place}"), 300));
                }
            }
            Some("warning") => counts.warnings += 1,
            _ => {}
        }
    }
    counts
}

/// Results of earlier runs, keyed `tool/document`.
fn load_results(path: &Path) -> Value {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}))
}

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Runs the task.
pub fn run(args: &[&str]) -> Result<(), String> {
    if let ["--launch", rest @ ..] = args {
        return launch(rest);
    }
    let mut settings = parse_args(args)?;
    settings.launcher = self_launcher()?;
    let docs = documents(settings.only.as_deref())?;
    let scratch = target_dir().join("corpus");
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let results_path = scratch.join("results.json");
    let mut results = if settings.fresh {
        json!({})
    } else {
        load_results(&results_path)
    };
    if settings.report_only {
        std::fs::write(root().join(REPORT), render(&results))
            .map_err(|e| format!("{REPORT}: {e}"))?;
        println!("wrote {REPORT} from {}", results_path.display());
        return Ok(());
    }

    let mut commands = BTreeMap::new();
    for &tool in &settings.tools {
        match tool_command(tool) {
            Ok(command) => {
                let version = tool_version(tool, &command.0, &command.1);
                results["versions"][tool.name()] = json!(version);
                commands.insert(tool, command);
            }
            Err(why) if tool == Tool::Ours => return Err(why),
            Err(why) => eprintln!("skipping {}: {why}", tool.name()),
        }
    }

    let mut fatal = Vec::new();
    for doc in &docs {
        let name = stem(doc);
        // Counting needs a parse of the whole document: done again only when its size changed.
        let bytes = std::fs::metadata(doc).map(|m| m.len()).unwrap_or(0);
        let known = &results["documents"][&name];
        if known["bytes"].as_u64() != Some(bytes)
            || known["openapi"].as_str().is_none_or(str::is_empty)
        {
            results["documents"][&name] = document_stats(doc);
        }
        for (&tool, command) in &commands {
            let dir = scratch.join(tool.name()).join(&name);
            let mut entry = measure_generation(tool, command, doc, &dir, &settings)?;
            let generated = entry["outcome"] == "ok";
            if settings.check && generated {
                entry["check"] = measure_check(&dir, &settings, "check")?;
                if settings.build {
                    entry["build"] = measure_check(&dir, &settings, "build")?;
                }
            }
            entry["measured"] = json!(now_unix());
            println!("{}", summary_line(tool, &name, &entry));
            let outcome = entry["outcome"].as_str().unwrap_or("");
            let expected_refusal = EXPECTED_REFUSALS.iter().any(|(doc, _)| *doc == name);
            if tool == Tool::Ours && settings.strict && expected_refusal && outcome == "ok" {
                fatal.push(format!(
                    "{name}: generated, but EXPECTED_REFUSALS says it is refused; update the list"
                ));
            }
            if tool == Tool::Ours
                && (outcome == "panic"
                    || outcome.starts_with("killed")
                    || outcome.starts_with("timed")
                    || (settings.strict && outcome != "ok" && !expected_refusal))
            {
                fatal.push(format!(
                    "{name}: {outcome}: {}",
                    entry["error"].as_str().unwrap_or("")
                ));
            }
            let check = &entry["check"];
            if tool == Tool::Ours
                && settings.strict
                && check.is_object()
                && (check["outcome"] != "pass" || check["warnings"] != 0 || check["errors"] != 0)
            {
                fatal.push(format!(
                    "{name}: cargo check {}, {} errors, {} warnings: {}",
                    check["outcome"].as_str().unwrap_or(""),
                    check["errors"],
                    check["warnings"],
                    check["error"].as_str().unwrap_or("")
                ));
            }
            // A run without checks keeps the checks an earlier run measured, marked as such,
            // rather than forgetting them.
            let key = format!("{}/{name}", tool.name());
            if !settings.check {
                for what in ["check", "build"] {
                    let earlier = results["results"][&key][what].clone();
                    if earlier.is_object() {
                        entry[what] = earlier;
                        entry[what]["earlier_run"] = json!(true);
                    }
                }
            }
            results["results"][key] = entry;
            // Saved after every step: a long run that is stopped keeps what it measured.
            let text = serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?;
            std::fs::write(&results_path, text)
                .map_err(|e| format!("{}: {e}", results_path.display()))?;
        }
    }

    if !settings.no_report {
        let report = render(&results);
        std::fs::write(root().join(REPORT), report).map_err(|e| format!("{REPORT}: {e}"))?;
        println!(
            "wrote {REPORT} (results kept in {})",
            results_path.display()
        );
    }
    if fatal.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "our generator failed on {} document(s):\n  {}",
            fatal.len(),
            fatal.join("\n  ")
        ))
    }
}

/// One line per (tool, document) as it is measured.
fn summary_line(tool: Tool, doc: &str, entry: &Value) -> String {
    let mut line = format!(
        "{:<11} {:<26} {:<16} {:>8.2} s {:>8.1} MB",
        tool.name(),
        doc,
        entry["outcome"].as_str().unwrap_or(""),
        entry["seconds"].as_f64().unwrap_or(0.0),
        entry["peak_kib"].as_f64().unwrap_or(0.0) / 1024.0,
    );
    let check = &entry["check"];
    if check.is_object() {
        line.push_str(&format!(
            "  check {} {:.1} s ({} errors, {} warnings)",
            check["outcome"].as_str().unwrap_or(""),
            check["seconds"].as_f64().unwrap_or(0.0),
            check["errors"],
            check["warnings"],
        ));
    }
    let error = entry["error"].as_str().unwrap_or("");
    if !error.is_empty() {
        line.push_str(&format!("\n            {}", cut(error, 160)));
    }
    line
}

fn fmt_bytes(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KB", bytes / 1024.0)
    }
}

/// A count, or `?` when it is unknown.
fn count_or_unknown(value: &Value) -> String {
    value
        .as_u64()
        .map_or_else(|| "?".to_owned(), |n| n.to_string())
}

/// A message with this workspace's path left out of file names.
fn local(message: &str) -> String {
    message.replace(&format!("{}/", root().display()), "")
}

/// Escapes a message for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('`', "'")
}

/// The report: documents, then one table per tool, then the first errors.
fn render(results: &Value) -> String {
    let empty = serde_json::Map::new();
    let documents = results["documents"].as_object().unwrap_or(&empty);
    let entries = results["results"].as_object().unwrap_or(&empty);
    let mut out = String::new();
    out.push_str(
        "# Corpus: our generator beside ploidy and progenitor\n\n\
         Written by `cargo xtask corpus` (`xtask/src/corpus.rs`); do not edit by hand. The \
         documents and where they come from: [SOURCES.md](SOURCES.md).\n\n\
         Each tool runs as a whole process and writes a crate (ours: \
         `avara-codegen generate DOC --out DIR --name CRATE`, release build; ploidy: \
         `ploidy generate rust DOC --output DIR --name CRATE`; progenitor: \
         `cargo progenitor --input DOC --output DIR --name CRATE --version 0.1.0`). *Time* is \
         wall time from spawn to exit; *peak* is the process's peak resident memory (`ru_maxrss` \
         from `wait4`); with several runs both are medians. *Notes*: our `note:` lines; the \
         peers' lines starting with `warn`. *Check*: `cargo check` of the generated crate with \
         its dependencies already built (`CARGO_INCREMENTAL=0`, one target directory per tool); \
         *E*/*W*: compiler errors and warnings in the crate's own files. A crate's manifest \
         without a `[workspace]` table gets an empty one so it builds on its own. \
         *Untyped*: schemas our generator turned into untyped JSON, read from the `N untyped` \
         in the closing `wrote crate … (…)` line of `avara-codegen generate`; empty while the \
         generator does not print it.\n\n",
    );
    if let Some(versions) = results["versions"].as_object() {
        out.push_str("Tools: ");
        let list: Vec<String> = versions
            .iter()
            .map(|(tool, v)| format!("{tool} = `{}`", v.as_str().unwrap_or("")))
            .collect();
        out.push_str(&list.join(", "));
        let floor = entries
            .values()
            .filter_map(|e| e["floor_kib"].as_f64())
            .fold(0.0, f64::max);
        out.push_str(&format!(
            ". Machine: {} cores. Peaks include the launcher's own memory, at most {} here \
             (Linux counts a process's image before `exec` in its peak), so small figures are \
             mostly that floor.\n\n",
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            fmt_bytes(floor * 1024.0),
        ));
    }

    out.push_str("## Documents\n\n| document | OpenAPI | size | operations | schemas |\n|---|---|---:|---:|---:|\n");
    for (name, stats) in documents {
        out.push_str(&format!(
            "| {name} | {} | {} | {} | {} |\n",
            stats["openapi"].as_str().unwrap_or("?"),
            fmt_bytes(stats["bytes"].as_f64().unwrap_or(0.0)),
            count_or_unknown(&stats["operations"]),
            count_or_unknown(&stats["schemas"]),
        ));
    }

    out.push('\n');
    out.push_str(&side_by_side(results));
    out.push_str("\n## Summary\n\n| tool | documents run | generated | panics | check passed | check failed |\n|---|---:|---:|---:|---:|---:|\n");
    for tool in ALL_TOOLS {
        let mine: Vec<&Value> = documents
            .keys()
            .filter_map(|doc| entries.get(&format!("{}/{doc}", tool.name())))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let count = |f: &dyn Fn(&Value) -> bool| mine.iter().filter(|e| f(e)).count();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            tool.name(),
            mine.len(),
            count(&|e| e["outcome"] == "ok"),
            count(&|e| e["outcome"] == "panic"),
            count(&|e| e["check"]["outcome"] == "pass"),
            count(&|e| e["check"].is_object() && e["check"]["outcome"] != "pass"),
        ));
    }

    for tool in ALL_TOOLS {
        let rows: Vec<(&String, &Value)> = documents
            .keys()
            .filter_map(|doc| {
                entries
                    .get(&format!("{}/{doc}", tool.name()))
                    .map(|e| (doc, e))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", tool.name()));
        let untyped = if tool == Tool::Ours { " untyped |" } else { "" };
        let untyped_rule = if tool == Tool::Ours { "---:|" } else { "" };
        out.push_str(&format!(
            "| document | generation | time | peak | notes | lines |{untyped} check | check time | E | W |\n\
             |---|---|---:|---:|---:|---:|{untyped_rule}---|---:|---:|---:|\n"
        ));
        let mut failures = Vec::new();
        for (doc, e) in &rows {
            let check = &e["check"];
            let (check_outcome, check_time, errors, warnings) = if check.is_object() {
                (
                    check["outcome"].as_str().unwrap_or("").to_owned(),
                    format!("{:.1} s", check["seconds"].as_f64().unwrap_or(0.0)),
                    check["errors"].to_string(),
                    check["warnings"].to_string(),
                )
            } else if e["outcome"] == "ok" {
                (
                    "not run".to_owned(),
                    String::new(),
                    String::new(),
                    String::new(),
                )
            } else {
                ("—".to_owned(), String::new(), String::new(), String::new())
            };
            let untyped = if tool == Tool::Ours {
                format!(
                    " {} |",
                    e["untyped"]
                        .as_u64()
                        .map_or(String::new(), |n| n.to_string())
                )
            } else {
                String::new()
            };
            out.push_str(&format!(
                "| {doc} | {} | {:.2} s | {} | {} | {} |{untyped} {check_outcome} | {check_time} | {errors} | {warnings} |\n",
                e["outcome"].as_str().unwrap_or(""),
                e["seconds"].as_f64().unwrap_or(0.0),
                fmt_bytes(e["peak_kib"].as_f64().unwrap_or(0.0) * 1024.0),
                e["notes"],
                e["rust_lines"],
            ));
            if let Some(error) = e["error"].as_str().filter(|s| !s.is_empty()) {
                failures.push(format!("- {doc} (generation): `{}`", cell(&local(error))));
            }
            if let Some(error) = check["error"].as_str().filter(|s| !s.is_empty()) {
                failures.push(format!("- {doc} (check): `{}`", cell(&local(error))));
            }
        }
        if tool == Tool::Ours {
            out.push_str(&render_causes(&rows));
        }
        if !failures.is_empty() {
            out.push_str(&format!("\nFirst errors ({}):\n\n", tool.name()));
            out.push_str(&failures.join("\n"));
            out.push('\n');
        }
    }
    out
}

/// Our errors by cause, most frequent first: how many distinct errors, in which documents.
fn render_causes(rows: &[(&String, &Value)]) -> String {
    let mut causes: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
    for (doc, entry) in rows {
        for (cause, count) in entry["causes"].as_object().into_iter().flatten() {
            causes
                .entry(cause)
                .or_default()
                .push((doc.as_str(), count.as_u64().unwrap_or(0)));
        }
    }
    if causes.is_empty() {
        return String::new();
    }
    let mut sorted: Vec<(&str, Vec<(&str, u64)>)> = causes.into_iter().collect();
    sorted.sort_by_key(|(cause, docs)| {
        (
            std::cmp::Reverse(docs.len()),
            std::cmp::Reverse(docs.iter().map(|d| d.1).sum::<u64>()),
            *cause,
        )
    });
    let mut out = String::from(
        "\nErrors by cause (distinct errors; names masked as `…`), by number of documents:\n\n\
         | cause | documents | errors | where (errors) |\n|---|---:|---:|---|\n",
    );
    for (cause, docs) in sorted {
        let total: u64 = docs.iter().map(|d| d.1).sum();
        let list: Vec<String> = docs.iter().map(|(doc, n)| format!("{doc} ({n})")).collect();
        out.push_str(&format!(
            "| {} | {} | {total} | {} |\n",
            cell(cause),
            docs.len(),
            list.join(", ")
        ));
    }
    out
}

/// Our generator beside each peer, per document both generate: the peer's figure and ours as
/// a ratio (ours / peer; below 1 is ours faster or smaller). Generation is the whole process,
/// check and build the generated crate alone (dependencies prebuilt); each is the median of the
/// runs kept in the results.
pub fn side_by_side(results: &Value) -> String {
    let empty = serde_json::Map::new();
    let entries = results["results"].as_object().unwrap_or(&empty);
    let documents = results["documents"].as_object().unwrap_or(&empty);
    let mut out = String::from(
        "## Side by side\n\nRatios are ours / the peer's, per document both generated (below 1: ours \
         is faster or smaller); the peer's own figure is in brackets. *Generation*: the whole \
         process, document to files on disk. *Peak*: its peak resident memory. *Check* and \
         *build*: `cargo check` and `cargo build` of the generated crate, dependencies prebuilt, \
         `CARGO_INCREMENTAL=0`.\n\n\
         | document | peer | generation | peak | check | build |\n|---|---|---:|---:|---:|---:|\n",
    );
    let ratio = |ours: &Value, peer: &Value| -> String {
        match (ours.as_f64(), peer.as_f64()) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
            _ => "—".to_owned(),
        }
    };
    let passed = |e: &Value, what: &str| -> Value {
        if e[what]["outcome"] == "pass" {
            e[what]["seconds"].clone()
        } else {
            Value::Null
        }
    };
    for doc in documents.keys() {
        let Some(ours) = entries.get(&format!("ours/{doc}")) else {
            continue;
        };
        if ours["outcome"] != "ok" {
            continue;
        }
        for peer in [Tool::Ploidy, Tool::Progenitor] {
            let Some(theirs) = entries.get(&format!("{}/{doc}", peer.name())) else {
                continue;
            };
            if theirs["outcome"] != "ok" {
                continue;
            }
            let cell = |what: &str, unit: &dyn Fn(f64) -> String| -> String {
                let (a, b) = if what == "peak_kib" || what == "seconds" {
                    (ours[what].clone(), theirs[what].clone())
                } else {
                    (passed(ours, what), passed(theirs, what))
                };
                match b.as_f64() {
                    Some(v) => format!("{} ({})", ratio(&a, &b), unit(v)),
                    None => "—".to_owned(),
                }
            };
            let secs = |v: f64| format!("{v:.2} s");
            let mem = |v: f64| fmt_bytes(v * 1024.0);
            out.push_str(&format!(
                "| {doc} | {} | {} | {} | {} | {} |\n",
                peer.name(),
                cell("seconds", &secs),
                cell("peak_kib", &mem),
                cell("check", &secs),
                cell("build", &secs),
            ));
        }
    }
    out
}

/// The results kept by earlier runs (`<target>/corpus/results.json`).
pub fn kept_results() -> Value {
    load_results(&target_dir().join("corpus").join("results.json"))
}

/// The peer targets of the benchmark, from kept results: for each (peer, measure) the worst
/// ratio ours / peer over the documents both generated, against its goal; and our `cargo
/// check` of the largest document against 30 s.
pub fn peer_targets(results: &Value) -> Vec<(String, String, String, bool)> {
    let empty = serde_json::Map::new();
    let entries = results["results"].as_object().unwrap_or(&empty);
    let documents = results["documents"].as_object().unwrap_or(&empty);
    let figure = |entry: &Value, what: &str| -> Option<f64> {
        match what {
            "seconds" | "peak_kib" => entry[what].as_f64(),
            _ if entry[what]["outcome"] == "pass" => entry[what]["seconds"].as_f64(),
            _ => None,
        }
    };
    let goals: [(Tool, &str, &str, f64); 5] = [
        (Tool::Ploidy, "seconds", "Generation", 0.25),
        (Tool::Progenitor, "seconds", "Generation", 0.1),
        (Tool::Ploidy, "peak_kib", "Peak memory of generation", 1.0),
        (Tool::Ploidy, "check", "`cargo check` of the crate", 0.4),
        (Tool::Progenitor, "check", "`cargo check` of the crate", 0.6),
    ];
    let mut rows = Vec::new();
    for (peer, what, label, goal) in goals {
        let mut worst: Option<(f64, &str)> = None;
        let mut count = 0;
        for doc in documents.keys() {
            let (Some(ours), Some(theirs)) = (
                entries.get(&format!("ours/{doc}")),
                entries.get(&format!("{}/{doc}", peer.name())),
            ) else {
                continue;
            };
            if ours["outcome"] != "ok" || theirs["outcome"] != "ok" {
                continue;
            }
            let (Some(a), Some(b)) = (figure(ours, what), figure(theirs, what)) else {
                continue;
            };
            count += 1;
            let r = a / b.max(f64::MIN_POSITIVE);
            if worst.is_none_or(|(w, _)| r > w) {
                worst = Some((r, doc.as_str()));
            }
        }
        if let Some((r, doc)) = worst {
            rows.push((
                format!("{label} / {}'s, every document both generate", peer.name()),
                format!("≤ {goal}×"),
                format!("worst {r:.2}× ({doc}; {count} documents)"),
                r <= goal,
            ));
        }
    }
    let largest = documents
        .iter()
        .max_by_key(|(_, stats)| stats["bytes"].as_u64().unwrap_or(0));
    if let Some((doc, _)) = largest {
        if let Some(check) = entries.get(&format!("ours/{doc}")).map(|e| &e["check"]) {
            if check.is_object() {
                let secs = check["seconds"].as_f64().unwrap_or(f64::INFINITY);
                rows.push((
                    format!("`cargo check` of the largest corpus document's crate ({doc})"),
                    "< 30 s".to_owned(),
                    format!("{secs:.1} s ({})", check["outcome"].as_str().unwrap_or("?")),
                    check["outcome"] == "pass" && secs < 30.0,
                ));
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_parse_into_settings() {
        let s = parse_args(&[
            "--only",
            "stripe",
            "--no-check",
            "--tools",
            "progenitor,ours",
            "--runs",
            "3",
        ])
        .unwrap();
        assert_eq!(s.only.as_deref(), Some("stripe"));
        assert!(!s.check);
        assert_eq!(s.tools, vec![Tool::Ours, Tool::Progenitor]);
        assert_eq!(s.runs, 3);
        assert!(parse_args(&["--tools", "openapi-generator"]).is_err());
        assert!(parse_args(&["--runs", "0"]).is_err());
        assert!(parse_args(&["--only"]).is_err());
    }

    #[test]
    fn crate_names_are_valid_package_names() {
        assert_eq!(crate_name(Path::new("a/stripe-spec3.yaml")), "stripe_spec3");
        assert_eq!(
            crate_name(Path::new("plaid-2020-09-14.yaml")),
            "plaid_2020_09_14"
        );
        assert_eq!(crate_name(Path::new("3d-api.json")), "api_3d_api");
    }

    #[test]
    fn first_error_prefers_panics_then_error_lines() {
        let panic = "note: x\nthread 'main' panicked at src/a.rs:1:2:\nindex out of bounds\n";
        assert_eq!(
            first_error(panic),
            "thread 'main' panicked at src/a.rs:1:2: index out of bounds"
        );
        assert_eq!(
            first_error("reading\nError: bad $ref\nmore"),
            "Error: bad $ref"
        );
        assert_eq!(first_error("\n  only line \n"), "only line");
        assert_eq!(
            first_error("OpenAPI: X\nError:   × operation has invalid path\n  ╰─▶ invalid URL path template\n"),
            "Error:   × operation has invalid path: invalid URL path template"
        );
        assert_eq!(
            generation_error(
                "types…\ngen fail: UnexpectedFormat(\"x\")\n",
                "Error: generation experienced errors\n"
            ),
            "gen fail: UnexpectedFormat(\"x\")"
        );
    }

    #[test]
    fn compiler_messages_count_the_crates_own_errors_and_warnings() {
        let dir = Path::new("/t/crate");
        let msg = |src: &str, level: &str, text: &str| {
            json!({"reason": "compiler-message", "target": {"src_path": src},
                   "message": {"level": level, "message": text,
                               "spans": [{"file_name": "src/lib.rs", "line_start": 7}]}})
            .to_string()
        };
        let stdout = [
            msg("/t/crate/src/lib.rs", "warning", "unused import"),
            msg("/t/crate/src/lib.rs", "error", "mismatched types"),
            msg("/t/crate/src/lib.rs", "error", "cannot find type `X`"),
            msg(
                "/t/crate/src/lib.rs",
                "error",
                "aborting due to 2 previous errors",
            ),
            msg("/t/crate/src/lib.rs", "warning", "1 warning emitted"),
            msg("/elsewhere/dep/src/lib.rs", "warning", "dep warning"),
            "not json".to_owned(),
        ]
        .join("\n");
        assert_eq!(
            compiler_messages(&stdout, dir),
            Messages {
                errors: 2,
                warnings: 1,
                first_error: Some("mismatched types (src/lib.rs:7)".to_owned()),
            }
        );
    }

    #[test]
    fn document_counts_come_from_yaml_and_json_alike() {
        let yaml: serde_yaml::Value = serde_yaml::from_str(
            "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n    post: {}\n    parameters: []\n  /b:\n    delete: {}\ncomponents:\n  schemas:\n    A: {}\n    B: {}\n",
        )
        .unwrap();
        assert_eq!(count_yaml(&yaml), ("3.0.3".to_owned(), 3, 2));
        let json: Value = serde_json::from_str(
            r#"{"openapi":"3.1.0","paths":{"/a":{"get":{},"summary":"x"}},"components":{"schemas":{"A":{}}}}"#,
        )
        .unwrap();
        assert_eq!(count_json(&json), ("3.1.0".to_owned(), 1, 1));
    }

    #[test]
    fn the_launcher_reports_its_programs_exit_and_peak_memory() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-launch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let report = dir.join("report");
        let report_arg = report.display().to_string();
        // The shell keeps a 20 MB string, so its peak is at least that much.
        let script = "x=$(head -c 20000000 /dev/zero | tr '\\0' a); exit 3";
        launch(&[&report_arg, "sh", "-c", script]).unwrap();
        let run = read_launch_report(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(run.end, End::Exit(3));
        assert!(run.max_rss_kib >= 19_000, "{run:?}");
        assert!(
            run.floor_kib > 0 && run.floor_kib < run.max_rss_kib,
            "{run:?}"
        );
        assert!(launch(&[&report_arg]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn measured_runs_pass_output_through_and_time_out() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-run-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (out, err) = (dir.join("out"), dir.join("err"));
        // A stand-in for `--launch`: runs the program, then writes a report as launch does.
        let launcher = (
            PathBuf::from("sh"),
            vec![
                "-c".to_owned(),
                r#"report=$1; shift; "$@"; echo "0.5 1234 exit:$? 7" > "$report""#.to_owned(),
                "launcher".to_owned(),
            ],
        );
        let run = |script: &str, timeout: u64| {
            let mut command = Command::new("sh");
            command.args(["-c", script]);
            run_measured(
                &launcher,
                &command,
                Duration::from_secs(timeout),
                &out,
                &err,
            )
            .unwrap()
        };
        let ok = run("echo hi; echo oops >&2; exit 3", 10);
        assert_eq!(ok.end, End::Exit(3));
        assert_eq!((ok.max_rss_kib, ok.floor_kib), (1234, 7));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "hi\n");
        assert_eq!(std::fs::read_to_string(&err).unwrap(), "oops\n");
        let started = Instant::now();
        let slow = run("sleep 5", 0);
        assert_eq!(slow.end, End::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(4));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_group_by_cause_with_names_masked_and_constructs_kept() {
        let stderr = "\
error: /c/x.yaml:3:4 (#/paths/~1a/get/parameters/0): `style: deepObject` is not supported; query parameters are scalars
error: /c/x.yaml:9:4 (#/paths/~1b/get/parameters/0): `style: deepObject` is not supported; query parameters are scalars
error: /c/x.yaml:9:4 (#/paths/~1b/get/parameters/0): `style: deepObject` is not supported; query parameters are scalars
error: /c/x.yaml (#/components/schemas/a_b): schema `a-b` and `a_b` both become the Rust name `AB`; rename one
error: /c/x.yaml (#/paths/~1x/post): this operation's place in the client is ambiguous: it has 2 tags (A, B); add x-sdk-method
error: /c/x.yaml (#/paths/~1y/post/requestBody/content): a `multipart/form-data` request body is not supported; use json
error: /c/x.yaml:1:1: OpenAPI version `3.1.0` is not supported; this generator reads 3.0
wrote nothing
";
        let causes = error_causes(stderr);
        let expected: BTreeMap<String, usize> = [
            ("`style: deepObject` is not supported", 2),
            ("schema `…` and `…` both become the Rust name `…`", 1),
            (
                "this operation's place in the client is ambiguous: it has several tags",
                1,
            ),
            ("a `multipart/form-data` request body is not supported", 1),
            ("OpenAPI version `…` is not supported", 1),
        ]
        .into_iter()
        .map(|(c, n)| (c.to_owned(), n))
        .collect();
        assert_eq!(causes, expected);
    }

    #[test]
    fn the_untyped_count_is_read_from_the_closing_line_when_present() {
        assert_eq!(
            untyped_count("note: x\nwrote crate `a` to /t/a (6 files, 2 notes, 14 untyped)\n"),
            json!(14)
        );
        assert_eq!(
            untyped_count("wrote crate `a` to /t/a (6 files, 0 notes)\n"),
            Value::Null
        );
        assert_eq!(untyped_count("error: x\n"), Value::Null);
    }
}
