//! The translation step: a document as a value tree, rewritten into what openapiv3 (an
//! OpenAPI 3.0 model) reads. Two kinds of rewrite, each a fixed rule:
//!
//! - **OpenAPI 3.1** documents are translated construct by construct into 3.0 (`type:
//!   [T, "null"]` to `type: T` + `nullable`, `const` to a one-value `enum`, and so on; the
//!   list is in the README and on [`Normalizer::schema`]).
//! - **Unusual values** that would make openapiv3 refuse a whole document (`items: true`, a
//!   numeric `exclusiveMinimum` in 3.0, `minLength: -1`, `examples` given as a list) are
//!   mended or dropped, in 3.0 and 3.1 documents alike.
//!
//! Anything dropped, and anything read other than as written, gets a [`Note`] naming the
//! place. Rewrites that keep the meaning (a type list to `oneOf`) are silent.

use serde_yaml::{Mapping, Value};

use crate::error::push_pointer;
use crate::model::Note;

/// The operations of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// JSON Schema 2020-12 keywords with no OpenAPI 3.0 form. They constrain values; the generated
/// types do not check constraints, so they are dropped with a note.
const NO_3_0_FORM: [&str; 15] = [
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "$dynamicRef",
    "$dynamicAnchor",
    "contentSchema",
];

/// Keywords that take a non-negative integer.
const COUNTS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Keywords that take a boolean (the numeric 3.1 forms of the exclusive bounds are translated
/// before these are checked).
const FLAGS: [&str; 7] = [
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// Keywords that take a number.
const NUMBERS: [&str; 3] = ["minimum", "maximum", "multipleOf"];

/// Keywords that document or annotate a schema without constraining its values.
const ANNOTATIONS: [&str; 12] = [
    "description",
    "title",
    "deprecated",
    "example",
    "examples",
    "default",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "$comment",
];

/// Keywords that take a string; a number or boolean there is read as its text.
const TEXTS: [&str; 4] = ["description", "title", "pattern", "format"];

/// Which keywords of a schema with several types go to the alternative of each type.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["minLength", "maxLength", "pattern"],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// Whether an `enum` value fits a type.
fn fits(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_bool(),
        "array" => value.is_sequence(),
        "object" => value.is_mapping(),
        _ => false,
    }
}

/// The OpenAPI 3.1 default dialect; any other is read as it anyway, with a note.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Rewrites `root` in place, returning what it noted.
pub fn normalize(root: &mut Value, v31: bool) -> Vec<Note> {
    let mut n = Normalizer {
        v31,
        notes: Vec::new(),
        defs: Vec::new(),
    };
    text_keys(root);
    if let Value::Mapping(map) = root {
        n.document(map);
    }
    n.notes
}

/// Mapping keys that are not strings (`200:` unquoted, `1:` inside an example) become their
/// text, which is how openapiv3 reads keys.
fn text_keys(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            if map.keys().any(|k| !k.is_string()) {
                let old = std::mem::take(map);
                for (key, value) in old {
                    map.insert(Value::String(scalar_text(&key)), value);
                }
            }
            map.values_mut().for_each(text_keys);
        }
        Value::Sequence(items) => items.iter_mut().for_each(text_keys),
        Value::Tagged(tagged) => text_keys(&mut tagged.value),
        _ => {}
    }
}

/// A scalar's text; other values as compact YAML-ish text (only used for odd keys).
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Tagged(t) => scalar_text(&t.value),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// Short text of a value for a note.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        other => scalar_text(other),
    }
}

/// A walker of one kind of object.
type Walk = fn(&mut Normalizer, &mut Value, &str);

struct Normalizer {
    v31: bool,
    notes: Vec<Note>,
    /// `$defs` entries taken out of schemas: (pointer of the entry, its key, the schema).
    defs: Vec<(String, String, Value)>,
}

