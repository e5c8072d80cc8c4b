//! What the document says about each operation, read from `spec/avara.openapi.yaml` itself:
//! its method and path, its parameters, its request and response schemas, and a walk over a
//! JSON value that records which declared properties it holds.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::prism::workspace_root;

/// The document, as JSON.
pub struct Spec {
    document: Value,
}

/// One operation of the document.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `x-sdk-method`, e.g. `viewer.users.update`.
    pub sdk_method: String,
    /// Upper case, e.g. `PATCH`.
    pub method: String,
    /// The path template, e.g. `/v1/viewer/users/{userId}`.
    pub path: String,
    pub parameters: Vec<Parameter>,
    /// The `application/json` request body schema, if the operation takes a body.
    pub request_body: Option<Value>,
    /// The request body's named examples (`examples`, or `example` named `example`).
    pub body_examples: Vec<(String, Value)>,
    /// The `application/json` schema of the 200 response.
    pub response: Value,
    /// `x-pagination`, on list operations.
    pub pagination: Option<Value>,
}

/// One parameter of an operation (`$ref`s resolved).
#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub schema: Value,
    /// `explode`, defaulting as OpenAPI does for `style: form` (true).
    pub explode: bool,
}

const METHODS: [&str; 5] = ["get", "put", "post", "patch", "delete"];

