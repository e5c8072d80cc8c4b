//! Sending a request: the shared [`Transport`], the per-call [`Call`] and the retry loop.
//!
//! Each attempt (connect, send, read the whole body) runs under the attempt timeout. Failed
//! attempts are retried as [`super::retry`] decides; each request gets a tracing span with
//! the method, the path template (never the filled-in path), the attempt and the status.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use tracing::Instrument;

use super::auth::{self, Applied};
use super::config::ApiDescriptor;
use super::decode::Decoder;
use super::error::{ApiError, Error};
use super::request::{cookie_header, parse_header, Request, COOKIE_HEADER};
use super::response::Response;
use super::retry::{retry_delay, should_retry, Backoff};

/// The configured connection to the API that generated clients send requests through.
///
/// Cloning is cheap: clones share the configuration and the HTTP connection pool.
/// Its `Debug` output never shows a credential.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Settings>,
}

/// A transport's configuration, as [`super::ClientBuilder`] resolved it.
pub(crate) struct Settings {
    pub api: &'static ApiDescriptor,
    /// Without trailing slash; request paths start with one.
    pub base_url: String,
    /// Sent with every request: authorization (marked sensitive), user agent, accept and
    /// the caller's default headers.
    pub headers: HeaderMap,
    /// What each configured credential adds to a request, by position in the API's
    /// security schemes; `None` where none is configured.
    pub credentials: Vec<Option<Applied>>,
    pub http: reqwest::Client,
    pub timeout: Duration,
    pub max_retries: u32,
    pub backoff: Backoff,
    /// What webhooks are verified with, from the builder or the environment.
    #[cfg(feature = "webhooks")]
    pub webhook_secret: Option<super::webhooks::WebhookSecret>,
}

impl Transport {
    pub(crate) fn new(settings: Settings) -> Self {
        Self {
            inner: Arc::new(settings),
        }
    }

    /// Prepares `request`; nothing is sent until the returned [`Call`] is awaited.
    pub fn call<T>(&self, request: Request, decode: Decoder<T>) -> Call<T> {
        Call {
            transport: self.clone(),
            request,
            decode,
            timeout: None,
            max_retries: None,
            headers: HeaderMap::new(),
        }
    }

    /// The API this transport talks to.
    pub fn api(&self) -> &'static ApiDescriptor {
        self.inner.api
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The secret webhooks are verified with, if one was configured.
    #[cfg(feature = "webhooks")]
    pub fn webhook_secret(&self) -> Option<&super::webhooks::WebhookSecret> {
        self.inner.webhook_secret.as_ref()
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header names and the schemes with credentials only: never the secrets.
        let credentials: Vec<&str> = self
            .inner
            .api
            .auth
            .iter()
            .zip(&self.inner.credentials)
            .filter(|(_, credential)| credential.is_some())
            .map(|(scheme, _)| scheme.name)
            .collect();
        let headers: Vec<&str> = self
            .inner
            .headers
            .keys()
            .map(|name| name.as_str())
            .collect();
        f.debug_struct("Transport")
            .field("api", &self.inner.api.name)
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .field("headers", &headers)
            .field("credentials", &credentials)
            .finish_non_exhaustive()
    }
}

/// One operation call, ready to send: await it (or call [`send`](Self::send)) to get the
/// decoded value, or [`send_with_response`](Self::send_with_response) to get the status
/// and headers as well.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T> {
    transport: Transport,
    request: Request,
    decode: Decoder<T>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    headers: HeaderMap,
}

