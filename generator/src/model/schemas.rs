//! Lowering of schemas: `$ref` resolution, Rust types for JSON Schema, names for inline schemas.
//!
//! Components keep their own names; an inline schema that needs a type of its own is named from
//! where it occurs (`UserProfile` + property `address` = `UserProfileAddress`), with a number
//! appended in the rare case that the name is already taken.

use std::collections::{BTreeSet, HashMap};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::names::{self, upper_camel, Case, Claim};
use super::refs;
use super::{
    Directions, Enum, Field, Note, Presence, Struct, TypeDef, TypeKind, TypeRef, Union,
    UnionVariant, Variant,
};
use crate::error::{push_pointer, Error, ErrorKind};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Names from the Rust prelude that generated code uses unqualified (`String`, `Option`,
/// `Default::default()`, `From<&str>`, ...): a schema of that name would shadow them.
const PRELUDE: &[&str] = &[
    "String",
    "Option",
    "Some",
    "None",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Default",
    "From",
    "Into",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Debug",
    "Hash",
];

/// A schema named like a prelude item gets a `Model` suffix (`String` becomes `StringModel`),
/// so that the generated code keeps meaning what it says.
fn avoid_prelude(name: String) -> String {
    if PRELUDE.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// A schema as it occurs: a reference or an inline schema.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

/// A schema lowered to a type reference, with what the use site needs to know.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub read_only: bool,
    /// Documentation of an inline schema, or of the referenced one.
    pub doc: Option<String>,
    /// The schema's `example`, inline or referenced.
    pub example: Option<serde_json::Value>,
}

/// The lowering state: the document, the types made so far, and the problems found.
pub(crate) struct Lowerer<'a> {
    pub doc: &'a OpenAPI,
    pub types: Vec<TypeDef>,
    pub errors: Vec<Error>,
    pub notes: Vec<Note>,
    /// Pointers of schemas that became untyped JSON, in the order they were met.
    pub untyped: Vec<String>,
    /// Component key to Rust type name.
    component_names: HashMap<&'a str, String>,
    /// Rust type names in use, with the document name that claimed each.
    taken: HashMap<String, String>,
    /// Position of each named type in `types`, so that parameters can look types up.
    pub type_index: HashMap<String, usize>,
    /// Inline schemas being defined, innermost last, with their names.
    defining: Vec<(&'a Schema, String)>,
    /// Schemas reached by a `$ref` to a pointer outside `components/schemas`, by address, with
    /// their type: every reference to one gets the same type.
    ref_targets: HashMap<*const Schema, TypeRef>,
    /// Such schemas being lowered, innermost last, to stop a cycle of unnamed schemas.
    resolving: Vec<*const Schema>,
    /// Inline schemas given a name, by address: one schema is one type.
    inline_names: HashMap<*const Schema, String>,
    /// How each `allOf` schema takes part in an `allOf`, by address, once computed.
    members: HashMap<*const Schema, Member>,
    /// Whether each `allOf` schema is nullable, by address, once computed.
    nullables: HashMap<*const Schema, bool>,
}

/// Where a `$ref` leads.
enum Target<'a> {
    /// A component schema, with its Rust name.
    Component(String, &'a Schema),
    /// A schema somewhere else, with its pointer and the tokens of that pointer.
    Inline(&'a Schema, String, Vec<String>),
}

impl<'a> Target<'a> {
    fn schema(&self) -> &'a Schema {
        match self {
            Target::Component(_, s) | Target::Inline(s, _, _) => s,
        }
    }
}

/// How a member of an `allOf` takes part in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Member {
    /// An object (properties, `required`, `additionalProperties`, `type: object`).
    Object,
    /// Says nothing about the value (`description`, `nullable`, `{}`).
    Annotation,
    /// Anything else: a string, an enum, an array, a union.
    Other,
}

impl<'a> Lowerer<'a> {
    pub fn new(doc: &'a OpenAPI) -> Self {
        Self {
            doc,
            types: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
            untyped: Vec::new(),
            component_names: HashMap::new(),
            taken: HashMap::new(),
            type_index: HashMap::new(),
            defining: Vec::new(),
            ref_targets: HashMap::new(),
            resolving: Vec::new(),
            inline_names: HashMap::new(),
            members: HashMap::new(),
            nullables: HashMap::new(),
        }
    }

    pub fn error(&mut self, pointer: impl Into<String>, kind: ErrorKind) {
        self.errors.push(Error::at(pointer, kind));
    }

    fn unsupported(
        &mut self,
        pointer: &str,
        found: impl Into<String>,
        supported: impl Into<String>,
    ) {
        self.error(
            pointer,
            ErrorKind::Unsupported {
                found: found.into(),
                supported: supported.into(),
            },
        );
    }

    pub fn note(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// Records that the schema at `pointer` became untyped JSON.
    pub fn untyped(&mut self, pointer: &str) {
        if self.untyped.last().map(String::as_str) != Some(pointer) {
            self.untyped.push(pointer.to_owned());
        }
    }

    /// Names every component schema, then lowers each.
    pub fn lower_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let claims: Vec<Claim> = components
            .schemas
            .keys()
            .map(|key| Claim {
                wire: key.clone(),
                rust: avoid_prelude(
                    names::upper_camel_spelled(key).unwrap_or_else(|| "Schema".to_owned()),
                ),
                pointer: push_pointer("#/components/schemas", key),
            })
            .collect();
        let (rust_names, notes) = names::settle(&claims, &[], "", Case::UpperCamel);
        self.notes.extend(notes);
        for (key, name) in components.schemas.keys().zip(rust_names) {
            self.taken.insert(name.clone(), key.clone());
            self.component_names.insert(key, name);
        }
        for (key, schema) in &components.schemas {
            let pointer = push_pointer("#/components/schemas", key);
            let Some(name) = self.component_names.get(key.as_str()).cloned() else {
                continue;
            };
            match schema {
                ReferenceOr::Item(schema) => self.define(name, schema, &pointer),
                ReferenceOr::Reference { .. } => {
                    // `Foo: {$ref: Bar}` makes Foo another name for Bar.
                    let lowered = self.type_of(schema.into(), &pointer, &name);
                    self.push_type(TypeDef {
                        name,
                        doc: None,
                        pointer,
                        kind: TypeKind::Alias(lowered.ty),
                        serde: Directions::BOTH,
                    });
                }
            }
        }
    }

