//! Client configuration: what the API is ([`ApiDescriptor`]) and how a client is built
//! ([`ClientBuilder`]), from explicit settings, then the environment, then the defaults.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use http::header::{HeaderValue, ACCEPT, USER_AGENT};
use http::HeaderMap;

use super::auth::{self, AuthScheme, Credential};
use super::custom_headers;
use super::error::Error;
use super::request::parse_header;
use super::retry::Backoff;
use super::transport::{Settings, Transport};
#[cfg(feature = "webhooks")]
use super::webhooks::WebhookSecret;

/// The official SDKs' per-attempt timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The official SDKs' connect timeout (applies to the HTTP client this crate builds).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The official SDKs' number of retries after the first attempt.
const DEFAULT_MAX_RETRIES: u32 = 2;

/// The facts about an API that the generated code hands to the runtime.
#[derive(Debug)]
pub struct ApiDescriptor {
    /// Short name of the API, such as `avara`; recorded on every request's tracing span.
    pub name: &'static str,
    /// The base URL used when none is configured, such as `https://api.avarasoftware.com`.
    pub default_base_url: &'static str,
    /// The security schemes the document declares, in document order; operations name them
    /// by position.
    pub auth: &'static [AuthScheme],
    /// The alternatives of schemes (positions in `auth`) of operations that do not list their
    /// own; empty when they need no credentials.
    pub security: &'static [&'static [usize]],
    /// Whether every operation needs credentials, so that a client without any is refused
    /// when it is built rather than at its first call.
    pub requires_credentials: bool,
    /// The environment variable that overrides the base URL, such as `AVARA_BASE_URL`.
    pub base_url_env: &'static str,
    /// The `User-Agent` header sent with every request, such as `avara-rust/0.1.0`.
    pub user_agent: &'static str,
    /// The environment variable holding extra default headers, one `Name: value` per line,
    /// such as `AVARA_CUSTOM_HEADERS`.
    pub custom_headers_env: &'static str,
    /// The environment variable holding the webhook signing secret, such as
    /// `AVARA_WEBHOOK_KEY`; `None` when the API sends no webhooks.
    pub webhook_key_env: Option<&'static str>,
}

/// A webhook secret as given to the builder, checked by `build`.
#[cfg(feature = "webhooks")]
enum WebhookSecretSetting {
    Text(String),
    Bytes(Vec<u8>),
}

/// Where the builder reads environment variables from.
type EnvSource = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Builds a client `C` (the generated `Client`) from explicit settings, the environment and
/// the official SDKs' defaults.
///
/// A credential not given with [`credential`](Self::credential) is read from its scheme's
/// environment variable (`AVARA_API_KEY`); without [`base_url`](Self::base_url) the base URL is read from its
/// environment variable (`AVARA_BASE_URL`), else the API's default is used.
#[must_use]
pub struct ClientBuilder<C> {
    api: &'static ApiDescriptor,
    credentials: Vec<Option<Credential>>,
    base_url: Option<String>,
    timeout: Duration,
    max_retries: u32,
    backoff: Backoff,
    default_headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    #[cfg(feature = "webhooks")]
    webhook_secret: Option<WebhookSecretSetting>,
    env: EnvSource,
    client: PhantomData<fn() -> C>,
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// A builder for `api` with the official SDKs' defaults: a 60 s timeout per attempt
    /// (5 s to connect) and 2 retries.
    pub fn new(api: &'static ApiDescriptor) -> Self {
        Self {
            api,
            credentials: Vec::new(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            backoff: Backoff::default(),
            default_headers: Vec::new(),
            http_client: None,
            #[cfg(feature = "webhooks")]
            webhook_secret: None,
            env: Box::new(|name| std::env::var(name).ok()),
            client: PhantomData,
        }
    }

    /// The credential of the API's security scheme at position `scheme` of
    /// [`ApiDescriptor::auth`] (generated clients name a method for each scheme).
    pub fn credential(mut self, scheme: usize, credential: Credential) -> Self {
        if self.credentials.len() <= scheme {
            self.credentials.resize(scheme + 1, None);
        }
        self.credentials[scheme] = Some(credential);
        self
    }

    /// The base URL; it may have a path prefix (`https://proxy.example/avara`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The timeout of each attempt, covering connecting, sending and reading the whole
    /// response (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed request is retried (default 2; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The exponential backoff between retries when the server does not say how long to
    /// wait: `initial` before the first retry, doubling up to `max`, each shortened by a
    /// random 0-25 %. The default, as in the official SDKs, is 0.5 s up to 8 s.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Backoff { initial, max };
        self
    }

