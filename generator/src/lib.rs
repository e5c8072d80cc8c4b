//! An OpenAPI 3.0 and 3.1 to Rust client generator.
//!
//! The pipeline, one module a step:
//! 1. [`load`]: YAML or JSON text to `openapiv3::OpenAPI` (OpenAPI 3.1 translated to 3.0),
//!    errors with file:line:col;
//! 2. [`model`]: lowering to the generator's own model (resolved references, named types,
//!    the resource tree, boxing for recursion);
//! 3. [`emit`]: the model to token streams with `quote`;
//! 4. [`format`](mod@format): `prettyplease`, with a `@generated` header.
//!
//! [`generate`] runs steps 2 to 4 on a parsed document; [`generate_file`] runs all four.

pub mod error;
pub mod load;
pub mod model;

pub mod emit;
pub mod format;
pub mod standalone;

use std::path::Path;

use openapiv3::OpenAPI;

pub use error::{Error, ErrorKind, Errors, Location};
pub use model::Note;

/// Settings that do not come from the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The crate name the generated code lives in, used in doc examples (`avara`).
    pub crate_name: String,
    /// Prefix of the environment variables the client reads: `{PREFIX}_BASE_URL`,
    /// `{PREFIX}_CUSTOM_HEADERS`, for each security scheme its `x-sdk-env` or
    /// `{PREFIX}_{SETTER}` (`{PREFIX}_API_KEY`), and, for webhooks, `{PREFIX}_WEBHOOK_KEY`
    /// (unless `x-webhooks` names another).
    pub env_prefix: String,
    /// The `User-Agent` the client sends.
    pub user_agent: String,
    /// The command named in each file's `@generated` header.
    pub command: String,
    /// Every struct and union implements both `Serialize` and `Deserialize`, rather than
    /// only the directions the API uses (see [`model::Directions`]): for a client whose
    /// users also store or forward what they read.
    pub all_serde: bool,
}

impl Options {
    /// Options derived from the document's title (`Swagger Petstore` gives crate
    /// `swagger_petstore` and variables `SWAGGER_PETSTORE_*`).
    pub fn from_title(doc: &OpenAPI) -> Self {
        let crate_name = model::names::snake(&doc.info.title)
            .map(|n| model::names::bare(&n).to_owned())
            .unwrap_or_else(|| "api".to_owned());
        Self {
            env_prefix: crate_name.to_ascii_uppercase(),
            user_agent: format!("{crate_name}-rust/{}", doc.info.version),
            crate_name,
            command: "cargo xtask codegen".to_owned(),
            all_serde: false,
        }
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated directory (`models.rs`).
    pub path: String,
    /// Formatted Rust source.
    pub contents: String,
}

/// What a successful run produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The files, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// What was left out on purpose (callbacks, links) or decided by a rule (renamed names),
    /// with where and why; from [`generate_file`], also what the load translated or dropped
    /// (OpenAPI 3.1, unusual values), first.
    pub notes: Vec<Note>,
    /// The cargo features of the runtime crate the generated code needs (`webhooks` when the
    /// document has `x-webhooks`).
    pub runtime_features: Vec<&'static str>,
    /// JSON pointers of the schemas that became untyped JSON (`serde_json::Value` or a JSON
    /// object), for reports of how much of a document the client types.
    pub untyped: Vec<String>,
}

/// Generates a client from a parsed document.
pub fn generate(doc: &OpenAPI, options: &Options) -> Result<Generated, Errors> {
    render(&model::lower(doc)?, options)
}

/// Steps 3 and 4: emits and formats the files of a lowered API. Pieces of files (a few types
/// or resources each) are emitted and formatted on all cores, then joined in order.
pub fn render(api: &model::Api, options: &Options) -> Result<Generated, Errors> {
    /// Pieces per unit of parallel work: small enough to balance, large enough to amortise.
    const CHUNK: usize = 16;
    let plans = emit::plan(api);
    let chunks: Vec<(usize, std::ops::Range<usize>)> = plans
        .iter()
        .enumerate()
        .flat_map(|(file, plan)| {
            (0..plan.pieces.len())
                .step_by(CHUNK)
                .map(move |start| (file, start..(start + CHUNK).min(plan.pieces.len())))
        })
        .collect();
    let printed = format::in_parallel(chunks.len(), |i| {
        let (file, range) = &chunks[i];
        let plan = &plans[*file];
        let tokens = plan.pieces[range.clone()]
            .iter()
            .map(|piece| emit::emit_piece(api, options, piece))
            .collect();
        format::unparse(plan.path, tokens)
    });
    let printed: Vec<String> = printed
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|message| Error::at("#", ErrorKind::Structure(message)))?;
    // Each piece's text is moved into its file, sized up front, so the output exists once.
    let mut sizes = vec![0; plans.len()];
    for ((file, _), text) in chunks.iter().zip(&printed) {
        sizes[*file] += text.len();
    }
    let mut files: Vec<format::File> = sizes
        .into_iter()
        .map(|size| format::File::new(&options.command, size))
        .collect();
    for ((file, _), text) in chunks.iter().zip(printed) {
        files[*file].push(&text);
    }
    let files = plans
        .iter()
        .zip(files)
        .map(|(plan, file)| GeneratedFile {
            path: plan.path.to_owned(),
            contents: file.finish(),
        })
        .collect();
    Ok(Generated {
        files,
        notes: api.notes.clone(),
        runtime_features: api.runtime_features(),
        untyped: api.untyped.clone(),
    })
}

/// Reads a document from a file and generates a client; errors name the file, and the line
/// and column where they can be found.
/// Notes from the load (what an OpenAPI 3.1 translation or a mended value changed) come
/// first.
pub fn generate_file(path: &Path, options: &Options) -> Result<Generated, Errors> {
    let (loaded, text) = load::load_file_noted(path)?;
    let mut generated = generate(&loaded.doc, options).map_err(|e| e.in_file(path, Some(&text)))?;
    if !loaded.notes.is_empty() {
        let mut notes = loaded.notes;
        notes.append(&mut generated.notes);
        generated.notes = notes;
    }
    Ok(generated)
}