    /// Adds a named type; returns its position in `types`.
    pub fn push_type(&mut self, def: TypeDef) -> usize {
        let index = self.types.len();
        self.type_index.insert(def.name.clone(), index);
        self.types.push(def);
        index
    }

    /// The named type called `name`, if it is defined (or being defined).
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.type_index.get(name).map(|&i| &self.types[i])
    }

    /// Reserves a type name for an inline schema, numbering it when taken.
    pub fn fresh_name(&mut self, hint: &str, pointer: &str) -> String {
        // Hints join names, and the only underscore a name part has is the keyword escape of
        // a whole `Self_`; inside a longer name it breaks `UpperCamelCase` (`NodeSelf_Item`).
        let joined;
        let hint = if hint == "Self_" {
            hint
        } else {
            joined = avoid_prelude(hint.replace('_', ""));
            &joined
        };
        let hint = if hint.is_empty() { "Schema" } else { hint };
        let mut name = hint.to_owned();
        let mut n = 2;
        while self.taken.contains_key(&name) {
            name = format!("{hint}{n}");
            n += 1;
        }
        self.taken.insert(name.clone(), pointer.to_owned());
        name
    }

    /// Follows `$ref` chains to a schema: a component schema, or one at any JSON pointer into
    /// this document. With `report`, problems are errors at `pointer`; without, the caller
    /// only looks.
    fn resolve_as(&mut self, reference: &str, pointer: &str, report: bool) -> Option<Target<'a>> {
        let mut reference = reference;
        for _ in 0..32 {
            // The common case, `#/components/schemas/<plain key>`, without allocating.
            if let Some(key) = reference
                .strip_prefix(SCHEMA_PREFIX)
                .filter(|k| !k.contains(['/', '~', '%']))
            {
                let doc = self.doc;
                let found = doc
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get_key_value(key));
                match found {
                    Some((key, ReferenceOr::Item(schema))) => {
                        let name = self.component_names.get(key.as_str())?.clone();
                        return Some(Target::Component(name, schema));
                    }
                    Some((_, ReferenceOr::Reference { reference: next })) => {
                        reference = next;
                        continue;
                    }
                    None => {
                        if report {
                            let kind = ErrorKind::DanglingRef {
                                reference: reference.to_owned(),
                            };
                            self.error(pointer, kind);
                        }
                        return None;
                    }
                }
            }
            let Some(tokens) = refs::tokens(reference) else {
                if report {
                    let why = "references to other files or URLs are not followed; bring the schema into this document".to_owned();
                    let kind = ErrorKind::UnsupportedRef {
                        reference: reference.to_owned(),
                        why,
                    };
                    self.error(pointer, kind);
                }
                return None;
            };
            let doc = self.doc;
            let component = match tokens.as_slice() {
                [c, s, key] if c == "components" && s == "schemas" => Some(key.as_str()),
                _ => None,
            };
            if let Some(key) = component {
                let found = doc
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get_key_value(key));
                match found {
                    Some((key, ReferenceOr::Item(schema))) => {
                        let name = self.component_names.get(key.as_str())?.clone();
                        return Some(Target::Component(name, schema));
                    }
                    Some((_, ReferenceOr::Reference { reference: next })) => {
                        reference = next;
                        continue;
                    }
                    None => {}
                }
            } else {
                match refs::navigate(doc, &tokens) {
                    Some(SchemaRef::Inline(schema)) => {
                        let at = refs::pointer(&tokens);
                        return Some(Target::Inline(schema, at, tokens));
                    }
                    Some(SchemaRef::Ref(next)) => {
                        reference = next;
                        continue;
                    }
                    None => {}
                }
            }
            if report {
                let kind = ErrorKind::DanglingRef {
                    reference: reference.to_owned(),
                };
                self.error(pointer, kind);
            }
            return None;
        }
        if report {
            let kind = ErrorKind::UnsupportedRef {
                reference: reference.to_owned(),
                why: "the chain of references does not end in a schema".to_owned(),
            };
            self.error(pointer, kind);
        }
        None
    }

    fn resolve(&mut self, reference: &str, pointer: &str) -> Option<Target<'a>> {
        self.resolve_as(reference, pointer, true)
    }

    /// The schema a member stands for, following references without reporting.
    fn peek(&mut self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                self.resolve_as(reference, "#", false).map(|t| t.schema())
            }
        }
    }

    /// How a member of an `allOf` takes part in it, nested `allOf`s looked into (each schema
    /// once, so that an `allOf` listing itself, or one schema many times, costs little).
    fn member(&mut self, schema: &'a Schema) -> Member {
        if all_of(schema).is_none() {
            return self.member_seen(schema, &mut Vec::new());
        }
        let key: *const Schema = schema;
        if let Some(&kind) = self.members.get(&key) {
            return kind;
        }
        let kind = self.member_seen(schema, &mut Vec::new());
        self.members.insert(key, kind);
        kind
    }

    fn member_seen(&mut self, schema: &'a Schema, seen: &mut Vec<*const Schema>) -> Member {
        if has_properties(schema) || is_object_type(schema) {
            return Member::Object;
        }
        if let Some(parts) = all_of(schema) {
            let id: *const Schema = schema;
            if seen.contains(&id) {
                return Member::Annotation;
            }
            seen.push(id);
            let mut kind = Member::Annotation;
            for part in parts {
                let Some(part) = self.peek(part) else {
                    continue;
                };
                match self.member_seen(part, seen) {
                    Member::Object => return Member::Object,
                    Member::Other => kind = Member::Other,
                    Member::Annotation => {}
                }
            }
            return kind;
        }
        if is_annotation_only(schema) {
            Member::Annotation
        } else {
            Member::Other
        }
    }

    /// Whether `schema` is among its own `allOf` members, directly or through theirs.
    fn includes_itself(&mut self, schema: &'a Schema) -> bool {
        let mut seen: Vec<*const Schema> = Vec::new();
        let mut todo: Vec<&'a Schema> = vec![schema];
        while let Some(next) = todo.pop() {
            for part in all_of(next).unwrap_or_default() {
                let Some(part) = self.peek(part) else {
                    continue;
                };
                if std::ptr::eq(part, schema) {
                    return true;
                }
                let id: *const Schema = part;
                if !seen.contains(&id) {
                    seen.push(id);
                    todo.push(part);
                }
            }
        }
        false
    }

    /// Whether the places that use `schema` may hold `null`: [`is_nullable`], or an `allOf`
    /// whose members that say something are all nullable, or which has an annotation member
    /// with `nullable: true` (`allOf: [$ref, {nullable: true}]`, a common way to mark a
    /// reference nullable).
    fn nullable(&mut self, schema: &'a Schema) -> bool {
        if is_nullable(schema) {
            return true;
        }
        if all_of(schema).is_none() {
            return false;
        }
        let key: *const Schema = schema;
        if let Some(&nullable) = self.nullables.get(&key) {
            return nullable;
        }
        let nullable = self.nullable_seen(schema, &mut Vec::new());
        self.nullables.insert(key, nullable);
        nullable
    }

    fn nullable_seen(&mut self, schema: &'a Schema, seen: &mut Vec<*const Schema>) -> bool {
        if is_nullable(schema) {
            return true;
        }
        let Some(parts) = all_of(schema) else {
            return false;
        };
        let id: *const Schema = schema;
        if seen.contains(&id) {
            return false;
        }
        seen.push(id);
        let (mut telling, mut all_nullable) = (false, true);
        for part in parts {
            let Some(s) = self.peek(part) else {
                continue;
            };
            if self.member(s) == Member::Annotation {
                if s.schema_data.nullable {
                    return true;
                }
                continue;
            }
            telling = true;
            all_nullable &= self.nullable_seen(s, seen);
        }
        telling && all_nullable
    }

    /// For an `allOf` that is not an object: the member that gives the type, with its
    /// pointer. That is the only member that says something about the value (so that
    /// `allOf: [$ref]` with a `description` is the referenced type, object or not), or else,
    /// when no member is an object, the first member that is neither an object nor an
    /// annotation. `Some(None)` when no member says anything; `None` when the `allOf` is an
    /// object, or is not an `allOf`.
    #[allow(clippy::type_complexity)]
    fn all_of_non_object(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
    ) -> Option<Option<(&'a ReferenceOr<Schema>, String)>> {
        let parts = all_of(schema)?;
        if self.includes_itself(schema) {
            self.unsupported(
                pointer,
                "an `allOf` that includes itself",
                "an `allOf` chain must end",
            );
            return Some(None);
        }
        let mut telling = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = push_pointer(&push_pointer(pointer, "allOf"), &i.to_string());
            let Some(s) = self.peek(part) else {
                // A broken reference: lower it, to report it.
                return Some(Some((part, part_pointer)));
            };
            match self.member(s) {
                Member::Annotation => {}
                kind => telling.push((part, part_pointer, kind)),
            }
        }
        let own_object = has_properties(schema) || is_object_type(schema);
        if own_object || (telling.len() > 1 && telling.iter().any(|(_, _, k)| *k == Member::Object))
        {
            return None;
        }
        let mut telling = telling.into_iter();
        let Some((part, first, _)) = telling.next() else {
            return Some(None);
        };
        for (_, at, _) in telling {
            self.note(at, format!("this `allOf` member only narrows the type that `{first}` gives; the generated type is that one"));
        }
        Some(Some((part, first)))
    }

    /// Defines the named type `name` from `schema`. The type is placed before any inline types
    /// found inside it, so that a reader meets a type before its parts.
    pub fn define(&mut self, name: String, schema: &'a Schema, pointer: &str) {
        let index = self.push_type(TypeDef {
            name: name.clone(),
            doc: schema_doc(schema),
            pointer: pointer.to_owned(),
            kind: TypeKind::Alias(TypeRef::Json),
            serde: Directions::BOTH,
        });
        let kind = self.kind_of(&name, index, schema, pointer);
        self.types[index].kind = kind;
    }

    fn kind_of(&mut self, name: &str, index: usize, schema: &'a Schema, pointer: &str) -> TypeKind {
        if let Some(values) = string_enum(schema) {
            let legacy = legacy_values(schema);
            if !legacy.is_empty() {
                let note = format!(
                    "Values the API no longer accepts but stored data may still carry: {}. They decode into the catch-all variant.",
                    legacy.join(", ")
                );
                self.add_doc(index, note);
            }
            return TypeKind::Enum(self.lower_enum(&values, pointer));
        }
        if let Some((alternatives, key)) = alternatives(schema).filter(|_| !has_properties(schema))
        {
            let non_null: Vec<(usize, &ReferenceOr<Schema>)> = alternatives
                .iter()
                .enumerate()
                .filter(|(_, a)| !is_null_schema(a))
                .collect();
            let alt_pointer = push_pointer(pointer, key);
            if non_null.len() < alternatives.len() {
                self.add_doc(
                    index,
                    "May also be `null`: the fields and bodies that hold it say so.".to_owned(),
                );
            }
            if let [(i, only)] = non_null[..] {
                // `oneOf: [X, null]`: X, and the places that use the type are nullable.
                let lowered = self.type_of(
                    only.into(),
                    &push_pointer(&alt_pointer, &i.to_string()),
                    &format!("{name}Value"),
                );
                return TypeKind::Alias(lowered.ty);
            }
            if non_null.is_empty() {
                self.untyped(pointer);
                return TypeKind::Alias(TypeRef::Json);
            }
            return self.lower_union(name, schema, alternatives, &alt_pointer);
        }
        if let Some(chosen) = self.all_of_non_object(schema, pointer) {
            let Some((member, member_pointer)) = chosen else {
                self.untyped(pointer);
                return TypeKind::Alias(TypeRef::Json);
            };
            return match member {
                // An inline member is this type, under this name.
                ReferenceOr::Item(inner) if self.types[index].doc.is_some() => {
                    self.kind_of(name, index, inner, &member_pointer)
                }
                ReferenceOr::Item(inner) => {
                    self.types[index].doc = schema_doc(inner);
                    self.kind_of(name, index, inner, &member_pointer)
                }
                ReferenceOr::Reference { .. } => {
                    let lowered = self.type_of(member.into(), &member_pointer, name);
                    TypeKind::Alias(lowered.ty)
                }
            };
        }
        if is_object_like(schema) {
            return TypeKind::Struct(self.lower_struct(name, schema, pointer));
        }
        if let Some(values) = other_enum(schema) {
            self.add_doc(index, format!("Allowed values: {values}."));
        }
        let lowered = self.type_of(SchemaRef::Inline(schema), pointer, name);
        TypeKind::Alias(wrap_nullable(lowered.ty, lowered.nullable))
    }

    fn add_doc(&mut self, index: usize, text: String) {
        let doc = &mut self.types[index].doc;
        *doc = Some(match doc.take() {
            Some(d) => format!("{d}\n\n{text}"),
            None => text,
        });
    }

    /// The type of a schema at a use site; inline objects, enums and unions get a type named
    /// `hint` (made unique).
    pub fn type_of(&mut self, schema: SchemaRef<'a>, pointer: &str, hint: &str) -> Lowered {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.type_of_ref(reference, pointer),
            SchemaRef::Inline(schema) => schema,
        };
        let data = &schema.schema_data;
        let mut lowered = Lowered {
            ty: TypeRef::Json,
            nullable: self.nullable(schema),
            read_only: data.read_only,
            doc: super::prose(&data.description).or_else(|| super::prose(&data.title)),
            example: data.example.clone(),
        };
        if string_enum(schema).is_some() {
            lowered.ty = self.named_inline(hint, schema, pointer);
            return lowered;
        }
        if let Some((alternatives, key)) = alternatives(schema).filter(|_| !has_properties(schema))
        {
            let non_null: Vec<_> = alternatives
                .iter()
                .enumerate()
                .filter(|(_, a)| !is_null_schema(a))
                .collect();
            if let [(i, only)] = non_null[..] {
                // `anyOf: [X, {nullable}]` is X, nullable.
                let at = push_pointer(&push_pointer(pointer, key), &i.to_string());
                let inner = self.type_of(only.into(), &at, hint);
                lowered.ty = inner.ty;
                lowered.nullable |= inner.nullable;
                lowered.doc = lowered.doc.or(inner.doc);
                return lowered;
            }
            if non_null.is_empty() {
                self.untyped(pointer);
                return lowered;
            }
            lowered.ty = self.named_inline(hint, schema, pointer);
            return lowered;
        }
        if let Some(chosen) = self.all_of_non_object(schema, pointer) {
            // `allOf: [$ref]` is the usual way to add a description to a reference.
            let Some((member, member_pointer)) = chosen else {
                self.untyped(pointer);
                return lowered;
            };
            let inner = self.type_of(member.into(), &member_pointer, hint);
            lowered.ty = inner.ty;
            lowered.nullable |= inner.nullable;
            lowered.read_only |= inner.read_only;
            lowered.doc = lowered.doc.or(inner.doc);
            return lowered;
        }
        if is_object_like(schema) {
            lowered.ty = self.named_inline(hint, schema, pointer);
            return lowered;
        }
        lowered.ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.string_type(&s.format, pointer),
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => TypeRef::U64,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.array_type(a.items.as_ref(), pointer, hint),
            SchemaKind::Type(Type::Object(o)) => {
                self.map_type(o.additional_properties.as_ref(), pointer, hint)
            }
            SchemaKind::Not { .. } => {
                self.note(
                    pointer,
                    "`not` only excludes values; the type is any JSON value",
                );
                TypeRef::Json
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => {
                    let format = match any.format.as_deref() {
                        Some("date-time") => VariantOrUnknownOrEmpty::Item(StringFormat::DateTime),
                        Some("date") => VariantOrUnknownOrEmpty::Item(StringFormat::Date),
                        Some("binary") => VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
                        _ => VariantOrUnknownOrEmpty::Empty,
                    };
                    self.string_type(&format, pointer)
                }
                Some("integer") => integer_type(any),
                Some("number") if any.format.as_deref() == Some("float") => TypeRef::F32,
                Some("number") => TypeRef::F64,
                Some("boolean") => TypeRef::Bool,
                Some("array") | None if any.items.is_some() => {
                    self.array_type(any.items.as_ref(), pointer, hint)
                }
                Some("object") | None if any.additional_properties.is_some() => {
                    self.map_type(any.additional_properties.as_ref(), pointer, hint)
                }
                Some("object") => TypeRef::JsonObject,
                Some("array") => self.array_type(None, pointer, hint),
                None => enum_type(&any.enumeration).unwrap_or(TypeRef::Json),
                Some("null") => {
                    lowered.nullable = true;
                    TypeRef::Json
                }
                Some(other) => {
                    self.note(
                        push_pointer(pointer, "type"),
                        format!("`type: {other}` is not an OpenAPI 3.0 type; the value is read as any JSON value"),
                    );
                    TypeRef::Json
                }
            },
            // Handled above.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                TypeRef::Json
            }
        };
        if matches!(lowered.ty, TypeRef::Json | TypeRef::JsonObject) {
            self.untyped(pointer);
        }
        lowered
    }

    /// The type of a `$ref` at a use site.
    fn type_of_ref(&mut self, reference: &str, pointer: &str) -> Lowered {
        let Some(target) = self.resolve(reference, pointer) else {
            return Lowered {
                ty: TypeRef::Json,
                nullable: false,
                read_only: false,
                doc: None,
                example: None,
            };
        };
        let schema = target.schema();
        let ty = match target {
            Target::Component(name, _) => TypeRef::Named(name),
            Target::Inline(schema, at, tokens) => {
                let key: *const Schema = schema;
                if let Some(ty) = self.ref_targets.get(&key) {
                    ty.clone()
                } else if self.resolving.contains(&key) {
                    self.note(&at, "references lead back to this schema through schemas without a name; the inner occurrence is any JSON value");
                    self.untyped(&at);
                    TypeRef::Json
                } else {
                    self.resolving.push(key);
                    let lowered =
                        self.type_of(SchemaRef::Inline(schema), &at, &refs::hint(&tokens));
                    self.resolving.pop();
                    self.ref_targets.insert(key, lowered.ty.clone());
                    lowered.ty
                }
            }
        };
        Lowered {
            ty,
            nullable: self.nullable(schema),
            read_only: schema.schema_data.read_only,
            // A bare `$ref` property is documented by the first paragraph of what it points
            // to; the type's own docs have the rest.
            doc: schema
                .schema_data
                .description
                .as_deref()
                .and_then(|d| d.split("\n\n").next())
                .map(|d| d.trim().to_owned()),
            example: schema.schema_data.example.clone(),
        }
    }

    fn named_inline(&mut self, hint: &str, schema: &'a Schema, pointer: &str) -> TypeRef {
        // An inline schema met again while it is being defined (its object `allOf`-includes the
        // component it sits in) is the same type: naming it anew would never end.
        if let Some((_, name)) = self.defining.iter().find(|(s, _)| std::ptr::eq(*s, schema)) {
            return TypeRef::Named(name.clone());
        }
        // A schema met before (through a `$ref` by pointer, or merged into two objects by
        // `allOf`) has its type already.
        let key: *const Schema = schema;
        if let Some(name) = self.inline_names.get(&key) {
            return TypeRef::Named(name.clone());
        }
        let name = self.fresh_name(hint, pointer);
        self.inline_names.insert(key, name.clone());
        self.defining.push((schema, name.clone()));
        self.define(name.clone(), schema, pointer);
        self.defining.pop();
        TypeRef::Named(name)
    }

    fn string_type(
        &mut self,
        format: &VariantOrUnknownOrEmpty<StringFormat>,
        pointer: &str,
    ) -> TypeRef {
        match format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => {
                self.note(
                    push_pointer(pointer, "format"),
                    "`format: binary` inside a JSON value is read as a string (binary data is raw bytes only as a whole request or response body)",
                );
                TypeRef::String
            }
            _ => TypeRef::String,
        }
    }

    fn array_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        let Some(items) = items else {
            self.untyped(&push_pointer(pointer, "items"));
            return TypeRef::Vec(Box::new(TypeRef::Json));
        };
        let item = self.type_of(
            items.into(),
            &push_pointer(pointer, "items"),
            &format!("{hint}Item"),
        );
        TypeRef::Vec(Box::new(wrap_nullable(item.ty, item.nullable)))
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.type_of(
                    schema.as_ref().into(),
                    &push_pointer(pointer, "additionalProperties"),
                    &format!("{hint}Value"),
                );
                TypeRef::Map(Box::new(wrap_nullable(value.ty, value.nullable)))
            }
            _ => TypeRef::JsonObject,
        }
    }

    fn lower_enum(&mut self, values: &[Option<&'a str>], pointer: &str) -> Enum {
        let enum_pointer = push_pointer(pointer, "enum");
        let mut claims: Vec<Claim> = Vec::new();
        for (i, wire) in values.iter().enumerate() {
            let Some(wire) = wire else { continue };
            if claims.iter().any(|c| c.wire == *wire) {
                continue;
            }
            let name = if wire.is_empty() {
                "Empty".to_owned()
            } else {
                names::upper_camel_spelled(wire).unwrap_or_else(|| "Value".to_owned())
            };
            claims.push(Claim {
                wire: (*wire).to_owned(),
                rust: names::bare(&name).to_owned(),
                pointer: push_pointer(&enum_pointer, &i.to_string()),
            });
        }
        let (rust_names, notes) = names::settle(&claims, &[], "", Case::UpperCamel);
        self.notes.extend(notes);
        let variants: Vec<Variant> = claims
            .into_iter()
            .zip(rust_names)
            .map(|(claim, name)| Variant {
                name,
                wire: claim.wire,
            })
            .collect();
        let mut unknown = "Unknown".to_owned();
        while variants.iter().any(|v| v.name == unknown) {
            unknown.push_str("Value");
        }
        Enum { variants, unknown }
    }

    fn lower_struct(&mut self, name: &str, schema: &'a Schema, pointer: &str) -> Struct {
        let mut object = Object::default();
        self.collect_object(schema, pointer, &mut object, &mut Vec::new());
        let allows_more = matches!(
            object.additional,
            Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true))
        );
        let claims: Vec<Claim> = object
            .properties
            .iter()
            .map(|(wire, _, property_pointer, _)| Claim {
                wire: wire.clone(),
                rust: names::snake_spelled(wire).unwrap_or_else(|| "field".to_owned()),
                pointer: property_pointer.clone(),
            })
            .collect();
        let reserved: &[&str] = if allows_more {
            &["additional_properties"]
        } else {
            &[]
        };
        let (field_names, notes) = names::settle(
            &claims,
            reserved,
            "the field that keeps the other properties",
            Case::Snake,
        );
        self.notes.extend(notes);
        let mut fields: Vec<Field> = Vec::new();
        for ((wire, property, property_pointer, optional), field_name) in
            object.properties.into_iter().zip(field_names)
        {
            let part = match names::part(&wire) {
                p if p.is_empty() => names::part(&field_name),
                p => p,
            };
            let hint = format!("{name}{part}");
            let lowered = self.type_of(property, &property_pointer, &hint);
            let inline = match property {
                SchemaRef::Inline(schema) => Some(schema),
                SchemaRef::Ref(_) => None,
            };
            let required = object.required.contains(&wire) && !lowered.read_only && !optional;
            let mut doc = lowered.doc.clone();
            let details = inline.map(details).unwrap_or_default();
            let mut extra: Vec<String> = details;
            if lowered.read_only {
                extra.insert(0, "Read-only: set by the server, never sent.".to_owned());
            }
            if !extra.is_empty() {
                let joined = extra.join(" ");
                doc = Some(match doc {
                    Some(doc) => format!("{doc}\n\n{joined}"),
                    None => joined,
                });
            }
            fields.push(Field {
                name: field_name,
                wire,
                ty: lowered.ty,
                presence: Presence::new(required, lowered.nullable),
                doc,
                boxed: false,
                example: lowered.example,
            });
        }
        let additional = match object.additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let ap_pointer = push_pointer(pointer, "additionalProperties");
                let value =
                    self.type_of(schema.as_ref().into(), &ap_pointer, &format!("{name}Value"));
                Some(wrap_nullable(value.ty, value.nullable))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        Struct { fields, additional }
    }

    /// Gathers properties of an object schema, following `allOf`.
    /// Each schema is merged once: an `allOf` that includes a schema twice (a diamond) merges
    /// it once, and one that includes itself is an error, not an endless (or exponential)
    /// recursion.
    fn collect_object(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        into: &mut Object<'a>,
        stack: &mut Vec<*const Schema>,
    ) {
        let id: *const Schema = schema;
        if stack.contains(&id) {
            self.unsupported(
                pointer,
                "an `allOf` that includes itself",
                "an `allOf` chain must end",
            );
            return;
        }
        if into.merged.contains(&id) {
            return;
        }
        into.merged.push(id);
        stack.push(id);
        self.merge_object(schema, pointer, into, stack);
        stack.pop();
    }

    fn merge_object(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        into: &mut Object<'a>,
        stack: &mut Vec<*const Schema>,
    ) {
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (
                Some(&o.properties),
                &o.required[..],
                o.additional_properties.as_ref(),
            ),
            SchemaKind::Any(a) => (
                Some(&a.properties),
                &a.required[..],
                a.additional_properties.as_ref(),
            ),
            _ => (None, &[][..], None),
        };
        let properties_pointer = push_pointer(pointer, "properties");
        for (wire, property) in properties.into_iter().flatten() {
            if let Some(known) = into.properties.iter_mut().find(|(w, ..)| w == wire) {
                // Known from an alternative only, and now from an object: the object decides.
                known.3 &= into.optional;
                continue;
            }
            into.properties.push((
                wire.clone(),
                property.into(),
                push_pointer(&properties_pointer, wire),
                into.optional,
            ));
        }
        if !into.optional {
            into.required.extend(required.iter().cloned());
        }
        if additional.is_some() && !into.optional {
            into.additional = additional;
        }
        if has_properties(schema) {
            // `properties` with a `oneOf` beside them: the object, and its alternatives' extras.
            self.merge_alternatives(
                schema,
                pointer,
                pointer,
                "beside the object's own properties",
                into,
                stack,
            );
        }
        if let Some(parts) = all_of(schema) {
            for (i, part) in parts.iter().enumerate() {
                let part_pointer = push_pointer(&push_pointer(pointer, "allOf"), &i.to_string());
                let Some((part_schema, target)) = self.part(part, part_pointer.clone()) else {
                    continue;
                };
                self.merge_member(part_schema, &target, &part_pointer, into, stack);
            }
        }
    }

    /// The schema of an `allOf` member or alternative, with the pointer to report at.
    fn part(
        &mut self,
        part: &'a ReferenceOr<Schema>,
        part_pointer: String,
    ) -> Option<(&'a Schema, String)> {
        match part {
            ReferenceOr::Reference { reference } => match self.resolve(reference, &part_pointer)? {
                Target::Component(_, s) => Some((s, reference.clone())),
                Target::Inline(s, at, _) => Some((s, at)),
            },
            ReferenceOr::Item(s) => Some((s, part_pointer)),
        }
    }

    /// Merges one `allOf` member into an object. An object member adds its properties; a
    /// `oneOf`/`anyOf` of objects adds its alternatives' properties as optional ones (only one
    /// alternative applies to a value); anything else cannot add properties to an object, and
    /// is left out with a note.
    fn merge_member(
        &mut self,
        part: &'a Schema,
        part_pointer: &str,
        use_pointer: &str,
        into: &mut Object<'a>,
        stack: &mut Vec<*const Schema>,
    ) {
        match self.member(part) {
            Member::Object => self.collect_object(part, part_pointer, into, stack),
            Member::Annotation => {}
            Member::Other => {
                if self.merge_alternatives(
                    part,
                    part_pointer,
                    use_pointer,
                    "inside an `allOf`",
                    into,
                    stack,
                ) {
                    return;
                }
                self.note(use_pointer, "this `allOf` member is not an object, so it cannot add properties to the object the other members describe; the generated type is that object");
            }
        }
    }

    /// Merges the properties of the object alternatives of `schema`'s `oneOf`/`anyOf` as
    /// optional fields (only one alternative applies to a value); whether there were any.
    fn merge_alternatives(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        note_pointer: &str,
        place: &str,
        into: &mut Object<'a>,
        stack: &mut Vec<*const Schema>,
    ) -> bool {
        let Some((alternatives, key)) = alternatives(schema) else {
            return false;
        };
        let mut objects = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let at = push_pointer(&push_pointer(pointer, key), &i.to_string());
            if let Some((s, at)) = self.part(alternative, at) {
                if self.member(s) == Member::Object {
                    objects.push((s, at));
                }
            }
        }
        if objects.is_empty() {
            return false;
        }
        self.note(
            push_pointer(note_pointer, key),
            format!("the properties of this `{key}` {place} are optional fields of the object (only one alternative applies to a value)"),
        );
        let outer = std::mem::replace(&mut into.optional, true);
        for (s, at) in objects {
            self.collect_object(s, &at, into, stack);
        }
        into.optional = outer;
        true
    }

    fn lower_union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> TypeKind {
        let mut discriminator = schema.schema_data.discriminator.as_ref();
        let inline = alternatives
            .iter()
            .any(|a| matches!(a, ReferenceOr::Item(_)) && !is_null_schema(a));
        if discriminator.is_some() && inline {
            // Tags name schemas; an inline alternative has no name to be tagged with.
            self.note(pointer, "a `discriminator` over inline alternatives cannot name them; the alternatives are tried in order instead");
            discriminator = None;
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut used_tags: BTreeSet<String> = BTreeSet::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            if is_null_schema(alternative) {
                // The places that use the union are nullable (see `is_nullable`).
                continue;
            }
            let alt_pointer = push_pointer(pointer, &i.to_string());
            let hint = match alternative {
                ReferenceOr::Item(s) => {
                    match s.schema_data.title.as_deref().and_then(upper_camel) {
                        Some(title) => format!("{name}{title}"),
                        None => format!("{name}Variant{}", i + 1),
                    }
                }
                ReferenceOr::Reference { .. } => String::new(),
            };
            let lowered = self.type_of(alternative.into(), &alt_pointer, &hint);
            let ty = wrap_nullable(lowered.ty, lowered.nullable);
            let base = variant_name(&ty);
            let mut variant = base.clone();
            let mut n = 2;
            while variants.iter().any(|v| v.name == variant) {
                variant = format!("{base}{n}");
                n += 1;
            }
            let mut tags = Vec::new();
            if let Some(d) = discriminator {
                if let ReferenceOr::Reference { reference } = alternative {
                    let key = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
                    tags = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || target.as_str() == key)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if tags.is_empty() {
                        tags.push(key.to_owned());
                    }
                }
                // A tag selects one alternative: the first that claims it.
                tags.retain(|t| used_tags.insert(t.clone()));
                if tags.is_empty() {
                    self.note(alt_pointer, "every `discriminator` value of this alternative selects an earlier one; it is left out");
                    continue;
                }
            }
            variants.push(UnionVariant {
                name: variant,
                ty,
                tags,
                boxed: false,
            });
        }
        TypeKind::Union(Union {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
        })
    }
}

