//! Cursor pagination: a list operation's [`List`] can be awaited for one [`Page`], or turned
//! into a stream of [`pages`](List::pages) or of [`items`](List::items) that follows the
//! cursor from page to page.
//!
//! The next page is requested exactly as the official SDKs do it: none when the page says
//! `hasMore: false`, when it has no items, or when its cursor is missing or empty; otherwise
//! the same request (same path, filters, `limit`, body and headers) is sent again with the
//! page's cursor in the cursor query parameter, replacing any cursor the first request had.
//! Every page request is a full call: retries, timeouts and the tracing span apply to each.
//!
//! Generated code implements [`Paginated`] for each page type (a few one-line methods naming
//! the fields) and builds a [`List`] from the operation's [`Request`]. Everything else is here,
//! once: sending and retrying go through one non-generic path, so a paginated operation costs
//! the compiler little more than a plain one.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::ops::Deref;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderMap, Method, StatusCode};

use super::decode::{self, Decoder};
use super::error::Error;
use super::request::{push_pair, Request};
use super::transport::{Call, Transport};

/// A page of a list operation's response: where its items are, and where the next page's
/// cursor is. Generated code implements it for each page type from the document's
/// `x-pagination`.
pub trait Paginated: Send + Sized + 'static {
    /// One item of the list.
    type Item: Send + 'static;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, by value.
    fn into_items(self) -> Vec<Self::Item>;

    /// The cursor of the next page, as the response gave it.
    fn next_cursor(&self) -> Option<&str>;

    /// Whether the response says there are more pages, if it says.
    fn has_more(&self) -> Option<bool>;
}

impl Transport {
    /// Prepares a paginated list call: `request` is the first page's, and each next page's
    /// cursor goes in the query parameter `cursor_param`. Nothing is sent until the returned
    /// [`List`] is awaited or streamed.
    pub fn list<P: Paginated>(
        &self,
        request: Request,
        decode: Decoder<P>,
        cursor_param: &'static str,
    ) -> List<P> {
        List::new(self, request, decode, cursor_param)
    }
}

/// The cursor the page after `page` is requested with, or `None` when `page` is the last.
fn cursor_after<P: Paginated>(page: &P) -> Option<&str> {
    if page.has_more() == Some(false) || page.items().is_empty() {
        return None;
    }
    page.next_cursor().filter(|cursor| !cursor.is_empty())
}

type PageFuture<P> = Pin<Box<dyn Future<Output = Result<Page<P>, Error>> + Send>>;

/// What is needed to request any page of one listing; the same for every page type.
struct Template {
    transport: Transport,
    method: Method,
    path_template: &'static str,
    path: String,
    /// The first request's query, as the caller gave it (with a starting cursor, maybe).
    first_query: String,
    /// The query without the cursor parameter; the next page's cursor is appended to it.
    query: String,
    headers: HeaderMap,
    /// The cookie parameters, sent with every page.
    cookies: String,
    body: Option<Bytes>,
    /// The operation's security alternatives, when they are not the API's.
    security: Option<&'static [&'static [usize]]>,
    cursor_param: &'static str,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    call_headers: Vec<(String, String)>,
}

impl Template {
    /// The request for the page at `cursor`; `None` for the first page.
    fn request(&self, cursor: Option<&str>) -> Request {
        let query = match cursor {
            None => self.first_query.clone(),
            Some(cursor) => {
                let mut query = String::with_capacity(self.query.len() + cursor.len() + 16);
                query.push_str(&self.query);
                if !query.is_empty() {
                    query.push('&');
                }
                push_pair(&mut query, self.cursor_param, cursor);
                query
            }
        };
        Request {
            method: self.method.clone(),
            path_template: self.path_template,
            path: self.path.clone(),
            query,
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            body: self.body.clone(),
            security: self.security,
            error: None,
        }
    }

