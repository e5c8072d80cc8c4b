//! Property test standing in for a fuzzer (`cargo fuzz` needs a nightly toolchain): arbitrary
//! but plausible OpenAPI documents, and random mutations of the fixtures, go through
//! `load_str` + `generate`, which must never panic. An error must say what and where (a JSON
//! pointer or line:col); a success must produce non-empty files. The one-pass YAML load must
//! also agree with the two passes it replaced (see [`check_load_agrees`]).
//!
//! The default run is small and seeded, so CI is fast and deterministic. A long run:
//!
//! ```text
//! PROPTEST_CASES=1000000 NEVER_PANICS_SECS=600 \
//!     cargo test --release -p avara-codegen --test never_panics -- --nocapture
//! ```
//!
//! `PROPTEST_CASES` is the number of cases of one batch (per property), `NEVER_PANICS_SECS`
//! keeps starting new batches, each with a new seed, until that many seconds have passed, and
//! `PROPTEST_RNG_SEED` picks the first seed. Each property prints how many cases it ran.
//! `NEVER_PANICS_LAST=<file>` writes each input to `<file>.<test name>` before checking it, so
//! that the input of a crash that cannot be caught (a stack overflow aborts) is kept.

mod common;

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use codegen::{generate, load::load_str, Options};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{
    Config, RngAlgorithm, RngSeed, TestCaseError, TestError, TestRng, TestRunner,
};
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------------
// The property

/// A document's text; `Debug` prints it as it is, so a failure shows a readable YAML document.
#[derive(Clone)]
struct Doc(String);

impl fmt::Debug for Doc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\n----- document -----\n{}\n--------------------",
            self.0
        )
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "<non-string panic payload>".to_owned())
}

/// How far a document went, for the summary line.
#[derive(Clone, Copy)]
enum Outcome {
    LoadError,
    GenerateError,
    Generated,
}

/// The property itself: no panic, errors that say what and where, non-empty files.
fn check(doc: &Doc) -> Result<Outcome, TestCaseError> {
    let text = doc.0.as_str();
    // A stack overflow aborts the process, past any `catch_unwind`: keep the input somewhere.
    if let Ok(path) = std::env::var("NEVER_PANICS_LAST") {
        let test = std::thread::current().name().unwrap_or("main").to_owned();
        std::fs::write(format!("{path}.{test}"), text).unwrap();
    }
    check_load_agrees(text)?;
    let loaded = std::cell::Cell::new(false);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let parsed = load_str(text)?;
        loaded.set(true);
        generate(&parsed, &Options::from_title(&parsed))
    }));
    let result = match outcome {
        Ok(result) => result,
        Err(payload) => {
            return Err(TestCaseError::fail(format!(
                "the generator panicked: {}",
                panic_message(payload.as_ref())
            )))
        }
    };
    match result {
        Err(errors) => {
            prop_assert!(!errors.0.is_empty(), "an `Err` with no error in it");
            for error in &errors.0 {
                let message = error.kind.to_string();
                prop_assert!(!message.trim().is_empty(), "an error without a message");
                let pointer = error
                    .location
                    .pointer
                    .as_deref()
                    .is_some_and(|p| p.starts_with('#'));
                let line_col = error
                    .location
                    .line_col
                    .is_some_and(|(line, col)| line > 0 && col > 0);
                prop_assert!(
                    pointer || line_col,
                    "the error `{message}` has neither a JSON pointer nor a line:col ({:?})",
                    error.location
                );
            }
            Ok(if loaded.get() {
                Outcome::GenerateError
            } else {
                Outcome::LoadError
            })
        }
        Ok(generated) => {
            prop_assert!(!generated.files.is_empty(), "no files generated");
            for file in &generated.files {
                prop_assert!(!file.path.is_empty(), "a generated file without a path");
                prop_assert!(!file.contents.trim().is_empty(), "`{}` is empty", file.path);
            }
            Ok(Outcome::Generated)
        }
    }
}

