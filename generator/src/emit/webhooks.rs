//! What `x-webhooks` adds to the client: `client.webhooks()`, and the environment variable the
//! secret is read from.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::ident;
use crate::model::Api;
use crate::Options;

/// The `webhook_key_env` of the client's `ApiDescriptor`.
pub(crate) fn key_env(api: &Api, options: &Options) -> TokenStream {
    match &api.webhooks {
        Some(_) => {
            let var = key_env_name(api, options);
            quote!(Some(#var))
        }
        None => quote!(None),
    }
}

/// The variable the webhook secret is read from: the one `x-sdk-env` names, else
/// `{PREFIX}_WEBHOOK_KEY`.
pub(crate) fn key_env_name(api: &Api, options: &Options) -> String {
    api.webhooks
        .as_ref()
        .and_then(|webhooks| webhooks.key_env.clone())
        .unwrap_or_else(|| format!("{}_WEBHOOK_KEY", options.env_prefix))
}

/// The `webhooks()` method of the client, when the document has `x-webhooks`.
pub(crate) fn accessor(api: &Api, options: &Options) -> Option<TokenStream> {
    let webhooks = api.webhooks.as_ref()?;
    let event = ident(&webhooks.event);
    let var = key_env_name(api, options);
    let krate = &options.crate_name;
    let text = doc(&format!(
        "The webhooks the API sends: [`unwrap`](crate::runtime::Webhooks::unwrap) verifies one (Standard Webhooks: HMAC-SHA256 signature, timestamp within five minutes) and parses it into a [`{event}`](super::models::{event}); [`unsafe_unwrap`](crate::runtime::Webhooks::unsafe_unwrap) only parses.\n\nThe secret is the one given to [`ClientBuilder::webhook_secret`](crate::runtime::ClientBuilder::webhook_secret), else `{var}`.\n\n# Example\n\n```no_run\n# fn example(body: &[u8], headers: &http::HeaderMap) -> Result<(), Box<dyn std::error::Error>> {{\nlet client = {krate}::Client::from_env()?;\nlet event = client.webhooks().unwrap(body, headers)?;\n# let _ = event;\n# Ok(())\n# }}\n```"
    ));
    Some(quote! {
        #text
        pub fn webhooks(&self) -> crate::runtime::Webhooks<'_, super::models::#event> {
            crate::runtime::Webhooks::new(&self.transport)
        }
    })
}
