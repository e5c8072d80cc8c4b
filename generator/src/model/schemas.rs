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

use super::names::{self, upper_camel};
use super::{
    Enum, Field, Note, Presence, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant, Variant,
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
    /// Component key to Rust type name.
    component_names: HashMap<&'a str, String>,
    /// Rust type names in use, with the document name that claimed each.
    taken: HashMap<String, String>,
    /// Position of each named type in `types`, so that parameters can look types up.
    pub type_index: HashMap<String, usize>,
    /// Inline schemas being defined, innermost last, with their names.
    defining: Vec<(&'a Schema, String)>,
}

impl<'a> Lowerer<'a> {
    pub fn new(doc: &'a OpenAPI) -> Self {
        Self {
            doc,
            types: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
            component_names: HashMap::new(),
            taken: HashMap::new(),
            type_index: HashMap::new(),
            defining: Vec::new(),
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

    /// Names every component schema, then lowers each.
    pub fn lower_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for key in components.schemas.keys() {
            let pointer = push_pointer("#/components/schemas", key);
            let Some(name) = upper_camel(key).map(avoid_prelude) else {
                self.unsupported(
                    &pointer,
                    format!("the schema name `{key}`"),
                    "a schema name needs at least one ASCII letter or digit",
                );
                continue;
            };
            if let Some(first) = self.taken.get(&name) {
                let kind = ErrorKind::NameCollision {
                    what: "schema",
                    first: first.clone(),
                    second: key.clone(),
                    rust: name,
                };
                self.error(pointer, kind);
                continue;
            }
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
            joined = hint.replace('_', "");
            &joined
        };
        let mut name = hint.to_owned();
        let mut n = 2;
        while self.taken.contains_key(&name) {
            name = format!("{hint}{n}");
            n += 1;
        }
        self.taken.insert(name.clone(), pointer.to_owned());
        name
    }

    /// Follows `$ref` chains to a component schema: its Rust name and the schema itself.
    fn resolve(&mut self, reference: &str, pointer: &str) -> Option<(String, &'a Schema)> {
        let mut reference = reference;
        for _ in 0..32 {
            let Some(key) = reference.strip_prefix(SCHEMA_PREFIX) else {
                let why = if reference.starts_with('#') {
                    "only references to `#/components/schemas/<name>` are followed for schemas"
                } else {
                    "references to other files are not followed; put the schema in `components/schemas`"
                };
                let kind = ErrorKind::UnsupportedRef {
                    reference: reference.to_owned(),
                    why: why.to_owned(),
                };
                self.error(pointer, kind);
                return None;
            };
            let key = key.replace("~1", "/").replace("~0", "~");
            let doc = self.doc;
            let found = doc
                .components
                .as_ref()
                .and_then(|c| c.schemas.get_key_value(key.as_str()));
            let Some((key, schema)) = found else {
                let kind = ErrorKind::DanglingRef {
                    reference: reference.to_owned(),
                };
                self.error(pointer, kind);
                return None;
            };
            match schema {
                ReferenceOr::Item(schema) => {
                    let name = self.component_names.get(key.as_str())?.clone();
                    return Some((name, schema));
                }
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        let kind = ErrorKind::UnsupportedRef {
            reference: reference.to_owned(),
            why: "the chain of references does not end in a schema".to_owned(),
        };
        self.error(pointer, kind);
        None
    }

    /// Defines the named type `name` from `schema`. The type is placed before any inline types
    /// found inside it, so that a reader meets a type before its parts.
    pub fn define(&mut self, name: String, schema: &'a Schema, pointer: &str) {
        let index = self.push_type(TypeDef {
            name: name.clone(),
            doc: schema_doc(schema),
            pointer: pointer.to_owned(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        let kind = if let Some(values) = string_enum(schema) {
            let legacy = legacy_values(schema);
            if !legacy.is_empty() {
                let note = format!(
                    "Values the API no longer accepts but stored data may still carry: {}. They decode into the catch-all variant.",
                    legacy.join(", ")
                );
                let doc = &mut self.types[index].doc;
                *doc = Some(match doc.take() {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
            }
            TypeKind::Enum(self.lower_enum(&values, pointer))
        } else if let Some((alternatives, key)) = alternatives(schema) {
            self.lower_union(&name, schema, alternatives, &push_pointer(pointer, key))
        } else if is_object_like(schema) {
            TypeKind::Struct(self.lower_struct(&name, schema, pointer))
        } else {
            let lowered = self.type_of(SchemaRef::Inline(schema), pointer, &name);
            TypeKind::Alias(wrap_nullable(lowered.ty, lowered.nullable))
        };
        self.types[index].kind = kind;
    }

    /// The type of a schema at a use site; inline objects, enums and unions get a type named
    /// `hint` (made unique).
    pub fn type_of(&mut self, schema: SchemaRef<'a>, pointer: &str, hint: &str) -> Lowered {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                return match self.resolve(reference, pointer) {
                    Some((name, target)) => Lowered {
                        ty: TypeRef::Named(name),
                        nullable: target.schema_data.nullable,
                        read_only: target.schema_data.read_only,
                        // A bare `$ref` property is documented by the first paragraph of
                        // what it points to; the type's own docs have the rest.
                        doc: target
                            .schema_data
                            .description
                            .as_deref()
                            .and_then(|d| d.split("\n\n").next())
                            .map(|d| d.trim().to_owned()),
                        example: target.schema_data.example.clone(),
                    },
                    None => Lowered {
                        ty: TypeRef::Json,
                        nullable: false,
                        read_only: false,
                        doc: None,
                        example: None,
                    },
                };
            }
            SchemaRef::Inline(schema) => schema,
        };
        let data = &schema.schema_data;
        let mut lowered = Lowered {
            ty: TypeRef::Json,
            nullable: data.nullable,
            read_only: data.read_only,
            doc: data.description.clone().or_else(|| data.title.clone()),
            example: data.example.clone(),
        };
        if let Some(values) = string_enum(schema) {
            lowered.nullable |= values.iter().any(Option::is_none);
            lowered.ty = self.named_inline(hint, schema, pointer);
            return lowered;
        }
        if let Some((alternatives, key)) = alternatives(schema) {
            let non_null: Vec<_> = alternatives.iter().filter(|a| !is_null_schema(a)).collect();
            if non_null.len() == 1 {
                // `anyOf: [X, {nullable}]` is X, nullable.
                let inner = self.type_of(non_null[0].into(), &push_pointer(pointer, key), hint);
                lowered.ty = inner.ty;
                lowered.nullable |= inner.nullable || non_null.len() < alternatives.len();
                lowered.doc = lowered.doc.or(inner.doc);
                return lowered;
            }
            lowered.ty = self.named_inline(hint, schema, pointer);
            return lowered;
        }
        if let Some(parts) = all_of(schema) {
            if parts.len() == 1 && !has_properties(schema) {
                // `allOf: [$ref]` is the usual way to add a description to a reference.
                let inner =
                    self.type_of((&parts[0]).into(), &push_pointer(pointer, "allOf/0"), hint);
                lowered.ty = inner.ty;
                lowered.nullable |= inner.nullable;
                lowered.read_only |= inner.read_only;
                return lowered;
            }
        }
        if is_object_like(schema) {
            lowered.ty = self.named_inline(hint, schema, pointer);
            return lowered;
        }
        lowered.ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.string_type(&s.format, pointer),
            SchemaKind::Type(Type::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
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
                self.unsupported(
                    pointer,
                    "`not`",
                    "describe the allowed values instead (an enum, `oneOf`, or a plain type)",
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
                Some("integer") if any.format.as_deref() == Some("int32") => TypeRef::I32,
                Some("integer") => TypeRef::I64,
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
                Some("array") => TypeRef::Vec(Box::new(TypeRef::Json)),
                None => TypeRef::Json,
                Some(other) => {
                    self.unsupported(
                        &push_pointer(pointer, "type"),
                        format!("`type: {other}`"),
                        "OpenAPI 3.0 types are string, integer, number, boolean, array and object",
                    );
                    TypeRef::Json
                }
            },
            // Handled above.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                TypeRef::Json
            }
        };
        lowered
    }

    fn named_inline(&mut self, hint: &str, schema: &'a Schema, pointer: &str) -> TypeRef {
        // An inline schema met again while it is being defined (its object `allOf`-includes the
        // component it sits in) is the same type: naming it anew would never end.
        if let Some((_, name)) = self.defining.iter().find(|(s, _)| std::ptr::eq(*s, schema)) {
            return TypeRef::Named(name.clone());
        }
        let name = self.fresh_name(hint, pointer);
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
                self.unsupported(
                    &push_pointer(pointer, "format"),
                    "`format: binary` inside a JSON value",
                    "binary data is supported as a whole request or response body (`application/octet-stream`); inside JSON use `format: byte` (base64 text)",
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
        let mut variants: Vec<Variant> = Vec::new();
        for (i, wire) in values.iter().enumerate() {
            let Some(wire) = wire else { continue };
            let name = if wire.is_empty() {
                "Empty".to_owned()
            } else {
                upper_camel(wire).unwrap_or_else(|| format!("Value{}", i + 1))
            };
            let name = names::bare(&name).to_owned();
            if variants.iter().any(|v| v.wire == *wire) {
                continue;
            }
            if let Some(first) = variants.iter().find(|v| v.name == name) {
                let kind = ErrorKind::NameCollision {
                    what: "enum value",
                    first: first.wire.clone(),
                    second: (*wire).to_owned(),
                    rust: name,
                };
                self.error(
                    push_pointer(&push_pointer(pointer, "enum"), &i.to_string()),
                    kind,
                );
                continue;
            }
            variants.push(Variant {
                name,
                wire: (*wire).to_owned(),
            });
        }
        let mut unknown = "Unknown".to_owned();
        while variants.iter().any(|v| v.name == unknown) {
            unknown.push_str("Value");
        }
        Enum { variants, unknown }
    }

    fn lower_struct(&mut self, name: &str, schema: &'a Schema, pointer: &str) -> Struct {
        let mut object = Object::default();
        self.collect_object(schema, pointer, &mut object, &mut Vec::new());
        let mut fields: Vec<Field> = Vec::new();
        for (wire, property, property_pointer) in object.properties {
            let Some(field_name) = names::snake(&wire) else {
                self.unsupported(
                    &property_pointer,
                    format!("the property name `{wire}`"),
                    "a property name needs at least one ASCII letter or digit",
                );
                continue;
            };
            if let Some(first) = fields.iter().find(|f| f.name == field_name) {
                let kind = ErrorKind::NameCollision {
                    what: "property",
                    first: first.wire.clone(),
                    second: wire.clone(),
                    rust: field_name,
                };
                self.error(property_pointer, kind);
                continue;
            }
            let hint = format!("{name}{}", names::part(&wire));
            let lowered = self.type_of(property, &property_pointer, &hint);
            let inline = match property {
                SchemaRef::Inline(schema) => Some(schema),
                SchemaRef::Ref(_) => None,
            };
            let required = object.required.contains(&wire) && !lowered.read_only;
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
        if additional.is_some() && fields.iter().any(|f| f.name == "additional_properties") {
            self.unsupported(
                pointer,
                "a property named `additionalProperties` together with `additionalProperties`",
                "rename the property",
            );
        }
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
            if into.properties.iter().any(|(w, _, _)| w == wire) {
                continue;
            }
            into.properties.push((
                wire.clone(),
                property.into(),
                push_pointer(&properties_pointer, wire),
            ));
        }
        into.required.extend(required.iter().cloned());
        if additional.is_some() {
            into.additional = additional;
        }
        if let Some(parts) = all_of(schema) {
            for (i, part) in parts.iter().enumerate() {
                let part_pointer = push_pointer(&push_pointer(pointer, "allOf"), &i.to_string());
                let (part_schema, part_pointer) = match part {
                    ReferenceOr::Reference { reference } => {
                        match self.resolve(reference, &part_pointer) {
                            Some((_, s)) => (s, reference.clone()),
                            None => continue,
                        }
                    }
                    ReferenceOr::Item(s) => (s, part_pointer),
                };
                if is_object_like(part_schema) {
                    self.collect_object(part_schema, &part_pointer, into, stack);
                } else if !is_annotation_only(part_schema) {
                    self.unsupported(
                        &part_pointer,
                        "an `allOf` member that is not an object",
                        "`allOf` combines objects; use `oneOf` or a plain type for other schemas",
                    );
                }
            }
        }
    }

    fn lower_union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut nullable = false;
        for (i, alternative) in alternatives.iter().enumerate() {
            if is_null_schema(alternative) {
                nullable = true;
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
                } else {
                    self.unsupported(
                        &alt_pointer,
                        "an inline alternative in a `oneOf` with a `discriminator`",
                        "each alternative of a discriminated union must be a `$ref` to a component schema",
                    );
                }
            }
            variants.push(UnionVariant {
                name: variant,
                ty,
                tags,
                boxed: false,
            });
        }
        if nullable {
            self.unsupported(
                pointer,
                "a `null` alternative in a union defined as a named type",
                "mark the places that use the union `nullable: true` instead",
            );
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
    properties: Vec<(String, SchemaRef<'a>, String)>,
    required: BTreeSet<String>,
    additional: Option<&'a AdditionalProperties>,
    /// The schemas merged so far, by address.
    merged: Vec<*const Schema>,
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
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
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
    match (&data.title, &data.description) {
        (Some(title), Some(description)) if !description.starts_with(title.as_str()) => {
            Some(format!("{title}\n\n{description}"))
        }
        (_, Some(description)) => Some(description.clone()),
        (Some(title), None) => Some(title.clone()),
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
        SchemaKind::Type(Type::Array(a)) => match (a.min_items, a.max_items) {
            (Some(min), Some(max)) => out.push(format!("Items: {min} to {max}.")),
            (Some(min), None) => out.push(format!("At least {min} items.")),
            (None, Some(max)) => out.push(format!("At most {max} items.")),
            (None, None) => {}
        },
        _ => {}
    }
    if let Some(default) = &data.default {
        out.push(format!("Default: `{default}`."));
    }
    if let Some(example) = &data.example {
        out.push(format!("Example: `{example}`."));
    }
    out
}