/// `load_str` builds a YAML document in one pass that refuses duplicate keys, in place of two
/// passes (the text to a `serde_yaml::Value`, which refuses duplicate keys, then the value to
/// the document). What the two passes refuse for its syntax or a duplicate key it must
/// refuse, except an integer beyond 64 bits (read as the nearest float); what they accept it
/// must accept with the same document, unless keys differ in YAML but not as text (`200` and
/// `'200'`), or the load says in a note what it read differently (`nullable` beside `$ref`).
/// It may accept more: a scalar where a string is expected is read as its text (`name:` with
/// nothing is `""`), where the `Value` is typed, and unusual values are mended with a note.
fn check_load_agrees(text: &str) -> Result<(), TestCaseError> {
    if text.trim_start().starts_with('{') {
        return Ok(());
    }
    let Ok(two_passes) = catch_unwind(|| match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Err(e) => Err(e.to_string()),
        Ok(value) => Ok(serde_yaml::from_value::<openapiv3::OpenAPI>(value).ok()),
    }) else {
        return Ok(());
    };
    let one_pass = codegen::load::load_str_noted(text);
    match (one_pass, two_passes) {
        (Ok(_), Err(syntax)) if !syntax.contains("as i128") && !syntax.contains("as u128") => {
            prop_assert!(false, "accepted, but the YAML is refused: {syntax}")
        }
        // A 3.1 document is translated: the two passes read it as 3.0, which it is not.
        (Ok(one), Ok(Some(two))) if one.notes.is_empty() && !two.openapi.starts_with("3.1") => {
            prop_assert!(one.doc == two, "the two loads built different documents")
        }
        (Err(errors), Ok(Some(two))) if two.openapi.starts_with("3.0.") || two.openapi == "3.0" => {
            prop_assert!(
                errors.to_string().contains("duplicate key"),
                "the one-pass load refused what two passes accept: {errors}"
            )
        }
        _ => {}
    }
    Ok(())
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value} is not a number")),
    )
}

/// Runs `check` on `cases` values of `strategy` (more with `PROPTEST_CASES`), from a fixed seed
/// unless `PROPTEST_RNG_SEED` says otherwise, in batches until `NEVER_PANICS_SECS` have passed.
fn run_property(name: &str, default_cases: u32, strategy: impl Strategy<Value = Doc>) {
    let cases = env_number("PROPTEST_CASES").map_or(default_cases, |n| n as u32);
    let deadline = env_number("NEVER_PANICS_SECS").map(|s| Instant::now() + Duration::from_secs(s));
    let first_seed = env_number("PROPTEST_RNG_SEED").unwrap_or(0x5eed_0a1a);
    let started = Instant::now();
    // Cases by outcome: load error, generate error, generated.
    let mut outcomes = [0u64; 3];
    for batch in 0u64.. {
        let seed = first_seed.wrapping_add(batch);
        let config = Config {
            cases,
            failure_persistence: None,
            rng_algorithm: RngAlgorithm::ChaCha,
            rng_seed: RngSeed::Fixed(seed),
            max_shrink_iters: 10_000,
            ..Config::default()
        };
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let counts = std::cell::Cell::new([0u64; 3]);
        let result = runner.run(&strategy, |doc| {
            let outcome = check(&doc)?;
            let mut c = counts.get();
            c[outcome as usize] += 1;
            counts.set(c);
            Ok(())
        });
        for (total, n) in outcomes.iter_mut().zip(counts.get()) {
            *total += n;
        }
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, doc)) => {
                panic!("{name}: {reason} (seed {seed}); minimal input:{doc:?}")
            }
            Err(TestError::Abort(reason)) => panic!("{name}: aborted: {reason}"),
        }
        if deadline.is_none_or(|d| Instant::now() >= d) {
            break;
        }
    }
    let [load, lower, ok] = outcomes;
    eprintln!(
        "{name}: {} cases in {:.1?}, no failure: {load} load errors, {lower} generate errors, {ok} generated",
        load + lower + ok,
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------------------------
// Names and small values

/// Names that make identifiers hard: keywords, digits first, punctuation, unicode, empty, names
/// of the runtime's and the standard library's types, and the client's own methods.
const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "type",
    "Type",
    "self",
    "Self",
    "super",
    "crate",
    "match",
    "async",
    "r#type",
    "2fa",
    "1080p video",
    "123",
    "café",
    "日本語",
    "+",
    "-",
    "__",
    "_",
    "a.b",
    "a/b",
    "~0",
    "~1",
    "{id}",
    "X-API-Key",
    "x-sdk-method",
    "$ref",
    "additionalProperties",
    "additional_properties",
    "Unknown",
    "unknown",
    "UnknownValue",
    "Empty",
    "Value1",
    "Status200",
    "Params",
    "Response",
    "Body",
    "builder",
    "from_env",
    "transport",
    "clone",
    "new",
    "Client",
    "Option",
    "String",
    "Vec",
    "Box",
    "Result",
    "Nullable",
    "serde",
    "id",
    "Id",
    "ID",
    "user_id",
    "userId",
    "UserId",
    "pet",
    "pets",
    "name",
    "value",
    "*/",
    "\"quoted\"",
    "back`tick",
    "line\nbreak",
    "#[attr]",
    "\\",
];

