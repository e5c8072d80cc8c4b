//! `avara-codegen generate`: the command a user points at their own document. The crate it
//! writes must build on its own, outside this workspace.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::path;

fn generate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_avara-codegen"))
        .args(args)
        .output()
        .expect("the generator runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn writes_a_crate_that_builds_on_its_own() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-petstore");
    let document = path("tests/fixtures/petstore-expanded.yaml");
    let output = generate(&[
        "generate",
        document.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "my-petstore",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("wrote crate `my-petstore`"));

    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-petstore\""), "{manifest}");
    let runtime = std::fs::canonicalize(path("runtime")).unwrap();
    assert!(
        manifest.contains(&format!("avara-codegen-runtime = {{ path = {runtime:?} }}")),
        "the runtime is a path dependency on the runtime crate, not on the Avara client:\n{manifest}"
    );
    assert!(manifest.contains("[workspace]"), "{manifest}");
    for file in [
        "src/lib.rs",
        "src/generated/mod.rs",
        "src/generated/models.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let models = |out: &Path| std::fs::read_to_string(out.join("src/generated/models.rs")).unwrap();
    let error_derive = "#[derive(Debug, Clone, PartialEq, serde::Serialize)]\npub struct Error {";
    // `Error` is only read: by default it does not implement `Serialize`.
    assert!(models(&out).contains("#[derive(Debug, Clone, PartialEq)]\npub struct Error {"));

    // A stale file from an earlier generation is removed; `--all-serde` gives every model both
    // directions.
    std::fs::write(out.join("src/generated/stale.rs"), "").unwrap();
    assert!(generate(&[
        "generate",
        document.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "my-petstore",
        "--all-serde",
    ])
    .status
    .success());
    assert!(!out.join("src/generated/stale.rs").exists());
    assert!(models(&out).contains(error_derive), "{}", models(&out));

    // The workspace's lockfile pins the same versions and lets cargo work offline.
    std::fs::copy(path("../Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--offline", "--quiet"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", common::target_dir())
        .output()
        .expect("cargo runs");
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn refuses_a_bad_crate_name_and_missing_arguments() {
    let document = path("tests/fixtures/petstore.yaml");
    let document = document.to_str().unwrap();
    let bad = generate(&[
        "generate",
        document,
        "--out",
        "/nonexistent",
        "--name",
        "9lives",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--name `9lives` is not a crate name"));

    let missing = generate(&["generate", document]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("--out is required"));

    let unknown = generate(&["frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown command `frobnicate`"));
}

#[test]
fn reports_document_errors_with_their_place() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-broken");
    let document = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-broken.yaml");
    std::fs::write(
        &document,
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    )
    .unwrap();
    let output = generate(&[
        "generate",
        document.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("cli-broken.yaml:11:"), "{message}");
    assert!(message.contains("Missing"), "{message}");
    assert!(!out.exists(), "nothing is written for a broken document");
}

/// An OpenAPI 3.1 document: the notes of its translation are printed with the rest.
#[test]
fn prints_what_the_3_1_translation_dropped() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-v31");
    let document = path("tests/fixtures/v31.yaml");
    let output = generate(&[
        "generate",
        document.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let message = stderr(&output);
    assert!(output.status.success(), "{message}");
    assert!(
        message.contains("note: #/webhooks/bookAdded: webhook not generated"),
        "{message}"
    );
    assert!(message.contains(" files, 7 notes, 2 untyped)"), "{message}");
}

/// Swagger 2.0 is refused in one line that names a converter; nothing is written.
#[test]
fn refuses_swagger_2_naming_a_converter() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-swagger");
    let document = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-swagger.json");
    std::fs::write(
        &document,
        r#"{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
    )
    .unwrap();
    let output = generate(&[
        "generate",
        document.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("Swagger 2.0") && message.contains("swagger2openapi"),
        "{message}"
    );
    assert!(!out.exists(), "nothing is written for a Swagger document");
}