/// Properties gathered from an object and its `allOf` parts.
#[derive(Default)]
struct Object<'a> {
    /// Wire name, schema, pointer, and whether it came from an alternative only (optional).
    properties: Vec<(String, SchemaRef<'a>, String, bool)>,
    required: BTreeSet<String>,
    additional: Option<&'a AdditionalProperties>,
    /// The schemas merged so far, by address.
    merged: Vec<*const Schema>,
    /// Whether what is merged now comes from an alternative of a union.
    optional: bool,
}

pub(crate) fn wrap_nullable(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable {
        TypeRef::Option(Box::new(ty))
    } else {
        ty
    }
}

/// The Rust variant name of a union alternative of this type.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::JsonObject => "Object".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_name(inner)),
        TypeRef::Option(inner) => format!("Optional{}", variant_name(inner)),
        TypeRef::File => "File".into(),
    }
}

/// The values of a string enum, `None` for a `null` entry.
pub(crate) fn string_enum(schema: &Schema) -> Option<Vec<Option<&str>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some(s.enumeration.iter().map(Option::as_deref).collect())
        }
        SchemaKind::Any(a)
            if !a.enumeration.is_empty()
                && matches!(a.typ.as_deref(), None | Some("string"))
                && a.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
        {
            Some(a.enumeration.iter().map(|v| v.as_str()).collect())
        }
        _ => None,
    }
}

