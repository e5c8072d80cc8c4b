//! Inline schemas that lower to the same type are generated once.
//!
//! Large documents repeat shapes inline: Cloudflare's has 195 inline `{ message: string }`
//! objects and a hundred copies of one event type, each of which became a type of its own,
//! named from where it sits. Two types merge when they come from inline schemas (a component
//! schema is named by the document, so it always stays) and are the same in everything the
//! generated code shows: documentation, fields with their wire names, types, presence and
//! examples, enum values, union alternatives. The one kept is the one whose name sorts first,
//! so the result does not depend on the order of the document; every reference to the others
//! is redirected to it. Merging repeats until nothing changes, since objects that differed
//! only in which copy of a nested type they named become equal once those merge.
//!
//! Page types of paginated operations are not merged: each carries the page methods of its
//! own operation.

use std::collections::{HashMap, HashSet};

use super::pagination::Pagination;
use super::{Body, Resource, Success, TypeDef, TypeKind, TypeRef};

/// Merges identical inline types, redirecting references in the types, the operations under
/// `root` and `pagination`, and rebuilds `type_index`.
pub(crate) fn merge_identical(
    types: &mut Vec<TypeDef>,
    type_index: &mut HashMap<String, usize>,
    root: &mut Resource,
    pagination: &mut HashMap<String, Pagination>,
) {
    let pages: HashSet<String> = pagination.values().map(|p| p.page.clone()).collect();
    loop {
        let renames = duplicates(types, &pages);
        if renames.is_empty() {
            return;
        }
        types.retain(|def| !renames.contains_key(&def.name));
        for def in types.iter_mut() {
            redirect_type(def, &renames);
        }
        redirect_operations(root, &renames);
        for page in pagination.values_mut() {
            redirect(&mut page.item, &renames);
        }
        *type_index = types
            .iter()
            .enumerate()
            .map(|(i, def)| (def.name.clone(), i))
            .collect();
    }
}

/// Whether the type was made for an inline schema (its name is the generator's), and is a
/// kind that can merge.
fn mergeable(def: &TypeDef, pages: &HashSet<String>) -> bool {
    let component = def
        .pointer
        .strip_prefix("#/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'));
    !component
        && !pages.contains(&def.name)
        && matches!(
            def.kind,
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_)
        )
}

/// For each type equal to one whose name sorts before it, that name.
fn duplicates(types: &[TypeDef], pages: &HashSet<String>) -> HashMap<String, String> {
    let mut first: HashMap<String, &str> = HashMap::new();
    let mut renames = HashMap::new();
    let mut candidates: Vec<&TypeDef> = types.iter().filter(|d| mergeable(d, pages)).collect();
    candidates.sort_by(|a, b| a.name.cmp(&b.name));
    for def in candidates {
        // Everything the generated item shows but its name and where it came from.
        let key = format!("{:?}\u{0}{:?}", def.doc, def.kind);
        match first.get(&key) {
            Some(kept) => {
                renames.insert(def.name.clone(), (*kept).to_owned());
            }
            None => {
                first.insert(key, &def.name);
            }
        }
    }
    renames
}

fn redirect(ty: &mut TypeRef, renames: &HashMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(kept) = renames.get(name) {
                name.clone_from(kept);
            }
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
            redirect(inner, renames)
        }
        _ => {}
    }
}

fn redirect_body(body: &mut Body, renames: &HashMap<String, String>) {
    if let Body::Json(ty) = body {
        redirect(ty, renames);
    }
}

fn redirect_type(def: &mut TypeDef, renames: &HashMap<String, String>) {
    match &mut def.kind {
        TypeKind::Struct(s) | TypeKind::Params(s) => {
            for field in &mut s.fields {
                redirect(&mut field.ty, renames);
            }
            if let Some(additional) = &mut s.additional {
                redirect(additional, renames);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                redirect(&mut variant.ty, renames);
            }
        }
        TypeKind::Responses(bodies) => {
            for (_, body) in bodies {
                redirect_body(body, renames);
            }
        }
        TypeKind::Alias(ty) => redirect(ty, renames),
        TypeKind::Enum(_) => {}
    }
}

fn redirect_operations(node: &mut Resource, renames: &HashMap<String, String>) {
    for op in &mut node.operations {
        for param in &mut op.path_params {
            redirect(&mut param.ty, renames);
        }
        if let Some((_, params)) = &mut op.params {
            for param in params {
                redirect(&mut param.ty, renames);
            }
        }
        if let Some(body) = &mut op.body {
            redirect(&mut body.ty, renames);
        }
        if let Success::Single(body) = &mut op.success {
            redirect_body(body, renames);
        }
        for (_, _, ty) in &mut op.errors {
            if let Some(ty) = ty {
                redirect(ty, renames);
            }
        }
    }
    for child in &mut node.children {
        redirect_operations(child, renames);
    }
}