    /// `request` as a call with the listing's settings (timeout, retries, headers).
    fn call<T: Send + 'static>(&self, request: Request, decode: Decoder<T>) -> Call<T> {
        let mut call = self.transport.call(request, decode);
        if let Some(timeout) = self.timeout {
            call = call.timeout(timeout);
        }
        if let Some(retries) = self.max_retries {
            call = call.max_retries(retries);
        }
        for (name, value) in &self.call_headers {
            call = call.header(name, value);
        }
        call
    }

    /// Sends the request for the page at `cursor` as a call of its own (with retries and the
    /// timeout) and returns the status and body of the success response.
    async fn fetch(&self, cursor: Option<&str>) -> Result<(StatusCode, Bytes), Error> {
        let call = self.call(self.request(cursor), decode::bytes);
        let (status, _, body) = call.send_with_response().await?.into_parts();
        Ok((status, body))
    }
}

/// Fetches and decodes the page at `cursor`; the generic part is only the decoding.
fn fetch_page<P: Paginated>(
    template: Arc<Template>,
    decode: Decoder<P>,
    cursor: Option<String>,
) -> PageFuture<P> {
    Box::pin(async move {
        let (status, body) = template.fetch(cursor.as_deref()).await?;
        let value = decode(status, &body)
            .map_err(|error| Error::Decode(Box::new(error.with_body(status, &body))))?;
        Ok(Page {
            value,
            template,
            decode,
        })
    })
}

/// A call of a paginated list operation, ready to send.
///
/// - `.await` it for the first [`Page`] (which can fetch the next one);
/// - [`items`](Self::items) streams every item of every page;
/// - [`pages`](Self::pages) streams the pages.
///
/// [`timeout`](Self::timeout), [`max_retries`](Self::max_retries) and
/// [`header`](Self::header) apply to every page request.
#[must_use = "a list does nothing until it is awaited or streamed"]
pub struct List<P> {
    template: Template,
    decode: Decoder<P>,
    /// The first invalid argument, reported by the first page request.
    error: Option<Error>,
}

impl<P: Paginated> List<P> {
    /// A listing that sends `request`, then repeats it with each page's cursor in the query
    /// parameter `cursor_param`.
    pub fn new(
        transport: &Transport,
        request: Request,
        decode: Decoder<P>,
        cursor_param: &'static str,
    ) -> Self {
        let Request {
            method,
            path_template,
            path,
            query,
            headers,
            cookies,
            body,
            security,
            error,
        } = request;
        let mut name = String::new();
        push_pair(&mut name, cursor_param, "");
        let without_cursor: Vec<&str> = query
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with(&name))
            .collect();
        let template = Template {
            transport: transport.clone(),
            method,
            path_template,
            path,
            query: without_cursor.join("&"),
            first_query: query,
            headers,
            cookies,
            body,
            security,
            cursor_param,
            timeout: None,
            max_retries: None,
            call_headers: Vec::new(),
        };
        Self {
            template,
            decode,
            error,
        }
    }

    /// The timeout of each attempt of each page request, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.template.timeout = Some(timeout);
        self
    }

    /// How many times each page request is retried, instead of the client's setting.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.template.max_retries = Some(retries);
        self
    }

    /// An extra header for every page request; it replaces a default header of the same
    /// name. An invalid one is reported by the first page request.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.template
            .call_headers
            .push((name.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Sends the first request and returns the first page.
    pub async fn send(self) -> Result<Page<P>, Error> {
        self.first().await
    }

    /// The first page's request as a plain [`Call`] with this listing's settings, for what a
    /// `Call` offers, such as [`send_with_response`](Call::send_with_response) for the status
    /// and headers. It does not follow the cursor.
    pub fn into_call(self) -> Call<P> {
        let mut request = self.template.request(None);
        request.error = self.error;
        self.template.call(request, self.decode)
    }

    /// Every page, first to last, as a stream; an error ends it.
    pub fn pages(self) -> Pages<P> {
        Pages {
            pending: Some(self.first()),
        }
    }

    /// Every item of every page, in order, as a stream; pages are fetched as the stream is
    /// read. An error ends it.
    pub fn items(self) -> Items<P> {
        Items {
            pages: self.pages(),
            buffer: Vec::new().into_iter(),
        }
    }

    fn first(self) -> PageFuture<P> {
        match self.error {
            Some(error) => Box::pin(std::future::ready(Err(error))),
            None => fetch_page(Arc::new(self.template), self.decode, None),
        }
    }
}

impl<P: Paginated> IntoFuture for List<P> {
    type Output = Result<Page<P>, Error>;
    type IntoFuture = PageFuture<P>;

    fn into_future(self) -> Self::IntoFuture {
        self.first()
    }
}

impl<P> fmt::Debug for List<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("method", &self.template.method)
            .field("path", &self.template.path_template)
            .field("cursor_param", &self.template.cursor_param)
            .finish_non_exhaustive()
    }
}