fn odd_name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(ODD_NAMES).prop_map(str::to_owned),
        2 => "[a-z][a-zA-Z0-9]{0,8}",
        1 => "[A-Za-z0-9_ .$/~-]{0,10}",
        1 => "\\PC{0,6}",
    ]
    .boxed()
}

/// Component schema names: a small pool, so that references often hit, and collide.
const SCHEMA_NAMES: &[&str] = &[
    "Pet", "pet", "Node", "A", "B", "Error", "self", "Self", "2fa", "Foo Bar", "FooBar", "foo_bar",
    "a/b", "Unknown", "Client", "Option", "Box", "String", "type", "PetList",
];

/// Schema names that no Rust name can be made from.
const BAD_SCHEMA_NAMES: &[&str] = &["", "+", "~"];

fn schema_name() -> BoxedStrategy<&'static str> {
    prop_oneof![12 => select(SCHEMA_NAMES), 1 => select(BAD_SCHEMA_NAMES)].boxed()
}

const PARAM_NAMES: &[&str] = &[
    "id",
    "userId",
    "user_id",
    "type",
    "self",
    "2fa",
    "",
    "a b",
    "X-Request-Id",
    "limit",
];

const SCHEMA_REFS: &[&str] = &[
    "#/components/schemas/Missing",
    "#/components/schemas/",
    "#/components/schemas/a~1b",
    "#/components/schemas/Foo%20Bar",
    "#/components/parameters/id",
    "#/components/responses/NotFound",
    "#/definitions/Pet",
    "#",
    "",
    "other.yaml#/components/schemas/Pet",
    "https://example.com/schemas/pet.json",
];

fn schema_ref() -> BoxedStrategy<String> {
    prop_oneof![
        4 => schema_name().prop_map(|n| format!("#/components/schemas/{n}")),
        1 => select(SCHEMA_REFS).prop_map(str::to_owned),
    ]
    .boxed()
}

fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        odd_name().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            vec((odd_name(), inner), 0..3).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

fn enum_value() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => odd_name().prop_map(Value::String),
        1 => Just(Value::Null),
        1 => any::<i32>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::Bool),
    ]
    .boxed()
}

fn object(entries: Vec<(String, Value)>) -> Value {
    Value::Object(entries.into_iter().collect::<Map<_, _>>())
}

// ---------------------------------------------------------------------------------------------
// Schemas

const STRING_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "binary",
    "byte",
    "uuid",
    "email",
    "password",
    "weird",
];

fn leaf_schema() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => prop::option::of(select(STRING_FORMATS)).prop_map(|f| match f {
            Some(f) => json!({"type": "string", "format": f}),
            None => json!({"type": "string"}),
        }),
        2 => prop::option::of(select(&["int32", "int64", "uint8"][..])).prop_map(|f| match f {
            Some(f) => json!({"type": "integer", "format": f}),
            None => json!({"type": "integer"}),
        }),
        1 => prop::option::of(select(&["float", "double", "decimal"][..])).prop_map(|f| match f {
            Some(f) => json!({"type": "number", "format": f}),
            None => json!({"type": "number"}),
        }),
        1 => Just(json!({"type": "boolean"})),
        2 => vec(enum_value(), 0..6).prop_map(|v| json!({"type": "string", "enum": v})),
        1 => vec(enum_value(), 1..4).prop_map(|v| json!({"enum": v})),
        1 => vec(enum_value(), 1..4).prop_map(|v| json!({"type": "integer", "enum": v})),
        4 => schema_ref().prop_map(|r| json!({"$ref": r})),
        1 => select(vec![
            json!({}),
            json!({"type": "null"}),
            json!({"nullable": true}),
            json!({"type": "weird"}),
            json!({"type": "object"}),
            json!({"type": "array"}),
            json!({"type": ["string", "null"]}),
            json!({"format": "date-time"}),
            json!({"items": {"type": "string"}}),
            json!({"additionalProperties": {"type": "integer"}}),
            json!({"properties": 5}),
            json!({"$ref": 5}),
            json!("a string"),
            json!(true),
            json!(null),
        ]),
        2 => select(vec![
            // OpenAPI 3.1 constructs (translated by the load) and unusual 3.0 values (mended
            // or dropped with a note); in a document of either version.
            json!({"type": ["integer", "string", "null"], "format": "int64", "enum": [1, "a", null]}),
            json!({"type": ["null"]}),
            json!({"const": "fixed"}),
            json!({"type": "string", "examples": ["a", "b"]}),
            json!({"type": "number", "exclusiveMinimum": 0, "minimum": -1}),
            json!({"type": "integer", "maximum": 1.8446744073709552e19, "multipleOf": 0.5}),
            json!({"type": "array", "items": true}),
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}),
            json!({"type": "string", "contentMediaType": "image/png"}),
            json!({"type": "string", "contentEncoding": "base64"}),
            json!({"$ref": "#/components/schemas/Pet", "description": "beside"}),
            json!({"$ref": "#/components/schemas/Pet", "nullable": true}),
            json!({"$defs": {"Pet": {"type": "string"}}, "properties": {"x": {"$ref": "#/components/schemas/Pet/$defs/Pet"}}}),
            json!({"$id": "urn:x", "$schema": "https://json-schema.org/draft/2020-12/schema", "patternProperties": {"^a": {}}}),
            json!({"type": "object", "properties": {"gone": false, "kept": {"type": "string", "required": true}}}),
            json!({"type": "string", "minLength": -1, "maxLength": 2.0, "readOnly": "true"}),
            json!({"example": {"1": "a"}, "required": true, "enum": "x"}),
            json!(false),
        ]),
    ]
    .boxed()
}

