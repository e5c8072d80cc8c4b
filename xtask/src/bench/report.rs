//! The Markdown report: the machine, every figure, and each target with a pass/miss mark.

use std::fmt::Write as _;
use std::process::Command;

use super::stats::{fmt_bytes, fmt_duration, ratio};
use super::Results;

/// `Some(first line of stdout)` of a command that succeeded.
fn command_line(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    })
}

/// `(what, value)` lines describing the machine and toolchain.
fn machine() -> Vec<(&'static str, String)> {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("MemTotal:")?
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
        })
        .map(|kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "unknown".to_owned());
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    vec![
        (
            "Date",
            command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default(),
        ),
        ("CPU", format!("{cpu} ({cores} cores, `nproc`)")),
        ("Memory", memory),
        (
            "OS",
            command_line("uname", &["-sr"]).unwrap_or_else(|| std::env::consts::OS.to_owned()),
        ),
        ("Rust", command_line(&rustc, &["-V"]).unwrap_or_default()),
    ]
}

fn mark(pass: bool) -> &'static str {
    if pass {
        "✅ pass"
    } else {
        "❌ miss"
    }
}

/// The report for one run.
pub fn markdown(results: &Results) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "Written by `cargo xtask bench{}` from one run; figures from different machines do not compare.\n",
        if results.quick { " --quick" } else { "" }
    );
    if results.quick {
        let _ = writeln!(
            w,
            "**Quick run**: small documents and few iterations, a smoke test, not a measurement.\n"
        );
    }
    for (what, value) in machine() {
        let _ = writeln!(w, "- {what}: {value}");
    }
    let _ = writeln!(
        w,
        "- Profile: the generator and the request benchmark run in a release build \
         (`cargo run --release -p xtask -- bench`); generated crates compile with the dev \
         profile, as a dependency of a debug build does.\n\
         - Allocator: mimalloc, xtask's global allocator, under everything measured in \
         process (the parse floor, the generator and both request clients), as under \
         `cargo xtask codegen`.\n"
    );

    // Targets first: they are what a reader looks for.
    let codegen = &results.codegen;
    let full = &codegen[2].1;
    let double = &codegen[3].1;
    let half = &codegen[1].1;
    let growth = ratio(double.end_to_end, full.end_to_end);
    let o = &results.overhead;
    let p50 = ratio(o.client.0, o.hand.0);
    let _ = writeln!(w, "## Targets\n");
    let _ = writeln!(w, "| Target | Goal | Measured | Result |");
    let _ = writeln!(w, "|---|---|---|---|");
    let _ = writeln!(
        w,
        "| Large synthetic document, end to end | < 1 s | {} | {} |",
        fmt_duration(full.end_to_end),
        mark(full.end_to_end.as_secs_f64() < 1.0)
    );
    let _ = writeln!(
        w,
        "| Double the document: time ×2 at most (linear) | ≤ 2.00× | {growth:.2}× (half → full: {:.2}×) | {} |",
        ratio(full.end_to_end, half.end_to_end),
        mark(growth <= 2.0)
    );
    let _ = writeln!(
        w,
        "| Request overhead at p50 (generated / hand-written) | ≤ 1.05 | {p50:.3} | {} |",
        mark(p50 <= 1.05)
    );
    for (target, goal, measured, met) in &results.peer_targets {
        let _ = writeln!(w, "| {target} | {goal} | {measured} | {} |", mark(*met));
    }

    let _ = writeln!(w, "\n## Code generation\n");
    let _ = writeln!(
        w,
        "Fastest of the timed runs (Avara: {} iterations; synthetic: {}), each document in a \
         process of its own: other processes on a shared machine only ever slow a run down, \
         so the fastest run is the best estimate of the cost, for the floor as for the rest. *Floor*: `serde_yaml::from_str::<openapiv3::OpenAPI>` alone. \
         *Load*: the generator's parse, with its error locations. *End to end*: `load_str` + \
         `codegen::generate`, timed as one call. *Emit* and *Format* are timed one after the \
         other on one thread, whole files at a time, to show where the work is; `generate` \
         emits and formats pieces of the files on every core, so *End to end* is less than \
         the sum of the stages. *Peak memory*: VmHWM of one run from text to formatted \
         files, the text included (reset with `/proc/self/clear_refs` once the text exists).\n",
        results.iterations.0,
        results.iterations.1
    );
    let _ = writeln!(
        w,
        "| Document | Operations | Schemas | YAML | Floor | Load | Lower | Emit | Format | End to end | ÷ floor | Peak memory | Output |"
    );
    let _ = writeln!(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (label, c) in codegen {
        let _ = writeln!(
            w,
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | **{}** | {:.2}× | {} | {} lines, {} |",
            c.operations,
            c.schemas,
            fmt_bytes(c.bytes as u64),
            fmt_duration(c.floor),
            fmt_duration(c.load),
            fmt_duration(c.lower),
            fmt_duration(c.emit),
            fmt_duration(c.format),
            fmt_duration(c.end_to_end),
            ratio(c.end_to_end, c.floor),
            fmt_bytes(c.peak_kib * 1024),
            c.output_lines,
            fmt_bytes(c.output_bytes as u64),
        );
    }
    let _ = writeln!(
        w,
        "\nStage shares of the large document's time (load + lower + emit + format):\n"
    );
    let stages = [
        ("load", full.load),
        ("lower", full.lower),
        ("emit", full.emit),
        ("format", full.format),
    ];
    let sum: f64 = stages.iter().map(|(_, d)| d.as_secs_f64()).sum();
    for (name, d) in stages {
        let _ = writeln!(
            w,
            "- {name}: {} ({:.0} %)",
            fmt_duration(d),
            100.0 * d.as_secs_f64() / sum.max(1e-12)
        );
    }

    let _ = writeln!(w, "\n## Compile cost of the generated crate\n");
    let _ = writeln!(
        w,
        "Each generated client is a crate on the runtime crate `avara-codegen-runtime` (a prebuilt dependency, with \
         its default features) in a scratch workspace under `target/bench-crates`; the crate's `lib.rs` is \
         touched and the command timed, dependencies already built, `CARGO_INCREMENTAL=0`. \
         Fastest of {} run(s) for the Avara crate; for the large ones, fastest of {} `cargo check` \
         run(s) and one `cargo build`.\n",
        results.compile_runs,
        results.compile_runs.min(2)
    );
    let _ = writeln!(w, "| Generated from | Operations | Lines | `cargo check` | `cargo build` | check per operation |");
    let _ = writeln!(w, "|---|--:|--:|--:|--:|--:|");
    for (label, ops, lines, c) in &results.compile {
        let _ = writeln!(
            w,
            "| {label} | {ops} | {lines} | {} | {} | {} |",
            fmt_duration(c.check),
            fmt_duration(c.build),
            fmt_duration(c.check / (*ops).max(1) as u32),
        );
    }

    let _ = writeln!(w, "\n## Request overhead\n");
    let _ = writeln!(
        w,
        "`viewer.users.update` (PATCH with a JSON body, 200 with a `ViewerUser`) to an \
         in-process HTTP/1.1 loopback server, {} timed calls per client after a warm-up, the two \
         clients alternating. Hand-written: `reqwest` + `serde_json` with the same headers, \
         body, connection settings and decoding target.\n",
        o.calls
    );
    let _ = writeln!(w, "| Client | p50 | p99 |");
    let _ = writeln!(w, "|---|--:|--:|");
    let _ = writeln!(
        w,
        "| generated (`avara::Client`) | {} | {} |",
        fmt_duration(o.client.0),
        fmt_duration(o.client.1)
    );
    let _ = writeln!(
        w,
        "| hand-written reqwest + serde_json | {} | {} |",
        fmt_duration(o.hand.0),
        fmt_duration(o.hand.1)
    );
    let _ = writeln!(
        w,
        "| ratio (generated / hand-written) | {:.3} | {:.3} |",
        p50,
        ratio(o.client.1, o.hand.1)
    );
    let p99 = ratio(o.client.1, o.hand.1);
    let _ = writeln!(
        w,
        "\nTarget p50 and p99 ≤ 1.05: {}.\n",
        mark(p50 <= 1.05 && p99 <= 1.05)
    );
    if !results.peers.is_empty() {
        let _ = writeln!(w, "{}", results.peers);
    }
    out
}
