//! `client.rs` and `resources.rs`: the client, its resource tree, and one method per operation.
//!
//! Operations return a `crate::runtime::Call`: awaiting it sends the request (with retries) and
//! decodes the response; before awaiting, the caller may set a timeout, retries or headers for
//! this request alone, or ask for the raw response as well.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, escape};
use super::examples::Examples;
use super::{display, ident, rust_type, Scope};
use crate::model::{
    names::{bare, snake},
    Api, AuthKind, Body, BodyEncoding, ListJoin, ObjectStyle, Operation, Param, ParamLocation,
    ParamStyle, Resource, Success, TypeKind, TypeRef,
};
use crate::Options;

/// Builder methods a credential setter must not take the name of.
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "timeout",
    "max_retries",
    "retry_backoff",
    "default_header",
    "http_client",
    "env_source",
    "build",
    "into_runtime",
    "webhook_secret",
    "webhook_secret_bytes",
    "from",
    "fmt",
];

/// The builder method and environment variables of one security scheme.
pub(crate) struct CredentialNames {
    /// The setter (maybe raw).
    pub method: String,
    /// One variable for a token, two (user name, password) for HTTP basic.
    pub env: Vec<String>,
}

/// Names each security scheme's builder method and environment variables.
///
/// The method: when the scheme's `x-sdk-env` is `<PREFIX>_<NAME>`, `<name>` (Avara's
/// `AVARA_API_KEY` gives `api_key`); otherwise by kind: `bearer_token`, `basic_auth`,
/// `api_key`, `access_token` (OAuth2, OpenID Connect), `<scheme>_token` (other HTTP schemes).
/// A name two schemes share, or that a builder method has, gets the scheme's name as a suffix
/// (`api_key_query_key`), then its position. The variables: `x-sdk-env`, else
/// `<PREFIX>_<METHOD>`; HTTP basic adds `_USERNAME` and `_PASSWORD` to it.
pub(crate) fn credential_names(api: &Api, options: &Options) -> Vec<CredentialNames> {
    let prefix = format!("{}_", options.env_prefix);
    let base: Vec<String> = api
        .auth
        .iter()
        .map(|scheme| {
            let from_env = scheme
                .env
                .as_deref()
                .and_then(|env| env.strip_prefix(&prefix))
                .and_then(snake);
            from_env.unwrap_or_else(|| match &scheme.kind {
                AuthKind::Http(name) if name == "Bearer" => "bearer_token".to_owned(),
                AuthKind::Http(name) => {
                    snake(&format!("{name} token")).unwrap_or_else(|| "token".to_owned())
                }
                AuthKind::Basic => "basic_auth".to_owned(),
                AuthKind::ApiKey(..) => "api_key".to_owned(),
                AuthKind::AccessToken => "access_token".to_owned(),
            })
        })
        .collect();
    let mut methods: Vec<String> = Vec::new();
    for (i, name) in base.iter().enumerate() {
        let shared = base.iter().filter(|other| *other == name).count() > 1;
        let mut method = if shared || BUILDER_METHODS.contains(&bare(name)) {
            snake(&format!("{} {}", bare(name), api.auth[i].key)).unwrap_or_else(|| name.clone())
        } else {
            name.clone()
        };
        if methods.contains(&method) || BUILDER_METHODS.contains(&bare(&method)) {
            method = format!("{}_{}", bare(&method), i + 1);
        }
        methods.push(method);
    }
    api.auth
        .iter()
        .zip(methods)
        .map(|(scheme, method)| {
            let env = scheme
                .env
                .clone()
                .unwrap_or_else(|| format!("{prefix}{}", bare(&method).to_ascii_uppercase()));
            let env = match scheme.kind {
                AuthKind::Basic => vec![format!("{env}_USERNAME"), format!("{env}_PASSWORD")],
                _ => vec![env],
            };
            CredentialNames { method, env }
        })
        .collect()
}