/// One page of a listing: the decoded response (it dereferences to it), and the way to the
/// next page.
pub struct Page<P> {
    value: P,
    template: Arc<Template>,
    decode: Decoder<P>,
}

impl<P: Paginated> Page<P> {
    /// Whether there is a page after this one: the response did not say `hasMore: false`,
    /// this page has items, and it has a non-empty cursor.
    pub fn has_next_page(&self) -> bool {
        cursor_after(&self.value).is_some()
    }

    /// The cursor the next page is requested with, or `None` when this page is the last.
    pub fn next_cursor(&self) -> Option<&str> {
        cursor_after(&self.value)
    }

    /// Fetches the next page with the same request and this page's cursor; `None` when this
    /// page is the last.
    ///
    /// # Errors
    ///
    /// As for any call: the request failed (after retries) or the page did not decode.
    pub async fn next_page(&self) -> Result<Option<Page<P>>, Error> {
        match self.next_fetch() {
            Some(fetch) => fetch.await.map(Some),
            None => Ok(None),
        }
    }

    /// The items of this page.
    pub fn items(&self) -> &[P::Item] {
        self.value.items()
    }

    /// The items of this page, by value.
    pub fn into_items(self) -> Vec<P::Item> {
        self.value.into_items()
    }

    /// The decoded response.
    pub fn into_inner(self) -> P {
        self.value
    }

    fn next_fetch(&self) -> Option<PageFuture<P>> {
        let cursor = cursor_after(&self.value)?.to_owned();
        Some(fetch_page(self.template.clone(), self.decode, Some(cursor)))
    }
}

impl<P> Deref for Page<P> {
    type Target = P;

    fn deref(&self) -> &P {
        &self.value
    }
}

impl<P: fmt::Debug> fmt::Debug for Page<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Page").field(&self.value).finish()
    }
}

/// The pages of a listing, as a [`Stream`]; see [`List::pages`].
#[must_use = "streams do nothing unless polled"]
pub struct Pages<P> {
    /// The request of the next page, if there is one.
    pending: Option<PageFuture<P>>,
}

impl<P: Paginated> Stream for Pages<P> {
    type Item = Result<Page<P>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let outcome = match pending.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        this.pending = match &outcome {
            Ok(page) => page.next_fetch(),
            Err(_) => None,
        };
        Poll::Ready(Some(outcome))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.pending {
            Some(_) => (1, None),
            None => (0, Some(0)),
        }
    }
}

impl<P> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("done", &self.pending.is_none())
            .finish()
    }
}

/// The items of a listing, as a [`Stream`]; see [`List::items`].
#[must_use = "streams do nothing unless polled"]
pub struct Items<P: Paginated> {
    pages: Pages<P>,
    /// The rest of the current page.
    buffer: std::vec::IntoIter<P::Item>,
}

// Nothing in `Items` is ever pinned: the page future is boxed, and items are moved out.
impl<P: Paginated> Unpin for Items<P> {}

impl<P: Paginated> Stream for Items<P> {
    type Item = Result<P::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffer = page.into_items().into_iter(),
            }
        }
    }
}

impl<P: Paginated> fmt::Debug for Items<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.buffer.len())
            .field("pages", &self.pages)
            .finish()
    }
}
