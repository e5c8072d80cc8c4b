//! `cargo xtask bench [--quick]`: what the generator and the generated client cost.
//!
//! 1. codegen time by stage and peak memory on the Avara document and on a synthetic
//!    document (see [`synth`]) at half, full and double size ([`codegen`]);
//! 2. the parse floor of each document, and codegen / floor;
//! 3. `cargo check` / `cargo build` of the generated crates ([`compile`]);
//! 4. the generated client's request overhead against hand-written `reqwest` ([`request`]);
//! 5. our generator beside ploidy and progenitor on the real-world corpus
//!    (`generator/tests/corpus/`, through `cargo xtask corpus`): generation time and peak
//!    memory on every document, `cargo check` and `cargo build` of the generated crates on
//!    [`PEER_DOCUMENTS`], as ratios against each peer.
//!
//! The figures come from a release build: run from a debug build (as `cargo xtask` is), the
//! task re-runs itself with `cargo run --release`. The table is printed and written to
//! `BENCHMARKS.md` with the machine it ran on ([`report`]). `--quick` uses small sizes and few
//! iterations, for smoke runs, and writes `target/bench-quick.md` instead. Times are reported,
//! never asserted: CI only builds this code.

mod codegen;
mod compile;
mod report;
mod request;
mod stats;
mod synth;
mod yaml;

use std::process::Command;

use self::codegen::Source;

/// How much to measure.
struct Plan {
    quick: bool,
    /// Resources of the half, full and double synthetic documents.
    sizes: [usize; 3],
    avara_iterations: usize,
    synthetic_iterations: usize,
    /// Timed runs of each cargo command (the fastest counts).
    compile_runs: usize,
    warmup_calls: usize,
    calls: usize,
}

impl Plan {
    fn new(quick: bool) -> Self {
        if quick {
            Plan {
                quick,
                sizes: [12, 25, 50],
                avara_iterations: 3,
                synthetic_iterations: 1,
                compile_runs: 1,
                warmup_calls: 20,
                calls: 200,
            }
        } else {
            Plan {
                quick,
                sizes: [125, 250, 500],
                avara_iterations: 30,
                synthetic_iterations: 8,
                compile_runs: 3,
                warmup_calls: 500,
                calls: 5000,
            }
        }
    }
}

/// Everything measured in one run.
pub struct Results {
    quick: bool,
    /// Timed runs per document: Avara, synthetic.
    iterations: (usize, usize),
    /// Timed runs of each cargo command on the small crate.
    compile_runs: usize,
    /// (label, measurement): Avara, then the synthetic half, full and double.
    codegen: Vec<(String, codegen::Codegen)>,
    /// (label, operations, generated lines, measurement): Avara, then synthetic sizes.
    compile: Vec<(String, usize, usize, compile::Compile)>,
    overhead: request::Overhead,
    /// The side-by-side table against ploidy and progenitor on corpus documents (markdown).
    peers: String,
    /// (target, goal, measured, met) from the corpus comparison.
    peer_targets: Vec<(String, String, String, bool)>,
}

/// Corpus documents every peer run compiles (`cargo check` and `cargo build`, ploidy and
/// progenitor beside ours): small to medium documents of five vendors that ploidy (and, for
/// two, progenitor) also generate. Generation alone is compared on every document.
const PEER_DOCUMENTS: &str =
    "hetzner-cloud,xero-accounting,xero-projects,twilio-messaging-v1,adyen-checkout-v71";