impl<T: Send + 'static> Call<T> {
    /// The timeout of each attempt of this call, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this call is retried, instead of the client's setting.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// An extra header for this call; it replaces a default header of the same name. An
    /// invalid name or value is reported as [`Error::InvalidArgument`] when the call is
    /// awaited.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match parse_header(name.as_ref(), value.as_ref()) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
            }
            Err(reason) => {
                self.request.error.get_or_insert(Error::InvalidArgument {
                    arg: "header",
                    reason,
                });
            }
        }
        self
    }

    /// Sends the request, retrying as configured, and decodes the response.
    pub async fn send(self) -> Result<T, Error> {
        self.send_with_response().await.map(Response::into_value)
    }

    /// Like [`send`](Self::send), keeping the response status and headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let span = tracing::info_span!(
            "api.request",
            api = self.transport.inner.api.name,
            method = %self.request.method,
            path = self.request.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.execute(span.clone()).instrument(span).await
    }

    /// The retry loop; `span` is the request's span, to record the attempt and status on.
    async fn execute(self, span: tracing::Span) -> Result<Response<T>, Error> {
        let Call {
            transport,
            request,
            decode,
            timeout,
            max_retries,
            headers: call_headers,
        } = self;
        let settings = &*transport.inner;
        let timeout = timeout.unwrap_or(settings.timeout);
        let max_retries = max_retries.unwrap_or(settings.max_retries);

        if let Some(error) = request.error {
            return Err(error);
        }
        let security = request.security.unwrap_or(settings.api.security);
        let credentials = auth::resolve(
            settings.api.auth,
            &settings.credentials,
            security,
            (&request.method, request.path_template),
        )?;
        // A URL carrying a credential is never shown: not in errors, not in logs.
        let secret_url = !credentials.query.is_empty();
        let url = request.url_with(&settings.base_url, &credentials.query)?;
        let url = reqwest::Url::parse(&url).map_err(|error| {
            if secret_url {
                Error::Config(format!("invalid request URL: {error}"))
            } else {
                Error::Config(format!("invalid request URL `{url}`: {error}"))
            }
        })?;
        let cookie = cookie_header(&request.cookies, &credentials.cookies);

        let mut retries_taken = 0;
        loop {
            span.record("attempt", retries_taken + 1);
            let mut headers = merge_headers(&settings.headers, [&request.headers, &call_headers]);
            // A header of the caller's own (default, operation or call) replaces a credential.
            for (name, value) in &credentials.headers {
                if !headers.contains_key(name) {
                    headers.insert(name.clone(), value.clone());
                }
            }
            if let Some(cookie) = &cookie {
                if !headers.contains_key(COOKIE_HEADER) {
                    headers.insert(COOKIE_HEADER, cookie.clone());
                }
            }
            let attempt = send_once(
                &settings.http,
                &request.method,
                &url,
                headers,
                request.body.clone(),
                secret_url,
            );
            let outcome = tokio::time::timeout(timeout, attempt)
                .await
                .unwrap_or(Err(Error::Timeout));
            let (retryable, error) = match outcome {
                Ok((status, headers, body)) => {
                    span.record("status", status.as_u16());
                    if status.is_success() {
                        return match decode(status, &body) {
                            Ok(value) => Ok(Response::new(status, headers, value)),
                            Err(error) => {
                                Err(Error::Decode(Box::new(error.with_body(status, &body))))
                            }
                        };
                    }
                    let retryable = should_retry(status, &headers);
                    (
                        retryable,
                        Error::Status(Box::new(ApiError::new(status, headers, body))),
                    )
                }
                Err(error) => (
                    matches!(
                        error,
                        Error::Connect(_) | Error::Timeout | Error::Network(_)
                    ),
                    error,
                ),
            };
            if !retryable || retries_taken >= max_retries {
                return Err(error);
            }
            let delay = retry_delay(
                &settings.backoff,
                retries_taken,
                error.api_error().map(ApiError::headers),
                SystemTime::now(),
                fastrand::f64(),
            );
            // Short on purpose: transport errors name the URL, whose path and query may
            // carry identifiers that do not belong in logs.
            let reason = match &error {
                Error::Status(api) => format!("status {}", api.status()),
                Error::Timeout => "timeout".to_owned(),
                Error::Connect(_) => "connection failed".to_owned(),
                _ => "connection broken".to_owned(),
            };
            tracing::info!(
                %reason,
                delay_ms = delay.as_millis() as u64,
                retries_left = max_retries - retries_taken,
                "retrying request"
            );
            tokio::time::sleep(delay).await;
            retries_taken += 1;
        }
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.request.method)
            .field("path", &self.request.path_template)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

/// The headers of one attempt: the client's, then each layer's (the operation's, the call's),
/// a name in a later layer replacing all values of that name before it.
fn merge_headers(defaults: &HeaderMap, layers: [&HeaderMap; 2]) -> HeaderMap {
    let mut headers = defaults.clone();
    for layer in layers {
        for name in layer.keys() {
            let mut values = layer.get_all(name).iter();
            if let Some(first) = values.next() {
                headers.insert(name.clone(), first.clone());
            }
            for value in values {
                headers.append(name.clone(), value.clone());
            }
        }
    }
    headers
}

/// One attempt: send the request and read the whole response.
async fn send_once(
    http: &reqwest::Client,
    method: &Method,
    url: &reqwest::Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    secret_url: bool,
) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
    let convert = |error: reqwest::Error| {
        Error::from_reqwest(if secret_url {
            error.without_url()
        } else {
            error
        })
    };
    // Built directly rather than through `RequestBuilder`, which would insert the headers
    // one by one into a map of its own.
    let mut request = reqwest::Request::new(method.clone(), url.clone());
    *request.headers_mut() = headers;
    match body {
        Some(body) => *request.body_mut() = Some(reqwest::Body::from(body)),
        // RFC 9110 §8.6: a POST, PUT or PATCH without content should still say so, and some
        // servers and proxies answer 411 Length Required when it does not. hyper omits the
        // header for a missing or empty body, so it is set here.
        None if [Method::POST, Method::PUT, Method::PATCH].contains(method) => {
            request.headers_mut().insert(
                http::header::CONTENT_LENGTH,
                http::HeaderValue::from_static("0"),
            );
        }
        None => {}
    }
    let mut response = http.execute(request).await.map_err(convert)?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    // Collects the chunks and copies them once into one buffer.
    let body = response.bytes().await.map_err(convert)?;
    Ok((status, headers, body))
}
