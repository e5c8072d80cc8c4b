//! Generated models must carry values unchanged. Random valid documents (objects with
//! required / optional / nullable mixes of every scalar, string enums, arrays, maps, nested and
//! inline objects, and references that recurse) are generated together with JSON values that
//! conform to each schema; each document becomes a crate in one scratch workspace whose tests
//! decode every value into its type with serde_json, encode it again and compare the JSON.
//! A fixed document with recursive schemas checks where `Box` goes; another, of loose
//! constructs settled by rules (names that meet, `null` alternatives, `$ref`s by pointer),
//! checks that values survive them.
//!
//! The documents come from a fixed seed (`ROUNDTRIP_SEED` changes it) and there are
//! `ROUNDTRIP_DOCS` of them (8 by default).

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use codegen::model::names::{snake, upper_camel};
use codegen::{generate, load::load_str, Options};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};

use common::path;

// ---------------------------------------------------------------------------------------------
// The shape of a schema, from which both the schema and conforming values are made

#[derive(Debug, Clone)]
enum Shape {
    String,
    Int32,
    Int64,
    Float,
    Double,
    Bool,
    DateTime,
    /// A string enum with these values (distinct Rust names).
    Enum(Vec<String>),
    /// Items, and whether an item may be null.
    Array(Box<Shape>, bool),
    /// `additionalProperties` alone: a map.
    Map(Box<Shape>),
    /// A reference to the component with this index.
    Ref(usize),
    /// An object: properties, and the type of additional properties.
    Object(Vec<Prop>, Option<Box<Shape>>),
}

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    shape: Shape,
    required: bool,
    nullable: bool,
}

#[derive(Debug, Clone)]
struct Component {
    name: String,
    shape: Shape,
}

const COMPONENT_NAMES: &[&str] = &[
    "Thing",
    "Node",
    "owner_info",
    "Order Item",
    "Kind",
    "Type",
    "Account",
    "Tag",
];

const PROPERTY_NAMES: &[&str] = &[
    "id",
    "name",
    "type",
    "self",
    "match",
    "createdAt",
    "updated_at",
    "count",
    "ratio",
    "enabled",
    "tags",
    "labels",
    "parent",
    "children",
    "next",
    "kind",
    "2fa",
    "x-rate-limit",
    "déjà vu",
    "value",
    "owner",
    "score",
];

const ENUM_VALUES: &[&str] = &[
    "active",
    "inactive",
    "on-hold",
    "2x",
    "Draft",
    "unknown",
    "",
    "a b",
    "PENDING_REVIEW",
    "self",
];

fn enum_values() -> BoxedStrategy<Vec<String>> {
    vec(select(ENUM_VALUES), 1..5)
        .prop_map(|values| {
            let mut out: Vec<String> = Vec::new();
            for value in values {
                let rust = |v: &str| {
                    if v.is_empty() {
                        "Empty".to_owned()
                    } else {
                        upper_camel(v).unwrap()
                    }
                };
                if !out.iter().any(|o| rust(o) == rust(value)) {
                    out.push(value.to_owned());
                }
            }
            out
        })
        .boxed()
}

/// A shape inside component `owner` of `count` components.
fn shape(count: usize) -> BoxedStrategy<Shape> {
    let leaf = prop_oneof![
        2 => Just(Shape::String),
        1 => Just(Shape::Int32),
        1 => Just(Shape::Int64),
        1 => Just(Shape::Float),
        1 => Just(Shape::Double),
        1 => Just(Shape::Bool),
        1 => Just(Shape::DateTime),
        2 => enum_values().prop_map(Shape::Enum),
        3 => (0..count).prop_map(Shape::Ref),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            2 => (inner.clone(), any::<bool>()).prop_map(|(s, n)| Shape::Array(Box::new(s), n)),
            1 => inner.clone().prop_map(|s| Shape::Map(Box::new(s))),
            2 => object(inner),
        ]
    })
    .boxed()
}

