//! The code generated from `pagination-webhooks.yaml` does what it says, not only compiles:
//! the fixture becomes a crate in a scratch workspace whose test
//! (`fixtures/pagination-webhooks-behaviour.rs`) pages through a loopback server with the
//! generated list methods and page impls, and verifies webhooks with `client.webhooks()`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{generate, path};

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Rewriting identical files would make cargo rebuild them.
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

#[test]
fn generated_pagination_and_webhooks_work() {
    let generated = generate(
        "pagination_webhooks",
        "tests/fixtures/pagination-webhooks.yaml",
    );
    assert_eq!(generated.runtime_features, ["webhooks"]);
    let workspace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("behaviour-crates");
    let krate = workspace.join("paging_webhooks");
    let manifest = codegen::emit::host_manifest_with_features(
        "paging_webhooks",
        &path("runtime"),
        &generated.runtime_features,
    );
    let manifest = format!(
        "{manifest}\n[dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\nfutures-util = {{ version = \"0.3\", default-features = false, features = [\"std\"] }}\n"
    );
    write(&krate.join("Cargo.toml"), &manifest);
    write(&krate.join("src/lib.rs"), codegen::emit::HOST_LIB);
    let behaviour =
        std::fs::read_to_string(path("tests/fixtures/pagination-webhooks-behaviour.rs")).unwrap();
    write(&krate.join("tests/behaviour.rs"), &behaviour);
    let dir = krate.join("src/generated");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    for file in &generated.files {
        write(&dir.join(&file.path), &file.contents);
    }
    write(
        &workspace.join("Cargo.toml"),
        &codegen::emit::workspace_manifest(&["paging_webhooks"]),
    );
    // The main workspace's lockfile pins the same dependency versions, and lets cargo work offline.
    let lock = std::fs::read_to_string(path("../Cargo.lock")).unwrap();
    write(&workspace.join("Cargo.lock"), &lock);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--offline", "--quiet", "--test", "behaviour"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", common::target_dir())
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the generated crate misbehaves (in {}):\n{stdout}\n{}",
        workspace.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("5 passed"), "{stdout}");
}