/// `x-legacy-values`: enum values the API no longer accepts that responses may still carry.
fn legacy_values(schema: &Schema) -> Vec<String> {
    let values = schema.schema_data.extensions.get("x-legacy-values");
    values
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(|v| format!("`{v}`"))
                .collect()
        })
        .unwrap_or_default()
}

/// `oneOf` / `anyOf` alternatives, with the keyword used.
fn alternatives(schema: &Schema) -> Option<(&[ReferenceOr<Schema>], &'static str)> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => Some((one_of, "oneOf")),
        SchemaKind::AnyOf { any_of } => Some((any_of, "anyOf")),
        SchemaKind::Any(a) if !a.one_of.is_empty() => Some((&a.one_of, "oneOf")),
        SchemaKind::Any(a) if !a.any_of.is_empty() => Some((&a.any_of, "anyOf")),
        _ => None,
    }
}

fn all_of(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(a) if !a.all_of.is_empty() => Some(&a.all_of),
        _ => None,
    }
}

fn has_properties(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => !a.properties.is_empty(),
        _ => false,
    }
}

/// `type: object`, or an untyped schema with object keywords (`required`, `additionalProperties`).
fn is_object_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("object")
                || (a.typ.is_none()
                    && (!a.required.is_empty()
                        || a.additional_properties.is_some()
                        || a.min_properties.is_some()
                        || a.max_properties.is_some()))
        }
        _ => false,
    }
}

