//! Parts 1 and 2: the generator's time by stage (load, lower, emit, format), end to end, its
//! peak memory, and the parse floor, for one document in a child process of its own.
//!
//! The parent runs `xtask bench --child codegen <document> <iterations>`; the child prints
//! `key=value` lines that [`measure`] reads back. A child per document keeps peak memory
//! (VmHWM, reset once the input text exists) independent of the other measurements.

use std::collections::HashMap;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use super::stats::fastest;
use super::synth;

/// Which document to measure.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// `spec/avara.openapi.yaml`.
    Avara,
    /// The synthetic document with this many resources.
    Synthetic(usize),
}

impl Source {
    fn arg(self) -> String {
        match self {
            Source::Avara => "avara".to_owned(),
            Source::Synthetic(n) => format!("synthetic:{n}"),
        }
    }

    fn parse(arg: &str) -> Result<Self, String> {
        match arg.strip_prefix("synthetic:") {
            None if arg == "avara" => Ok(Source::Avara),
            Some(n) => n
                .parse()
                .map(Source::Synthetic)
                .map_err(|_| format!("bad resource count `{n}`")),
            None => Err(format!("unknown document `{arg}`")),
        }
    }

    /// The document's text.
    pub fn text(self) -> Result<String, String> {
        match self {
            Source::Avara => {
                let path = super::super::root().join(super::super::SPEC);
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))
            }
            Source::Synthetic(n) => Ok(synth::document(n, synth::SEED)),
        }
    }
}

/// What one document costs.
#[derive(Debug, Clone)]
pub struct Codegen {
    /// Size of the YAML text.
    pub bytes: usize,
    /// Number of operations.
    pub operations: usize,
    /// Number of component schemas.
    pub schemas: usize,
    /// `serde_yaml` into `openapiv3::OpenAPI`, nothing else (fastest run).
    pub floor: Duration,
    /// `codegen::load::load_str` (fastest run).
    pub load: Duration,
    /// `codegen::model::lower` (fastest run).
    pub lower: Duration,
    /// `codegen::emit::emit` (fastest run).
    pub emit: Duration,
    /// `codegen::format::format_file` for every file (fastest run).
    pub format: Duration,
    /// `load_str` then `codegen::generate`, timed as one (fastest run).
    pub end_to_end: Duration,
    /// Peak resident memory of one run from text to files, text included, in KiB.
    pub peak_kib: u64,
    /// Size of the generated files.
    pub output_bytes: usize,
    /// Lines of the generated files.
    pub output_lines: usize,
}

/// Measures one document in a child process, `iterations` timed runs after one warm-up.
pub fn measure(source: Source, iterations: usize) -> Result<Codegen, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find own executable: {e}"))?;
    let output = Command::new(exe)
        .args([
            "bench",
            "--child",
            "codegen",
            &source.arg(),
            &iterations.to_string(),
        ])
        .output()
        .map_err(|e| format!("cannot run the codegen child: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the codegen child for {} failed:\n{}",
            source.arg(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let values: HashMap<&str, u64> = stdout
        .lines()
        .filter_map(|line| line.split_once('='))
        .filter_map(|(k, v)| Some((k, v.parse().ok()?)))
        .collect();
    let get = |key: &str| {
        values
            .get(key)
            .copied()
            .ok_or_else(|| format!("the codegen child did not report `{key}`:\n{stdout}"))
    };
    let ns = |key: &str| get(key).map(Duration::from_nanos);
    Ok(Codegen {
        bytes: get("bytes")? as usize,
        operations: get("operations")? as usize,
        schemas: get("schemas")? as usize,
        floor: ns("floor_ns")?,
        load: ns("load_ns")?,
        lower: ns("lower_ns")?,
        emit: ns("emit_ns")?,
        format: ns("format_ns")?,
        end_to_end: ns("end_to_end_ns")?,
        peak_kib: get("peak_kib")?,
        output_bytes: get("output_bytes")? as usize,
        output_lines: get("output_lines")? as usize,
    })
}

/// The child: `<document> <iterations>`; prints `key=value` lines.
pub fn child(args: &[&str]) -> Result<(), String> {
    let [source, iterations] = args else {
        return Err("usage: xtask bench --child codegen <avara|synthetic:N> <iterations>".into());
    };
    let source = Source::parse(source)?;
    let iterations: usize = iterations
        .parse()
        .map_err(|_| format!("bad iteration count `{iterations}`"))?;
    let text = source.text()?;

    // Peak memory of one run from text to files: reset the high-water mark now that only the
    // text is held, run once (also the warm-up), read it.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let doc = codegen::load::load_str(&text).map_err(|e| e.to_string())?;
    let options = codegen::Options::from_title(&doc);
    let generated = codegen::generate(&doc, &options).map_err(|e| {
        format!(
            "the generator rejected the document ({} errors):\n{e}",
            e.0.len()
        )
    })?;
    let peak_kib = if reset { vm_hwm_kib() } else { 0 };
    let operations = doc.operations().count();
    let schemas = doc.components.as_ref().map_or(0, |c| c.schemas.len());
    let output_bytes: usize = generated.files.iter().map(|f| f.contents.len()).sum();
    let output_lines: usize = generated
        .files
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    drop((doc, generated));

    let mut floor = Vec::new();
    let mut end_to_end = Vec::new();
    let (mut load, mut lower, mut emit, mut format) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..iterations {
        // The floor: parse only.
        let start = Instant::now();
        let parsed: openapiv3::OpenAPI =
            serde_yaml::from_str(black_box(&text)).map_err(|e| e.to_string())?;
        floor.push(start.elapsed());
        drop(black_box(parsed));

        // End to end, as `cargo xtask codegen` runs it.
        let start = Instant::now();
        let doc = codegen::load::load_str(black_box(&text)).map_err(|e| e.to_string())?;
        let generated = codegen::generate(&doc, &options).map_err(|e| e.to_string())?;
        end_to_end.push(start.elapsed());
        drop(black_box((doc, generated)));

        // The same, stage by stage.
        let start = Instant::now();
        let doc = codegen::load::load_str(black_box(&text)).map_err(|e| e.to_string())?;
        load.push(start.elapsed());
        let start = Instant::now();
        let api = codegen::model::lower(&doc).map_err(|e| e.to_string())?;
        lower.push(start.elapsed());
        let start = Instant::now();
        let files = codegen::emit::emit(&api, &options);
        emit.push(start.elapsed());
        let start = Instant::now();
        let mut formatted = Vec::with_capacity(files.len());
        for (name, tokens) in files {
            formatted.push(codegen::format::format_file(
                name,
                tokens,
                &options.command,
            )?);
        }
        format.push(start.elapsed());
        drop(black_box((doc, api, formatted)));
    }

    let ns = |samples: &[Duration]| fastest(samples).as_nanos();
    println!("bytes={}", text.len());
    println!("operations={operations}");
    println!("schemas={schemas}");
    println!("floor_ns={}", ns(&floor));
    println!("end_to_end_ns={}", ns(&end_to_end));
    println!("load_ns={}", ns(&load));
    println!("lower_ns={}", ns(&lower));
    println!("emit_ns={}", ns(&emit));
    println!("format_ns={}", ns(&format));
    println!("peak_kib={peak_kib}");
    println!("output_bytes={output_bytes}");
    println!("output_lines={output_lines}");
    Ok(())
}

/// The process's peak resident set size (VmHWM) in KiB, 0 when unknown.
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
