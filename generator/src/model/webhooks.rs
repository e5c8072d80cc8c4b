//! `x-webhooks` at the document root: the webhooks the API sends, so that the client can
//! verify and parse them (`client.webhooks().unwrap(body, &headers)`).
//!
//! ```yaml
//! x-webhooks:
//!   signature: standard-webhooks   # the only scheme there is so far
//!   event: UnwrapWebhookEvent      # the component schema of the event union
//!   x-sdk-env: AVARA_WEBHOOK_KEY   # where the secret is read from (optional)
//! ```

use serde_json::Value;

use super::schemas::Lowerer;
use super::{Note, Resource, TypeKind};
use crate::error::{push_pointer, ErrorKind};

/// The extension's name.
const EXTENSION: &str = "x-webhooks";

/// The signature schemes the runtime verifies.
const SCHEMES: [&str; 1] = ["standard-webhooks"];

/// The webhooks an API sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhooks {
    /// The Rust name of the event type.
    pub event: String,
    /// The environment variable holding the signing secret, when the document names one
    /// (else `{PREFIX}_WEBHOOK_KEY`).
    pub key_env: Option<String>,
}

/// Reads `x-webhooks`, if the document has it.
pub(crate) fn lower(cx: &mut Lowerer<'_>, root: &Resource) -> Option<Webhooks> {
    let value = cx.doc.extensions.get(EXTENSION)?;
    let pointer = push_pointer("#", EXTENSION);
    match read(cx, value, root) {
        Ok((webhooks, note)) => {
            if let Some(message) = note {
                cx.notes.push(Note {
                    pointer: push_pointer(&pointer, "event"),
                    message,
                });
            }
            Some(webhooks)
        }
        Err(why) => {
            cx.error(
                pointer,
                ErrorKind::InvalidExtension {
                    name: EXTENSION,
                    why,
                },
            );
            None
        }
    }
}

fn read(
    cx: &Lowerer<'_>,
    value: &Value,
    root: &Resource,
) -> Result<(Webhooks, Option<String>), String> {
    let shape = "it must be an object with `signature: standard-webhooks`, `event` (a component schema) and optionally `x-sdk-env` (an environment variable)";
    let Value::Object(members) = value else {
        return Err(shape.to_owned());
    };
    if let Some(unknown) = members
        .keys()
        .find(|key| !["signature", "event", "x-sdk-env"].contains(&key.as_str()))
    {
        return Err(format!("`{unknown}` is not a member it has; {shape}"));
    }
    match members.get("signature") {
        None => return Err(format!("`signature` is missing; {shape}")),
        Some(Value::String(scheme)) if SCHEMES.contains(&scheme.as_str()) => {}
        Some(other) => {
            return Err(format!(
                "`signature: {other}` is not a scheme the client verifies; the supported one is `standard-webhooks`"
            ))
        }
    }
    let event = match members.get("event") {
        None => return Err(format!("`event` is missing; {shape}")),
        Some(Value::String(event)) => event,
        Some(_) => return Err("`event` must be the name of a component schema".to_owned()),
    };
    let key_env = match members.get("x-sdk-env") {
        None => None,
        Some(Value::String(var)) if is_env_name(var) => Some(var.clone()),
        Some(other) => {
            return Err(format!(
                "`x-sdk-env: {other}` is not an environment variable name (letters, digits and `_`)"
            ))
        }
    };
    let schema_pointer = push_pointer("#/components/schemas", event);
    let Some(def) = cx.types.iter().find(|t| t.pointer == schema_pointer) else {
        return Err(format!(
            "`event: {event}` names no schema in `components/schemas`"
        ));
    };
    if root.children.iter().any(|c| c.name == "webhooks")
        || root.operations.iter().any(|o| o.name == "webhooks")
    {
        return Err(
            "the client gets a `webhooks()` method for it, but a resource or operation is named `webhooks` already; move that one with `x-sdk-method`"
                .to_owned(),
        );
    }
    let note = match &def.kind {
        TypeKind::Union(union) if union.discriminator.is_some() => None,
        _ => Some(format!(
            "the event type `{}` is not a `oneOf` with a `discriminator`: events of a type this client does not know fail to parse instead of being kept",
            def.name
        )),
    };
    Ok((
        Webhooks {
            event: def.name.clone(),
            key_env,
        },
        note,
    ))
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
