//! Receiving the webhooks an API sends, signed by the
//! [Standard Webhooks](https://www.standardwebhooks.com/) scheme: verifying the signature and
//! parsing the body into the API's event type.
//!
//! A webhook carries three headers: `webhook-id`, `webhook-timestamp` (Unix seconds) and
//! `webhook-signature`, a space-separated list of `v1,<base64>` entries (several during a key
//! rotation). Each is the HMAC-SHA256, keyed by the endpoint's secret, of
//! `{webhook-id}.{webhook-timestamp}.{body}`. A webhook is genuine when one entry matches,
//! compared in constant time, and its timestamp is no more than five minutes away from now
//! (either way), which bounds replays.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::transport::Transport;

/// How far a webhook's timestamp may be from now, either way, as the Standard Webhooks
/// libraries (and so the official SDKs) allow.
pub const TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The prefix of a secret in its usual text form.
const SECRET_PREFIX: &str = "whsec_";

/// A webhook endpoint's signing secret.
///
/// Its text form is base64, usually after a `whsec_` prefix (`whsec_MfKQ9r8G...`); the prefix
/// is optional, as in the Standard Webhooks libraries. [`from_bytes`](Self::from_bytes) takes
/// the key itself. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret {
    key: Vec<u8>,
}

impl WebhookSecret {
    /// A secret from its text form: base64, with or without the `whsec_` prefix.
    ///
    /// # Errors
    ///
    /// [`WebhookError::InvalidSecret`] when the text is empty or not base64.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let trimmed = secret.trim();
        let encoded = trimmed.strip_prefix(SECRET_PREFIX).unwrap_or(trimmed);
        if encoded.is_empty() {
            return Err(WebhookError::InvalidSecret("it is empty".to_owned()));
        }
        let key = BASE64.decode(encoded).map_err(|error| {
            WebhookError::InvalidSecret(format!(
                "it is not base64 after the optional `{SECRET_PREFIX}` prefix ({error})"
            ))
        })?;
        Ok(Self { key })
    }

    /// A secret from the raw key bytes, used as they are.
    pub fn from_bytes(key: impl Into<Vec<u8>>) -> Self {
        Self { key: key.into() }
    }

    /// The signature of a webhook, `v1,<base64>`, as a sender puts it in `webhook-signature`.
    /// Useful to test a webhook handler with webhooks of your own.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        format!("v1,{}", BASE64.encode(self.mac(id, timestamp, body)))
    }

    /// Checks the signature and timestamp of a webhook against this secret, with `now` as the
    /// current time.
    ///
    /// # Errors
    ///
    /// A missing or unreadable header, a timestamp outside [`TIMESTAMP_TOLERANCE`] of `now`,
    /// or no `v1` signature that matches.
    pub fn verify(
        &self,
        body: &[u8],
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let id = header(headers, "webhook-id")?;
        let timestamp = header(headers, "webhook-timestamp")?;
        let signatures = header(headers, "webhook-signature")?;
        let timestamp: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::InvalidHeader("webhook-timestamp"))?;
        let now = unix_seconds(now);
        let tolerance = TIMESTAMP_TOLERANCE.as_secs() as i64;
        if timestamp < now.saturating_sub(tolerance) {
            return Err(WebhookError::TimestampTooOld);
        }
        if timestamp > now.saturating_add(tolerance) {
            return Err(WebhookError::TimestampTooNew);
        }
        let expected = self.mac(id, timestamp, body);
        let matched = signatures
            .split(' ')
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == "v1")
            .filter_map(|(_, signature)| BASE64.decode(signature).ok())
            // Every entry is compared, in constant time, whatever the outcome of the others.
            .fold(subtle::Choice::from(0), |found, signature| {
                found | signature.as_slice().ct_eq(&expected[..])
            });
        if bool::from(matched) {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> [u8; 32] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.finalize().into_bytes().into()
    }
}

impl std::str::FromStr for WebhookSecret {
    type Err = WebhookError;

