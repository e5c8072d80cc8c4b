//! Every fixture's generated code must build: each becomes a crate in a scratch workspace
//! (on the `avara` crate's runtime), and `cargo clippy -D warnings` checks them all in one run,
//! sharing the main target directory so dependencies are built once. A snapshot can never hold
//! code that does not compile.

mod common;

use std::path::Path;
use std::process::Command;

use common::{generate, path, FIXTURES};

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Rewriting identical files would make cargo rebuild them.
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

#[test]
fn every_fixture_compiles_without_warnings() {
    let workspace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let runtime = path("runtime");
    let mut members = Vec::new();
    for (name, relative) in FIXTURES {
        let generated = generate(name, relative);
        let krate = workspace.join(name);
        let manifest = codegen::emit::host_manifest_with_features(
            &format!("fixture_{name}"),
            &runtime,
            &generated.runtime_features,
        );
        write(&krate.join("Cargo.toml"), &manifest);
        let lib = format!(
            "//! Generated from `{relative}`.\n#![deny(warnings, missing_docs)]\n\n{}",
            codegen::emit::HOST_LIB
        );
        write(&krate.join("src/lib.rs"), &lib);
        let dir = krate.join("src/generated");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        for file in &generated.files {
            write(&dir.join(&file.path), &file.contents);
        }
        members.push(name);
    }
    write(
        &workspace.join("Cargo.toml"),
        &codegen::emit::workspace_manifest(&members),
    );
    // The main workspace's lockfile pins the same dependency versions, and lets cargo work offline.
    let lock = std::fs::read_to_string(path("../Cargo.lock")).unwrap();
    write(&workspace.join("Cargo.lock"), &lock);

    let target = common::target_dir();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--workspace",
            "--offline",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "generated fixtures do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