fn object(inner: BoxedStrategy<Shape>) -> BoxedStrategy<Shape> {
    (
        vec(
            (
                select(PROPERTY_NAMES),
                inner.clone(),
                any::<bool>(),
                any::<bool>(),
            ),
            1..6,
        ),
        prop_oneof![4 => Just(None), 1 => inner.prop_map(|s| Some(Box::new(s)))],
    )
        .prop_map(|(props, additional)| {
            let mut out: Vec<Prop> = Vec::new();
            for (name, shape, required, nullable) in props {
                if !out.iter().any(|p| snake(&p.name) == snake(name)) {
                    out.push(Prop {
                        name: name.to_owned(),
                        shape,
                        required,
                        nullable,
                    });
                }
            }
            Shape::Object(out, additional)
        })
        .boxed()
}

/// Component schemas: objects (most) and enums, with references between them.
fn components() -> BoxedStrategy<Vec<Component>> {
    (2..6usize)
        .prop_flat_map(|count| {
            let inner = shape(count);
            let component =
                prop_oneof![5 => object(inner), 1 => enum_values().prop_map(Shape::Enum)];
            (
                proptest::sample::subsequence(COMPONENT_NAMES, count),
                vec(component, count),
            )
        })
        .prop_map(|(names, shapes)| {
            let mut components: Vec<Component> = names
                .into_iter()
                .zip(shapes)
                .map(|(name, shape)| Component {
                    name: name.to_owned(),
                    shape,
                })
                .collect();
            // The first object refers to itself, so that every document recurses.
            if let Some(first) = components
                .iter_mut()
                .enumerate()
                .find(|(_, c)| matches!(c.shape, Shape::Object(..)))
            {
                let (index, component) = first;
                if let Shape::Object(props, _) = &mut component.shape {
                    props.retain(|p| p.name != "parent");
                    props.push(Prop {
                        name: "parent".to_owned(),
                        shape: Shape::Ref(index),
                        required: false,
                        nullable: true,
                    });
                }
            }
            for (index, component) in components.iter_mut().enumerate() {
                break_value_cycles(&mut component.shape, index);
            }
            components
        })
        .boxed()
}

/// A value must exist: references reached from component `owner` through required, non-null
/// properties only (no array, map, optional or nullable on the way) must go to a later
/// component. Others become nullable.
fn break_value_cycles(shape: &mut Shape, owner: usize) {
    if let Shape::Object(props, _) = shape {
        for prop in props {
            if !prop.required || prop.nullable {
                continue;
            }
            match &mut prop.shape {
                Shape::Ref(target) if *target <= owner => prop.nullable = true,
                inner @ Shape::Object(..) => break_value_cycles(inner, owner),
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shapes to schemas

fn reference(components: &[Component], index: usize) -> Value {
    json!({"$ref": format!("#/components/schemas/{}", components[index].name)})
}

fn schema(shape: &Shape, components: &[Component], nullable: bool) -> Value {
    let mut schema = match shape {
        Shape::String => json!({"type": "string"}),
        Shape::Int32 => json!({"type": "integer", "format": "int32"}),
        Shape::Int64 => json!({"type": "integer", "format": "int64"}),
        Shape::Float => json!({"type": "number", "format": "float"}),
        Shape::Double => json!({"type": "number", "format": "double"}),
        Shape::Bool => json!({"type": "boolean"}),
        Shape::DateTime => json!({"type": "string", "format": "date-time"}),
        Shape::Enum(values) => json!({"type": "string", "enum": values}),
        Shape::Array(items, null_items) => {
            json!({"type": "array", "items": schema(items, components, *null_items)})
        }
        Shape::Map(values) => {
            json!({"type": "object", "additionalProperties": schema(values, components, false)})
        }
        Shape::Ref(index) if nullable => {
            // A `$ref` ignores its siblings in OpenAPI 3.0: `allOf` carries `nullable`.
            return json!({"allOf": [reference(components, *index)], "nullable": true});
        }
        Shape::Ref(index) => return reference(components, *index),
        Shape::Object(props, additional) => {
            let properties: Map<String, Value> = props
                .iter()
                .map(|p| (p.name.clone(), schema(&p.shape, components, p.nullable)))
                .collect();
            let required: Vec<&str> = props
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.as_str())
                .collect();
            let mut object = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                object["required"] = json!(required);
            }
            if let Some(additional) = additional {
                object["additionalProperties"] = schema(additional, components, false);
            }
            object
        }
    };
    if nullable {
        schema["nullable"] = json!(true);
    }
    schema
}

fn document(title: &str, components: &[Component]) -> Value {
    let schemas: Map<String, Value> = components
        .iter()
        .map(|c| (c.name.clone(), schema(&c.shape, components, false)))
        .collect();
    let top = reference(components, 0);
    json!({
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": top}}},
                    "responses": {
                        "200": {"description": "The thing", "content": {"application/json": {"schema": top}}},
                        "default": {"description": "An error"}
                    }
                }
            }
        },
        "components": {"schemas": schemas}
    })
}

