//! Step 3 of the pipeline: the model to token streams, one function per generated file.
//!
//! The generated module tree is mounted at `crate::generated` beside a hand-written
//! `crate::runtime` (HTTP, retries, errors, `Nullable`). Generated code names runtime items as
//! `crate::runtime::X`, its own modules relatively (`super::models::X`), and otherwise only
//! `serde`, `serde_json`, `chrono`, `bytes` and `http`.

mod client;
mod docs;
mod examples;
mod models;
mod pagination;
mod webhooks;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Directions, Resource, TypeDef, TypeRef};

use crate::Options;
pub(crate) use docs::LINE_BREAK;

/// The `[dependencies]` lines a crate hosting generated code needs besides the runtime: the
/// crates the generated code names, and no others.
pub const HOST_DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
bytes = "1"
http = "1"
"#;

/// The `lib.rs` lines that mount the generated module tree beside the runtime, as
/// `generated-client/src/lib.rs` does.
pub const HOST_LIB: &str =
    "pub use codegen_runtime as runtime;\n\nmod generated;\n\npub use generated::*;\n";

/// The runtime crate's package name, as a host crate's `Cargo.toml` names it.
pub const RUNTIME_PACKAGE: &str = "avara-codegen-runtime";

/// A `Cargo.toml` for a crate that hosts generated code on the runtime crate found at
/// `runtime` (the `generator/runtime` directory).
pub fn host_manifest(package: &str, runtime: &std::path::Path) -> String {
    host_manifest_with_features(package, runtime, &[])
}

/// Like [`host_manifest`], turning on the runtime's cargo `features` that the generated code
/// needs ([`Generated::runtime_features`](crate::Generated::runtime_features)).
pub fn host_manifest_with_features(
    package: &str,
    runtime: &std::path::Path,
    features: &[&str],
) -> String {
    let features = if features.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        format!(", features = [{}]", quoted.join(", "))
    };
    format!(
        "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{RUNTIME_PACKAGE} = {{ path = {runtime:?}{features} }}\n{HOST_DEPENDENCIES}"
    )
}

/// The `Cargo.toml` of a scratch workspace of such host crates, as the tests and the
/// benchmarks build them: `members` are the crates' directories.
pub fn workspace_manifest(members: &[impl AsRef<str>]) -> String {
    let members: Vec<String> = members
        .iter()
        .map(|m| format!("{:?}", m.as_ref()))
        .collect();
    format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    )
}

/// One generated file: its path relative to the generated directory, and its pieces in order.
pub struct FilePlan<'a> {
    /// `models.rs`, ...
    pub path: &'static str,
    /// The pieces the file is made of.
    pub pieces: Vec<Piece<'a>>,
}

/// A piece of a file that is emitted and formatted on its own, so that the pieces of a large
/// document can be formatted in parallel. Concatenated in order they give the whole file.
pub enum Piece<'a> {
    /// `mod.rs`.
    ModuleRoot,
    /// `client.rs`.
    Client,
    /// The module docs and imports of `resources.rs`.
    ResourcesHeader,
    /// One resource type, with the accessor chain that reaches it.
    Resource(&'a Resource, Vec<&'a str>),
    /// The module docs of `models.rs`.
    ModelsHeader,
    /// One named type.
    Type(&'a TypeDef),
    /// `pagination.rs`: how the page types are read.
    Pagination,
}

/// The files to generate and their pieces.
pub fn plan(api: &Api) -> Vec<FilePlan<'_>> {
    let mut files = vec![
        FilePlan {
            path: "mod.rs",
            pieces: vec![Piece::ModuleRoot],
        },
        FilePlan {
            path: "client.rs",
            pieces: vec![Piece::Client],
        },
    ];
    if !api.root.children.is_empty() {
        let mut pieces = vec![Piece::ResourcesHeader];
        // Depth first, children after their parent, in document order.
        let mut stack: Vec<(&Resource, Vec<&str>)> = api
            .root
            .children
            .iter()
            .rev()
            .map(|c| (c, vec![c.name.as_str()]))
            .collect();
        while let Some((node, chain)) = stack.pop() {
            for child in node.children.iter().rev() {
                let mut chain = chain.clone();
                chain.push(&child.name);
                stack.push((child, chain));
            }
            pieces.push(Piece::Resource(node, chain));
        }
        files.push(FilePlan {
            path: "resources.rs",
            pieces,
        });
    }
    let mut pieces = vec![Piece::ModelsHeader];
    pieces.extend(api.types.iter().map(Piece::Type));
    files.push(FilePlan {
        path: "models.rs",
        pieces,
    });
    if !api.pagination.is_empty() {
        files.push(FilePlan {
            path: "pagination.rs",
            pieces: vec![Piece::Pagination],
        });
    }
    files
}

/// The tokens of one piece.
pub fn emit_piece(api: &Api, options: &Options, piece: &Piece<'_>) -> TokenStream {
    match piece {
        Piece::ModuleRoot => module_root(api),
        Piece::Client => client::client(api, options),
        Piece::ResourcesHeader => client::resources_header(),
        Piece::Resource(node, chain) => client::resource(api, options, node, chain),
        Piece::ModelsHeader => models::models_header(),
        Piece::Type(def) => {
            let serde = if options.all_serde {
                Directions::BOTH
            } else {
                def.serde
            };
            models::type_def(def, serde)
        }
        Piece::Pagination => pagination::file(api).unwrap_or_default(),
    }
}

/// Every generated file as one token stream, with its path relative to the generated directory.
pub fn emit(api: &Api, options: &Options) -> Vec<(&'static str, TokenStream)> {
    plan(api)
        .into_iter()
        .map(|file| {
            let tokens = file
                .pieces
                .iter()
                .map(|p| emit_piece(api, options, p))
                .collect();
            (file.path, tokens)
        })
        .collect()
}

fn module_root(api: &Api) -> TokenStream {
    let mut text = format!("The {}, version {}.", api_name(&api.title), api.version);
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(&docs::escape(description));
    }
    let docs = docs::inner_doc(&text);
    let resources = (!api.root.children.is_empty()).then(|| {
        quote! {
            /// The resources of the API: one type for each group of operations.
            pub mod resources;
        }
    });
    let pagination = (!api.pagination.is_empty()).then(|| {
        quote!(
            mod pagination;
        )
    });
    quote! {
        #docs
        mod client;
        /// The types that requests and responses carry.
        pub mod models;
        #pagination
        #resources
        pub use client::{Client, ClientBuilder};
    }
}

/// An identifier from a name the model made valid (maybe raw, `r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where a type is named from: inside `models`, or from a sibling module.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Models,
    Sibling,
}

/// The Rust type of a type reference.
pub(crate) fn rust_type(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Sibling => quote!(super::models::#name),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, scope);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::File => quote!(crate::runtime::FilePart),
    }
}

/// An expression that formats a scalar for a path, query string or header.
pub(crate) fn display(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        _ => value,
    }
}

/// "Avara API" for the title "Avara API", "Swagger Petstore API" for "Swagger Petstore".
pub(crate) fn api_name(title: &str) -> String {
    let title = title.trim();
    if title.to_ascii_lowercase().ends_with("api") {
        title.to_owned()
    } else {
        format!("{title} API")
    }
}