impl Normalizer {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    fn document(&mut self, root: &mut Mapping) {
        if self.v31 {
            self.document_3_1(root);
        }
        if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                let ptr = push_pointer("#/paths", &scalar_text(path));
                self.path_item(item, &ptr);
            }
        }
        if let Some(Value::Mapping(components)) = root.get_mut("components") {
            self.components(components);
        }
        if !self.defs.is_empty() {
            self.hoist_defs(root);
        }
    }

    /// The parts of a 3.1 document outside its schemas.
    fn document_3_1(&mut self, root: &mut Mapping) {
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(OAS_DIALECT) {
                self.note(
                    "#/jsonSchemaDialect",
                    format!(
                        "schemas are read as the OpenAPI 3.1 base dialect, not {}",
                        shown(&dialect)
                    ),
                );
            }
        }
        if let Some(Value::Mapping(hooks)) = root.shift_remove("webhooks") {
            for name in hooks.keys() {
                self.note(
                    &push_pointer("#/webhooks", &scalar_text(name)),
                    "webhook not generated: the API calls it, a client does not",
                );
            }
        }
        if let Some(Value::Mapping(info)) = root.get_mut("info") {
            if let Some(summary) = info.shift_remove("summary") {
                // The summary leads the description, which is what the docs show.
                let summary = scalar_text(&summary);
                let text = match info.get("description").and_then(Value::as_str) {
                    Some(d) if !d.starts_with(&summary) => format!("{summary}\n\n{d}"),
                    Some(d) => d.to_owned(),
                    None => summary,
                };
                info.insert(key("description"), Value::String(text));
            }
            if let Some(Value::Mapping(license)) = info.get_mut("license") {
                if let Some(id) = license.shift_remove("identifier") {
                    if !license.contains_key("url") {
                        let url = format!("https://spdx.org/licenses/{}.html", scalar_text(&id));
                        license.insert(key("url"), Value::String(url));
                    }
                }
            }
        }
        if !root.contains_key("paths") {
            root.insert(key("paths"), Value::Mapping(Mapping::new()));
        }
        self.inline_path_items(root);
    }

    /// `components/pathItems` (3.1): a path that refers to one gets a copy of it; the
    /// section itself is not kept, and those no path refers to are noted.
    fn inline_path_items(&mut self, root: &mut Mapping) {
        let Some(Value::Mapping(components)) = root.get_mut("components") else {
            return;
        };
        let Some(Value::Mapping(items)) = components.shift_remove("pathItems") else {
            return;
        };
        let mut used = vec![false; items.len()];
        if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
            for item in paths.values_mut() {
                let Some(Value::Mapping(map)) = Some(&mut *item) else {
                    continue;
                };
                let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                    .map(|n| n.replace("~1", "/").replace("~0", "~"))
                else {
                    continue;
                };
                if let Some(index) = items.keys().position(|k| k.as_str() == Some(&name)) {
                    used[index] = true;
                    if let Some(target) = items.values().nth(index) {
                        *item = target.clone();
                    }
                }
            }
        }
        for (name, used) in items.keys().zip(used) {
            if !used {
                let ptr = push_pointer("#/components/pathItems", &scalar_text(name));
                self.note(&ptr, "path item not generated: no path refers to it");
            }
        }
    }

    fn components(&mut self, components: &mut Mapping) {
        let sections: [(&str, Walk); 6] = [
            ("schemas", Self::schema),
            ("responses", Self::response),
            ("parameters", Self::parameter),
            ("headers", Self::parameter),
            ("requestBodies", Self::request_body),
            ("callbacks", Self::callback),
        ];
        for (section, walk) in sections {
            if let Some(Value::Mapping(entries)) = components.get_mut(section) {
                let base = push_pointer("#/components", section);
                for (name, entry) in entries.iter_mut() {
                    walk(self, entry, &push_pointer(&base, &scalar_text(name)));
                }
            }
        }
    }

    /// A `$ref` to something that is not a schema: 3.1 allows `summary` and `description`
    /// beside it, which have no place in 3.0 (openapiv3 ignores them).
    fn reference(&mut self, map: &Mapping, ptr: &str) -> bool {
        if !map.contains_key("$ref") {
            return false;
        }
        if self.v31 {
            let others: Vec<String> = map
                .keys()
                .filter_map(Value::as_str)
                .filter(|k| *k != "$ref")
                .map(|k| format!("`{k}`"))
                .collect();
            if !others.is_empty() {
                self.note(
                    ptr,
                    format!(
                        "{} beside `$ref` dropped: the referenced object's own are used",
                        others.join(", ")
                    ),
                );
            }
        }
        true
    }

    fn path_item(&mut self, item: &mut Value, ptr: &str) {
        let Value::Mapping(map) = item else { return };
        if self.reference(map, ptr) {
            return;
        }
        self.parameters(map, ptr);
        for method in METHODS {
            if let Some(Value::Mapping(op)) = map.get_mut(method) {
                self.operation(op, &push_pointer(ptr, method));
            }
        }
    }

    fn parameters(&mut self, map: &mut Mapping, ptr: &str) {
        if let Some(Value::Sequence(params)) = map.get_mut("parameters") {
            let base = push_pointer(ptr, "parameters");
            for (i, param) in params.iter_mut().enumerate() {
                self.parameter(param, &push_pointer(&base, &i.to_string()));
            }
        }
    }

    fn operation(&mut self, op: &mut Mapping, ptr: &str) {
        self.parameters(op, ptr);
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &push_pointer(ptr, "requestBody"));
        }
        if let Some(Value::Mapping(responses)) = op.get_mut("responses") {
            let base = push_pointer(ptr, "responses");
            for (code, response) in responses.iter_mut() {
                self.response(response, &push_pointer(&base, &scalar_text(code)));
            }
        }
        if let Some(Value::Mapping(callbacks)) = op.get_mut("callbacks") {
            let base = push_pointer(ptr, "callbacks");
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &push_pointer(&base, &scalar_text(name)));
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, ptr: &str) {
        let Value::Mapping(map) = callback else {
            return;
        };
        if self.reference(map, ptr) {
            return;
        }
        for (expression, item) in map.iter_mut() {
            self.path_item(item, &push_pointer(ptr, &scalar_text(expression)));
        }
    }

    /// A parameter or a header.
    fn parameter(&mut self, param: &mut Value, ptr: &str) {
        let Value::Mapping(map) = param else { return };
        if self.reference(map, ptr) {
            return;
        }
        if let Some(schema) = map.get_mut("schema") {
            self.schema(schema, &push_pointer(ptr, "schema"));
        }
        self.content(map, ptr);
        self.examples(map, ptr);
    }

    fn request_body(&mut self, body: &mut Value, ptr: &str) {
        let Value::Mapping(map) = body else { return };
        if self.reference(map, ptr) {
            return;
        }
        self.content(map, ptr);
    }

    fn response(&mut self, response: &mut Value, ptr: &str) {
        let Value::Mapping(map) = response else {
            return;
        };
        if self.reference(map, ptr) {
            return;
        }
        if let Some(Value::Mapping(headers)) = map.get_mut("headers") {
            let base = push_pointer(ptr, "headers");
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &push_pointer(&base, &scalar_text(name)));
            }
        }
        self.content(map, ptr);
    }

    fn content(&mut self, map: &mut Mapping, ptr: &str) {
        let Some(Value::Mapping(content)) = map.get_mut("content") else {
            return;
        };
        let base = push_pointer(ptr, "content");
        for (media_type, media) in content.iter_mut() {
            let Value::Mapping(media) = media else {
                continue;
            };
            let ptr = push_pointer(&base, &scalar_text(media_type));
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &push_pointer(&ptr, "schema"));
            }
            self.examples(media, &ptr);
            if let Some(Value::Mapping(encodings)) = media.get_mut("encoding") {
                for (name, encoding) in encodings.iter_mut() {
                    let ptr = push_pointer(&push_pointer(&ptr, "encoding"), &scalar_text(name));
                    if let Some(Value::Mapping(headers)) =
                        encoding.as_mapping_mut().and_then(|e| e.get_mut("headers"))
                    {
                        for (name, header) in headers.iter_mut() {
                            let ptr =
                                push_pointer(&push_pointer(&ptr, "headers"), &scalar_text(name));
                            self.parameter(header, &ptr);
                        }
                    }
                }
            }
        }
    }

    /// `examples` of a parameter or media type must be a mapping of Example objects; a list
    /// (the JSON Schema form) gives its first value as `example`.
    fn examples(&mut self, map: &mut Mapping, ptr: &str) {
        match map.get("examples") {
            None | Some(Value::Mapping(_)) => {}
            Some(Value::Sequence(_)) => {
                let Some(Value::Sequence(values)) = map.shift_remove("examples") else {
                    return;
                };
                let ptr = push_pointer(ptr, "examples");
                if map.contains_key("example") || values.is_empty() {
                    self.note(
                        &ptr,
                        "a list of examples (not a mapping of Example objects) dropped",
                    );
                } else {
                    let count = values.len();
                    let first = values.into_iter().next().unwrap_or(Value::Null);
                    map.insert(key("example"), first);
                    if count > 1 {
                        self.note(
                            &ptr,
                            format!("a list of {count} examples (not a mapping of Example objects): the first is kept as `example`"),
                        );
                    }
                }
            }
            Some(other) => {
                let what = shown(other);
                map.shift_remove("examples");
                self.note(
                    &push_pointer(ptr, "examples"),
                    format!("`examples: {what}` is not a mapping of Example objects; dropped"),
                );
            }
        }
    }

    /// One schema, and every schema inside it. The rules, in order:
    ///
    /// 1. `true` is `{}`; `false` is `not: {}` (no value is valid), noted.
    /// 2. `$ref` with siblings: 3.1 keeps the siblings, so the schema becomes
    ///    `allOf: [{$ref}]` plus the siblings; 3.0 ignores them, except `nullable: true`,
    ///    which is honoured the same way with a note. A component schema that is a `$ref`
    ///    with only annotations beside it is another name for its target: the annotations
    ///    are dropped with a note.
    /// 3. 3.1: `$schema` and `$comment` dropped; `$id`, `$anchor`, `$vocabulary` dropped with
    ///    a note; `$defs` entries moved to `components/schemas` (see [`Self::hoist_defs`]);
    ///    `const: v` is `enum: [v]`; `examples: [a, ..]` is `example: a`;
    ///    `contentEncoding: base64` is `format: byte`, another `contentMediaType` that is not
    ///    text is `format: binary`; `prefixItems` is `items` (see [`Self::tuple`]); keywords
    ///    with no 3.0 form are dropped with a note.
    /// 4. `type` as a list: `null` in it is `nullable: true`; one other type is `type`;
    ///    several are `oneOf` with one alternative a type, each with that type's keywords and
    ///    `enum` values. `type: 'null'` alone is `nullable: true` (3.1 only).
    /// 5. A numeric `exclusiveMinimum`/`exclusiveMaximum` (3.1's form) is the bound with the
    ///    boolean set, the stricter of it and a `minimum`/`maximum` beside it.
    /// 6. Values of the wrong kind, which would make openapiv3 refuse the whole document,
    ///    are mended where the meaning is clear (a whole float count, `"true"` for a flag, a
    ///    number as a description's text, draft-3 `required: true` on a property) and dropped
    ///    with a note otherwise; an integer's bound outside the 64-bit range is dropped with a
    ///    note.
    fn schema(&mut self, value: &mut Value, ptr: &str) {
        match value {
            Value::Bool(true) => {
                *value = Value::Mapping(Mapping::new());
                return;
            }
            Value::Bool(false) => {
                self.note(ptr, "schema `false` (no value is valid) read as `not: {}`");
                let mut map = Mapping::new();
                map.insert(key("not"), Value::Mapping(Mapping::new()));
                *value = Value::Mapping(map);
                return;
            }
            Value::Mapping(_) => {}
            _ => return,
        }
        let Value::Mapping(map) = value else { return };
        if map.contains_key("$ref") && !self.reference_with_siblings(map, ptr) {
            return;
        }
        if self.v31 {
            self.identifiers(map, ptr);
            self.keywords_3_1(map, ptr);
        }
        self.types(map, ptr);
        exclusive_bounds(map);
        self.mend(map, ptr);
        self.subschemas(map, ptr);
    }

    /// Rule 2. Returns whether the schema is more than its `$ref` (and is to be walked on).
    fn reference_with_siblings(&mut self, map: &mut Mapping, ptr: &str) -> bool {
        if self.v31 {
            map.shift_remove("$schema");
            map.shift_remove("$comment");
        }
        if map.len() == 1 {
            return false;
        }
        if !self.v31 && map.get("nullable") != Some(&Value::Bool(true)) {
            return false;
        }
        let alias = ptr
            .strip_prefix("#/components/schemas/")
            .is_some_and(|name| !name.contains('/'));
        let annotations_only = map
            .keys()
            .filter_map(Value::as_str)
            .all(|k| k == "$ref" || k.starts_with("x-") || ANNOTATIONS.contains(&k));
        if alias && annotations_only {
            // A component that only renames another: an `allOf` would make it a type of its
            // own, which only objects can be.
            let dropped: Vec<String> = map
                .keys()
                .filter_map(Value::as_str)
                .filter(|k| *k != "$ref")
                .map(|k| format!("`{k}`"))
                .collect();
            map.retain(|k, _| k.as_str() == Some("$ref"));
            self.note(
                ptr,
                format!(
                    "{} beside `$ref` dropped: this component is another name for the referenced schema, whose own are used",
                    dropped.join(", ")
                ),
            );
            return false;
        }
        if !self.v31 {
            self.note(
                ptr,
                "`nullable` beside `$ref` (which OpenAPI 3.0 says to ignore) is honoured: read as `allOf: [$ref]` with `nullable`",
            );
        }
        let reference = map.shift_remove("$ref").unwrap_or(Value::Null);
        let mut only_ref = Mapping::new();
        only_ref.insert(key("$ref"), reference);
        match map.get_mut("allOf") {
            Some(Value::Sequence(parts)) => parts.insert(0, Value::Mapping(only_ref)),
            _ => {
                map.insert(
                    key("allOf"),
                    Value::Sequence(vec![Value::Mapping(only_ref)]),
                );
            }
        }
        true
    }

    /// Rule 3, identifiers.
    fn identifiers(&mut self, map: &mut Mapping, ptr: &str) {
        map.shift_remove("$schema");
        map.shift_remove("$comment");
        for keyword in ["$id", "$anchor", "$vocabulary"] {
            if let Some(value) = map.shift_remove(keyword) {
                self.note(
                    &push_pointer(ptr, keyword),
                    format!(
                        "`{keyword}: {}` dropped: references are followed by JSON pointer only",
                        shown(&value)
                    ),
                );
            }
        }
        if let Some(defs) = map.shift_remove("$defs") {
            match defs {
                Value::Mapping(defs) => {
                    let base = push_pointer(ptr, "$defs");
                    for (name, schema) in defs {
                        let name = scalar_text(&name);
                        self.defs.push((push_pointer(&base, &name), name, schema));
                    }
                }
                other => self.note(
                    &push_pointer(ptr, "$defs"),
                    format!("`$defs: {}` is not a mapping; dropped", shown(&other)),
                ),
            }
        }
    }

    /// Rule 3, keywords.
    fn keywords_3_1(&mut self, map: &mut Mapping, ptr: &str) {
        if let Some(value) = map.shift_remove("const") {
            if map.contains_key("enum") {
                self.note(
                    &push_pointer(ptr, "enum"),
                    "`enum` replaced by the one value of `const` beside it",
                );
            }
            map.insert(key("enum"), Value::Sequence(vec![value]));
        }
        if let Some(examples) = map.shift_remove("examples") {
            let ptr = push_pointer(ptr, "examples");
            match examples {
                Value::Sequence(values) if !values.is_empty() => {
                    let count = values.len();
                    if !map.contains_key("example") {
                        let first = values.into_iter().next().unwrap_or(Value::Null);
                        map.insert(key("example"), first);
                        if count > 1 {
                            self.note(
                                &ptr,
                                format!("{count} examples: the first is kept as `example`"),
                            );
                        }
                    } else {
                        self.note(&ptr, "`examples` dropped: `example` is given");
                    }
                }
                Value::Sequence(_) => {}
                other => self.note(
                    &ptr,
                    format!("`examples: {}` is not a list; dropped", shown(&other)),
                ),
            }
        }
        let encoding = map.shift_remove("contentEncoding");
        let media_type = map.shift_remove("contentMediaType");
        if encoding.is_some() || media_type.is_some() {
            let format = match (
                encoding.as_ref().and_then(Value::as_str),
                media_type.as_ref().and_then(Value::as_str),
            ) {
                (Some("base64" | "base64url"), _) => Some("byte"),
                (Some(_), _) => None,
                (None, Some(m)) if !is_textual(m) => Some("binary"),
                (None, _) => None,
            };
            match format {
                Some(format) if !map.contains_key("format") => {
                    map.insert(key("format"), key(format));
                }
                Some(_) => {}
                None => {
                    let what = encoding
                        .or(media_type)
                        .map(|v| shown(&v))
                        .unwrap_or_default();
                    self.note(
                        ptr,
                        format!("`contentEncoding`/`contentMediaType` {what} dropped: the value is read as a plain string"),
                    );
                }
            }
        }
        if let Some(prefix) = map.shift_remove("prefixItems") {
            self.tuple(map, prefix, ptr);
        }
        for keyword in NO_3_0_FORM {
            if map.shift_remove(keyword).is_some() {
                self.note(
                    &push_pointer(ptr, keyword),
                    format!("`{keyword}` has no OpenAPI 3.0 form; dropped (the generated type does not check it)"),
                );
            }
        }
    }

    /// `prefixItems: [A, B]` (or draft-4 `items: [A, B]`): a tuple, which 3.0 cannot say. If
    /// `items` is a schema, the array is of it; else of the tuple's one schema if all are
    /// equal, else of any JSON value. `items: false` after a tuple sets `maxItems`.
    fn tuple(&mut self, map: &mut Mapping, prefix: Value, ptr: &str) {
        let Value::Sequence(positions) = prefix else {
            self.note(&push_pointer(ptr, "prefixItems"), "not a list; dropped");
            return;
        };
        let closed = matches!(map.get("items"), Some(Value::Bool(false)));
        if matches!(map.get("items"), Some(Value::Mapping(m)) if !m.is_empty()) {
            self.note(
                &push_pointer(ptr, "prefixItems"),
                "tuple positions dropped: read as an array of `items`",
            );
            return;
        }
        if closed && !map.contains_key("maxItems") {
            map.insert(key("maxItems"), Value::Number(positions.len().into()));
        }
        let first = positions.first().cloned();
        let same = positions.iter().all(|p| Some(p) == first.as_ref());
        let items = match first {
            Some(first) if same => first,
            _ => {
                self.note(
                    &push_pointer(ptr, "prefixItems"),
                    "a tuple of different schemas has no OpenAPI 3.0 form: read as an array of any JSON value",
                );
                Value::Mapping(Mapping::new())
            }
        };
        map.insert(key("items"), items);
    }

    /// Rule 4.
    fn types(&mut self, map: &mut Mapping, ptr: &str) {
        let types: Vec<String> = match map.get("type") {
            Some(Value::Sequence(types)) => types.iter().map(scalar_text).collect(),
            Some(Value::String(t)) if t == "null" && self.v31 => vec![t.clone()],
            Some(Value::Null) if self.v31 => vec!["null".to_owned()],
            _ => return,
        };
        let nullable = types.iter().any(|t| t == "null");
        let mut others: Vec<String> = Vec::new();
        for ty in types.into_iter().filter(|t| t != "null") {
            if !others.contains(&ty) {
                others.push(ty);
            }
        }
        if nullable {
            map.insert(key("nullable"), Value::Bool(true));
        }
        match others.len() {
            0 => {
                map.shift_remove("type");
            }
            1 => {
                map.insert(key("type"), Value::String(others.remove(0)));
            }
            _ if map.contains_key("oneOf") || map.contains_key("anyOf") => {
                let kept = others.remove(0);
                self.note(
                    &push_pointer(ptr, "type"),
                    format!(
                        "beside `oneOf`/`anyOf`, only the first type `{kept}` is kept (dropped: {})",
                        others.join(", ")
                    ),
                );
                map.insert(key("type"), Value::String(kept));
            }
            _ => {
                map.shift_remove("type");
                let values = map.shift_remove("enum");
                let numeric_format = matches!(
                    map.get("format").and_then(Value::as_str),
                    Some("int32" | "int64" | "float" | "double")
                );
                let mut alternatives = Vec::new();
                for ty in &others {
                    let mut alternative = Mapping::new();
                    alternative.insert(key("type"), key(ty));
                    let takes_format = match ty.as_str() {
                        "integer" | "number" => numeric_format,
                        "string" => !numeric_format,
                        _ => false,
                    };
                    if takes_format {
                        if let Some(format) = map.get("format") {
                            alternative.insert(key("format"), format.clone());
                        }
                    }
                    for keyword in keywords_of(ty) {
                        if let Some(v) = map.get(*keyword) {
                            alternative.insert(key(keyword), v.clone());
                        }
                    }
                    if let Some(Value::Sequence(values)) = &values {
                        let fitting: Vec<Value> =
                            values.iter().filter(|v| fits(v, ty)).cloned().collect();
                        if fitting.is_empty() {
                            continue;
                        }
                        alternative.insert(key("enum"), Value::Sequence(fitting));
                    }
                    alternatives.push(Value::Mapping(alternative));
                }
                for ty in &others {
                    for keyword in keywords_of(ty) {
                        map.shift_remove(*keyword);
                    }
                }
                map.shift_remove("format");
                map.insert(key("oneOf"), Value::Sequence(alternatives));
            }
        }
    }

    /// Rule 6.
    fn mend(&mut self, map: &mut Mapping, ptr: &str) {
        for keyword in COUNTS {
            let Some(value) = map.get(keyword) else {
                continue;
            };
            let count = match value {
                Value::Number(n) if n.is_u64() => continue,
                Value::Number(n) => n
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 2f64.powi(53))
                    .map(|f| f as u64),
                _ => None,
            };
            match count {
                Some(count) => {
                    map.insert(key(keyword), Value::Number(count.into()));
                }
                None => {
                    let what = shown(value);
                    map.shift_remove(keyword);
                    self.note(
                        &push_pointer(ptr, keyword),
                        format!("`{keyword}: {what}` is not a count; dropped"),
                    );
                }
            }
        }
        for keyword in FLAGS {
            let Some(value) = map.get(keyword) else {
                continue;
            };
            let flag = match value {
                Value::Bool(_) => continue,
                Value::String(s) if s == "true" => Some(true),
                Value::String(s) if s == "false" => Some(false),
                _ => None,
            };
            match flag {
                Some(flag) => {
                    map.insert(key(keyword), Value::Bool(flag));
                }
                None => {
                    let what = shown(value);
                    map.shift_remove(keyword);
                    self.note(
                        &push_pointer(ptr, keyword),
                        format!("`{keyword}: {what}` is not a boolean; dropped"),
                    );
                }
            }
        }
        let integer = map.get("type").and_then(Value::as_str) == Some("integer");
        for keyword in NUMBERS {
            let Some(value) = map.get(keyword) else {
                continue;
            };
            let problem = match value {
                Value::Number(n) if integer && n.is_f64() => {
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    let in_range = f.is_finite() && f > -(2f64.powi(63)) && f < 2f64.powi(63);
                    (!in_range).then(|| {
                        format!(
                            "`{keyword}: {n}` on an integer is at or beyond the 64-bit range; dropped"
                        )
                    })
                }
                Value::Number(n) if integer && n.is_u64() && n.as_i64().is_none() => Some(format!(
                    "`{keyword}: {n}` on an integer is at or beyond the 64-bit range; dropped"
                )),
                Value::Number(_) => None,
                other => Some(format!(
                    "`{keyword}: {}` is not a number; dropped",
                    shown(other)
                )),
            };
            if let Some(message) = problem {
                map.shift_remove(keyword);
                self.note(&push_pointer(ptr, keyword), message);
            }
        }
        for keyword in TEXTS {
            if let Some(value @ (Value::Number(_) | Value::Bool(_))) = map.get(keyword) {
                let text = scalar_text(value);
                map.insert(key(keyword), Value::String(text));
            }
        }
        match map.get_mut("required") {
            None => {}
            Some(Value::Sequence(names)) => {
                let before = names.len();
                names.retain(Value::is_string);
                if names.len() != before {
                    self.note(
                        &push_pointer(ptr, "required"),
                        "entries that are not property names dropped",
                    );
                }
            }
            Some(other) => {
                let what = shown(other);
                map.shift_remove("required");
                self.note(
                    &push_pointer(ptr, "required"),
                    format!("`required: {what}` is not a list of property names; dropped"),
                );
            }
        }
        for keyword in ["enum", "allOf", "oneOf", "anyOf"] {
            if let Some(value) = map.get(keyword) {
                if !value.is_sequence() {
                    let what = shown(value);
                    map.shift_remove(keyword);
                    self.note(
                        &push_pointer(ptr, keyword),
                        format!("`{keyword}: {what}` is not a list; dropped"),
                    );
                }
            }
        }
        for keyword in ["properties", "discriminator"] {
            if let Some(value) = map.get(keyword) {
                if !value.is_mapping() {
                    let what = shown(value);
                    map.shift_remove(keyword);
                    self.note(
                        &push_pointer(ptr, keyword),
                        format!("`{keyword}: {what}` is not a mapping; dropped"),
                    );
                }
            }
        }
        if let Some(value) = map.get("additionalProperties") {
            if !value.is_mapping() && !value.is_bool() {
                let what = shown(value);
                map.shift_remove("additionalProperties");
                self.note(
                    &push_pointer(ptr, "additionalProperties"),
                    format!(
                        "`additionalProperties: {what}` is neither a schema nor a boolean; dropped"
                    ),
                );
            }
        }
        match map.get("items") {
            Some(Value::Bool(false)) => {
                map.shift_remove("items");
                self.note(
                    &push_pointer(ptr, "items"),
                    "`items: false` (only an empty array is valid) dropped",
                );
            }
            Some(Value::Sequence(_)) => {
                // Draft-4 tuple form.
                if let Some(positions) = map.shift_remove("items") {
                    self.tuple(map, positions, ptr);
                }
            }
            _ => {}
        }
    }

    /// Walks the schemas inside one: properties, items, additional properties, `allOf`,
    /// `oneOf`, `anyOf`, `not`.
    fn subschemas(&mut self, map: &mut Mapping, ptr: &str) {
        let mut newly_required = Vec::new();
        if let Some(Value::Mapping(properties)) = map.get_mut("properties") {
            let base = push_pointer(ptr, "properties");
            let mut refused = Vec::new();
            for (name, property) in properties.iter_mut() {
                let name = scalar_text(name);
                let ptr = push_pointer(&base, &name);
                if matches!(property, Value::Bool(false)) {
                    refused.push(name);
                    continue;
                }
                // Draft 3 wrote `required: true` on the property itself.
                if let Some(Value::Mapping(p)) = Some(&mut *property) {
                    if let Some(Value::Bool(required)) = p.get("required").cloned().as_ref() {
                        p.shift_remove("required");
                        if *required {
                            newly_required.push(name.clone());
                        }
                        self.note(
                            &push_pointer(&ptr, "required"),
                            format!("`required: {required}` on a property (draft 3) read as the object's `required` list"),
                        );
                    }
                }
                self.schema(property, &ptr);
            }
            for name in refused {
                properties.shift_remove(name.as_str());
                self.note(
                    &push_pointer(&base, &name),
                    "property with schema `false` (it must be absent) dropped",
                );
            }
        }
        if !newly_required.is_empty() {
            let required = map
                .entry(key("required"))
                .or_insert_with(|| Value::Sequence(Vec::new()));
            if let Value::Sequence(names) = required {
                for name in newly_required {
                    if !names.iter().any(|n| n.as_str() == Some(&name)) {
                        names.push(Value::String(name));
                    }
                }
            }
        }
        for keyword in ["items", "additionalProperties", "not"] {
            if let Some(schema) = map.get_mut(keyword) {
                if keyword == "additionalProperties" && schema.is_bool() {
                    continue;
                }
                self.schema(schema, &push_pointer(ptr, keyword));
            }
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Sequence(parts)) = map.get_mut(keyword) {
                let base = push_pointer(ptr, keyword);
                for (i, part) in parts.iter_mut().enumerate() {
                    self.schema(part, &push_pointer(&base, &i.to_string()));
                }
            }
        }
    }

    /// `$defs` entries (3.1) become component schemas, named by their key (numbered when the
    /// name is taken, with a note), and every `$ref` to their pointer is rewritten.
    fn hoist_defs(&mut self, root: &mut Mapping) {
        let components = root
            .entry(key("components"))
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        if !components.is_mapping() {
            return;
        }
        let mut renames: Vec<(String, String)> = Vec::new();
        while !self.defs.is_empty() {
            let defs = std::mem::take(&mut self.defs);
            for (pointer, name, mut schema) in defs {
                let schemas = components
                    .as_mapping_mut()
                    .map(|c| {
                        c.entry(key("schemas"))
                            .or_insert_with(|| Value::Mapping(Mapping::new()))
                    })
                    .and_then(Value::as_mapping_mut);
                let Some(schemas) = schemas else { return };
                let mut fresh = name.clone();
                let mut n = 2;
                while schemas.contains_key(fresh.as_str()) {
                    fresh = format!("{name}{n}");
                    n += 1;
                }
                let target = push_pointer("#/components/schemas", &fresh);
                if fresh != name {
                    self.note(&pointer, format!("moved to `{target}` (`{name}` is taken)"));
                }
                self.schema(&mut schema, &target);
                let schemas = components
                    .as_mapping_mut()
                    .and_then(|c| c.get_mut("schemas"))
                    .and_then(Value::as_mapping_mut);
                if let Some(schemas) = schemas {
                    schemas.insert(Value::String(fresh), schema);
                }
                renames.push((pointer, target));
            }
        }
        let mut root_value = Value::Mapping(std::mem::take(root));
        rewrite_refs(&mut root_value, &renames);
        if let Value::Mapping(map) = root_value {
            *root = map;
        }
    }
}

