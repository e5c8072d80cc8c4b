//! Step 2 of the pipeline: the generator's own model of an API.
//!
//! Lowering resolves every `$ref`, gives every type a Rust name (inline schemas are named from
//! where they occur), groups operations into the resource tree the client exposes
//! (`viewer` > `users` > `update`) and decides where recursion needs a `Box`. The emitters read
//! only this model, never the OpenAPI document.

mod boxing;
mod directions;
mod merging;
pub use directions::Directions;
pub mod names;
mod operations;
pub mod pagination;
mod refs;
mod schemas;
mod security;
pub mod webhooks;

use std::collections::HashMap;

use openapiv3::OpenAPI;

use crate::error::Errors;
pub use pagination::{PageField, Pagination};
pub use webhooks::Webhooks;

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The first server's URL with its variables at their defaults (empty when none).
    pub base_url: String,
    /// Every named type, in a stable order: components in document order, then inline types
    /// in the order they were found.
    pub types: Vec<TypeDef>,
    /// Position of each type in `types` by name, for [`Api::type_named`].
    type_index: HashMap<String, usize>,
    /// The client itself: operations at the root and the resource tree below it.
    pub root: Resource,
    /// The security schemes the document declares, in document order.
    pub auth: Vec<SecurityScheme>,
    /// The security alternatives of operations that do not list their own (positions in
    /// `auth`); empty when they need no credentials.
    pub security: Vec<Vec<usize>>,
    /// Whether every operation needs credentials (there is one, and none has an alternative
    /// without any).
    pub requires_credentials: bool,
    /// How list operations page (`x-pagination`), by the operation's pointer.
    pub pagination: HashMap<String, Pagination>,
    /// The webhooks the API sends (`x-webhooks`).
    pub webhooks: Option<Webhooks>,
    /// Things the generator left out on purpose, or decided by a rule, with where and why.
    pub notes: Vec<Note>,
    /// JSON pointers of the schemas that became untyped JSON (`serde_json::Value` or a JSON
    /// object): empty schemas, arrays without `items`, enums of mixed kinds, and so on.
    pub untyped: Vec<String>,
}

/// Something the generator skipped on purpose (a callback, a link) or decided by a documented
/// rule (a renamed name, an `allOf` member left out), reported but not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// A JSON pointer to what was skipped.
    pub pointer: String,
    /// Why.
    pub message: String,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Documentation, from the schema's `title` and `description`.
    pub doc: Option<String>,
    /// Where it was defined.
    pub pointer: String,
    /// What it is.
    pub kind: TypeKind,
    /// The serde traits it implements (structs and unions; enums always have both).
    pub serde: Directions,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// The query and header parameters of one operation (not serialized as a whole).
    Params(Struct),
    /// A string enum, open to values this client does not know.
    Enum(Enum),
    /// `oneOf` / `anyOf`.
    Union(Union),
    /// An operation whose success responses have different bodies.
    Responses(Vec<(u16, Body)>),
    /// A name for another type (`type Id = String`).
    Alias(TypeRef),
}

/// Fields of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in document order.
    pub fields: Vec<Field>,
    /// The type of `additionalProperties`, when the object allows them.
    pub additional: Option<TypeRef>,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name (maybe raw, `r#type`).
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// The value's type, without the `Option` / `Nullable` that `presence` adds.
    pub ty: TypeRef,
    /// Whether the field must be present and whether it may be null.
    pub presence: Presence,
    /// Documentation.
    pub doc: Option<String>,
    /// Whether the value must be boxed to break a cycle of types.
    pub boxed: bool,
    /// An example value from the document.
    pub example: Option<serde_json::Value>,
}

/// Whether a field must be present and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, `None` is sent as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, `None` is not sent.
    Optional,
    /// May be absent or null: `Nullable<T>`, three states.
    OptionalNullable,
}

impl Presence {
    /// From the document's `required` list and `nullable` flag.
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Self::Required,
            (true, true) => Self::RequiredNullable,
            (false, false) => Self::Optional,
            (false, true) => Self::OptionalNullable,
        }
    }

    /// Whether the field must be given to construct the type.
    pub fn is_required(self) -> bool {
        matches!(self, Self::Required | Self::RequiredNullable)
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Known values in document order.
    pub variants: Vec<Variant>,
    /// The name of the catch-all variant that keeps unknown values (chosen not to collide).
    pub unknown: String,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The Rust name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// `oneOf` / `anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives in document order.
    pub variants: Vec<UnionVariant>,
    /// The discriminating property, when the document names one.
    pub discriminator: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// The discriminator values that select it.
    pub tags: Vec<String>,
    /// Whether the value must be boxed to break a cycle of types.
    pub boxed: bool,
}