/// Annotations that change how a schema is used: nullable, readOnly, docs, defaults, examples.
fn annotations() -> BoxedStrategy<Vec<(&'static str, Value)>> {
    let one = prop_oneof![
        3 => any::<bool>().prop_map(|b| ("nullable", Value::Bool(b))),
        2 => any::<bool>().prop_map(|b| ("readOnly", Value::Bool(b))),
        1 => Just(("writeOnly", Value::Bool(true))),
        1 => Just(("deprecated", Value::Bool(true))),
        2 => odd_name().prop_map(|s| ("description", Value::String(s))),
        1 => odd_name().prop_map(|s| ("title", Value::String(s))),
        1 => any_json().prop_map(|v| ("default", v)),
        1 => any_json().prop_map(|v| ("example", v)),
        1 => (0u64..5).prop_map(|n| ("minLength", Value::from(n))),
        1 => (0u64..5).prop_map(|n| ("maxItems", Value::from(n))),
        1 => Just(("pattern", Value::String("^[a-z]+`$".to_owned()))),
    ];
    vec(one, 0..3).boxed()
}

fn annotate(mut schema: Value, annotations: Vec<(&'static str, Value)>) -> Value {
    if let Value::Object(map) = &mut schema {
        for (key, value) in annotations {
            map.insert(key.to_owned(), value);
        }
    }
    schema
}

fn discriminator() -> BoxedStrategy<Value> {
    (odd_name(), vec((odd_name(), schema_ref()), 0..3))
        .prop_map(|(property, mapping)| {
            let mapping: Map<String, Value> = mapping
                .into_iter()
                .map(|(k, r)| (k, Value::String(r)))
                .collect();
            json!({"propertyName": property, "mapping": mapping})
        })
        .boxed()
}

fn schema() -> BoxedStrategy<Value> {
    let leaf = (leaf_schema(), annotations()).prop_map(|(s, a)| annotate(s, a));
    leaf.prop_recursive(4, 40, 5, |inner| {
        let properties = vec((odd_name(), inner.clone(), any::<bool>()), 0..5);
        let additional = prop::option::of(prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            inner.clone(),
        ]);
        let object = (
            properties,
            vec(odd_name(), 0..2),
            additional,
            any::<bool>(),
            annotations(),
        )
            .prop_map(|(properties, extra_required, additional, typed, notes)| {
                let mut required: Vec<Value> = properties
                    .iter()
                    .filter(|(_, _, r)| *r)
                    .map(|(n, _, _)| Value::String(n.clone()))
                    .collect();
                required.extend(extra_required.into_iter().map(Value::String));
                let mut schema = Map::new();
                if typed {
                    schema.insert("type".into(), json!("object"));
                }
                schema.insert(
                    "properties".into(),
                    object(properties.into_iter().map(|(n, s, _)| (n, s)).collect()),
                );
                if !required.is_empty() {
                    schema.insert("required".into(), Value::Array(required));
                }
                if let Some(additional) = additional {
                    schema.insert("additionalProperties".into(), additional);
                }
                annotate(Value::Object(schema), notes)
            });
        let array = (prop::option::of(inner.clone()), annotations()).prop_map(|(items, notes)| {
            let schema = match items {
                Some(items) => json!({"type": "array", "items": items}),
                None => json!({"type": "array"}),
            };
            annotate(schema, notes)
        });
        let map = (inner.clone(), annotations()).prop_map(|(value, notes)| {
            annotate(
                json!({"type": "object", "additionalProperties": value}),
                notes,
            )
        });
        let combined = (
            select(&["allOf", "oneOf", "anyOf"][..]),
            vec(inner.clone(), 0..4),
            prop::option::of(discriminator()),
            annotations(),
        )
            .prop_map(|(keyword, parts, discriminator, notes)| {
                let mut schema = Map::new();
                schema.insert(keyword.into(), Value::Array(parts));
                if let Some(d) = discriminator {
                    schema.insert("discriminator".into(), d);
                }
                annotate(Value::Object(schema), notes)
            });
        let not = inner.clone().prop_map(|s| json!({"not": s}));
        prop_oneof![8 => object, 4 => array, 2 => map, 6 => combined, 1 => not]
    })
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Operations

fn parameter() -> BoxedStrategy<Value> {
    let inline = (
        select(PARAM_NAMES),
        prop_oneof![
            12 => select(&["path", "query", "header"][..]),
            1 => select(&["cookie", "body", "weird"][..]),
        ],
        prop::option::of(any::<bool>()),
        prop_oneof![
            6 => Just(None),
            1 => select(
                &[
                    "form",
                    "simple",
                    "spaceDelimited",
                    "pipeDelimited",
                    "deepObject",
                    "matrix",
                    "label",
                    "weird",
                ][..],
            )
            .prop_map(Some),
        ],
        prop::option::of(any::<bool>()),
        prop_oneof![
            12 => schema().prop_map(|s| ("schema", s)),
            1 => schema().prop_map(|s| ("content", json!({"application/json": {"schema": s}}))),
            1 => Just(("description", json!("neither schema nor content"))),
        ],
        prop::option::of(any_json()),
    )
        .prop_map(
            |(name, location, required, style, explode, format, example)| {
                let mut p = Map::new();
                p.insert("name".into(), json!(name));
                p.insert("in".into(), json!(location));
                if let Some(required) = required {
                    p.insert("required".into(), json!(required));
                }
                if let Some(style) = style {
                    p.insert("style".into(), json!(style));
                }
                if let Some(explode) = explode {
                    p.insert("explode".into(), json!(explode));
                }
                p.insert(format.0.into(), format.1);
                if let Some(example) = example {
                    p.insert("example".into(), example);
                }
                Value::Object(p)
            },
        );
    prop_oneof![
        5 => inline,
        1 => select(&["id", "limit", "Missing", ""][..])
            .prop_map(|n| json!({"$ref": format!("#/components/parameters/{n}")})),
        1 => Just(json!({"$ref": "#/components/schemas/Pet"})),
    ]
    .boxed()
}

const MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "application/vnd.api+json",
    "*/*",
    "text/plain",
    "text/html",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "image/png",
    "application/xml",
    "",
];