    /// A header sent with every request; it replaces a built-in header of the same name, and
    /// one of the same name from the custom-headers variable (`AVARA_CUSTOM_HEADERS`).
    /// An invalid name or value is reported by [`build`](Self::build).
    pub fn default_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.default_headers
            .push((name.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// The HTTP client to send requests with, instead of one built with a 5 s connect
    /// timeout. Its own timeouts, proxies and TLS settings apply as well.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The secret that [`Webhooks::unwrap`](crate::Webhooks::unwrap) verifies webhooks with,
    /// in its text form: base64, usually after a `whsec_` prefix. Without it the secret is
    /// read from the API's variable (`AVARA_WEBHOOK_KEY`), if it has one. An invalid secret is
    /// reported by [`build`](Self::build).
    #[cfg(feature = "webhooks")]
    pub fn webhook_secret(mut self, secret: impl Into<String>) -> Self {
        self.webhook_secret = Some(WebhookSecretSetting::Text(secret.into()));
        self
    }

    /// Like [`webhook_secret`](Self::webhook_secret), with the raw key bytes.
    #[cfg(feature = "webhooks")]
    pub fn webhook_secret_bytes(mut self, key: impl Into<Vec<u8>>) -> Self {
        self.webhook_secret = Some(WebhookSecretSetting::Bytes(key.into()));
        self
    }

    /// Reads configuration variables through `lookup` instead of the process environment,
    /// for example to read them from a file or to isolate tests.
    pub fn env_source(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Box::new(lookup);
        self
    }

    /// Builds the client, checking the configuration.
    ///
    /// Fails with [`Error::Config`] when every operation needs credentials and none is
    /// configured, a credential cannot be sent, the base URL is not an `http(s)` URL, a
    /// default header or a line of the custom-headers variable is invalid, the webhook
    /// secret is not base64, or the HTTP client cannot be built.
    pub fn build(self) -> Result<C, Error> {
        let api = self.api;
        let from_env = |name: &str| (self.env)(name).filter(|value| !value.trim().is_empty());

        if self.credentials.len() > api.auth.len() {
            return Err(Error::Config(format!(
                "a credential was given for security scheme {}, but the API declares {}",
                self.credentials.len() - 1,
                api.auth.len()
            )));
        }
        let mut credentials = Vec::with_capacity(api.auth.len());
        for (index, scheme) in api.auth.iter().enumerate() {
            // A blank credential counts as not given, as an empty variable does.
            let given = self.credentials.get(index).cloned().flatten();
            let credential = match given.filter(|given| !given.is_blank()) {
                Some(given) => Some(given),
                None => auth::from_env(scheme, &from_env),
            };
            credentials.push(match &credential {
                Some(credential) => Some(auth::prepare(scheme, credential)?),
                None => None,
            });
        }
        if api.requires_credentials && credentials.iter().all(Option::is_none) {
            let ways: Vec<String> = api.auth.iter().map(auth::how_to_set).collect();
            return Err(Error::Config(format!(
                "no credentials: {}",
                ways.join("; or ")
            )));
        }
        let base_url = self
            .base_url
            .or_else(|| from_env(api.base_url_env))
            .unwrap_or_else(|| api.default_base_url.to_owned());
        let base_url = normalize_base_url(&base_url)?;

        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(api.user_agent));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        // The variable's headers first, so that the explicit ones replace them.
        if let Some(text) = (self.env)(api.custom_headers_env) {
            for (name, value) in custom_headers::parse(api.custom_headers_env, &text)? {
                headers.insert(name, value);
            }
        }
        for (name, value) in &self.default_headers {
            let (name, value) = parse_header(name, value)
                .map_err(|reason| Error::Config(format!("invalid default header: {reason}")))?;
            headers.insert(name, value);
        }

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .build()
                .map_err(|error| {
                    Error::Config(format!("the HTTP client could not be built: {error}"))
                })?,
        };

        #[cfg(feature = "webhooks")]
        let webhook_secret = match self.webhook_secret {
            Some(WebhookSecretSetting::Bytes(key)) => Some(WebhookSecret::from_bytes(key)),
            Some(WebhookSecretSetting::Text(text)) => Some(
                WebhookSecret::new(&text)
                    .map_err(|error| Error::Config(format!("{error} (from `webhook_secret`)")))?,
            ),
            None => match api.webhook_key_env {
                Some(var) => match from_env(var) {
                    Some(text) => Some(
                        WebhookSecret::new(&text)
                            .map_err(|error| Error::Config(format!("{error} (from {var})")))?,
                    ),
                    None => None,
                },
                None => None,
            },
        };

        Ok(C::from(Transport::new(Settings {
            api,
            base_url,
            headers,
            credentials,
            http,
            timeout: self.timeout,
            max_retries: self.max_retries,
            backoff: self.backoff,
            #[cfg(feature = "webhooks")]
            webhook_secret,
        })))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api", &self.api.name)
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

/// Checks a base URL and returns it without trailing slashes, ready for `/v1/...` paths.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let invalid = |why: String| Error::Config(format!("invalid base URL `{raw}`: {why}"));
    let url = reqwest::Url::parse(raw.trim()).map_err(|error| invalid(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment".into()));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalized() {
        let ok = |raw: &str| normalize_base_url(raw).unwrap();
        assert_eq!(ok("https://api.example.com"), "https://api.example.com");
        assert_eq!(ok("https://api.example.com/"), "https://api.example.com");
        assert_eq!(
            ok("http://127.0.0.1:8080/prefix/"),
            "http://127.0.0.1:8080/prefix"
        );
        assert_eq!(ok(" https://h/a/b "), "https://h/a/b");
    }

    #[test]
    fn bad_base_urls_are_refused() {
        for raw in [
            "",
            "api.example.com",
            "ftp://h/",
            "https://h/?x=1",
            "https://h/#f",
        ] {
            let error = normalize_base_url(raw).unwrap_err();
            assert!(
                matches!(&error, Error::Config(message) if message.contains("invalid base URL")),
                "{raw}: {error}"
            );
        }
    }
}