/// Points every `$ref` to a moved `$defs` entry at its new place.
fn rewrite_refs(value: &mut Value, renames: &[(String, String)]) {
    match value {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some((_, to)) = renames.iter().find(|(from, _)| from == reference) {
                    *reference = to.clone();
                }
            }
            map.values_mut().for_each(|v| rewrite_refs(v, renames));
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| rewrite_refs(v, renames)),
        _ => {}
    }
}

/// Rule 5.
fn exclusive_bounds(map: &mut Mapping) {
    for (exclusive, bound, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(limit)) = map.get(exclusive).cloned() else {
            continue;
        };
        let other = map.get(bound).and_then(Value::as_f64);
        let keep_exclusive = match (limit.as_f64(), other) {
            (Some(l), Some(o)) => l
                .partial_cmp(&o)
                .is_some_and(|c| c == stricter || c.is_eq()),
            _ => true,
        };
        if keep_exclusive {
            map.insert(key(bound), Value::Number(limit));
            map.insert(key(exclusive), Value::Bool(true));
        } else {
            map.shift_remove(exclusive);
        }
    }
}

/// Whether content of a media type is text (kept a string) rather than bytes.
fn is_textual(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    m.starts_with("text/") || m.contains("json") || m.contains("xml") || m.contains("yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(yaml: &str, v31: bool) -> (Value, Vec<String>) {
        let mut value: Value = serde_yaml::from_str(yaml).unwrap();
        let notes = normalize(&mut value, v31)
            .into_iter()
            .map(|n| format!("{}: {}", n.pointer, n.message))
            .collect();
        (value, notes)
    }

    /// The schema `A` after translation.
    fn schema(schema: &str, v31: bool) -> (Value, Vec<String>) {
        let indented: String = schema.lines().map(|l| format!("      {l}\n")).collect();
        let doc = format!("openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n{indented}");
        let (value, notes) = run(&doc, v31);
        (value["components"]["schemas"]["A"].clone(), notes)
    }

    /// The schema of property `p` of `A` after translation.
    fn property(schema: &str, v31: bool) -> (Value, Vec<String>) {
        let indented: String = schema.lines().map(|l| format!("          {l}\n")).collect();
        let doc = format!(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      properties:\n        p:\n{indented}"
        );
        let (value, notes) = run(&doc, v31);
        (
            value["components"]["schemas"]["A"]["properties"]["p"].clone(),
            notes,
        )
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn type_with_null_is_nullable() {
        let (a, notes) = schema("type: [string, 'null']\nmaxLength: 3", true);
        assert_eq!(a, yaml("{type: string, maxLength: 3, nullable: true}"));
        assert!(notes.is_empty(), "{notes:?}");
        let (a, _) = schema("type: 'null'\ndescription: nothing", true);
        assert_eq!(a, yaml("{description: nothing, nullable: true}"));
    }

    #[test]
    fn several_types_are_one_of_with_their_own_keywords() {
        let (a, _) = schema(
            "type: [string, integer, 'null']\nformat: int64\nmaxLength: 9\nminimum: 1\nenum: [a, 2, null]\ndescription: d",
            true,
        );
        assert_eq!(
            a,
            yaml("{description: d, nullable: true, oneOf: [{type: string, maxLength: 9, enum: [a]}, {type: integer, format: int64, minimum: 1, enum: [2]}]}")
        );
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        let (a, _) = schema(
            "type: number\nconst: 3\nexamples: [3]\nexclusiveMinimum: 0\nminimum: -5\nexclusiveMaximum: 10\nmaximum: 5",
            true,
        );
        assert_eq!(
            a,
            yaml("{type: number, minimum: 0, maximum: 5, enum: [3], example: 3, exclusiveMinimum: true}")
        );
    }

    #[test]
    fn ref_with_siblings_is_wrapped_in_3_1_and_only_for_nullable_in_3_0() {
        let (a, notes) = property("$ref: '#/components/schemas/B'\ndescription: d", true);
        assert_eq!(
            a,
            yaml("{description: d, allOf: [{$ref: '#/components/schemas/B'}]}")
        );
        assert!(notes.is_empty(), "{notes:?}");
        let (a, notes) = property("$ref: '#/components/schemas/B'\ndescription: d", false);
        assert_eq!(a, yaml("{$ref: '#/components/schemas/B', description: d}"));
        assert!(notes.is_empty());
        let (a, notes) = property("$ref: '#/components/schemas/B'\nnullable: true", false);
        assert_eq!(
            a,
            yaml("{nullable: true, allOf: [{$ref: '#/components/schemas/B'}]}")
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn a_component_alias_keeps_its_plain_ref() {
        let (a, notes) = schema(
            "$ref: '#/components/schemas/B'\ndescription: d\nnullable: true",
            true,
        );
        assert_eq!(a, yaml("{$ref: '#/components/schemas/B'}"));
        assert_eq!(notes.len(), 1, "{notes:?}");
        let (a, _) = schema("$ref: '#/components/schemas/B'\nrequired: [x]", true);
        assert_eq!(
            a,
            yaml("{required: [x], allOf: [{$ref: '#/components/schemas/B'}]}")
        );
    }

    #[test]
    fn binary_content_and_tuples() {
        let (a, _) = schema("type: string\ncontentMediaType: image/png", true);
        assert_eq!(a, yaml("{type: string, format: binary}"));
        let (a, _) = schema("type: string\ncontentEncoding: base64", true);
        assert_eq!(a, yaml("{type: string, format: byte}"));
        let (a, notes) = schema(
            "type: array\nprefixItems: [{type: string}, {type: integer}]\nitems: false",
            true,
        );
        assert_eq!(a, yaml("{type: array, maxItems: 2, items: {}}"));
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn defs_move_to_components_and_refs_follow() {
        let (doc, notes) = run(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    Tag: {type: string}\n    A:\n      $defs:\n        Tag: {type: integer}\n      properties:\n        t: {$ref: '#/components/schemas/A/$defs/Tag'}\n",
            true,
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Tag2"], yaml("{type: integer}"));
        assert_eq!(
            schemas["A"]["properties"]["t"],
            yaml("{$ref: '#/components/schemas/Tag2'}")
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn unusual_values_are_mended_or_dropped_with_a_note() {
        let (a, notes) = schema(
            "type: object\nrequired: true\nminProperties: 1.0\nproperties:\n  x: {type: integer, maximum: 1.8446744073709552e+19, minLength: -1}\n  y: false\n  z: {type: string, required: true}\n  w: true\n",
            false,
        );
        assert_eq!(
            a,
            yaml("{type: object, minProperties: 1, properties: {x: {type: integer}, z: {type: string}, w: {}}, required: [z]}")
        );
        assert_eq!(notes.len(), 5, "{notes:?}");
    }

    #[test]
    fn keys_become_text_and_lists_of_examples_become_one() {
        let (doc, notes) = run(
            "paths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, examples: [1, 2]}]\n      responses:\n        200: {description: ok}\n",
            false,
        );
        let op = &doc["paths"]["/a"]["get"];
        assert!(op["responses"].as_mapping().unwrap().contains_key("200"));
        assert_eq!(op["parameters"][0]["example"], yaml("1"));
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn document_level_3_1() {
        let (doc, notes) = run(
            "openapi: 3.1.0\njsonSchemaDialect: https://example.com/d\ninfo: {title: t, version: '1', summary: S, license: {name: MIT, identifier: MIT}}\nwebhooks:\n  ping: {}\ncomponents:\n  pathItems:\n    P: {get: {responses: {'200': {description: ok}}}}\n    Q: {}\n",
            true,
        );
        assert_eq!(doc["info"]["description"], yaml("S"));
        assert_eq!(
            doc["info"]["license"]["url"],
            yaml("https://spdx.org/licenses/MIT.html")
        );
        assert_eq!(doc["paths"], yaml("{}"));
        assert!(doc.get("webhooks").is_none());
        // The dialect, the webhook, two unused path items.
        assert_eq!(notes.len(), 4, "{notes:?}");
    }
}