/// Whether the places that use the schema may hold `null`: `nullable: true`, a `null` in its
/// `enum`, `type: 'null'`, or a `null` alternative of its `oneOf`/`anyOf`.
pub(crate) fn is_nullable(schema: &Schema) -> bool {
    let in_enum = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(a) => {
            a.enumeration.iter().any(serde_json::Value::is_null) || a.typ.as_deref() == Some("null")
        }
        _ => false,
    };
    schema.schema_data.nullable
        || in_enum
        || alternatives(schema)
            .is_some_and(|(alternatives, _)| alternatives.iter().any(is_null_schema))
}

/// The values of an enum that is not a string enum, for documentation: `` `1`, `2` ``.
fn other_enum(schema: &Schema) -> Option<String> {
    fn list<T: std::fmt::Display>(values: &[Option<T>]) -> Option<String> {
        let shown: Vec<String> = values
            .iter()
            .map(|v| match v {
                Some(v) => format!("`{v}`"),
                None => "`null`".to_owned(),
            })
            .collect();
        (!shown.is_empty()).then(|| shown.join(", "))
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => list(&i.enumeration),
        SchemaKind::Type(Type::Number(n)) => list(&n.enumeration),
        SchemaKind::Type(Type::Boolean(b)) => list(&b.enumeration),
        SchemaKind::Any(a) if string_enum(schema).is_none() => {
            let values: Vec<Option<&serde_json::Value>> = a
                .enumeration
                .iter()
                .map(|v| (!v.is_null()).then_some(v))
                .collect();
            list(&values)
        }
        _ => None,
    }
}