fn content() -> BoxedStrategy<Value> {
    vec((select(MEDIA_TYPES), prop::option::of(schema())), 0..3)
        .prop_map(|media| {
            object(
                media
                    .into_iter()
                    .map(|(m, s)| {
                        let media_type = match s {
                            Some(s) => json!({"schema": s}),
                            None => json!({}),
                        };
                        (m.to_owned(), media_type)
                    })
                    .collect(),
            )
        })
        .boxed()
}

fn request_body() -> BoxedStrategy<Value> {
    prop_oneof![
        5 => (content(), any::<bool>()).prop_map(|(c, required)| json!({"content": c, "required": required})),
        1 => select(&["Upload", "Missing"][..])
            .prop_map(|n| json!({"$ref": format!("#/components/requestBodies/{n}")})),
        1 => Just(json!({"$ref": "#/components/schemas/Pet"})),
    ]
    .boxed()
}

fn response() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => (odd_name(), content(), prop::option::of(odd_name())).prop_map(|(d, c, link)| {
            let mut r = json!({"description": d, "content": c});
            if let Some(link) = link {
                r["links"] = json!({"next": {"operationId": link, "parameters": {"id": "$response.body#/id"}}});
            }
            r
        }),
        1 => select(&["NotFound", "Missing"][..])
            .prop_map(|n| json!({"$ref": format!("#/components/responses/{n}")})),
        1 => Just(json!({"$ref": "other.yaml#/responses/NotFound"})),
    ]
    .boxed()
}

