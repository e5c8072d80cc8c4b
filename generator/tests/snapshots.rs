//! Every file the generator emits, for every fixture document, as an insta snapshot: a change
//! to the generator or a spec shows in review as a diff of the generated code.
//! After an intended change: `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

mod common;

use common::{generate, FIXTURES};

fn snapshot_fixture(name: &str, relative: &str) {
    let generated = generate(name, relative);
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        for file in &generated.files {
            let stem = file.path.trim_end_matches(".rs");
            insta::assert_snapshot!(format!("{name}__{stem}"), file.contents);
        }
        let notes: Vec<String> = generated.notes.iter().map(|n| format!("{}: {}", n.pointer, n.message)).collect();
        insta::assert_snapshot!(format!("{name}__notes"), notes.join("\n"));
        insta::assert_snapshot!(format!("{name}__untyped"), generated.untyped.join("\n"));
    });
}

#[test]
fn avara() {
    snapshot_fixture("avara", FIXTURES[0].1);
}

#[test]
fn seed_004() {
    snapshot_fixture("seed_004", FIXTURES[1].1);
}

#[test]
fn petstore_expanded() {
    snapshot_fixture("petstore_expanded", FIXTURES[2].1);
}

#[test]
fn petstore() {
    snapshot_fixture("petstore", FIXTURES[3].1);
}

#[test]
fn uspto() {
    snapshot_fixture("uspto", FIXTURES[4].1);
}

#[test]
fn api_with_examples() {
    snapshot_fixture("api_with_examples", FIXTURES[5].1);
}

#[test]
fn link_example() {
    snapshot_fixture("link_example", FIXTURES[6].1);
}

#[test]
fn callback_example() {
    snapshot_fixture("callback_example", FIXTURES[7].1);
}

#[test]
fn features() {
    snapshot_fixture("features", FIXTURES[8].1);
}

/// OpenAPI 3.1, translated to 3.0 by the load; the notes list what was dropped.
#[test]
fn v31() {
    snapshot_fixture("v31", FIXTURES[9].1);
}

/// A 3.0 document with values openapiv3 refuses, mended or dropped by the load.
#[test]
fn v30_unusual() {
    snapshot_fixture("v30_unusual", FIXTURES[10].1);
}

#[test]
fn pagination_webhooks() {
    snapshot_fixture("pagination_webhooks", FIXTURES[11].1);
}

#[test]
fn collisions() {
    snapshot_fixture("collisions", FIXTURES[12].1);
}

#[test]
fn allof() {
    snapshot_fixture("allof", FIXTURES[13].1);
}

#[test]
fn refs() {
    snapshot_fixture("refs", FIXTURES[14].1);
}

#[test]
fn unions() {
    snapshot_fixture("unions", FIXTURES[15].1);
}

#[test]
fn formats() {
    snapshot_fixture("formats", FIXTURES[16].1);
}

#[test]
fn tags() {
    snapshot_fixture("tags", FIXTURES[17].1);
}

#[test]
fn params() {
    snapshot_fixture("params", FIXTURES[18].1);
}

#[test]
fn security() {
    snapshot_fixture("security", FIXTURES[19].1);
}

#[test]
fn bodies() {
    snapshot_fixture("bodies", FIXTURES[20].1);
}

/// Only shared schemas: the client still compiles without warnings.
#[test]
fn no_operations() {
    snapshot_fixture("no_operations", FIXTURES[21].1);
}

/// A snapshot that no test writes any more is an error, not clutter.
#[test]
fn no_orphaned_snapshots() {
    let mut expected = Vec::new();
    for (name, relative) in FIXTURES {
        let generated = generate(name, relative);
        for file in &generated.files {
            expected.push(format!(
                "{name}__{}.snap",
                file.path.trim_end_matches(".rs")
            ));
        }
        expected.push(format!("{name}__notes.snap"));
        expected.push(format!("{name}__untyped.snap"));
    }
    let dir = common::path("tests/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".snap") && !n.starts_with("errors__") && !expected.contains(n))
        .collect();
    assert!(orphans.is_empty(), "snapshots no test writes: {orphans:?}");
}

/// The same document gives byte-identical output on every run.
#[test]
fn output_is_deterministic() {
    for (name, relative) in FIXTURES {
        assert_eq!(generate(name, relative), generate(name, relative), "{name}");
    }
}
