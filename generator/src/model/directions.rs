//! Which serde directions each named type needs: `Serialize` for what the client sends,
//! `Deserialize` for what it reads.
//!
//! A type reachable from a request (a body, a parameter) is serialized; one reachable from a
//! response (a success or error body, a webhook event) is deserialized; a type on both sides
//! gets both. A schema no operation reaches is published for a payload the client does not
//! fetch itself (a webhook or callback body, an event delivered elsewhere), so it, and what it
//! reaches, is readable: it gets `Deserialize`. Implementing only the direction a type is used
//! in roughly halves the trait code the compiler checks in a large generated crate; the
//! generator's `all_serde` option restores both everywhere.

use std::collections::HashMap;

use super::{Body, Resource, Success, TypeDef, TypeKind, TypeRef};

/// The serde traits a named type implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Directions {
    /// `Serialize`: the client sends it.
    pub serialize: bool,
    /// `Deserialize`: the client reads it.
    pub deserialize: bool,
}

impl Directions {
    /// Both traits.
    pub const BOTH: Self = Self {
        serialize: true,
        deserialize: true,
    };
}

/// Sets [`TypeDef::serde`] of every type from how the operations under `root` and the
/// webhook event type use it.
pub(crate) fn assign(
    types: &mut [TypeDef],
    type_index: &HashMap<String, usize>,
    root: &Resource,
    webhook_event: Option<&str>,
) {
    let mut sent = Vec::new();
    let mut read = Vec::new();
    collect_roots(root, &mut sent, &mut read);
    for def in types.iter() {
        match &def.kind {
            TypeKind::Params(s) => sent.extend(s.fields.iter().map(|f| &f.ty)),
            TypeKind::Responses(bodies) => {
                read.extend(bodies.iter().filter_map(|(_, body)| json(body)))
            }
            _ => {}
        }
    }
    let event = webhook_event.map(|name| TypeRef::Named(name.to_owned()));
    read.extend(event.as_ref());

    let serialize = reach(types, type_index, sent);
    let mut deserialize = reach(types, type_index, read);
    let unused: Vec<TypeRef> = (0..types.len())
        .filter(|&i| !serialize[i] && !deserialize[i])
        .map(|i| TypeRef::Named(types[i].name.clone()))
        .collect();
    for (i, reached) in reach(types, type_index, unused.iter())
        .into_iter()
        .enumerate()
    {
        deserialize[i] |= reached;
    }
    for (i, def) in types.iter_mut().enumerate() {
        def.serde = Directions {
            serialize: serialize[i],
            deserialize: deserialize[i],
        };
    }
}

/// The types operations send (path parameters, request bodies) and read (success and error
/// bodies); parameter structs and multi-status responses are read from the type list.
fn collect_roots<'a>(node: &'a Resource, sent: &mut Vec<&'a TypeRef>, read: &mut Vec<&'a TypeRef>) {
    for op in &node.operations {
        sent.extend(op.path_params.iter().map(|p| &p.ty));
        sent.extend(op.body.as_ref().map(|b| &b.ty));
        if let Success::Single(body) = &op.success {
            read.extend(json(body));
        }
        read.extend(op.errors.iter().filter_map(|(_, _, ty)| ty.as_ref()));
    }
    for child in &node.children {
        collect_roots(child, sent, read);
    }
}

fn json(body: &Body) -> Option<&TypeRef> {
    match body {
        Body::Json(ty) => Some(ty),
        Body::Empty | Body::Text | Body::Bytes => None,
    }
}

/// Which types the roots reach through fields, additional properties, union alternatives,
/// aliases and containers, by index into `types`.
fn reach<'a>(
    types: &'a [TypeDef],
    type_index: &HashMap<String, usize>,
    roots: impl IntoIterator<Item = &'a TypeRef>,
) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut stack: Vec<&TypeRef> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(name) => {
                let Some(&i) = type_index.get(name) else {
                    continue;
                };
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                match &types[i].kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.as_ref());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => stack.push(target),
                    // Parameter structs and multi-status responses are not serde types;
                    // their members are roots of their own.
                    TypeKind::Params(_) | TypeKind::Responses(_) | TypeKind::Enum(_) => {}
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => stack.push(inner),
            _ => {}
        }
    }
    seen
}