impl Spec {
    pub fn load() -> Spec {
        let path = workspace_root().join("spec/avara.openapi.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|error| panic!("parse {}: {error}", path.display()));
        // serde_json writes YAML's integer keys (`200:`) as strings.
        let document = serde_json::to_value(yaml).expect("the document as JSON");
        Spec { document }
    }

    /// A document given as JSON (for the tests of the walk).
    #[cfg(test)]
    pub fn from_document(document: Value) -> Spec {
        Spec { document }
    }

    /// Follows `$ref`s to the node they name.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return node;
            };
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("a $ref outside the document: {reference}"));
            node = self
                .document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("a dangling $ref: {reference}"));
        }
        panic!("a $ref chain longer than 16 at {node}");
    }

    /// Every operation, in document order.
    pub fn operations(&self) -> Vec<Operation> {
        let paths = self.document["paths"]
            .as_object()
            .expect("the document has paths");
        let mut operations = Vec::new();
        for (path, item) in paths {
            for method in METHODS {
                let Some(op) = item.get(method) else {
                    continue;
                };
                let sdk_method = op["x-sdk-method"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{method} {path} has no x-sdk-method"))
                    .to_owned();
                let parameters = [&item["parameters"], &op["parameters"]]
                    .into_iter()
                    .filter_map(Value::as_array)
                    .flatten()
                    .map(|p| {
                        let p = self.resolve(p);
                        let location = p["in"].as_str().expect("a parameter location");
                        Parameter {
                            name: p["name"].as_str().expect("a parameter name").to_owned(),
                            location: location.to_owned(),
                            schema: self.resolve(&p["schema"]).clone(),
                            explode: p["explode"].as_bool().unwrap_or(location == "query"),
                        }
                    })
                    .collect();
                let request_body =
                    op.get("requestBody")
                        .map(|body| self.resolve(body))
                        .map(|body| {
                            body.pointer("/content/application~1json/schema")
                                .unwrap_or_else(|| panic!("{sdk_method}: a body that is not JSON"))
                                .clone()
                        });
                let body_examples = op
                    .get("requestBody")
                    .map(|body| self.resolve(body))
                    .and_then(|body| body.pointer("/content/application~1json"))
                    .map(
                        |media| match (media.get("examples"), media.get("example")) {
                            (Some(Value::Object(examples)), _) => examples
                                .iter()
                                .map(|(name, example)| {
                                    (name.clone(), self.resolve(example)["value"].clone())
                                })
                                .collect(),
                            (_, Some(example)) => vec![("example".to_owned(), example.clone())],
                            _ => Vec::new(),
                        },
                    )
                    .unwrap_or_default();
                let response = self
                    .resolve(&op["responses"]["200"])
                    .pointer("/content/application~1json/schema")
                    .unwrap_or_else(|| panic!("{sdk_method}: no JSON 200 response"))
                    .clone();
                operations.push(Operation {
                    sdk_method,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    parameters,
                    request_body,
                    body_examples,
                    response,
                    pagination: op.get("x-pagination").cloned(),
                });
            }
        }
        operations
    }

    /// The operation with this `x-sdk-method`.
    pub fn operation(&self, sdk_method: &str) -> Operation {
        self.operations()
            .into_iter()
            .find(|op| op.sdk_method == sdk_method)
            .unwrap_or_else(|| panic!("the document has no operation {sdk_method}"))
    }

    /// Walks `value` along `schema`: for every object reached, records each property the
    /// schema declares for it as present or missing, named `<Component>.<property>` (or a
    /// path below the nearest component: `[]` for array items, `{}` for map values; an
    /// empty array or map counts as its items or values missing). Values
    /// that are `null` end the walk (the property was present; Prism checked nullability).
    /// Of several `oneOf`/`anyOf` branches, the first whose required properties are all
    /// there is walked. A value whose JSON type is not the declared `type` is recorded as
    /// mistyped.
    pub fn walk(&self, schema: &Value, value: &Value, at: &str, coverage: &mut Coverage) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.rsplit('/').next().unwrap_or(reference);
            self.walk(self.resolve(schema), value, name, coverage);
            return;
        }
        if value.is_null() {
            return;
        }
        if let Some(expected) = schema["type"].as_str() {
            let fits = match expected {
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "string" => value.is_string(),
                "boolean" => value.is_boolean(),
                "array" => value.is_array(),
                "object" => value.is_object(),
                _ => true,
            };
            if !fits {
                coverage
                    .mistyped
                    .insert(format!("{at}: {expected} declared, {value} found"));
            }
        }
        for part in schema["allOf"].as_array().into_iter().flatten() {
            self.walk(part, value, at, coverage);
        }
        let branches: Vec<&Value> = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| schema[*key].as_array())
            .flatten()
            .filter(|branch| !is_null_branch(branch))
            .collect();
        if !branches.is_empty() {
            let chosen = branches
                .iter()
                .find(|branch| self.has_required(branch, value))
                .unwrap_or_else(|| {
                    panic!("{at}: no oneOf/anyOf branch has all its required properties in {value}")
                });
            self.walk(chosen, value, at, coverage);
        }
        let declared = schema["properties"].as_object();
        if let (Some(declared), Some(object)) = (declared, value.as_object()) {
            for (name, property) in declared {
                let place = format!("{at}.{name}");
                match object.get(name) {
                    Some(inner) => {
                        coverage.present.insert(place.clone());
                        self.walk(property, inner, &place, coverage);
                    }
                    None => {
                        coverage.missing.insert(place);
                    }
                }
            }
        }
        if let (Some(additional), Some(object)) =
            (schema.get("additionalProperties"), value.as_object())
        {
            if additional.is_object() {
                // An empty map proves nothing about its values' type.
                let place = format!("{at}{{}}");
                let mut entries = 0;
                for (name, inner) in object {
                    if declared.is_none_or(|declared| !declared.contains_key(name)) {
                        entries += 1;
                        self.walk(additional, inner, &place, coverage);
                    }
                }
                coverage.record(place, entries > 0);
            }
        }
        if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
            // Likewise an empty array for its items.
            let place = format!("{at}[]");
            for inner in array {
                self.walk(items, inner, &place, coverage);
            }
            coverage.record(place, !array.is_empty());
        }
    }

    fn has_required(&self, branch: &Value, value: &Value) -> bool {
        let branch = self.resolve(branch);
        let Some(object) = value.as_object() else {
            // A scalar branch: its type decides.
            return match branch["type"].as_str() {
                Some("string") => value.is_string(),
                Some("number") => value.is_number(),
                Some("integer") => value.is_i64() || value.is_u64(),
                Some("boolean") => value.is_boolean(),
                Some("array") => value.is_array(),
                _ => true,
            };
        };
        branch["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .all(|name| object.contains_key(name))
    }
}

/// The branch `enum: [null]` that makes a nullable `anyOf` admit null.
fn is_null_branch(branch: &Value) -> bool {
    branch["enum"]
        .as_array()
        .is_some_and(|values| values.iter().all(Value::is_null))
}

/// Which declared properties a walk found, and which it did not.
#[derive(Debug, Default)]
pub struct Coverage {
    pub present: BTreeSet<String>,
    pub missing: BTreeSet<String>,
    /// Values whose JSON type is not the declared `type` (e.g. `178.0` for an integer).
    pub mistyped: BTreeSet<String>,
}