const STATUSES: &[&str] = &[
    "200", "200", "201", "204", "2XX", "3XX", "301", "400", "404", "4XX", "500", "default",
    "default", "999", "abc", "0", "20",
];

const SDK_METHODS: &[&str] = &[
    "pets.list",
    "viewer.users.update",
    "get",
    "a.b.c.d",
    "",
    ".",
    "pets.",
    ".list",
    "Pets.List",
    "pets.list-all",
    "r#type.get",
    "type.match",
    "self.get",
    "builder",
    "pets.builder",
    "transport.get",
    "2fa.get",
    "日本.語",
];

fn sdk_method() -> BoxedStrategy<Value> {
    prop_oneof![
        5 => select(SDK_METHODS).prop_map(|s| json!(s)),
        1 => Just(json!(5)),
        1 => Just(json!(null)),
        1 => Just(json!(["pets", "list"])),
    ]
    .boxed()
}

fn callbacks() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => Just(
            json!({"onEvent": {"{$request.body#/callbackUrl}": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "ok"}}
            }}}})
        ),
        1 => Just(json!({"broken": {"{$request.query.url}": {"post": {"responses": 5}}}})),
        1 => Just(json!({"$ref": "#/components/callbacks/Missing"})),
    ]
    .boxed()
}

fn operation() -> BoxedStrategy<Value> {
    let optional = (
        prop::option::of(odd_name()),
        vec(
            select(&["pets", "Pets", "users", "", "a b", "type", "builder"][..]),
            0..3,
        ),
        prop::option::of(sdk_method()),
        prop_oneof![6 => Just(None), 1 => callbacks().prop_map(Some)],
        any::<bool>(),
        prop::option::of(odd_name()),
    );
    (
        optional,
        vec(parameter(), 0..4),
        prop::option::of(request_body()),
        vec((select(STATUSES), response()), 0..4),
    )
        .prop_map(
            |((id, tags, sdk, callbacks, deprecated, summary), params, body, responses)| {
                let mut op = Map::new();
                if let Some(id) = id {
                    op.insert("operationId".into(), json!(id));
                }
                if !tags.is_empty() {
                    op.insert("tags".into(), json!(tags));
                }
                if let Some(sdk) = sdk {
                    op.insert("x-sdk-method".into(), sdk);
                }
                if let Some(callbacks) = callbacks {
                    op.insert("callbacks".into(), callbacks);
                }
                if deprecated {
                    op.insert("deprecated".into(), json!(true));
                }
                if let Some(summary) = summary {
                    op.insert("summary".into(), json!(summary));
                }
                if !params.is_empty() {
                    op.insert("parameters".into(), Value::Array(params));
                }
                if let Some(body) = body {
                    op.insert("requestBody".into(), body);
                }
                let responses = responses
                    .into_iter()
                    .map(|(s, r)| (s.to_owned(), r))
                    .collect();
                op.insert("responses".into(), object(responses));
                Value::Object(op)
            },
        )
        .boxed()
}

fn path_template() -> BoxedStrategy<String> {
    let segment = prop_oneof![
        3 => select(&["pets", "users", "v1", "a b", "日本", "x.json", ""][..]).prop_map(str::to_owned),
        3 => select(PARAM_NAMES).prop_map(|n| format!("{{{n}}}")),
        1 => select(&["{", "}", "{}", "{a}{b}", "x{id}y", "{{id}}"][..]).prop_map(str::to_owned),
    ];
    (vec(segment, 0..4), any::<bool>())
        .prop_map(|(segments, slash)| {
            let joined = segments.join("/");
            if slash {
                format!("/{joined}")
            } else {
                joined
            }
        })
        .boxed()
}

fn path_item() -> BoxedStrategy<Value> {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    prop_oneof![
        8 => (vec((select(METHODS), operation()), 0..3), vec(parameter(), 0..2)).prop_map(
            |(operations, params)| {
                let mut item: Map<String, Value> = operations
                    .into_iter()
                    .map(|(m, o)| (m.to_owned(), o))
                    .collect();
                if !params.is_empty() {
                    item.insert("parameters".into(), Value::Array(params));
                }
                Value::Object(item)
            }
        ),
        1 => Just(json!({"$ref": "#/components/pathItems/Shared"})),
    ]
    .boxed()
}

