//! The fixture documents every test in this directory runs the generator on.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};

use codegen::{Generated, Options};

/// (snapshot name, path from the generator crate, options: `None` derives them from the title)
pub const FIXTURES: &[(&str, &str)] = &[
    ("avara", "../spec/avara.openapi.yaml"),
    ("seed_004", "tests/fixtures/seed-004-user-update.yaml"),
    ("petstore_expanded", "tests/fixtures/petstore-expanded.yaml"),
    ("petstore", "tests/fixtures/petstore.yaml"),
    ("uspto", "tests/fixtures/uspto.yaml"),
    ("api_with_examples", "tests/fixtures/api-with-examples.yaml"),
    ("link_example", "tests/fixtures/link-example.yaml"),
    ("callback_example", "tests/fixtures/callback-example.yaml"),
    ("features", "tests/fixtures/features.yaml"),
    ("v31", "tests/fixtures/v31.yaml"),
    ("v30_unusual", "tests/fixtures/v30-unusual.yaml"),
    (
        "pagination_webhooks",
        "tests/fixtures/pagination-webhooks.yaml",
    ),
    ("collisions", "tests/fixtures/collisions.yaml"),
    ("allof", "tests/fixtures/allof.yaml"),
    ("refs", "tests/fixtures/refs.yaml"),
    ("unions", "tests/fixtures/unions.yaml"),
    ("formats", "tests/fixtures/formats.yaml"),
    ("tags", "tests/fixtures/tags.yaml"),
    ("params", "tests/fixtures/params.yaml"),
    ("security", "tests/fixtures/security.yaml"),
    ("bodies", "tests/fixtures/bodies.yaml"),
    ("no_operations", "tests/fixtures/no-operations.yaml"),
];

pub fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The options xtask uses for Avara, and title-derived ones for the other fixtures.
pub fn options(name: &str, doc: &openapiv3::OpenAPI) -> Options {
    if name == "avara" {
        Options {
            crate_name: "avara".into(),
            env_prefix: "AVARA".into(),
            user_agent: "avara-rust/0.1.0".into(),
            command: "cargo xtask codegen".into(),
            all_serde: true,
        }
    } else {
        Options::from_title(doc)
    }
}

pub fn generate(name: &str, relative: &str) -> Generated {
    let file = path(relative);
    let (doc, _) = codegen::load::load_file(&file).unwrap_or_else(|e| panic!("{e}"));
    codegen::generate_file(&file, &options(name, &doc)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The target directory scratch crates build in: the workspace's own, so that dependencies
/// built for the workspace are reused.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| path("../target"))
}