    fn from_str(secret: &str) -> Result<Self, Self::Err> {
        Self::new(secret)
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

/// Why a webhook was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No secret to verify with: none was configured on the client nor given to the call.
    #[error("no webhook secret: pass one with `webhook_secret(..)`{}", match .env {
        Some(var) => format!(" or set the {var} environment variable"),
        None => String::new(),
    })]
    NoSecret {
        /// The environment variable the client reads the secret from.
        env: Option<&'static str>,
    },
    /// The secret is not usable.
    #[error("invalid webhook secret: {0}")]
    InvalidSecret(String),
    /// A required header is missing.
    #[error("the webhook has no `{0}` header")]
    MissingHeader(&'static str),
    /// A header is present but unreadable (not text, or a timestamp that is not a number).
    #[error("the webhook's `{0}` header is invalid")]
    InvalidHeader(&'static str),
    /// The timestamp is more than five minutes in the past: maybe a replay.
    #[error("the webhook's timestamp is too old")]
    TimestampTooOld,
    /// The timestamp is more than five minutes in the future.
    #[error("the webhook's timestamp is too far in the future")]
    TimestampTooNew,
    /// No `v1` signature matches the body, id and timestamp: it was not signed with this
    /// secret, or was changed on the way.
    #[error("no webhook signature matches")]
    NoMatchingSignature,
    /// The body is genuine (or was not checked) but is not a valid event.
    #[error("the webhook body is not a valid event{}: {message}", match .path {
        Some(path) => format!(" at `{path}`"),
        None => String::new(),
    })]
    InvalidBody {
        /// The path of the field that failed, such as `data.studyId`, if known.
        path: Option<String>,
        /// What went wrong, as the JSON parser put it.
        message: String,
    },
}

/// The webhooks of an API, as `client.webhooks()` returns them: `E` is the API's event type,
/// a union of the event types discriminated by their `type`.
#[must_use]
pub struct Webhooks<'a, E> {
    secret: Option<&'a WebhookSecret>,
    env: Option<&'static str>,
    now: Option<SystemTime>,
    event: PhantomData<fn() -> E>,
}

impl<'a, E: serde::de::DeserializeOwned> Webhooks<'a, E> {
    /// The webhooks of the API `transport` talks to, verified with the client's secret.
    pub fn new(transport: &'a Transport) -> Self {
        Self {
            secret: transport.webhook_secret(),
            env: transport.api().webhook_key_env,
            now: None,
            event: PhantomData,
        }
    }

    /// Verifies with `secret` instead of the client's.
    pub fn with_secret(mut self, secret: &'a WebhookSecret) -> Self {
        self.secret = Some(secret);
        self
    }

    /// Takes `now` as the current time when checking timestamps (for tests and replays of
    /// recorded webhooks).
    pub fn at(mut self, now: SystemTime) -> Self {
        self.now = Some(now);
        self
    }

    /// Verifies the webhook's signature and timestamp, then parses the body into the event.
    /// Pass the body exactly as received: re-serialized JSON does not match its signature.
    ///
    /// # Errors
    ///
    /// No secret, a missing header, a timestamp more than five minutes away, no matching
    /// signature, or a body that is not an event (see [`WebhookError`]).
    pub fn unwrap(&self, body: impl AsRef<[u8]>, headers: &HeaderMap) -> Result<E, WebhookError> {
        let body = body.as_ref();
        self.verify(body, headers)?;
        self.unsafe_unwrap(body)
    }

    /// Verifies the webhook's signature and timestamp without parsing the body.
    ///
    /// # Errors
    ///
    /// As [`unwrap`](Self::unwrap), except for the body.
    pub fn verify(&self, body: impl AsRef<[u8]>, headers: &HeaderMap) -> Result<(), WebhookError> {
        let secret = self
            .secret
            .ok_or(WebhookError::NoSecret { env: self.env })?;
        let now = self.now.unwrap_or_else(SystemTime::now);
        let outcome = secret.verify(body.as_ref(), headers, now);
        if let Err(error) = &outcome {
            tracing::debug!(%error, "webhook refused");
        }
        outcome
    }

    /// Parses the body into the event **without verifying anything**: only for bodies whose
    /// origin is established otherwise.
    ///
    /// # Errors
    ///
    /// [`WebhookError::InvalidBody`] when the body is not an event.
    pub fn unsafe_unwrap(&self, body: impl AsRef<[u8]>) -> Result<E, WebhookError> {
        let body = body.as_ref();
        if let Ok(event) = serde_json::from_slice(body) {
            return Ok(event);
        }
        // Parsed again, tracking the path, only to explain the failure.
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let (path, error) = match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(event) => match deserializer.end() {
                Ok(()) => return Ok(event),
                Err(error) => (None, error),
            },
            Err(error) => {
                let path = error.path().to_string();
                (Some(path).filter(|path| path != "."), error.into_inner())
            }
        };
        Err(WebhookError::InvalidBody {
            path,
            message: error.to_string(),
        })
    }
}

impl<E> fmt::Debug for Webhooks<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhooks")
            .field("secret", &self.secret.map(|_| "<redacted>"))
            .field("env", &self.env)
            .finish_non_exhaustive()
    }
}

/// The value of a required header; an empty one counts as missing, as in the Standard
/// Webhooks libraries.
fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    let value = headers
        .get(name)
        .ok_or(WebhookError::MissingHeader(name))?
        .to_str()
        .map_err(|_| WebhookError::InvalidHeader(name))?;
    if value.trim().is_empty() {
        return Err(WebhookError::MissingHeader(name));
    }
    Ok(value)
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}