fn document() -> BoxedStrategy<Value> {
    let head = (
        prop_oneof![
            20 => select(&["3.0.3", "3.0.0", "3.0"][..]),
            6 => select(&["3.1.0", "3.1.1"][..]),
            1 => select(&["3.2.0", "2.0", "3", ""][..]),
        ],
        odd_name(),
        select(&["1.0.0", "", "v2"][..]),
        prop::option::of(select(
            &[
                "https://api.example.com/v1/",
                "{scheme}://example.com",
                "",
                "/relative",
            ][..],
        )),
        vec(odd_name(), 0..3),
    );
    let components = (
        vec((schema_name(), schema()), 0..6),
        vec(parameter(), 0..2),
        prop::option::of(response()),
        prop::option::of(request_body()),
    );
    (head, vec((path_template(), path_item()), 0..4), components)
        .prop_map(
            |((version, title, api_version, server, tags), paths, components)| {
                let (schemas, parameters, response, body) = components;
                let mut doc = Map::new();
                doc.insert("openapi".into(), json!(version));
                doc.insert(
                    "info".into(),
                    json!({"title": title, "version": api_version}),
                );
                if let Some(url) = server {
                    doc.insert(
                        "servers".into(),
                        json!([{"url": url, "variables": {"scheme": {"default": "https"}}}]),
                    );
                }
                if !tags.is_empty() {
                    let tags: Vec<Value> = tags.into_iter().map(|t| json!({"name": t})).collect();
                    doc.insert("tags".into(), Value::Array(tags));
                }
                doc.insert("paths".into(), object(paths));
                let mut c = Map::new();
                c.insert(
                    "schemas".into(),
                    object(
                        schemas
                            .into_iter()
                            .map(|(n, s)| (n.to_owned(), s))
                            .collect(),
                    ),
                );
                let parameters: Map<String, Value> = parameters
                    .into_iter()
                    .zip(["id", "limit"])
                    .map(|(p, n)| (n.to_owned(), p))
                    .collect();
                c.insert("parameters".into(), Value::Object(parameters));
                if let Some(response) = response {
                    c.insert("responses".into(), json!({"NotFound": response}));
                }
                if let Some(body) = body {
                    c.insert("requestBodies".into(), json!({"Upload": body}));
                }
                // 3.1 sections; 3.0 readers ignore them.
                c.insert(
                    "pathItems".into(),
                    json!({"Shared": {"get": {"responses": {"200": {"description": "ok"}}}}}),
                );
                if version.starts_with("3.1") {
                    doc.insert(
                        "webhooks".into(),
                        json!({"ping": {"post": {"responses": {"200": {"description": "ok"}}}}}),
                    );
                }
                doc.insert("components".into(), Value::Object(c));
                Value::Object(doc)
            },
        )
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Text

/// How a document becomes text: YAML or JSON, and now and then damaged, so that the loader's
/// errors are exercised too.
#[derive(Debug, Clone, Copy)]
enum Damage {
    None,
    /// Cut the text at this fraction of its length.
    Truncate(Index),
    /// Insert a character that YAML and JSON give meaning to.
    Insert(Index, char),
}

fn damage() -> BoxedStrategy<Damage> {
    prop_oneof![
        12 => Just(Damage::None),
        1 => any::<Index>().prop_map(Damage::Truncate),
        1 => (any::<Index>(), select(&['{', '[', ':', '"', '\'', '\t', '\n', '&', '*', '!', '%', '\0'][..]))
            .prop_map(|(i, c)| Damage::Insert(i, c)),
    ]
    .boxed()
}

fn to_text(doc: &Value, json: u8, damage: Damage) -> Doc {
    let mut text = match json % 3 {
        0 => serde_json::to_string(doc).unwrap(),
        1 => serde_json::to_string_pretty(doc).unwrap(),
        _ => serde_yaml::to_string(doc).unwrap(),
    };
    let boundary = |text: &str, i: Index| {
        let mut at = i.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match damage {
        Damage::None => {}
        Damage::Truncate(i) => {
            let at = boundary(&text, i);
            text.truncate(at);
        }
        Damage::Insert(i, c) => {
            let at = boundary(&text, i);
            text.insert(at, c);
        }
    }
    Doc(text)
}

fn text_of(doc: BoxedStrategy<Value>) -> impl Strategy<Value = Doc> {
    (
        doc,
        prop_oneof![1 => Just(0u8), 1 => Just(1u8), 3 => Just(2u8)],
        damage(),
    )
        .prop_map(|(doc, format, damage)| to_text(&doc, format, damage))
}

// ---------------------------------------------------------------------------------------------
// Mutated fixtures

/// YAML to JSON values, with non-string keys (`200:`) as strings.
fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other).unwrap().trim().to_owned(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn fixtures() -> &'static [Value] {
    static FIXTURES: OnceLock<Vec<Value>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        common::FIXTURES
            .iter()
            .map(|(_, relative)| {
                let text = std::fs::read_to_string(common::path(relative)).unwrap();
                // The load's own tree: `v30-unusual.yaml` has an integer beyond 64 bits.
                yaml_to_json(codegen::load::load_tree(&text).unwrap())
            })
            .collect()
    })
}

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Item(usize),
}

