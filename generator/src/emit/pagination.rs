//! `pagination.rs`: how the runtime reads each page type (`x-pagination`), and the glue that
//! makes a list operation return a `crate::runtime::List`.
//!
//! Per page type this is one small `Paginated` impl naming four fields; the listing itself
//! (following the cursor, streams, retries) is the runtime's, once for every operation.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, rust_type, Scope};
use crate::model::{Api, Operation, PageField, Pagination, Presence};

/// The return type and body expression of a paginated operation's method, or `None` for an
/// operation that does not page.
pub(crate) fn call(
    api: &Api,
    op: &Operation,
    output: &TokenStream,
    decode: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    let pagination = api.pagination_of(op)?;
    let cursor_param = &pagination.cursor_param;
    Some((
        quote!(crate::runtime::List<#output>),
        quote!(self.transport.list(request, #decode, #cursor_param)),
    ))
}

/// The paragraph a paginated operation's documentation gets.
pub(crate) fn doc(api: &Api, op: &Operation) -> Option<String> {
    let pagination = api.pagination_of(op)?;
    Some(format!(
        "# Pages\n\nThe result is a [`List`](crate::runtime::List): `.await` it for the first page, which has [`next_page`](crate::runtime::Page::next_page); or read every item of every page with [`items`](crate::runtime::List::items) (a `Stream`), or every page with [`pages`](crate::runtime::List::pages). The next page is the same request with the page's `{}` in the `{}` query parameter; there is none after a page whose `{}` is `false`, that has no items, or that has no cursor.",
        pagination.cursor.wire, pagination.cursor_param, pagination.has_more.wire,
    ))
}

/// The contents of `pagination.rs`, or `None` when nothing pages.
pub(crate) fn file(api: &Api) -> Option<TokenStream> {
    if api.pagination.is_empty() {
        return None;
    }
    // One impl per page type, in name order (several operations may share a page type).
    let pages: BTreeMap<&str, &Pagination> = api
        .pagination
        .values()
        .map(|p| (p.page.as_str(), p))
        .collect();
    let impls = pages.values().map(|p| page_impl(p));
    Some(quote! {
        //! How each page type of the list operations is read: where its items, next cursor and
        //! "more" flag are (`x-pagination`). Following the cursor is the runtime's
        //! (`crate::runtime::List`).

        #(#impls)*
    })
}

fn page_impl(p: &Pagination) -> TokenStream {
    let page = ident(&p.page);
    let item = rust_type(&p.item, Scope::Sibling);
    let items = ident(&p.items.name);
    let cursor = ident(&p.cursor.name);
    let has_more = ident(&p.has_more.name);
    let unbox = |field: &PageField, name: &proc_macro2::Ident| {
        if field.boxed {
            quote!((*self.#name))
        } else {
            quote!(self.#name)
        }
    };
    let items_value = unbox(&p.items, &items);
    let (items_ref, items_owned) = match p.items.presence {
        Presence::Required => (quote!(&#items_value), quote!(#items_value)),
        Presence::RequiredNullable | Presence::Optional => (
            quote!(#items_value.as_deref().unwrap_or_default()),
            quote!(#items_value.unwrap_or_default()),
        ),
        Presence::OptionalNullable => (
            quote!(#items_value.as_ref().into_option().map_or(&[][..], |items| &items[..])),
            quote!(#items_value.into_option().unwrap_or_default()),
        ),
    };
    let cursor_value = unbox(&p.cursor, &cursor);
    let cursor_ref = match p.cursor.presence {
        Presence::Required => quote!(Some(&#cursor_value)),
        Presence::RequiredNullable | Presence::Optional => quote!(#cursor_value.as_deref()),
        Presence::OptionalNullable => {
            quote!(#cursor_value.as_ref().into_option().map(String::as_str))
        }
    };
    let has_more_value = unbox(&p.has_more, &has_more);
    let has_more_value = match p.has_more.presence {
        Presence::Required => quote!(Some(#has_more_value)),
        Presence::RequiredNullable | Presence::Optional => quote!(#has_more_value),
        Presence::OptionalNullable => quote!(#has_more_value.as_ref().into_option().copied()),
    };
    quote! {
        impl crate::runtime::Paginated for super::models::#page {
            type Item = #item;

            fn items(&self) -> &[Self::Item] {
                #items_ref
            }

            fn into_items(self) -> Vec<Self::Item> {
                #items_owned
            }

            fn next_cursor(&self) -> Option<&str> {
                #cursor_ref
            }

            fn has_more(&self) -> Option<bool> {
                #has_more_value
            }
        }
    }
}