/// One security scheme of `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the document (`BearerAuth`).
    pub key: String,
    /// How the credential is sent.
    pub kind: AuthKind,
    /// `x-sdk-env`: the environment variable the document names for it.
    pub env: Option<String>,
    /// `description`.
    pub doc: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `type: http` with a token scheme: `Authorization: <scheme> <token>` (`Bearer`).
    Http(String),
    /// `type: http, scheme: basic`: a user name and password.
    Basic,
    /// `type: apiKey`: a key in a header, query parameter or cookie of this name.
    ApiKey(ParamLocation, String),
    /// `type: oauth2` or `openIdConnect`: an access token the user obtains, sent as bearer.
    AccessToken,
}

/// A reference to a type, as used in fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u64`: `format: uint64`, or a range past `i64::MAX`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// Any JSON value.
    Json,
    /// Any JSON object.
    JsonObject,
    /// A named type.
    Named(String),
    /// `type: array`.
    Vec(Box<TypeRef>),
    /// `additionalProperties` without properties: a string-keyed map.
    Map(Box<TypeRef>),
    /// A nullable value where no field carries the null (array items, map values).
    Option(Box<TypeRef>),
    /// A file in a `multipart/form-data` body (`crate::runtime::FilePart`).
    File,
}

impl TypeRef {
    /// Whether the type implements `Display` in a way fit for a query string or header.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Self::String
                | Self::Bool
                | Self::I32
                | Self::I64
                | Self::U64
                | Self::F32
                | Self::F64
                | Self::DateTime
                | Self::Date
        )
    }
}

/// A node of the client's resource tree; the root is the client itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    /// The accessor name (`users`); empty at the root.
    pub name: String,
    /// The Rust type name (`ViewerUsers`); empty at the root.
    pub type_name: String,
    /// The dotted path (`viewer.users`); empty at the root.
    pub path: String,
    /// Operations on this node, in document order.
    pub operations: Vec<Operation>,
    /// Child resources, in order of first appearance.
    pub children: Vec<Resource>,
}

/// One HTTP operation, as a client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method name (`update`).
    pub name: String,
    /// Upper-case HTTP method (`PATCH`).
    pub method: String,
    /// The path template (`/v1/viewer/users/{userId}`).
    pub path: String,
    /// Where it was defined.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Path parameters, in the order they appear in the path.
    pub path_params: Vec<Param>,
    /// Query and header parameters, gathered in a struct named here, if there are any.
    pub params: Option<(String, Vec<Param>)>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// What a success response holds.
    pub success: Success,
    /// Documented non-success responses: status (or `default`), description, and the type
    /// of its JSON body when the document gives one.
    pub errors: Vec<(String, String, Option<TypeRef>)>,
    /// The security alternatives (positions in [`Api::auth`]); empty: no credentials.
    pub security: Vec<Vec<usize>>,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type: a scalar, an array of scalars, an object, or any type for `Json`.
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// How its value is written.
    pub style: ParamStyle,
    /// `allowReserved`: reserved characters in a query value are sent as they are.
    pub allow_reserved: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// An example value from the document.
    pub example: Option<serde_json::Value>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// How a parameter's value is written (from `style`, `explode` and `content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// A scalar, written with `Display`.
    Plain,
    /// An array: repeated (`Repeat`) or joined by `,`, ` ` or `|`.
    List(ListJoin),
    /// An object: flat (`k,v,k2,v2`), exploded (`k=v&k2=v2`) or `deepObject` (`p[k]=v`).
    Object(ObjectStyle),
    /// `content: application/json`: the value as JSON text.
    Json,
    /// A value of a type only known when it is sent (a union, any JSON): written as a
    /// scalar, an array or an object, whichever it turns out to be.
    Any(ListJoin, ObjectStyle),
}