/// The paths of every node below the root, in document order.
fn node_paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Step::Key(k.clone()));
                out.push(prefix.clone());
                node_paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Step::Item(i));
                out.push(prefix.clone());
                node_paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Replace(Value),
    /// Gives an object's key another name.
    Rename(String),
    /// Replaces the node by a copy of another node of the document (a `$ref` target, a
    /// schema where a parameter was, ...).
    CopyFrom(Index),
}

fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        3 => Just(Mutation::Delete),
        2 => prop_oneof![any_json(), schema(), parameter(), response()].prop_map(Mutation::Replace),
        1 => schema_ref().prop_map(|r| Mutation::Replace(json!({"$ref": r}))),
        2 => odd_name().prop_map(Mutation::Rename),
        2 => any::<Index>().prop_map(Mutation::CopyFrom),
    ]
    .boxed()
}

fn apply(doc: &mut Value, target: Index, mutation: &Mutation) {
    let mut paths = Vec::new();
    node_paths(doc, &mut Vec::new(), &mut paths);
    if paths.is_empty() {
        return;
    }
    let path = target.get(&paths).clone();
    let copy = match mutation {
        Mutation::CopyFrom(source) => {
            let source: &Vec<Step> = source.get(&paths);
            Some(node(doc, source).clone())
        }
        _ => None,
    };
    let (last, parent_path) = path.split_last().unwrap();
    let parent = node_mut(doc, parent_path);
    match (parent, last) {
        (Value::Object(map), Step::Key(key)) => match mutation {
            Mutation::Delete => {
                map.remove(key);
            }
            Mutation::Replace(v) => {
                map.insert(key.clone(), v.clone());
            }
            Mutation::Rename(new) => {
                if let Some(v) = map.remove(key) {
                    map.insert(new.clone(), v);
                }
            }
            Mutation::CopyFrom(_) => {
                map.insert(key.clone(), copy.unwrap());
            }
        },
        (Value::Array(items), Step::Item(i)) => match mutation {
            Mutation::Delete => {
                items.remove(*i);
            }
            Mutation::Replace(v) => items[*i] = v.clone(),
            Mutation::Rename(new) => items[*i] = Value::String(new.clone()),
            Mutation::CopyFrom(_) => items[*i] = copy.unwrap(),
        },
        _ => unreachable!("paths come from the document"),
    }
}

fn node<'v>(value: &'v Value, path: &[Step]) -> &'v Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &v[k.as_str()],
        Step::Item(i) => &v[*i],
    })
}

fn node_mut<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Item(i) => &mut v[*i],
    })
}

fn mutated_fixture() -> BoxedStrategy<Value> {
    (
        0..common::FIXTURES.len(),
        vec((any::<Index>(), mutation()), 1..5),
    )
        .prop_map(|(which, mutations)| {
            let mut doc = fixtures()[which].clone();
            for (target, mutation) in &mutations {
                apply(&mut doc, *target, mutation);
            }
            doc
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn fixtures_generate_unchanged() {
    // The mutation strategy starts from these: each must load and generate as it is.
    for ((_, relative), doc) in common::FIXTURES.iter().zip(fixtures()) {
        let text = serde_yaml::to_string(doc).unwrap();
        let parsed = load_str(&text).unwrap_or_else(|e| panic!("{relative}: {e}"));
        generate(&parsed, &Options::from_title(&parsed))
            .unwrap_or_else(|e| panic!("{relative}: {e}"));
    }
}

#[test]
fn arbitrary_documents_never_panic() {
    run_property("arbitrary documents", 256, text_of(document()));
}

#[test]
fn mutated_fixtures_never_panic() {
    run_property("mutated fixtures", 192, text_of(mutated_fixture()));
}
