//! `models.rs`: structs, open enums, unions, parameter structs and multi-status responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, escape};
use super::{ident, rust_type, Scope};
use crate::model::names::bare;
use crate::model::{
    Body, Directions, Enum, Field, Presence, Struct, TypeDef, TypeKind, TypeRef, Union,
};

pub(crate) fn models_header() -> TokenStream {
    quote! {
        //! The types that requests and responses carry.
    }
}

/// The item(s) for one named type, implementing the serde traits in `serde`.
pub(crate) fn type_def(def: &TypeDef, serde: Directions) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = doc(&def.doc.as_deref().map(escape).unwrap_or(fallback));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&docs, &name, s, serde),
        TypeKind::Params(s) => struct_def(&docs, &name, s, NO_SERDE),
        TypeKind::Enum(e) => enum_def(&docs, &name, e),
        TypeKind::Union(u) => union_def(&docs, &name, u, serde),
        TypeKind::Responses(responses) => responses_def(&docs, &name, responses),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, Scope::Models);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

/// The field's type with the `Option` / `Nullable` / `Box` its presence needs.
fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty, Scope::Models);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(crate::runtime::Nullable<#ty>),
    }
}

fn field_doc(field: &Field) -> String {
    let mut text = match &field.doc {
        Some(d) => escape(d),
        None => match &field.ty {
            TypeRef::Named(n) => format!("The `{}` field; see [`{n}`].", field.wire),
            _ => format!("The `{}` field.", field.wire),
        },
    };
    let presence = match field.presence {
        Presence::Required => None,
        Presence::RequiredNullable => Some(
            "Always sent, as `null` when `None`. A response that leaves it out reads as `None`.",
        ),
        // `Option` says it all.
        Presence::Optional => None,
        Presence::OptionalNullable => Some(
            "Optional and nullable: [`Nullable::Absent`](crate::runtime::Nullable::Absent) is not sent, [`Nullable::Null`](crate::runtime::Nullable::Null) is sent as `null`.",
        ),
    };
    if let Some(presence) = presence {
        text.push_str("\n\n");
        text.push_str(presence);
    }
    text
}

/// Parameter structs are not serialized as a whole.
const NO_SERDE: Directions = Directions {
    serialize: false,
    deserialize: false,
};

