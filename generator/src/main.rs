//! `avara-codegen generate <document> --out <dir> [--name <crate>] [--runtime <dir>] [--all-serde]`:
//! writes a standalone client crate for any OpenAPI document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: avara-codegen generate <document> --out <dir> [--name <crate>] [--runtime <dir>] [--all-serde]

Writes a crate with an async Rust client for the OpenAPI 3.0/3.1 document (YAML or JSON):
Cargo.toml, src/lib.rs and src/generated/. The crate builds on its own.

  --out <dir>      where to write the crate (created if missing)
  --name <crate>   the package name (default: from the document's title)
  --runtime <dir>  the avara-codegen-runtime crate to depend on (default: the one beside
                   this generator's sources)
  --all-serde      every model implements Serialize and Deserialize (default: only the
                   directions the API uses: what it sends, what it reads)";

/// The parsed command line.
struct Args {
    document: PathBuf,
    out: PathBuf,
    name: Option<String>,
    runtime: PathBuf,
    all_serde: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("generate") => {}
        Some("-h" | "--help") => return Err(String::new()),
        None => return Err("no command given".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut document = None;
    let mut out = None;
    let mut name = None;
    let mut runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    let mut all_serde = false;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--name" => name = Some(value("--name")?),
            "--runtime" => runtime = PathBuf::from(value("--runtime")?),
            "--all-serde" => all_serde = true,
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ if document.is_some() => return Err(format!("a second document `{arg}`")),
            _ => document = Some(PathBuf::from(arg)),
        }
    }
    Ok(Args {
        document: document.ok_or("no document given")?,
        out: out.ok_or("--out is required")?,
        name,
        runtime,
        all_serde,
    })
}

/// Whether `name` can be a Cargo package name.
fn valid_package_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn run(args: Args) -> Result<(), String> {
    let (loaded, text) =
        codegen::load::load_file_noted(&args.document).map_err(|e| e.to_string())?;
    let doc = loaded.doc;
    let mut options = codegen::Options::from_title(&doc);
    options.all_serde = args.all_serde;
    if let Some(name) = &args.name {
        if !valid_package_name(name) {
            return Err(format!(
                "--name `{name}` is not a crate name: use letters, digits, `-` and `_`, starting with a letter"
            ));
        }
        options.crate_name = name.replace('-', "_");
    }
    options.command = "avara-codegen generate".to_owned();
    let package = args.name.unwrap_or_else(|| options.crate_name.clone());
    let api = codegen::model::lower(&doc)
        .map_err(|e| e.in_file(&args.document, Some(&text)).to_string())?;
    // The model owns what the files need: the text and the parsed document go before the
    // files are printed, the stage that holds the most.
    let title = doc.info.title.clone();
    drop((doc, text));
    let mut generated =
        codegen::render(&api, &options).map_err(|e| e.in_file(&args.document, None).to_string())?;
    drop(api);
    // What the load translated or dropped (OpenAPI 3.1, unusual values) comes first.
    generated.notes.splice(0..0, loaded.notes);
    for note in &generated.notes {
        eprintln!("note: {}: {}", note.pointer, note.message);
    }
    let runtime = std::path::absolute(&args.runtime).map_err(|e| e.to_string())?;
    let (notes, untyped) = (generated.notes.len(), generated.untyped.len());
    let files = codegen::standalone::crate_files(&package, &runtime, &title, generated);
    codegen::standalone::write_crate(&args.out, &files)
        .map_err(|e| format!("{}: {e}", args.out.display()))?;
    eprintln!(
        "wrote crate `{package}` to {} ({} files, {} notes, {} untyped)",
        args.out.display(),
        files.len(),
        notes,
        untyped
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