/// How array values are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListJoin {
    /// One parameter per value (`form` exploded, or exploded cookies).
    Repeat,
    /// `,` (`form` or `simple`, not exploded).
    Comma,
    /// ` ` (`spaceDelimited`).
    Space,
    /// `|` (`pipeDelimited`).
    Pipe,
    /// `name[]=value` for each value (`deepObject` on an array).
    Brackets,
}

/// How object properties are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// Keys and values in one value, joined by commas.
    Flat,
    /// Each property a parameter of its own (`k=v` pairs in a header).
    Exploded,
    /// `name[key]=value`.
    DeepObject,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The body's type (`Json`-like for bytes bodies is unused).
    pub ty: TypeRef,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Documentation.
    pub doc: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON, sent with this content type (`application/json`, `application/vnd.api+json`).
    Json(String),
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`; the type is a struct whose files are [`TypeRef::File`].
    Multipart,
    /// Text with this content type (`text/plain`).
    Text(String),
    /// Raw bytes with this content type.
    Bytes(String),
}

/// What a response body holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// JSON of this type.
    Json(TypeRef),
    /// Nothing (or nothing the client reads).
    Empty,
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// What a success response holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// Every success status has this body.
    Single(Body),
    /// Statuses differ; the named `Responses` type tells them apart. The status, if any,
    /// whose body a `2XX` range gave also takes every 2xx status not listed.
    ByStatus(String, Option<u16>),
}

/// Documentation text, unless it is missing or only whitespace (documents write `""` for
/// "no summary"), which would otherwise print as empty doc lines.
pub(crate) fn prose(text: &Option<String>) -> Option<String> {
    text.as_ref().filter(|t| !t.trim().is_empty()).cloned()
}

/// Lowers a parsed document into the model, reporting every problem found.
pub fn lower(doc: &OpenAPI) -> Result<Api, Errors> {
    // Name conversions are remembered for the length of one lowering only.
    let _names = names::Remembering::start();
    let mut cx = schemas::Lowerer::new(doc);
    cx.lower_components();
    let (auth, security) = security::lower_schemes(&mut cx);
    let mut root = operations::lower_operations(&mut cx, &auth, &security);
    let requires_credentials = requires_credentials(&root);
    let mut pagination = pagination::lower(&mut cx, &root);
    let webhooks = webhooks::lower(&mut cx, &root);
    let base_url = base_url(doc);
    let schemas::Lowerer {
        mut types,
        mut type_index,
        errors,
        notes,
        untyped,
        ..
    } = cx;
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    merging::merge_identical(&mut types, &mut type_index, &mut root, &mut pagination);
    boxing::box_cycles(&mut types, &type_index);
    let event = webhooks.as_ref().map(|w| w.event.as_str());
    directions::assign(&mut types, &type_index, &root, event);
    Ok(Api {
        title: doc.info.title.clone(),
        description: prose(&doc.info.description),
        version: doc.info.version.clone(),
        base_url,
        types,
        type_index,
        root,
        auth,
        security,
        requires_credentials,
        pagination,
        webhooks,
        notes,
        untyped,
    })
}

/// Whether there is an operation, and every operation needs some credential.
fn requires_credentials(root: &Resource) -> bool {
    fn walk(node: &Resource, any: &mut bool) -> bool {
        node.operations.iter().all(|op| {
            *any = true;
            !op.security.is_empty() && op.security.iter().all(|alt| !alt.is_empty())
        }) && node.children.iter().all(|child| walk(child, any))
    }
    let mut any = false;
    walk(root, &mut any) && any
}

impl Api {
    /// The named type called `name`, if there is one.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.type_index.get(name).map(|&i| &self.types[i])
    }

    /// How `op` pages, if it is a paginated list operation.
    pub fn pagination_of(&self, op: &Operation) -> Option<&Pagination> {
        self.pagination.get(&op.pointer)
    }

    /// The runtime crate's cargo features the generated code needs.
    pub fn runtime_features(&self) -> Vec<&'static str> {
        self.webhooks.iter().map(|_| "webhooks").collect()
    }
}

/// The first server's URL with every `{variable}` replaced by its default.
fn base_url(doc: &OpenAPI) -> String {
    let Some(server) = doc.servers.first() else {
        return String::new();
    };
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    url.trim_end_matches('/').to_owned()
}
