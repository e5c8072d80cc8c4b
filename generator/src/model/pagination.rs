//! `x-pagination` on a list operation: where the page's items, next cursor and "more" flag
//! are, and which query parameter carries the cursor of the next request.
//!
//! ```yaml
//! x-pagination:
//!   items: users        # response property holding the page's items (an array)
//!   cursor: cursor      # response property holding the next page's cursor (a string)
//!   hasMore: hasMore    # response property, a boolean; false on the last page
//!   cursorParam: cursor # query parameter the next request carries the cursor in
//! ```
//!
//! Pagination is never guessed from property names: only operations with the extension get
//! it. Every name must match what the operation declares, else the extension is refused with
//! a pointer to it.

use std::collections::HashMap;

use openapiv3::ReferenceOr;
use serde_json::Value;

use super::schemas::Lowerer;
use super::{Body, Operation, ParamLocation, Presence, Resource, Success, TypeKind, TypeRef};
use crate::error::{push_pointer, ErrorKind};

/// The extension's name.
const EXTENSION: &str = "x-pagination";

/// The members the extension must have, in the order they are reported.
const MEMBERS: [&str; 4] = ["items", "cursor", "hasMore", "cursorParam"];

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The page type: the operation's response, a struct.
    pub page: String,
    /// The type of one item.
    pub item: TypeRef,
    /// The page's items, an array.
    pub items: PageField,
    /// The page's cursor for the next request, a string.
    pub cursor: PageField,
    /// Whether there are more pages, a boolean.
    pub has_more: PageField,
    /// The query parameter the next request carries the cursor in, as sent.
    pub cursor_param: String,
}

/// A field of a page type.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// Whether it is always there and whether it may be null.
    pub presence: Presence,
    /// Whether the field is boxed.
    pub boxed: bool,
}

/// Reads `x-pagination` on every lowered operation, in document order; the result is keyed
/// by the operation's pointer.
pub(crate) fn lower(cx: &mut Lowerer<'_>, root: &Resource) -> HashMap<String, Pagination> {
    let mut operations: HashMap<&str, &Operation> = HashMap::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        stack.extend(&node.children);
        for op in &node.operations {
            operations.insert(&op.pointer, op);
        }
    }
    let mut found: HashMap<String, Pagination> = HashMap::new();
    // Which operation first made each page type paginated, to refuse a second, different use.
    let mut first_use: HashMap<String, (String, Pagination)> = HashMap::new();
    let doc = cx.doc;
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, oa_op) in item.iter() {
            let Some(value) = oa_op.extensions.get(EXTENSION) else {
                continue;
            };
            let op_pointer = push_pointer(&push_pointer("#/paths", path), method);
            // An operation that did not lower has been reported already.
            let Some(op) = operations.get(op_pointer.as_str()) else {
                continue;
            };
            let pointer = push_pointer(&op_pointer, EXTENSION);
            let pagination = match read(cx, op, value) {
                Ok(pagination) => pagination,
                Err(why) => {
                    invalid(cx, &pointer, why);
                    continue;
                }
            };
            match first_use.get(&pagination.page) {
                Some((other, earlier)) if *earlier != pagination => {
                    let why = format!(
                        "the page type `{}` is also paginated by {other}, with other members; give the two operations one `x-pagination`",
                        pagination.page
                    );
                    invalid(cx, &pointer, why);
                    continue;
                }
                Some(_) => {}
                None => {
                    let label = format!("`{} {path}`", method.to_ascii_uppercase());
                    first_use.insert(pagination.page.clone(), (label, pagination.clone()));
                }
            }
            found.insert(op_pointer, pagination);
        }
    }
    found
}

fn invalid(cx: &mut Lowerer<'_>, pointer: &str, why: String) {
    cx.error(
        pointer,
        ErrorKind::InvalidExtension {
            name: EXTENSION,
            why,
        },
    );
}

/// The members of the extension, checked against the operation.
fn read(cx: &Lowerer<'_>, op: &Operation, value: &Value) -> Result<Pagination, String> {
    let shape = "it must be an object with the members `items`, `cursor`, `hasMore` and `cursorParam`, each a name";
    let Value::Object(members) = value else {
        return Err(shape.to_owned());
    };
    if let Some(unknown) = members.keys().find(|key| !MEMBERS.contains(&key.as_str())) {
        return Err(format!("`{unknown}` is not a member it has; {shape}"));
    }
    let mut names = [""; 4];
    for (slot, member) in names.iter_mut().zip(MEMBERS) {
        *slot = match members.get(member) {
            None => return Err(format!("`{member}` is missing; {shape}")),
            Some(Value::String(name)) if !name.is_empty() => name,
            Some(_) => return Err(format!("`{member}` must be a non-empty string")),
        };
    }
    let [items, cursor, has_more, cursor_param] = names;

    let param = op
        .params
        .iter()
        .flat_map(|(_, params)| params)
        .find(|p| p.wire == cursor_param && p.location == ParamLocation::Query);
    match param {
        None => {
            return Err(format!(
                "`cursorParam: {cursor_param}` names no query parameter of this operation"
            ))
        }
        Some(p) if resolve(cx, &p.ty) != TypeRef::String => {
            return Err(format!(
                "the query parameter `{cursor_param}` named by `cursorParam` must be a string"
            ))
        }
        Some(_) => {}
    }

    let page = match &op.success {
        Success::Single(Body::Json(TypeRef::Named(name))) => name,
        _ => {
            return Err(
                "the operation's success response must be one JSON object, the page".to_owned(),
            )
        }
    };
    let def = cx
        .type_named(page)
        .ok_or_else(|| format!("the page type `{page}` is not defined"))?;
    let TypeKind::Struct(fields) = &def.kind else {
        return Err(format!(
            "the success response (`{page}`, {}) must be an object with properties",
            def.pointer
        ));
    };
    let field = |member: &str, wire: &str| {
        fields
            .fields
            .iter()
            .find(|f| f.wire == wire)
            .ok_or_else(|| {
                format!(
                    "`{member}: {wire}` names no property of the response (`{page}`, {})",
                    def.pointer
                )
            })
    };
    let items_field = field("items", items)?;
    let TypeRef::Vec(item) = resolve(cx, &items_field.ty) else {
        return Err(format!(
            "the property `{items}` named by `items` must be an array"
        ));
    };
    let cursor_field = field("cursor", cursor)?;
    if resolve(cx, &cursor_field.ty) != TypeRef::String {
        return Err(format!(
            "the property `{cursor}` named by `cursor` must be a string"
        ));
    }
    let has_more_field = field("hasMore", has_more)?;
    if resolve(cx, &has_more_field.ty) != TypeRef::Bool {
        return Err(format!(
            "the property `{has_more}` named by `hasMore` must be a boolean"
        ));
    }
    let page_field = |f: &super::Field| PageField {
        name: f.name.clone(),
        wire: f.wire.clone(),
        presence: f.presence,
        boxed: f.boxed,
    };
    Ok(Pagination {
        page: page.clone(),
        item: *item,
        items: page_field(items_field),
        cursor: page_field(cursor_field),
        has_more: page_field(has_more_field),
        cursor_param: cursor_param.to_owned(),
    })
}

/// Looks through aliases (`type Users = Vec<User>`).
fn resolve(cx: &Lowerer<'_>, ty: &TypeRef) -> TypeRef {
    let mut ty = ty.clone();
    // Aliases of aliases are rare; a bound keeps a cycle from looping.
    for _ in 0..8 {
        let TypeRef::Named(name) = &ty else { break };
        match cx.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(inner)) => ty = inner.clone(),
            _ => break,
        }
    }
    ty
}