impl Coverage {
    fn record(&mut self, place: String, present: bool) {
        if present {
            self.present.insert(place);
        } else {
            self.missing.insert(place);
        }
    }

    /// Declared properties missing here and not present in `other` either.
    pub fn missing_from_both(&self, other: &Coverage) -> BTreeSet<String> {
        self.missing
            .union(&other.missing)
            .filter(|place| !self.present.contains(*place) && !other.present.contains(*place))
            .cloned()
            .collect()
    }
}

/// The differences between the JSON a server sent and what the client re-encodes from its
/// decoded value: a key on one side only (a dropped or invented field), a different value.
/// Two spellings of one value are the same: numbers are compared by value (`178` and `178.0`),
/// and two RFC 3339 timestamps with the same instant and offset are equal (`Z` and `+00:00`,
/// `.0` seconds).
pub fn differences(sent: &Value, decoded: &Value) -> Vec<String> {
    let mut out = Vec::new();
    compare(sent, decoded, "$", &mut out);
    out
}

fn compare(sent: &Value, decoded: &Value, at: &str, out: &mut Vec<String>) {
    match (sent, decoded) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let place = format!("{at}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => compare(x, y, &place, out),
                    (Some(x), None) => {
                        out.push(format!("{place}: sent {x}, dropped by the client"))
                    }
                    (None, Some(y)) => out.push(format!("{place}: not sent, the client has {y}")),
                    (None, None) => unreachable!(),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!("{at}: {} items sent, {} decoded", a.len(), b.len()));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{at}[{i}]"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            if a.as_f64() != b.as_f64() {
                out.push(format!("{at}: sent {a}, decoded {b}"));
            }
        }
        (Value::String(a), Value::String(b)) => {
            if a != b && !same_timestamp(a, b) {
                out.push(format!("{at}: sent {a:?}, decoded {b:?}"));
            }
        }
        (a, b) => {
            if a != b {
                out.push(format!("{at}: sent {a}, decoded {b}"));
            }
        }
    }
}

fn same_timestamp(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b && a.offset() == b.offset(),
        _ => false,
    }
}

/// Which query parameters a request sent, by name, with their values.
pub fn query_by_name(pairs: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in pairs {
        by_name.entry(name.clone()).or_default().push(value.clone());
    }
    by_name
}

/// Whether a request path (percent-encoded) fills the template's `{parameters}`: the same
/// number of segments, literal segments equal, parameter segments not empty.
pub fn path_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    template.len() == path.len()
        && template.iter().zip(&path).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

