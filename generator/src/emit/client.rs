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
    names::bare, Api, Body, BodyEncoding, Operation, Param, ParamLocation, Resource, Success,
    TypeKind, TypeRef,
};
use crate::Options;

pub(crate) fn client(api: &Api, options: &Options) -> TokenStream {
    let prefix = &options.env_prefix;
    let api_key_env = format!("{prefix}_API_KEY");
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
        format!("The document names no server, so `{base_url_env}` or [`ClientBuilder::base_url`](crate::runtime::ClientBuilder::base_url) must give one.")
    } else {
        format!("Requests go to `{base_url}` unless `{base_url_env}` or [`ClientBuilder::base_url`](crate::runtime::ClientBuilder::base_url) says otherwise.")
    };
    let class = doc(&format!(
        "{}\n\n{default_url}\n\nCloning is cheap: clones share one connection pool and configuration.",
        title
    ));
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
        "Creates a client configured from the environment: the API key from `{api_key_env}` (required), and optionally the base URL from `{base_url_env}`, extra headers from `{custom_headers_env}` (one `Name: value` per line){webhook_env}.\n\n# Errors\n\nFails when `{api_key_env}` is not set or a setting is invalid."
    ));
    quote! {
        //! The client: configuration, and the way in to every resource and operation.

        use crate::runtime::{ApiDescriptor, ClientBuilder, Transport};

        static API: ApiDescriptor = ApiDescriptor {
            name: #name,
            default_base_url: #base_url,
            api_key_env: #api_key_env,
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

            /// Starts configuring a client: API key, base URL, timeout, retries, default headers,
            /// or an HTTP client of your own. Settings not given are read from the environment.
            pub fn builder() -> ClientBuilder<Self> {
                ClientBuilder::new(&API)
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

/// The statement or chained call that adds one query or header parameter.
fn add_param(param: &Param) -> (bool, TokenStream) {
    let wire = &param.wire;
    let name = ident(&param.name);
    let method = match param.location {
        ParamLocation::Header => quote!(header),
        _ => quote!(query),
    };
    let field = quote!(params.#name);
    match (&param.ty, param.required) {
        (TypeRef::Vec(item), required) => {
            let value = display(item, quote!(value));
            let values = if required {
                quote!(&#field)
            } else {
                quote!(values)
            };
            let add = match param.separator {
                None => quote! {
                    for value in #values {
                        request = request.#method(#wire, #value);
                    }
                },
                Some(separator) => quote! {
                    request = request.#method(
                        #wire,
                        #values.iter().map(|value| #value.to_string()).collect::<Vec<_>>().join(#separator),
                    );
                },
            };
            if required {
                (true, add)
            } else {
                (
                    true,
                    quote! {
                        if let Some(values) = &#field {
                            #add
                        }
                    },
                )
            }
        }
        (ty, true) => {
            let value = match ty {
                TypeRef::String | TypeRef::Named(_) => quote!(&#field),
                _ => display(ty, field),
            };
            (false, quote!(.#method(#wire, #value)))
        }
        (ty, false) => {
            let value = display(ty, quote!(value));
            (
                true,
                quote! {
                    if let Some(value) = &#field {
                        request = request.#method(#wire, #value);
                    }
                },
            )
        }
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
        let value = display(&param.ty, quote!(#arg));
        chained.push(quote!(.path_param(#wire, #arg_name, #value)));
    }
    if let Some((params_type, params)) = &op.params {
        let ty = ident(params_type);
        args.push(quote!(params: &super::models::#ty));
        for param in params {
            match add_param(param) {
                (false, call) => chained.push(call),
                (true, statement) => statements.push(statement),
            }
        }
    }
    if let Some(body) = &op.body {
        match &body.encoding {
            BodyEncoding::Json => {
                let ty = body_arg_type(&body.ty);
                args.push(quote!(body: #ty));
                chained.push(quote!(.json_body(body)));
            }
            BodyEncoding::Form => {
                let ty = body_arg_type(&body.ty);
                args.push(quote!(body: #ty));
                chained.push(quote!(.form_body(body)));
            }
            BodyEncoding::Bytes(content_type) => {
                args.push(quote!(body: impl Into<bytes::Bytes>));
                chained.push(quote!(.bytes_body(#content_type, body)));
            }
        }
    }
    let (output, decode) = match &op.success {
        Success::Single(body) => (response_type(body), decoder(body)),
        Success::ByStatus(type_name) => {
            let ty = ident(type_name);
            let responses = api.type_named(type_name).and_then(|t| match &t.kind {
                TypeKind::Responses(r) => Some(r),
                _ => None,
            });
            let arms = responses.into_iter().flatten().map(|(status, body)| {
                let variant = quote::format_ident!("Status{}", status);
                let decode = decoder(body);
                let wrap = match body {
                    Body::Empty => quote!(.map(|()| super::models::#ty::#variant)),
                    _ => quote!(.map(super::models::#ty::#variant)),
                };
                let status = proc_macro2::Literal::u16_unsuffixed(*status);
                quote!(#status => #decode(status, body)#wrap,)
            });
            (
                quote!(super::models::#ty),
                quote! {
                    |status, body| match status.as_u16() {
                        #(#arms)*
                        _ => Err(crate::runtime::DecodeError::unexpected_status(status)),
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
        for (status, description) in &op.errors {
            text.push_str(&format!(
                "\n- `{status}`: {}",
                one_line(&escape(description))
            ));
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