// ---------------------------------------------------------------------------------------------
// Shapes to conforming values

/// SplitMix64: values are made from a seed the strategy draws, so a document and its values
/// come from one seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

const STRINGS: &[&str] = &[
    "",
    "plain",
    "with \"quotes\" and \\ backslash",
    "unicode: déjà vu, 日本語, 🦀",
    "line\nbreak\ttab",
    "null",
    "0",
];

/// chrono writes a zero offset as `Z`, so that is how UTC is written here: `+00:00` would come
/// back as `Z`, the same instant in other words.
const DATES: &[&str] = &[
    "2024-02-29T23:59:59Z",
    "1999-12-31T00:00:00-05:00",
    "2030-06-15T12:30:45+05:30",
];

/// A value of `shape`; past `depth` 0, optional properties are left out, nullable ones are
/// null and collections are empty, so recursive types end.
fn value(shape: &Shape, components: &[Component], rng: &mut Rng, depth: u32) -> Value {
    match shape {
        Shape::String => json!(STRINGS[rng.below(STRINGS.len() as u64) as usize]),
        Shape::Int32 => json!(rng.next() as u32 as i32),
        Shape::Int64 => json!(rng.next() as i64),
        // Quarters are exact in `f32` and `f64`, and never integral (`2.0` would come back as
        // `2.0`, but the point is to compare numbers that need no rounding).
        Shape::Float => json!((rng.below(4000) as f64 - 2000.0) / 4.0 + 0.25),
        Shape::Double => json!((rng.next() >> 12) as f64 / 1024.0 - 1e12 + 0.5),
        Shape::Bool => json!(rng.chance(2)),
        Shape::DateTime => json!(DATES[rng.below(DATES.len() as u64) as usize]),
        Shape::Enum(values) => {
            if rng.chance(5) {
                // A value this client does not know: kept and sent back unchanged.
                json!("a-value-added-later")
            } else {
                json!(values[rng.below(values.len() as u64) as usize])
            }
        }
        Shape::Array(items, null_items) => {
            let len = if depth == 0 { 0 } else { rng.below(3) };
            let items: Vec<Value> = (0..len)
                .map(|_| {
                    if *null_items && rng.chance(3) {
                        Value::Null
                    } else {
                        value(items, components, rng, depth - 1)
                    }
                })
                .collect();
            Value::Array(items)
        }
        Shape::Map(values) => {
            let len = if depth == 0 { 0 } else { rng.below(3) };
            let map: Map<String, Value> = (0..len)
                .map(|i| {
                    (
                        format!("key {i}"),
                        value(values, components, rng, depth - 1),
                    )
                })
                .collect();
            Value::Object(map)
        }
        Shape::Ref(index) => value(&components[*index].shape, components, rng, depth),
        Shape::Object(props, additional) => {
            let mut object = Map::new();
            for prop in props {
                let present = prop.required || (depth > 0 && !rng.chance(3));
                if !present {
                    continue;
                }
                let null = prop.nullable && (depth == 0 || rng.chance(3));
                let v = if null {
                    Value::Null
                } else {
                    value(&prop.shape, components, rng, depth.saturating_sub(1))
                };
                object.insert(prop.name.clone(), v);
            }
            if let (Some(additional), true) = (additional, depth > 0) {
                for i in 0..rng.below(3) {
                    let key = format!("extra property {i}");
                    object.insert(key, value(additional, components, rng, depth - 1));
                }
            }
            Value::Object(object)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Crates

/// One document: its text, and (Rust type, JSON value) pairs that must round-trip.
struct Case {
    name: String,
    yaml: String,
    values: Vec<(String, Value)>,
}

fn random_case(index: usize, components: &[Component], value_seed: u64) -> Case {
    let name = format!("roundtrip_{index}");
    let doc = document(&format!("Roundtrip {index}"), components);
    let mut rng = Rng(value_seed);
    let mut values = Vec::new();
    for component in components {
        let rust = upper_camel(&component.name).unwrap();
        for depth in [0, 2, 4] {
            values.push((
                rust.clone(),
                value(&component.shape, components, &mut rng, depth),
            ));
        }
    }
    Case {
        name,
        yaml: serde_yaml::to_string(&doc).unwrap(),
        values,
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number"))
    })
}

fn random_cases() -> Vec<Case> {
    let docs = env_number("ROUNDTRIP_DOCS", 8) as usize;
    let seed = env_number("ROUNDTRIP_SEED", 0x0005_eed5);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = (components(), any::<u64>());
    (0..docs)
        .map(|i| {
            let (components, value_seed) = strategy.new_tree(&mut runner).unwrap().current();
            random_case(i, &components, value_seed)
        })
        .collect()
}

/// The fixed recursive document: a tree (`children` by `Vec`, `parent` nullable by value), a
/// cycle of two types by value, and a union that contains itself.
const RECURSIVE: &str = r##"
openapi: 3.0.3
info: {title: Recursive, version: '1'}
paths:
  /nodes:
    post:
      operationId: createNode
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        '200':
          description: The node
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      required: [id, children, parent]
      properties:
        id: {type: string}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
        parent:
          allOf: [{$ref: '#/components/schemas/Node'}]
          nullable: true
        byName:
          type: object
          additionalProperties: {$ref: '#/components/schemas/Node'}
        first:
          $ref: '#/components/schemas/Node'
    A:
      type: object
      required: [b]
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
        label: {type: string}
    Expr:
      oneOf:
        - $ref: '#/components/schemas/Literal'
        - $ref: '#/components/schemas/Sum'
    Literal:
      type: object
      required: [value]
      properties:
        value: {type: integer}
    Sum:
      type: object
      required: [left, right]
      properties:
        left: {$ref: '#/components/schemas/Expr'}
        right: {$ref: '#/components/schemas/Expr'}
"##;

fn recursive_case() -> Case {
    let node = json!({
        "id": "root",
        "parent": null,
        "children": [
            {"id": "a", "parent": {"id": "root", "parent": null, "children": []}, "children": []},
            {"id": "b", "parent": null, "children": [], "byName": {
                "c": {"id": "c", "parent": null, "children": [], "first": {"id": "d", "parent": null, "children": []}}
            }}
        ],
        "first": {"id": "a", "parent": null, "children": []}
    });
    let a = json!({"b": {"a": {"b": {"label": "innermost"}}, "label": "outer"}});
    let expr =
        json!({"left": {"value": 1}, "right": {"left": {"value": 2}, "right": {"value": -3}}});
    Case {
        name: "recursive".to_owned(),
        yaml: RECURSIVE.to_owned(),
        values: vec![
            ("Node".to_owned(), node),
            ("A".to_owned(), a),
            ("B".to_owned(), json!({})),
            ("Expr".to_owned(), expr),
        ],
    }
}

/// A fixed document of the constructs real documents use loosely, each settled by a rule
/// (names that meet, `null` alternatives, `allOf` with a `oneOf`, `$ref`s by pointer, integers
/// past `i64`, enums that are not strings), with values that must survive the generated types.
const LOOSE: &str = r##"
openapi: 3.0.3
info: {title: Loose, version: '1'}
paths:
  /holders:
    get:
      operationId: listHolders
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Holder'}}
components:
  schemas:
    Person:
      type: object
      required: [firstName, first_name]
      properties:
        firstName: {type: string}
        first_name: {type: string}
        "@": {type: boolean}
        additional_properties: {type: string}
      additionalProperties: {type: integer}
    person:
      type: string
    Sign:
      type: string
      enum: [a-b, a_b, "+1", "-1", "", ">="]
    MaybeName:
      oneOf: [{type: string}, {type: 'null'}]
    Holder:
      type: object
      required: [name, idOrName]
      properties:
        name: {$ref: '#/components/schemas/MaybeName'}
        idOrName:
          oneOf: [{type: integer}, {type: string}, {enum: [null]}]
        flag:
          anyOf: [{type: boolean}, {nullable: true}]
        big: {type: integer, minimum: 0, maximum: 18446744073709551615}
        level: {type: integer, enum: [1, 2]}
        mixed: {enum: [1, one, true]}
        base:
          allOf: [{$ref: '#/components/schemas/Pet'}, {nullable: true}]
    Pet:
      allOf:
        - type: object
          required: [id]
          properties:
            id: {type: string}
        - oneOf:
            - {type: object, properties: {purrs: {type: boolean}}}
            - {type: object, properties: {barks: {type: boolean}}}
    Listing:
      type: object
      properties:
        first: {$ref: '#/components/schemas/Pet/allOf/0'}
        ids: {$ref: '#/components/schemas/Pet/allOf/0/properties/id'}
"##;

fn loose_case() -> Case {
    let person = json!({"firstName": "Ada", "first_name": "Lovelace", "@": true,
        "additional_properties": "kept", "age": 36});
    let holder = json!({"name": null, "idOrName": "x", "flag": null,
        "big": 18_446_744_073_709_551_615_u64, "level": 2, "mixed": "one", "base": null});
    let holder_2 = json!({"name": "n", "idOrName": 7, "flag": true,
        "base": {"id": "p", "barks": true}});
    Case {
        name: "loose".to_owned(),
        yaml: LOOSE.to_owned(),
        values: vec![
            ("Person".to_owned(), person),
            (
                "Person2".to_owned(),
                json!("a string schema of the same Rust name"),
            ),
            ("Sign".to_owned(), json!("-1")),
            ("Sign".to_owned(), json!("a_b")),
            ("Sign".to_owned(), json!("")),
            ("Holder".to_owned(), holder),
            ("Holder".to_owned(), holder_2),
            ("Pet".to_owned(), json!({"id": "p", "purrs": false})),
            (
                "Listing".to_owned(),
                json!({"first": {"id": "q"}, "ids": "r"}),
            ),
        ],
    }
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Rewriting identical files would make cargo rebuild them.
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

/// Writes the case as a crate; returns the generated `models.rs`.
fn write_crate(workspace: &Path, case: &Case) -> String {
    let doc = load_str(&case.yaml).unwrap_or_else(|e| panic!("{}: {e}\n{}", case.name, case.yaml));
    // Both directions on every type, to encode what was decoded.
    let options = Options {
        all_serde: true,
        ..Options::from_title(&doc)
    };
    let generated =
        generate(&doc, &options).unwrap_or_else(|e| panic!("{}: {e}\n{}", case.name, case.yaml));
    let krate = workspace.join(&case.name);
    let runtime = path("runtime");
    let manifest = codegen::emit::host_manifest(&case.name, &runtime);
    write(&krate.join("Cargo.toml"), &manifest);
    let mut tests = String::new();
    for (i, (rust, value)) in case.values.iter().enumerate() {
        let json = serde_json::to_string_pretty(value).unwrap();
        writeln!(
            tests,
            "    #[test]\n    fn value_{i}() {{\n        check::<crate::models::{rust}>(r####\"{json}\"####);\n    }}\n"
        )
        .unwrap();
    }
    let lib = format!(
        r#"//! Generated from a random document; its tests round-trip values through the models.
#![deny(warnings, missing_docs)]

{host}
#[cfg(test)]
mod roundtrip {{
    /// Decodes `json` as `T`, encodes it again, and compares the JSON values.
    fn check<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {{
        let expected: serde_json::Value = serde_json::from_str(json).unwrap();
        let typed: T = serde_json::from_str(json).unwrap_or_else(|e| {{
            panic!("{{}} does not decode: {{e}}\n{{json}}", std::any::type_name::<T>())
        }});
        let actual = serde_json::to_value(&typed).unwrap();
        assert_eq!(
            actual,
            expected,
            "{{}} changed the value\nsent:     {{expected}}\nreturned: {{actual}}",
            std::any::type_name::<T>()
        );
    }}

{tests}}}
"#,
        host = codegen::emit::HOST_LIB
    );
    write(&krate.join("src/lib.rs"), &lib);
    write(&krate.join("doc.yaml"), &case.yaml);
    let dir = krate.join("src/generated");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    for file in &generated.files {
        write(&dir.join(&file.path), &file.contents);
    }
    let models = generated.files.iter().find(|f| f.path == "models.rs");
    models.unwrap().contents.clone()
}

#[test]
fn generated_models_round_trip_values() {
    let workspace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("roundtrip-crates");
    let mut cases = random_cases();
    cases.push(recursive_case());
    cases.push(loose_case());
    // Crates of an earlier run with more documents would stay members otherwise.
    if let Ok(entries) = std::fs::read_dir(&workspace) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && name != "src" && !cases.iter().any(|c| c.name == name) {
                std::fs::remove_dir_all(entry.path()).unwrap();
            }
        }
    }
    let mut members = Vec::new();
    for case in &cases {
        let models = write_crate(&workspace, case);
        if case.name == "recursive" {
            check_boxes(&models);
        }
        members.push(case.name.as_str());
    }
    write(
        &workspace.join("Cargo.toml"),
        &codegen::emit::workspace_manifest(&members),
    );
    // The main workspace's lockfile pins the same dependency versions, and lets cargo work offline.
    let lock = std::fs::read_to_string(path("../Cargo.lock")).unwrap();
    write(&workspace.join("Cargo.lock"), &lock);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--workspace", "--lib", "--offline", "--quiet"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", common::target_dir())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "values do not round-trip (crates in {}):\n{}\n{}",
        workspace.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    let expected: usize = cases.iter().map(|c| c.values.len()).sum();
    assert_eq!(passed, expected, "every value's test ran:\n{stdout}");
}

/// Where the recursive document's cycles are broken: every by-value edge inside a cycle is
/// boxed, collections are not.
fn check_boxes(models: &str) {
    let one_line: String = models.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "pub children: Vec<Node>,",
        "pub parent: Option<Box<Node>>,",
        "pub by_name: Option<std::collections::BTreeMap<String, Node>>,",
        "pub first: Option<Box<Node>>,",
        "pub b: Box<B>,",
        "pub a: Option<Box<A>>,",
        "Sum(Box<Sum>)",
        "pub left: Box<Expr>,",
        "pub right: Box<Expr>,",
        "Literal(Literal)",
    ] {
        assert!(
            one_line.contains(expected),
            "`{expected}` is missing from the recursive document's models:\n{models}"
        );
    }
}