fn struct_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    s: &Struct,
    serde: Directions,
) -> TokenStream {
    let all_optional = s.fields.iter().all(|f| !f.presence.is_required());
    let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    if all_optional {
        derives.push(quote!(Default));
    }
    if serde.serialize {
        derives.push(quote!(serde::Serialize));
    }
    // `#[serde]` attributes belong to the `Serialize` derive; `Deserialize` is written out.
    let attrs_needed = serde.serialize;
    let camel_case = attrs_needed && camel_case_fits(s);
    let rename_all = camel_case.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let fields = s.fields.iter().map(|field| {
        let docs = doc(&field_doc(field));
        let name = ident(&field.name);
        let ty = field_type(field);
        let attrs = attrs_needed.then(|| serde_attrs(field, camel_case));
        quote! {
            #docs
            #attrs
            pub #name: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty, Scope::Models);
        let flatten = attrs_needed.then(|| quote!(#[serde(flatten)]));
        quote! {
            /// Properties not listed above, kept as they were received.
            #flatten
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    let constructor = (!all_optional).then(|| constructor(name, s));
    let deserialize = serde.deserialize.then(|| deserialize_struct(name, s));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #rename_all
        pub struct #name {
            #(#fields)*
            #additional
        }
        #deserialize
        #constructor
    }
}

/// `Deserialize` for an object: one visitor that matches keys against the wire names and
/// reads each value into a slot (the runtime's `de` module), rather than the derive, which
/// also generates a field-identifier enum with three visitors and a sequence visitor per type
/// and so doubled the code the compiler checks in a large crate. Unknown keys are skipped, or
/// kept in `additional_properties`; a missing required field is serde's "missing field" error;
/// a missing optional one is `None` or `Nullable::Absent`.
fn deserialize_struct(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let slot = |i: usize| quote::format_ident!("__slot_{}", i);
    // Each slot's type is inferred from the field it initialises: fewer tokens to print and
    // to check than spelling it out.
    let slots = (0..s.fields.len()).map(|i| {
        let slot = slot(i);
        quote!(let mut #slot = ::core::option::Option::None;)
    });
    let arms = s.fields.iter().enumerate().map(|(i, field)| {
        let slot = slot(i);
        let wire = &field.wire;
        quote!(#wire => __de::field(&mut __map, &mut #slot, #wire)?,)
    });
    let inits = s.fields.iter().enumerate().map(|(i, field)| {
        let slot = slot(i);
        let rust = ident(&field.name);
        let wire = &field.wire;
        if field.presence == Presence::Required {
            quote!(#rust: __de::required(#slot, #wire)?,)
        } else {
            quote!(#rust: #slot.unwrap_or_default(),)
        }
    });
    let (additional_slot, other, additional_init) = match &s.additional {
        Some(_) => (
            quote!(let mut __additional = ::std::collections::BTreeMap::new();),
            quote!(_ => { __additional.insert(__key.into_string(), __map.next_value()?); }),
            quote!(additional_properties: __additional,),
        ),
        None => (quote!(), quote!(_ => __de::skip(&mut __map)?,), quote!()),
    };
    let expecting = format!("struct {name}");
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;

                    fn expecting(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        __f.write_str(#expecting)
                    }

                    fn visit_map<__A: serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::core::result::Result<#name, __A::Error> {
                        use crate::runtime::de as __de;
                        #(#slots)*
                        #additional_slot
                        while let ::core::option::Option::Some(__key) = __map.next_key::<__de::Key<'de>>()? {
                            match __key.as_str() {
                                #(#arms)*
                                #other
                            }
                        }
                        ::core::result::Result::Ok(#name {
                            #(#inits)*
                            #additional_init
                        })
                    }
                }

                __deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// The wire name serde's `rename_all = "camelCase"` gives a field (its algorithm, exactly).
fn serde_camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut capitalize = false;
    for c in field.chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `#[serde(rename_all = "camelCase")]` names every field right, and renames any.
fn camel_case_fits(s: &Struct) -> bool {
    let fits = |f: &Field| serde_camel_case(bare(&f.name)) == f.wire;
    s.fields.iter().all(fits) && s.fields.iter().any(|f| bare(&f.name) != f.wire)
}

fn serde_attrs(field: &Field, camel_case: bool) -> TokenStream {
    let mut parts = Vec::new();
    if !camel_case && bare(&field.name) != field.wire {
        let wire = &field.wire;
        parts.push(quote!(rename = #wire));
    }
    match field.presence {
        // A missing `Option` field decodes as `None` without `default`.
        Presence::Optional => {
            parts.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        Presence::OptionalNullable => {
            parts.push(quote!(
                default,
                skip_serializing_if = "crate::runtime::Nullable::is_absent"
            ));
        }
        Presence::Required | Presence::RequiredNullable => {}
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// `new(..)` with every required field, so that none can be forgotten.
fn constructor(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence.is_required())
        .collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.name);
        let ty = match (&f.ty, f.presence, f.boxed) {
            (TypeRef::String, Presence::Required, _) => quote!(impl Into<String>),
            _ => rust_type(&f.ty, Scope::Models),
        };
        match f.presence {
            Presence::RequiredNullable => quote!(#name: Option<#ty>),
            _ => quote!(#name: #ty),
        }
    });
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        match f.presence {
            Presence::Optional => return quote!(#name: None),
            Presence::OptionalNullable => return quote!(#name: Default::default()),
            Presence::Required | Presence::RequiredNullable => {}
        }
        match (&f.ty, f.presence, f.boxed) {
            (TypeRef::String, Presence::Required, false) => quote!(#name: #name.into()),
            (TypeRef::String, Presence::Required, true) => quote!(#name: Box::new(#name.into())),
            (_, Presence::Required, true) => quote!(#name: Box::new(#name)),
            (_, _, true) => quote!(#name: #name.map(Box::new)),
            (_, _, false) => quote!(#name),
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: Default::default(),));
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let text = doc(&format!(
        "Creates a `{name}` from its required fields; optional fields start absent."
    ));
    quote! {
        impl #name {
            #text
            #allow
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                    #additional
                }
            }
        }
    }
}

fn enum_def(docs: &TokenStream, name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let text = doc(&format!("`{}`", v.wire.replace('`', "'")));
        let variant = ident(&v.name);
        quote! {
            #text
            #variant,
        }
    });
    let as_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#variant,)
    });
    let open = format!(
        " Open to values added after this client was generated: they are kept in\n[`{name}::{unknown}`] and sent back unchanged."
    );
    let open = doc(open.trim_start());
    quote! {
        #docs
        ///
        #open
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as received.
            #unknown(String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        crate::runtime::open_enum!(#name::#unknown);
    }
}

fn variant_type(ty: &TypeRef, boxed: bool) -> TokenStream {
    let ty = rust_type(ty, Scope::Models);
    if boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

fn union_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    serde: Directions,
) -> TokenStream {
    let Some(property) = &u.discriminator else {
        let variants = u.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let ty = variant_type(&v.ty, v.boxed);
            let text = doc(&format!("The `{}` alternative.", v.name));
            quote! {
                #text
                #variant(#ty),
            }
        });
        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        if serde.serialize {
            derives.push(quote!(serde::Serialize));
        }
        let decoding = serde.deserialize.then(|| {
            derives.push(quote!(serde::Deserialize));
            quote! {
                ///
                /// Decoding tries the alternatives in order and keeps the first that fits.
            }
        });
        let untagged = (serde.serialize || serde.deserialize).then(|| quote!(#[serde(untagged)]));
        return quote! {
            #docs
            #decoding
            #[derive(#(#derives),*)]
            #untagged
            #[allow(clippy::large_enum_variant)] // boxing would cost an allocation per decode
            pub enum #name {
                #(#variants)*
            }
        };
    };
    let mut unknown = "Unknown".to_owned();
    while u.variants.iter().any(|v| v.name == unknown) {
        unknown.push_str("Value");
    }
    let unknown = ident(&unknown);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = variant_type(&v.ty, v.boxed);
        let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
        let text = doc(&format!("`{property}` is {}.", tags.join(" or ")));
        quote! {
            #text
            #variant(#ty),
        }
    });
    let text = doc(&format!(
        "The alternative is chosen by the `{property}` property."
    ));
    let serialize = serde.serialize.then(|| serialize_tagged(name, u, &unknown));
    let deserialize = serde
        .deserialize
        .then(|| deserialize_tagged(name, u, property, &unknown));
    quote! {
        #docs
        ///
        #text
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // boxing would cost an allocation per decode
        pub enum #name {
            #(#variants)*
            /// An alternative this version of the client does not know, kept as received.
            #unknown(serde_json::Value),
        }

        #serialize
        #deserialize
    }
}

/// `Serialize` for a discriminated union: each alternative as itself.
fn serialize_tagged(
    name: &proc_macro2::Ident,
    u: &Union,
    unknown: &proc_macro2::Ident,
) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(Self::#variant(value) => value.serialize(serializer),)
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                    Self::#unknown(value) => value.serialize(serializer),
                }
            }
        }
    }
}

/// `Deserialize` for a discriminated union: the value of `property` picks the alternative; an
/// unknown value keeps the JSON as it came.
fn deserialize_tagged(
    name: &proc_macro2::Ident,
    u: &Union,
    property: &str,
    unknown: &proc_macro2::Ident,
) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let tags = &v.tags;
        let wrap = if v.boxed { quote!(|v| Self::#variant(Box::new(v))) } else { quote!(Self::#variant) };
        quote! {
            Some(#(#tags)|*) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => Ok(Self::#unknown(value)),
                }
            }
        }
    }
}

fn responses_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    responses: &[(u16, Body)],
) -> TokenStream {
    let variants = responses.iter().map(|(status, body)| {
        let variant = quote::format_ident!("Status{}", status);
        let text = doc(&format!("The `{status}` response."));
        let payload = match body {
            Body::Json(ty) => {
                let ty = rust_type(ty, Scope::Models);
                quote!((#ty))
            }
            Body::Empty => quote!(),
            Body::Text => quote!((String)),
            Body::Bytes => quote!((bytes::Bytes)),
        };
        quote! {
            #text
            #variant #payload,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)] // boxing would cost an allocation per decode
        pub enum #name {
            #(#variants)*
        }
    }
}