/// Runs the task: `[--quick]`; or, hidden, `--child codegen ...` (the process measuring one
/// document), `--child synth <resources>` (prints a synthetic document) or
/// `--child request <calls>` (the request overhead alone).
pub fn run(args: &[&str]) -> Result<(), String> {
    let quick = match args {
        ["--child", "codegen", rest @ ..] => return codegen::child(rest),
        ["--child", "synth", n] => {
            // For looking at the synthetic document: `bench --child synth 250 > doc.yaml`.
            let n = n.parse().map_err(|_| format!("bad resource count `{n}`"))?;
            print!("{}", synth::document(n, synth::SEED));
            return Ok(());
        }
        ["--child", "request", n] => {
            // For working on the runtime's overhead alone: `bench --child request 5000`.
            let n = n.parse().map_err(|_| format!("bad call count `{n}`"))?;
            let o = request::measure(n / 10, n)?;
            let ratio = stats::ratio;
            println!(
                "generated p50 {:.1?} p99 {:.1?}; hand-written p50 {:.1?} p99 {:.1?}; ratio p50 {:.3} p99 {:.3}",
                o.client.0,
                o.client.1,
                o.hand.0,
                o.hand.1,
                ratio(o.client.0, o.hand.0),
                ratio(o.client.1, o.hand.1)
            );
            return Ok(());
        }
        [] => false,
        ["--quick"] => true,
        _ => return Err("usage: cargo xtask bench [--quick]".to_owned()),
    };
    if cfg!(debug_assertions) {
        return rerun_in_release(args);
    }
    let plan = Plan::new(quick);
    let results = measure(&plan)?;
    let text = report::markdown(&results);
    println!("\n{text}");
    let out = if quick {
        super::root().join("target/bench-quick.md")
    } else {
        super::root().join("BENCHMARKS.md")
    };
    std::fs::write(&out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}

/// Runs `cargo run --release -p xtask -- bench <args>`: the numbers must come from
/// optimized code.
fn rerun_in_release(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!(
        "==> cargo run --release -p xtask -- bench {}",
        args.join(" ")
    );
    let status = Command::new(cargo)
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "bench",
        ])
        .args(args)
        .current_dir(super::root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the release benchmark run failed ({status})"))
    }
}

fn measure(plan: &Plan) -> Result<Results, String> {
    let [half, full, double] = plan.sizes;
    let documents = [
        ("Avara".to_owned(), Source::Avara, plan.avara_iterations),
        (
            format!("synthetic ×0.5 ({half} resources)"),
            Source::Synthetic(half),
            plan.synthetic_iterations,
        ),
        (
            format!("synthetic ×1 ({full} resources)"),
            Source::Synthetic(full),
            plan.synthetic_iterations,
        ),
        (
            format!("synthetic ×2 ({double} resources)"),
            Source::Synthetic(double),
            plan.synthetic_iterations,
        ),
    ];
    let mut codegen_results = Vec::new();
    for (label, source, iterations) in documents {
        eprintln!("codegen: {label}, {iterations} iterations...");
        let result = codegen::measure(source, iterations)?;
        eprintln!(
            "  end to end {:.1?} (floor {:.1?})",
            result.end_to_end, result.floor
        );
        codegen_results.push((label, result));
    }

    eprintln!("compile: generating the crates...");
    let mut to_compile = vec![("Avara", "avara".to_owned(), Source::Avara)];
    to_compile.push((
        "synthetic ×1",
        format!("synthetic_{full}"),
        Source::Synthetic(full),
    ));
    let mut crates = Vec::new();
    let mut sizes = Vec::new();
    for (label, name, source) in &to_compile {
        let text = source.text()?;
        let doc = ::codegen::load::load_str(&text).map_err(|e| e.to_string())?;
        let options = ::codegen::Options::from_title(&doc);
        let generated = ::codegen::generate(&doc, &options).map_err(|e| e.to_string())?;
        let lines = generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        sizes.push((label.to_string(), doc.operations().count(), lines));
        crates.push(compile::Crate {
            name: name.clone(),
            from: match source {
                Source::Avara => "`spec/avara.openapi.yaml`".to_owned(),
                Source::Synthetic(n) => format!("the synthetic document of {n} resources"),
            },
            generated,
        });
    }
    let compiled = compile::measure(&crates, plan.compile_runs)?;
    let compile_results = sizes
        .into_iter()
        .zip(compiled)
        .map(|((label, ops, lines), c)| (label, ops, lines, c))
        .collect();

    eprintln!(
        "request: {} + {} calls per client...",
        plan.warmup_calls, plan.calls
    );
    let overhead = request::measure(plan.warmup_calls, plan.calls)?;

    let (peers, peer_targets) = if plan.quick {
        (String::new(), Vec::new())
    } else {
        eprintln!("peers: generation on every corpus document, then check and build on {PEER_DOCUMENTS}...");
        let runs = plan.compile_runs.to_string();
        crate::corpus::run(&["--runs", "5", "--no-check", "--no-report"])?;
        crate::corpus::run(&["--runs", &runs, "--build", "--only", PEER_DOCUMENTS])?;
        let results = crate::corpus::kept_results();
        (
            crate::corpus::side_by_side(&results),
            crate::corpus::peer_targets(&results),
        )
    };

    Ok(Results {
        peers,
        peer_targets,
        quick: plan.quick,
        iterations: (plan.avara_iterations, plan.synthetic_iterations),
        compile_runs: plan.compile_runs,
        codegen: codegen_results,
        compile: compile_results,
        overhead,
    })
}