/// The type of an untyped `enum` from its values: integers, numbers, booleans or strings;
/// `None` when they mix kinds (any JSON value then).
fn enum_type(values: &[serde_json::Value]) -> Option<TypeRef> {
    let values: Vec<&serde_json::Value> = values.iter().filter(|v| !v.is_null()).collect();
    if values.is_empty() {
        None
    } else if values.iter().all(|v| v.is_i64()) {
        Some(TypeRef::I64)
    } else if values.iter().all(|v| v.is_u64() || v.is_i64()) {
        Some(TypeRef::U64)
    } else if values.iter().all(|v| v.is_number()) {
        Some(TypeRef::F64)
    } else if values.iter().all(|v| v.is_boolean()) {
        Some(TypeRef::Bool)
    } else if values.iter().all(|v| v.is_string()) {
        Some(TypeRef::String)
    } else {
        None
    }
}

/// An integer that openapiv3 left untyped (bounds beyond `i64`, odd formats): `i32` for
/// `int32`, `u64` for `uint64` or a range from 0 past `i64::MAX`, else `i64`.
fn integer_type(any: &openapiv3::AnySchema) -> TypeRef {
    match any.format.as_deref() {
        Some("int32") => TypeRef::I32,
        Some("uint64") => TypeRef::U64,
        _ if any.minimum.is_some_and(|m| m >= 0.0)
            && any.maximum.is_some_and(|m| m > i64::MAX as f64) =>
        {
            TypeRef::U64
        }
        _ => TypeRef::I64,
    }
}