/// The `security` alternatives as a `&[&[usize]]` literal.
fn security_literal(alternatives: &[Vec<usize>]) -> TokenStream {
    let alternatives = alternatives.iter().map(|alt| {
        let indexes = alt
            .iter()
            .map(|i| proc_macro2::Literal::usize_unsuffixed(*i));
        quote!(&[#(#indexes),*])
    });
    quote!(&[#(#alternatives),*])
}

/// How a scheme is described in the docs: "HTTP bearer token", "API key in header `X-Key`".
fn scheme_kind_text(kind: &AuthKind) -> String {
    match kind {
        AuthKind::Http(name) if name == "Bearer" => {
            "a token sent as `Authorization: Bearer <token>`".to_owned()
        }
        AuthKind::Http(name) => format!("a token sent as `Authorization: {name} <token>`"),
        AuthKind::Basic => "a user name and password (HTTP basic authentication)".to_owned(),
        AuthKind::ApiKey(location, name) => {
            let place = match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Cookie => "cookie",
                _ => "header",
            };
            format!("an API key sent in the {place} `{name}`")
        }
        AuthKind::AccessToken => {
            "an OAuth2 / OpenID Connect access token, obtained by you and sent as `Authorization: Bearer <token>`".to_owned()
        }
    }
}

pub(crate) fn client(api: &Api, options: &Options) -> TokenStream {
    let prefix = &options.env_prefix;
    let base_url_env = format!("{prefix}_BASE_URL");
    let custom_headers_env = format!("{prefix}_CUSTOM_HEADERS");
    let webhook_key_env = super::webhooks::key_env(api, options);
    let name = &options.crate_name;
    let base_url = &api.base_url;
    let user_agent = &options.user_agent;
    let accessors = api.root.children.iter().map(|child| accessor(child, true));
    let operations = api
        .root
        .operations
        .iter()
        .map(|op| operation(api, options, &[], op));
    let webhooks = super::webhooks::accessor(api, options);
    let title = format!("A client for the {}.", super::api_name(&api.title));
    let default_url = if base_url.is_empty() {
        format!("The document names no server, so `{base_url_env}` or [`ClientBuilder::base_url`] must give one.")
    } else {
        format!("Requests go to `{base_url}` unless `{base_url_env}` or [`ClientBuilder::base_url`] says otherwise.")
    };
    let class = doc(&format!(
        "{}\n\n{default_url}\n\nCloning is cheap: clones share one connection pool and configuration.",
        title
    ));
    let names = credential_names(api, options);
    let schemes = api.auth.iter().zip(&names).map(|(scheme, names)| {
        let key = &scheme.key;
        let kind = match &scheme.kind {
            AuthKind::Http(name) => quote!(crate::runtime::AuthKind::Http(#name)),
            AuthKind::AccessToken => quote!(crate::runtime::AuthKind::Http("Bearer")),
            AuthKind::Basic => quote!(crate::runtime::AuthKind::Basic),
            AuthKind::ApiKey(location, name) => match location {
                ParamLocation::Query => quote!(crate::runtime::AuthKind::Query(#name)),
                ParamLocation::Cookie => quote!(crate::runtime::AuthKind::Cookie(#name)),
                _ => quote!(crate::runtime::AuthKind::Header(#name)),
            },
        };
        let env = &names.env;
        let setter = bare(&names.method);
        quote! {
            crate::runtime::AuthScheme {
                name: #key,
                kind: #kind,
                env: &[#(#env),*],
                setter: #setter,
            }
        }
    });
    let security = security_literal(&api.security);
    let requires_credentials = api.requires_credentials;
    let env_list: Vec<String> = names
        .iter()
        .map(|n| {
            n.env
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    let credentials_text = match (env_list.len(), api.requires_credentials) {
        (0, _) => "The API needs no credentials.".to_owned(),
        (1, true) => format!("The credential comes from {} (required).", env_list[0]),
        (_, true) => format!(
            "Credentials come from {} (at least one is required).",
            env_list.join(", or ")
        ),
        (_, false) => format!(
            "Credentials, for the operations that need them, come from {}.",
            env_list.join(", or ")
        ),
    };
    let webhook_env = api
        .webhooks
        .as_ref()
        .map(|_| {
            format!(
                ", the webhook secret from `{}`",
                super::webhooks::key_env_name(api, options)
            )
        })
        .unwrap_or_default();
    let from_env = doc(&format!(
        "Creates a client configured from the environment. {credentials_text} Optionally, the base URL comes from `{base_url_env}`, extra headers from `{custom_headers_env}` (one `Name: value` per line){webhook_env}.\n\n# Errors\n\nFails when {}a setting is invalid.",
        if api.requires_credentials {
            "no credential is set or "
        } else {
            ""
        }
    ));
    let setters = api.auth.iter().zip(&names).enumerate().map(|(i, (scheme, names))| {
        let method = ident(&names.method);
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let mut text = format!(
            "The credential of the security scheme `{}`: {}. Without it, `{}` {} read.",
            scheme.key,
            scheme_kind_text(&scheme.kind),
            names.env.join("` and `"),
            if names.env.len() > 1 { "are" } else { "is" }
        );
        if let Some(description) = &scheme.doc {
            text.push_str("\n\n");
            text.push_str(&escape(description));
        }
        let text = doc(&text);
        match scheme.kind {
            AuthKind::Basic => quote! {
                #text
                pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    Self(self.0.credential(#index, crate::runtime::Credential::basic(username, password)))
                }
            },
            _ => quote! {
                #text
                pub fn #method(self, token: impl Into<String>) -> Self {
                    Self(self.0.credential(#index, crate::runtime::Credential::token(token)))
                }
            },
        }
    });
    let webhook_setters = api.webhooks.as_ref().map(|_| {
        quote! {
            /// The secret that `client.webhooks().unwrap(..)` verifies webhooks with, as the
            /// API shows it (base64, with or without a `whsec_` prefix).
            pub fn webhook_secret(self, secret: impl Into<String>) -> Self {
                Self(self.0.webhook_secret(secret))
            }

            /// Like [`webhook_secret`](Self::webhook_secret), with the raw key bytes.
            pub fn webhook_secret_bytes(self, key: impl Into<Vec<u8>>) -> Self {
                Self(self.0.webhook_secret_bytes(key))
            }
        }
    });
    quote! {
        //! The client: configuration, and the way in to every resource and operation.

        use crate::runtime::{ApiDescriptor, Transport};

        static API: ApiDescriptor = ApiDescriptor {
            name: #name,
            default_base_url: #base_url,
            auth: &[#(#schemes),*],
            security: #security,
            requires_credentials: #requires_credentials,
            base_url_env: #base_url_env,
            user_agent: #user_agent,
            custom_headers_env: #custom_headers_env,
            webhook_key_env: #webhook_key_env,
        };

        #class
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: Transport,
        }

        impl Client {
            #from_env
            pub fn from_env() -> Result<Self, crate::runtime::Error> {
                Self::builder().build()
            }

            /// Starts configuring a client: credentials, base URL, timeout, retries, default
            /// headers, or an HTTP client of your own. Settings not given are read from the
            /// environment.
            pub fn builder() -> ClientBuilder {
                ClientBuilder(crate::runtime::ClientBuilder::new(&API))
            }

            /// The transport every call goes through (configuration, retries, tracing), to
            /// send a request this client has no method for with
            /// [`Transport::call`](crate::runtime::Transport::call).
            pub fn transport(&self) -> &Transport {
                &self.transport
            }

            #(#accessors)*
            #webhooks
            #(#operations)*
        }

        impl From<Transport> for Client {
            fn from(transport: Transport) -> Self {
                Self { transport }
            }
        }

        /// Configures a [`Client`]: explicit settings first, then the environment, then the
        /// defaults (a 60 s timeout per attempt, 2 retries).
        #[must_use]
        #[derive(Debug)]
        pub struct ClientBuilder(crate::runtime::ClientBuilder<Client>);

        impl ClientBuilder {
            #(#setters)*
            #webhook_setters

            /// The base URL; it may have a path prefix (`https://proxy.example/api`).
            pub fn base_url(self, url: impl Into<String>) -> Self {
                Self(self.0.base_url(url))
            }

            /// The timeout of each attempt, covering connecting, sending and reading the whole
            /// response (default 60 s).
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// How many times a failed request is retried (default 2; 0 disables retries).
            pub fn max_retries(self, retries: u32) -> Self {
                Self(self.0.max_retries(retries))
            }

            /// The exponential backoff between retries when the server does not say how long
            /// to wait (default 0.5 s, doubling up to 8 s).
            pub fn retry_backoff(self, initial: std::time::Duration, max: std::time::Duration) -> Self {
                Self(self.0.retry_backoff(initial, max))
            }

            /// A header sent with every request; it replaces a built-in header or a credential
            /// header of the same name.
            pub fn default_header(self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
                Self(self.0.default_header(name, value))
            }

            /// The HTTP client to send requests with.
            pub fn http_client(self, client: crate::runtime::reqwest::Client) -> Self {
                Self(self.0.http_client(client))
            }

            /// Reads configuration variables through `lookup` instead of the process
            /// environment.
            pub fn env_source(self, lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
                Self(self.0.env_source(lookup))
            }

            /// The runtime's builder, holding everything set so far, for settings this type
            /// does not name.
            pub fn into_runtime(self) -> crate::runtime::ClientBuilder<Client> {
                self.0
            }

            /// Builds the client, checking the configuration.
            ///
            /// # Errors
            ///
            /// Fails with [`Error::Config`](crate::runtime::Error::Config) when a setting is
            /// invalid or a required credential is missing.
            pub fn build(self) -> Result<Client, crate::runtime::Error> {
                self.0.build()
            }
        }

        impl From<crate::runtime::ClientBuilder<Client>> for ClientBuilder {
            fn from(builder: crate::runtime::ClientBuilder<Client>) -> Self {
                Self(builder)
            }
        }
    }
}

/// The method that leads from the client or a resource to a child resource.
fn accessor(child: &Resource, from_client: bool) -> TokenStream {
    let method = ident(&child.name);
    let ty = ident(&child.type_name);
    let text = doc(&format!("Operations on `{}`.", child.path));
    if from_client {
        quote! {
            #text
            pub fn #method(&self) -> super::resources::#ty<'_> {
                super::resources::#ty::new(&self.transport)
            }
        }
    } else {
        quote! {
            #text
            pub fn #method(&self) -> #ty<'a> {
                #ty::new(self.transport)
            }
        }
    }
}

pub(crate) fn resources_header() -> TokenStream {
    quote! {
        //! The resources of the API: one type for each group of operations.

        use crate::runtime::Transport;
    }
}

pub(crate) fn resource(
    api: &Api,
    options: &Options,
    node: &Resource,
    chain: &[&str],
) -> TokenStream {
    let ty = ident(&node.type_name);
    let text = doc(&format!(
        "Operations on `{}`; get one from the client with `client.{}()`.",
        node.path,
        chain
            .iter()
            .map(|c| bare(c))
            .collect::<Vec<_>>()
            .join("().")
    ));
    let accessors = node.children.iter().map(|child| accessor(child, false));
    let operations = node
        .operations
        .iter()
        .map(|op| operation(api, options, chain, op));
    quote! {
        #text
        #[derive(Debug, Clone, Copy)]
        pub struct #ty<'a> {
            transport: &'a Transport,
        }

        impl<'a> #ty<'a> {
            pub(crate) fn new(transport: &'a Transport) -> Self {
                Self { transport }
            }

            #(#accessors)*
            #(#operations)*
        }
    }
}

/// The type and expression a path parameter is passed as.
fn path_arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, Scope::Sibling);
            quote!(&[#inner])
        }
        TypeRef::Named(_) | TypeRef::DateTime | TypeRef::Date => {
            let ty = rust_type(ty, Scope::Sibling);
            quote!(&#ty)
        }
        other => rust_type(other, Scope::Sibling),
    }
}

/// The borrowed form of a body type for an argument.
fn body_arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, Scope::Sibling);
            quote!(&[#inner])
        }
        other => {
            let ty = rust_type(other, Scope::Sibling);
            quote!(&#ty)
        }
    }
}

fn response_type(body: &Body) -> TokenStream {
    match body {
        Body::Json(ty) => rust_type(ty, Scope::Sibling),
        Body::Empty => quote!(()),
        Body::Text => quote!(String),
        Body::Bytes => quote!(bytes::Bytes),
    }
}

fn decoder(body: &Body) -> TokenStream {
    match body {
        Body::Json(_) => quote!(crate::runtime::json),
        Body::Empty => quote!(crate::runtime::empty),
        Body::Text => quote!(crate::runtime::text),
        Body::Bytes => quote!(crate::runtime::bytes),
    }
}

/// Whether a value of this type is written with `Display` (a scalar or an enum).
fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(inner)) => inner.is_scalar(),
            _ => false,
        },
        other => other.is_scalar(),
    }
}

/// The runtime's `Place` of a parameter location.
fn place(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Header => quote!(crate::runtime::Place::Header),
        ParamLocation::Cookie => quote!(crate::runtime::Place::Cookie),
        _ => quote!(crate::runtime::Place::Query),
    }
}

/// Statements that add one query, header or cookie parameter whose value is `value` (a
/// reference to the field's value).
fn add_param(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire;
    let method = match (param.location, param.allow_reserved) {
        (ParamLocation::Header, _) => quote!(header),
        (ParamLocation::Cookie, _) => quote!(cookie),
        (_, true) => quote!(query_reserved),
        (_, false) => quote!(query),
    };
    match param.style {
        ParamStyle::Plain => {
            let shown = display(&param.ty, value);
            quote!(request = request.#method(#wire, #shown);)
        }
        ParamStyle::List(join) => {
            let item = match &param.ty {
                TypeRef::Vec(item) => &**item,
                other => other,
            };
            let shown = display(item, quote!(item));
            match (param.location, join) {
                (ParamLocation::Query, join) => {
                    let join = join_ident(join);
                    let items = if *item == TypeRef::DateTime {
                        quote!(#value.iter().map(|item| #shown))
                    } else {
                        quote!(#value.iter())
                    };
                    quote! {
                        request = request.query_list(#wire, #items, crate::runtime::Join::#join);
                    }
                }
                (_, ListJoin::Repeat) => quote! {
                    for item in #value {
                        request = request.#method(#wire, #shown);
                    }
                },
                (_, _) => quote! {
                    if !#value.is_empty() {
                        request = request.#method(
                            #wire,
                            #value.iter().map(|item| #shown.to_string()).collect::<Vec<_>>().join(","),
                        );
                    }
                },
            }
        }
        ParamStyle::Object(style) => {
            let style = object_style_ident(style);
            let place = place(param.location);
            quote! {
                request = request.param_object(#place, #wire, #value, crate::runtime::ObjectStyle::#style);
            }
        }
        ParamStyle::Json => {
            let place = place(param.location);
            quote!(request = request.param_json(#place, #wire, #value);)
        }
        ParamStyle::Any(join, style) => {
            let place = place(param.location);
            let join = join_ident(join);
            let style = object_style_ident(style);
            quote! {
                request = request.param_any(
                    #place,
                    #wire,
                    #value,
                    crate::runtime::Join::#join,
                    crate::runtime::ObjectStyle::#style,
                );
            }
        }
    }
}

fn join_ident(join: ListJoin) -> proc_macro2::Ident {
    let name = match join {
        ListJoin::Repeat => "Repeat",
        ListJoin::Comma => "Comma",
        ListJoin::Space => "Space",
        ListJoin::Pipe => "Pipe",
        ListJoin::Brackets => "Brackets",
    };
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

fn object_style_ident(style: ObjectStyle) -> proc_macro2::Ident {
    let name = match style {
        ObjectStyle::Flat => "Flat",
        ObjectStyle::Exploded => "Exploded",
        ObjectStyle::DeepObject => "DeepObject",
    };
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// Statements that build the multipart form of `body` (a struct of parts, or a JSON object).
fn multipart_form(api: &Api, ty: &TypeRef) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Params(s) | TypeKind::Struct(s)) => &s.fields,
            _ => return quote!(let form = crate::runtime::Multipart::new().json_fields(body);),
        },
        _ => return quote!(let form = crate::runtime::Multipart::new().json_fields(body);),
    };
    let parts = fields.iter().map(|field| {
        let wire = &field.wire;
        let name = ident(&field.name);
        let add = |value: TokenStream| match &field.ty {
            TypeRef::File => quote!(form = form.file(#wire, #value);),
            TypeRef::Vec(item) if **item == TypeRef::File => quote! {
                for file in #value {
                    form = form.file(#wire, file);
                }
            },
            TypeRef::Vec(item) if is_scalar(api, item) => {
                let shown = display(item, quote!(item));
                quote! {
                    for item in #value {
                        form = form.text(#wire, #shown);
                    }
                }
            }
            ty if is_scalar(api, ty) => {
                let shown = display(ty, value);
                quote!(form = form.text(#wire, #shown);)
            }
            _ => quote!(form = form.json(#wire, #value);),
        };
        if field.presence.is_required() {
            add(quote!(&body.#name))
        } else {
            let add = add(quote!(value));
            quote! {
                if let Some(value) = &body.#name {
                    #add
                }
            }
        }
    });
    quote! {
        let mut form = crate::runtime::Multipart::new();
        #(#parts)*
    }
}

fn operation(api: &Api, options: &Options, chain: &[&str], op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let method = ident(&op.method);
    let path = &op.path;
    let mut args = Vec::new();
    let mut chained = Vec::new();
    let mut statements = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type(&param.ty);
        args.push(quote!(#arg: #ty));
        let wire = &param.wire;
        let arg_name = bare(&param.name);
        let value = match (&param.ty, param.style) {
            (_, ParamStyle::Any(..)) => quote!(crate::runtime::plain_text(&#arg)),
            (TypeRef::Vec(item), _) => {
                let shown = display(item, quote!(item));
                quote!(#arg.iter().map(|item| #shown.to_string()).collect::<Vec<_>>().join(","))
            }
            (ty, _) => display(ty, quote!(#arg)),
        };
        chained.push(quote!(.path_param(#wire, #arg_name, #value)));
    }
    if op.security != api.security {
        let security = security_literal(&op.security);
        chained.push(quote!(.security(#security)));
    }
    if let Some((params_type, params)) = &op.params {
        let ty = ident(params_type);
        args.push(quote!(params: &super::models::#ty));
        for param in params {
            let field = ident(&param.name);
            let plain_value = match &param.ty {
                TypeRef::String | TypeRef::Named(_) => quote!(&params.#field),
                ty => display(ty, quote!(params.#field)),
            };
            match (param.required, param.style) {
                (true, ParamStyle::Plain) => {
                    let wire = &param.wire;
                    let method = match (param.location, param.allow_reserved) {
                        (ParamLocation::Header, _) => quote!(header),
                        (ParamLocation::Cookie, _) => quote!(cookie),
                        (_, true) => quote!(query_reserved),
                        (_, false) => quote!(query),
                    };
                    chained.push(quote!(.#method(#wire, #plain_value)));
                }
                (true, _) => {
                    let add = add_param(param, quote!(value));
                    statements.push(quote! {
                        {
                            let value = &params.#field;
                            #add
                        }
                    });
                }
                (false, _) => {
                    let add = add_param(param, quote!(value));
                    statements.push(quote! {
                        if let Some(value) = &params.#field {
                            #add
                        }
                    });
                }
            }
        }
    }
    if let Some(body) = &op.body {
        match &body.encoding {
            BodyEncoding::Json(content_type) => {
                let ty = body_arg_type(&body.ty);
                args.push(quote!(body: #ty));
                if content_type == "application/json" {
                    chained.push(quote!(.json_body(body)));
                } else {
                    chained.push(quote!(.json_body_as(#content_type, body)));
                }
            }
            BodyEncoding::Form => {
                let ty = body_arg_type(&body.ty);
                args.push(quote!(body: #ty));
                chained.push(quote!(.form_body(body)));
            }
            BodyEncoding::Multipart => {
                let ty = body_arg_type(&body.ty);
                args.push(quote!(body: #ty));
                let form = multipart_form(api, &body.ty);
                statements.push(quote! {
                    #form
                    request = request.multipart_body(form);
                });
            }
            BodyEncoding::Text(content_type) => {
                args.push(quote!(body: impl Into<String>));
                chained.push(quote!(.bytes_body(#content_type, body.into())));
            }
            BodyEncoding::Bytes(content_type) => {
                args.push(quote!(body: impl Into<bytes::Bytes>));
                chained.push(quote!(.bytes_body(#content_type, body)));
            }
        }
    }
    let (output, decode) = match &op.success {
        Success::Single(body) => (response_type(body), decoder(body)),
        Success::ByStatus(type_name, range) => {
            let ty = ident(type_name);
            let responses = api.type_named(type_name).and_then(|t| match &t.kind {
                TypeKind::Responses(r) => Some(r),
                _ => None,
            });
            let arm = |status: u16, body: &Body| {
                let variant = quote::format_ident!("Status{}", status);
                let decode = decoder(body);
                let wrap = match body {
                    Body::Empty => quote!(.map(|()| super::models::#ty::#variant)),
                    _ => quote!(.map(super::models::#ty::#variant)),
                };
                quote!(#decode(status, body)#wrap)
            };
            let arms = responses.into_iter().flatten().map(|(status, body)| {
                let decode = arm(*status, body);
                let status = proc_macro2::Literal::u16_unsuffixed(*status);
                quote!(#status => #decode,)
            });
            let fallback = range
                .and_then(|range| {
                    responses
                        .into_iter()
                        .flatten()
                        .find(|(status, _)| *status == range)
                })
                .map(|(status, body)| arm(*status, body))
                .unwrap_or_else(|| {
                    quote!(Err(crate::runtime::DecodeError::unexpected_status(status)))
                });
            (
                quote!(super::models::#ty),
                quote! {
                    |status, body| match status.as_u16() {
                        #(#arms)*
                        _ => #fallback,
                    }
                },
            )
        }
    };
    let mut text = operation_doc(api, options, chain, op);
    if let Some(pages) = super::pagination::doc(api, op) {
        text.push_str("\n\n");
        text.push_str(&pages);
    }
    let docs = doc(&text);
    let (returns, send) = super::pagination::call(api, op, &output, &decode).unwrap_or_else(|| {
        (
            quote!(crate::runtime::Call<#output>),
            quote!(self.transport.call(request, #decode)),
        )
    });
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated = "The API marks this operation deprecated."]));
    let binding = if statements.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> #returns {
            #binding = crate::runtime::Request::new(http::Method::#method, #path)
                #(#chained)*;
            #(#statements)*
            #send
        }
    }
}

fn operation_doc(api: &Api, options: &Options, chain: &[&str], op: &Operation) -> String {
    let mut text = String::new();
    match (&op.summary, &op.description) {
        (Some(summary), Some(description)) => {
            text.push_str(&escape(summary));
            text.push_str("\n\n");
            text.push_str(&escape(description));
        }
        (Some(only), None) | (None, Some(only)) => text.push_str(&escape(only)),
        (None, None) => text.push_str(&format!("`{} {}`.", op.method, op.path)),
    }
    text.push_str(&format!("\n\nSends `{} {}`.", op.method, op.path));
    if op.security != api.security {
        if op.security.is_empty() || op.security == [Vec::<usize>::new()] {
            text.push_str(" It sends no credentials.");
        } else {
            let names = credential_names(api, options);
            let ways: Vec<String> = op
                .security
                .iter()
                .map(|alt| {
                    if alt.is_empty() {
                        "none".to_owned()
                    } else {
                        alt.iter()
                            .map(|i| format!("`{}`", bare(&names[*i].method)))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    }
                })
                .collect();
            text.push_str(&format!(
                " Its credentials, the first of these that is configured: {}.",
                ways.join(", or ")
            ));
        }
    }
    let arguments: Vec<String> = op
        .path_params
        .iter()
        .map(|p| {
            let doc = p
                .doc
                .as_deref()
                .map(escape)
                .unwrap_or_else(|| "The path parameter.".to_owned());
            format!("- `{}`: {}", bare(&p.name), one_line(&doc))
        })
        .chain(op.params.as_ref().map(|(ty, _)| {
            format!(
                "- `params`: the query and header parameters, see [`{ty}`](super::models::{ty})."
            )
        }))
        .chain(op.body.as_ref().map(|b| {
            let doc = b
                .doc
                .as_deref()
                .map(escape)
                .unwrap_or_else(|| "The request body.".to_owned());
            format!("- `body`: {}", one_line(&doc))
        }))
        .collect();
    if !arguments.is_empty() {
        text.push_str("\n\n# Arguments\n\n");
        text.push_str(&arguments.join("\n"));
    }
    text.push_str("\n\n# Errors\n\nAwaiting the call fails with a [`runtime::Error`](crate::runtime::Error) on a connection failure, a timeout, a body that does not decode, an invalid argument, or an error status");
    if op.errors.is_empty() {
        text.push('.');
    } else {
        text.push_str(". The document lists:\n");
        let mut named: Vec<&str> = Vec::new();
        for (_, _, ty) in &op.errors {
            if let Some(TypeRef::Named(name)) = ty {
                if !named.contains(&name.as_str()) {
                    named.push(name);
                }
            }
        }
        let shared = match named.as_slice() {
            [one] if op.errors.iter().all(|(_, _, ty)| ty.is_some()) => Some(*one),
            _ => None,
        };
        for (status, description, ty) in &op.errors {
            let body = match (ty, shared) {
                (Some(TypeRef::Named(name)), None) => {
                    format!(" Body: [`{name}`](super::models::{name}).")
                }
                _ => String::new(),
            };
            text.push_str(&format!(
                "\n- `{status}`: {}{body}",
                one_line(&escape(description))
            ));
        }
        if let Some(name) = shared {
            text.push_str(&format!("\n\nError bodies are [`{name}`](super::models::{name}); read one with [`Error::json_body`](crate::runtime::Error::json_body)."));
        } else if !named.is_empty() {
            text.push_str("\n\nRead a typed error body with [`Error::json_body`](crate::runtime::Error::json_body).");
        }
    }
    if let Some(example) = example(api, options, chain, op) {
        text.push_str("\n\n# Example\n\n```no_run\n");
        text.push_str(&example);
        text.push_str("\n```");
    }
    text
}

fn example(api: &Api, options: &Options, chain: &[&str], op: &Operation) -> Option<String> {
    let krate = &options.crate_name;
    let examples = Examples { api, krate };
    let mut args = Vec::new();
    for p in &op.path_params {
        let value = examples.value(&p.ty, p.example.as_ref(), 0)?;
        args.push(match &p.ty {
            TypeRef::Named(_) | TypeRef::DateTime | TypeRef::Date => format!("&{value}"),
            _ => value,
        });
    }
    if let Some((ty, _)) = &op.params {
        args.push(format!(
            "&{}",
            examples.value(&TypeRef::Named(ty.clone()), None, 0)?
        ));
    }
    let mut setup = String::new();
    if let Some(body) = &op.body {
        match &body.encoding {
            BodyEncoding::Bytes(_) => args.push("Vec::<u8>::new()".to_owned()),
            BodyEncoding::Text(_) => args.push("\"...\"".to_owned()),
            _ => {
                let value = examples.value(&body.ty, None, 0)?;
                setup = format!("let body = {value};\n");
                args.push(match &body.ty {
                    TypeRef::String => "body".to_owned(),
                    _ => "&body".to_owned(),
                });
            }
        }
    }
    let accessors: String = chain.iter().map(|c| format!("{}().", bare(c))).collect();
    let binding = match &op.success {
        Success::Single(Body::Empty) => "",
        _ => "let response = ",
    };
    let deprecated = if op.deprecated {
        "# #[allow(deprecated)]\n"
    } else {
        ""
    };
    Some(format!(
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\nlet client = {krate}::Client::from_env()?;\n{setup}{deprecated}{binding}client.{accessors}{}({}).await?;\n# Ok(())\n# }}",
        bare(&op.name),
        args.join(", ")
    ))
}

/// Text for one Markdown list item.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