// The checks above must be able to fail: each kind of defect they exist for, on made-up
// values.
#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn differences_name_dropped_invented_and_changed_fields() {
        let sent = json!({"a": 1, "b": "x", "c": [1, 2], "d": {"e": true}});
        assert_eq!(differences(&sent, &sent), Vec::<String>::new());
        let decoded = json!({"b": "y", "c": [1], "d": {"e": false}, "z": null});
        let found = differences(&sent, &decoded);
        assert_eq!(
            found,
            [
                "$.a: sent 1, dropped by the client",
                "$.b: sent \"x\", decoded \"y\"",
                "$.c: 2 items sent, 1 decoded",
                "$.d.e: sent true, decoded false",
                "$.z: not sent, the client has null",
            ]
        );
    }

    #[test]
    fn differences_accept_only_other_spellings_of_the_same_value() {
        let same = [
            (json!(178), json!(178.0)),
            (
                json!("2024-01-15T10:00:00Z"),
                json!("2024-01-15T10:00:00+00:00"),
            ),
            (
                json!("1898-01-26T17:40:57.0Z"),
                json!("1898-01-26T17:40:57+00:00"),
            ),
        ];
        for (sent, decoded) in same {
            assert_eq!(differences(&sent, &decoded), Vec::<String>::new(), "{sent}");
        }
        let different = [
            (json!(178), json!(178.5)),
            (json!(1), json!("1")),
            (json!(null), json!(false)),
            // The same instant in another offset is another value on the wire.
            (
                json!("2024-01-15T10:00:00Z"),
                json!("2024-01-15T11:00:00+01:00"),
            ),
            (json!("2024-01-15"), json!("2024-01-16")),
        ];
        for (sent, decoded) in different {
            assert_eq!(differences(&sent, &decoded).len(), 1, "{sent} vs {decoded}");
        }
    }

    fn document() -> Spec {
        Spec::from_document(json!({
            "components": {"schemas": {
                "Study": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "assignedTo": {
                            "type": "object", "nullable": true,
                            "anyOf": [{"$ref": "#/components/schemas/User"}, {"enum": [null]}]
                        },
                        "notes": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
                        "metadata": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Note"}}
                    }
                },
                "User": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}, "name": {"type": "string"}}},
                "Note": {"type": "object", "properties": {"text": {"type": "string"}}},
                "OneOrMany": {"oneOf": [
                    {"$ref": "#/components/schemas/User"},
                    {"type": "object", "required": ["users"], "properties": {"users": {"type": "array"}}}
                ]}
            }}
        }))
    }

    fn walk(spec: &Spec, component: &str, value: Value) -> Coverage {
        let mut coverage = Coverage::default();
        let schema = json!({"$ref": format!("#/components/schemas/{component}")});
        spec.walk(&schema, &value, "x", &mut coverage);
        coverage
    }

    fn set(places: &[&str]) -> BTreeSet<String> {
        places.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn the_walk_finds_missing_properties_at_every_depth() {
        let spec = document();
        let full = walk(
            &spec,
            "Study",
            json!({"id": "s", "assignedTo": {"email": "e", "name": "n"},
                   "notes": [{"text": "t"}], "metadata": {"k": {"text": "t"}}}),
        );
        assert_eq!(full.missing, set(&[]));
        assert!(full.present.contains("User.name") && full.present.contains("Note.text"));

        let sparse = walk(
            &spec,
            "Study",
            json!({"id": "s", "assignedTo": {"email": "e"}, "notes": [{}], "metadata": {"k": {}}}),
        );
        assert_eq!(sparse.missing, set(&["User.name", "Note.text"]));

        // Empty arrays and maps say nothing about their items and values.
        let empty = walk(
            &spec,
            "Study",
            json!({"id": "s", "assignedTo": null, "notes": [], "metadata": {}}),
        );
        assert_eq!(empty.missing, set(&["Study.notes[]", "Study.metadata{}"]));

        // null ends the walk: nothing below it is missing (or present).
        let null = walk(&spec, "Study", json!({"id": "s", "assignedTo": null}));
        assert_eq!(null.missing, set(&["Study.notes", "Study.metadata"]));
        assert_eq!(full.missing_from_both(&sparse), set(&[]));
        // Present in one of the two is enough.
        assert_eq!(
            sparse.missing_from_both(&null),
            set(&["User.name", "Note.text"])
        );
    }

    #[test]
    fn the_walk_names_values_of_another_type_than_declared() {
        let spec = Spec::from_document(json!({"components": {"schemas": {"Customer": {
            "type": "object",
            "properties": {"userCount": {"type": "integer"}, "weight": {"type": "number"}, "name": {"type": "string"}}
        }}}}));
        let fine = walk(
            &spec,
            "Customer",
            json!({"userCount": 12, "weight": 68, "name": "n"}),
        );
        assert_eq!(fine.mistyped, set(&[]));
        let wrong = walk(
            &spec,
            "Customer",
            json!({"userCount": 12.0, "weight": "68", "name": 1}),
        );
        assert_eq!(
            wrong.mistyped,
            set(&[
                "Customer.name: string declared, 1 found",
                "Customer.userCount: integer declared, 12.0 found",
                "Customer.weight: number declared, \"68\" found",
            ])
        );
    }

    #[test]
    fn the_walk_follows_the_one_of_branch_the_value_has_the_required_properties_of() {
        let spec = document();
        let user = walk(&spec, "OneOrMany", json!({"email": "e"}));
        assert_eq!(user.missing, set(&["User.name"]));
        let many = walk(&spec, "OneOrMany", json!({"users": []}));
        assert_eq!(many.missing, set(&[]));
        assert!(many.present.contains("OneOrMany.users"));
    }

    #[test]
    fn paths_match_their_template() {
        assert!(path_matches("/v1/users/{userId}", "/v1/users/usr_1"));
        assert!(path_matches("/v1/x/{id}", "/v1/x/a%2Fb"));
        assert!(!path_matches("/v1/users/{userId}", "/v1/users/"));
        assert!(!path_matches("/v1/users/{userId}", "/v1/users/usr_1/x"));
        assert!(!path_matches(
            "/v1/users/{userId}/delete",
            "/v1/users/usr_1/remove"
        ));
    }
}