/// Whether the schema becomes a struct: it has properties, or combines objects with `allOf`.
pub(crate) fn is_object_like(schema: &Schema) -> bool {
    has_properties(schema) || all_of(schema).is_some()
}

/// A schema that only annotates (description, nullable) and constrains nothing.
fn is_annotation_only(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(a) if *a == openapiv3::AnySchema::default())
}

/// `{nullable: true}` alone, or `enum: [null]`: the null alternative of a union.
fn is_null_schema(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) => {
                (a.enumeration.len() == 1 && a.enumeration[0].is_null())
                    || a.typ.as_deref() == Some("null")
                    || (s.schema_data.nullable && *a == openapiv3::AnySchema::default())
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// Documentation of a named type.
fn schema_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (super::prose(&data.title), super::prose(&data.description)) {
        (Some(title), Some(description)) if !description.starts_with(title.as_str()) => {
            Some(format!("{title}\n\n{description}"))
        }
        (_, Some(description)) => Some(description),
        (Some(title), None) => Some(title),
        (None, None) => None,
    }
}

/// Constraints, default and example of an inline property, as one line of documentation.
pub(crate) fn details(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let data = &schema.schema_data;
    if data.deprecated {
        out.push("**Deprecated.**".to_owned());
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if let VariantOrUnknownOrEmpty::Unknown(format) = &s.format {
                out.push(format!("Format: `{format}`."));
            }
            match (s.min_length, s.max_length) {
                (Some(min), Some(max)) => out.push(format!("Length: {min} to {max}.")),
                (Some(min), None) => out.push(format!("Minimum length: {min}.")),
                (None, Some(max)) => out.push(format!("Maximum length: {max}.")),
                (None, None) => {}
            }
            if let Some(pattern) = &s.pattern {
                out.push(format!("Pattern: `{pattern}`."));
            }
        }
        SchemaKind::Type(Type::Integer(i)) => match (i.minimum, i.maximum) {
            (Some(min), Some(max)) => out.push(format!("Range: {min} to {max}.")),
            (Some(min), None) => out.push(format!("Minimum: {min}.")),
            (None, Some(max)) => out.push(format!("Maximum: {max}.")),
            (None, None) => {}
        },
        SchemaKind::Type(Type::Number(_) | Type::Boolean(_)) | SchemaKind::Any(_) => {}
        SchemaKind::Type(Type::Array(a)) => match (a.min_items, a.max_items) {
            (Some(min), Some(max)) => out.push(format!("Items: {min} to {max}.")),
            (Some(min), None) => out.push(format!("At least {min} items.")),
            (None, Some(max)) => out.push(format!("At most {max} items.")),
            (None, None) => {}
        },
        _ => {}
    }
    if let Some(values) = other_enum(schema) {
        out.push(format!("Allowed values: {values}."));
    }
    if let Some(default) = &data.default {
        out.push(format!("Default: `{default}`."));
    }
    if let Some(example) = &data.example {
        out.push(format!("Example: `{example}`."));
    }
    out
}
