//! The description of one operation call: method, path, query, headers and body.
//!
//! Generated code builds a [`Request`] with chained calls that cannot fail; the first bad
//! argument is remembered and reported when the call is awaited, before any I/O. Path
//! parameters are percent-encoded as exactly one path segment, so no value can change which
//! endpoint is called.

use bytes::Bytes;
use http::header::{
    HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, COOKIE, PROXY_AUTHORIZATION,
};
use http::{HeaderMap, Method};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::error::Error;

/// Characters left as they are in a path segment: RFC 3986 `pchar` minus `%`, as the
/// official SDKs do (`/`, `?`, `#`, `%`, spaces and the rest are encoded).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Characters left as they are in a query name or value, or a form field: only the RFC 3986
/// unreserved ones, so `&`, `=`, `+` and `#` in a value cannot change its meaning.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What `allowReserved: true` leaves as it is in a query value besides the unreserved
/// characters: RFC 3986 reserved characters, except `#`, which would end the URL, and `&`
/// and `=`, which would split the value into other parameters.
const QUERY_RESERVED: &AsciiSet = &QUERY_COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';');

/// Characters encoded in a cookie value: everything outside RFC 6265 `cookie-octet`, and `%`
/// so that the encoding can be undone.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// How an array query parameter is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// `id=1&id=2` (`form`, exploded).
    Repeat,
    /// `id=1,2` (`form`, not exploded).
    Comma,
    /// `id=1%202` (`spaceDelimited`).
    Space,
    /// `id=1|2` (`pipeDelimited`).
    Pipe,
    /// `id[]=1&id[]=2` (`deepObject` on an array, as Rails and Stripe read it).
    Brackets,
}

/// How an object parameter is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// One value of keys and values joined by commas: `point=x,1,y,2` (`form` or `simple`,
    /// not exploded).
    Flat,
    /// Each property on its own: `x=1&y=2` in a query or as cookies, `x=1,y=2` in a header
    /// (`form` or `simple`, exploded).
    Exploded,
    /// `point[x]=1&point[y]=2`, nested objects as `point[a][b]=1` (`deepObject`, query only).
    DeepObject,
}

/// Where a parameter goes, for the methods that serialize whole values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// One operation call, as the generated code describes it.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    /// `name=value` pairs for the `Cookie` header.
    pub(crate) cookies: String,
    pub(crate) body: Option<Bytes>,
    /// The alternatives of security schemes for this operation, when they are not the API's.
    pub(crate) security: Option<&'static [&'static [usize]]>,
    /// The first invalid argument, reported when the call is awaited.
    pub(crate) error: Option<Error>,
}

impl Request {
    /// A request for `path_template`, such as `/v1/viewer/users/{userId}`.
    pub fn new(method: Method, path_template: &'static str) -> Self {
        Self {
            method,
            path_template,
            path: path_template.to_owned(),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: String::new(),
            body: None,
            security: None,
            error: None,
        }
    }

    /// Substitutes the `{name}` placeholder with `value`, encoded as one path segment.
    ///
    /// `arg` is the argument's name in the caller's terms (for example `user_id`), used in
    /// the error for an empty value or a value of `.` or `..`.
    pub fn path_param(
        mut self,
        name: &'static str,
        arg: &'static str,
        value: impl std::fmt::Display,
    ) -> Self {
        let value = value.to_string();
        let refusal = match value.as_str() {
            "" => Some(format!("Expected a non-empty value for `{arg}`")),
            "." | ".." => Some(format!(
                "`{arg}` cannot be `{value}`: it would change the request path"
            )),
            _ => None,
        };
        if let Some(reason) = refusal {
            self.fail(Error::InvalidArgument { arg, reason });
            return self;
        }
        let placeholder = format!("{{{name}}}");
        let Some(mut at) = self.path.find(&placeholder) else {
            let reason = format!(
                "the path `{}` has no parameter `{name}` for `{arg}`",
                self.path_template
            );
            self.fail(Error::InvalidArgument { arg, reason });
            return self;
        };
        // Borrowed when nothing needs encoding, as with most identifiers.
        let encoded: std::borrow::Cow<'_, str> = utf8_percent_encode(&value, PATH_SEGMENT).into();
        loop {
            self.path
                .replace_range(at..at + placeholder.len(), &encoded);
            // The encoded value has no `{`, so the search cannot find its own output.
            match self.path[at + encoded.len()..].find(&placeholder) {
                Some(next) => at += encoded.len() + next,
                None => break,
            }
        }
        self
    }

    /// Appends `name=value` to the query string, percent-encoded. Call it once per element
    /// to send an array as repeated parameters.
    pub fn query(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        push_pair(&mut self.query, name, &value.to_string());
        self
    }

    /// Appends `name=value` with `allowReserved: true`: reserved characters such as `/` and
    /// `:` are sent as they are.
    pub fn query_reserved(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query
            .extend(utf8_percent_encode(name, QUERY_COMPONENT));
        self.query.push('=');
        self.query
            .extend(utf8_percent_encode(&value.to_string(), QUERY_RESERVED));
        self
    }

    /// Appends an array parameter, written as `join` says. Each value is encoded on its own,
    /// so a comma inside a value stays distinct from the commas between values. An empty
    /// array sends nothing.
    pub fn query_list<I>(mut self, name: &'static str, values: I, join: Join) -> Self
    where
        I: IntoIterator,
        I::Item: std::fmt::Display,
    {
        let separator = match join {
            Join::Repeat => {
                for value in values {
                    self = self.query(name, value);
                }
                return self;
            }
            Join::Brackets => {
                for value in values {
                    if !self.query.is_empty() {
                        self.query.push('&');
                    }
                    self.query
                        .extend(utf8_percent_encode(name, QUERY_COMPONENT));
                    self.query.push_str("%5B%5D=");
                    self.query
                        .extend(utf8_percent_encode(&value.to_string(), QUERY_COMPONENT));
                }
                return self;
            }
            Join::Comma => ",",
            Join::Space => "%20",
            Join::Pipe => "|",
        };
        let mut values = values.into_iter().peekable();
        if values.peek().is_none() {
            return self;
        }
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query
            .extend(utf8_percent_encode(name, QUERY_COMPONENT));
        self.query.push('=');
        for (i, value) in values.enumerate() {
            if i > 0 {
                self.query.push_str(separator);
            }
            self.query
                .extend(utf8_percent_encode(&value.to_string(), QUERY_COMPONENT));
        }
        self
    }

    /// Sends an object parameter (a struct or map), its properties written as `style` says.
    /// `null` properties are left out; nested values are sent as JSON text, except with
    /// [`ObjectStyle::DeepObject`], which nests brackets.
    pub fn param_object<T: serde::Serialize + ?Sized>(
        mut self,
        place: Place,
        name: &'static str,
        value: &T,
        style: ObjectStyle,
    ) -> Self {
        let fields = match ordered_fields(value) {
            Ok(Some(fields)) => fields,
            Ok(None) => return self,
            Err(None) => {
                let reason = format!("`{name}` must be an object");
                return self.failed(Error::InvalidArgument { arg: name, reason });
            }
            Err(Some(error)) => return self.failed(Error::Serialize(error)),
        };
        let fields: Vec<(String, serde_json::Value)> =
            fields.into_iter().filter(|(_, v)| !v.is_null()).collect();
        match (place, style) {
            (Place::Query, ObjectStyle::DeepObject) => {
                let mut pairs = Vec::new();
                for (key, value) in &fields {
                    deep_pairs(&format!("{name}[{key}]"), value, &mut pairs);
                }
                for (key, value) in pairs {
                    if !self.query.is_empty() {
                        self.query.push('&');
                    }
                    push_pair(&mut self.query, &key, &value);
                }
            }
            (Place::Query, ObjectStyle::Exploded) => {
                for (key, value) in &fields {
                    if !self.query.is_empty() {
                        self.query.push('&');
                    }
                    push_pair(&mut self.query, key, &scalar_text(value));
                }
            }
            (Place::Query, _) => {
                if fields.is_empty() {
                    return self;
                }
                if !self.query.is_empty() {
                    self.query.push('&');
                }
                self.query
                    .extend(utf8_percent_encode(name, QUERY_COMPONENT));
                self.query.push('=');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.query.push(',');
                    }
                    self.query.extend(utf8_percent_encode(key, QUERY_COMPONENT));
                    self.query.push(',');
                    self.query
                        .extend(utf8_percent_encode(&scalar_text(value), QUERY_COMPONENT));
                }
            }
            (Place::Cookie, ObjectStyle::Exploded) => {
                for (key, value) in &fields {
                    push_cookie(&mut self.cookies, key, &scalar_text(value));
                }
            }
            (place, style) => {
                let separator = if style == ObjectStyle::Exploded {
                    "="
                } else {
                    ","
                };
                let text = fields
                    .iter()
                    .map(|(key, value)| format!("{key}{separator}{}", scalar_text(value)))
                    .collect::<Vec<_>>()
                    .join(",");
                self = match place {
                    Place::Header => self.header(name, text),
                    _ => self.cookie(name, text),
                };
            }
        }
        self
    }

    /// Sends a parameter whose type is only known at run time (a union, any JSON value):
    /// a scalar as text, an array as `join` says (objects in it as JSON text), an object as
    /// `style` says; `null` sends nothing.
    pub fn param_any<T: serde::Serialize + ?Sized>(
        self,
        place: Place,
        name: &'static str,
        value: &T,
        join: Join,
        style: ObjectStyle,
    ) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(error) => return self.failed(Error::Serialize(error)),
        };
        match (&value, place) {
            (serde_json::Value::Null, _) => self,
            (serde_json::Value::Object(_), _) => self.param_object(place, name, &value, style),
            (serde_json::Value::Array(items), Place::Query) => {
                let texts = items.iter().filter(|v| !v.is_null()).map(scalar_text);
                self.query_list(name, texts, join)
            }
            (serde_json::Value::Array(items), Place::Cookie) if join == Join::Repeat => {
                let mut request = self;
                for item in items.iter().filter(|v| !v.is_null()) {
                    request = request.cookie(name, scalar_text(item));
                }
                request
            }
            (_, Place::Query) => self.query(name, plain_text(&value)),
            (_, Place::Header) => self.header(name, plain_text(&value)),
            (_, Place::Cookie) => self.cookie(name, plain_text(&value)),
        }
    }

    /// Sends a parameter described with `content: application/json`: the value as JSON text.
    pub fn param_json<T: serde::Serialize + ?Sized>(
        self,
        place: Place,
        name: &'static str,
        value: &T,
    ) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => match place {
                Place::Query => self.query(name, text),
                Place::Header => self.header(name, text),
                Place::Cookie => self.cookie(name, text),
            },
            Err(error) => self.failed(Error::Serialize(error)),
        }
    }

    /// Adds a cookie (a cookie parameter); characters a cookie value cannot hold are
    /// percent-encoded.
    pub fn cookie(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        push_cookie(&mut self.cookies, name, &value.to_string());
        self
    }

    /// The security alternatives of this operation (positions in the API's schemes), when
    /// they differ from the API's default; an empty list sends no credentials.
    pub fn security(mut self, alternatives: &'static [&'static [usize]]) -> Self {
        self.security = Some(alternatives);
        self
    }

    /// Sets a header of this operation (a header parameter).
    pub fn header(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        match parse_header(name, &value.to_string()) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
            }
            Err(reason) => self.fail(Error::InvalidArgument { arg: name, reason }),
        }
        self
    }

    /// Sends `body` as JSON. It is serialized now; a failure is reported when the call is
    /// awaited.
    pub fn json_body<T: serde::Serialize + ?Sized>(self, body: &T) -> Self {
        self.json_body_as("application/json", body)
    }

    /// Sends `body` as JSON with a JSON media type of the API's own, such as
    /// `application/vnd.api+json`.
    pub fn json_body_as<T: serde::Serialize + ?Sized>(
        self,
        content_type: &'static str,
        body: &T,
    ) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.bytes_body(content_type, bytes),
            Err(error) => self.failed(Error::Serialize(error)),
        }
    }

    /// Sends `form` as `multipart/form-data`. The body is encoded now, so that a retry
    /// sends the same bytes.
    pub fn multipart_body(mut self, form: super::multipart::Multipart) -> Self {
        if let Some(error) = form.error() {
            use serde::ser::Error as _;
            return self.failed(Error::Serialize(serde_json::Error::custom(error)));
        }
        let (content_type, body) = form.encode();
        match HeaderValue::from_str(&content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
                self.body = Some(body);
            }
            Err(_) => self.fail(Error::InvalidArgument {
                arg: "body",
                reason: "the multipart boundary is not a valid header value".to_owned(),
            }),
        }
        self
    }

    /// Sends `body`, a flat object, as `application/x-www-form-urlencoded`. Fields that are
    /// `null` are left out; nested objects and arrays are an error.
    pub fn form_body<T: serde::Serialize + ?Sized>(self, body: &T) -> Self {
        match form_encode(body) {
            Ok(form) => self.bytes_body("application/x-www-form-urlencoded", form),
            Err(error) => self.failed(Error::Serialize(error)),
        }
    }

    /// Sends `body` as it is, with the given content type.
    pub fn bytes_body(mut self, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
                self.body = Some(body.into());
            }
            Err(_) => self.fail(Error::InvalidArgument {
                arg: "content_type",
                reason: format!("`{content_type}` is not a valid content type"),
            }),
        }
        self
    }

    /// `base_url` followed by the path with parameters substituted and the query string,
    /// checked to be complete: one allocation, as the URL parser needs one string.
    #[cfg(test)]
    pub(crate) fn url(&self, base_url: &str) -> Result<String, Error> {
        self.url_with(base_url, "")
    }

    /// [`url`](Self::url) with `extra` (encoded `name=value` pairs, the credentials sent in
    /// the query) appended to the query string.
    pub(crate) fn url_with(&self, base_url: &str, extra: &str) -> Result<String, Error> {
        if let Some(start) = self.path.find('{') {
            let rest = &self.path[start..];
            let end = rest.find('}').map_or(rest.len(), |end| end + 1);
            return Err(Error::InvalidArgument {
                arg: "path",
                reason: format!(
                    "no value was given for the path parameter `{}` of `{}`",
                    &rest[..end],
                    self.path_template
                ),
            });
        }
        let mut url = String::with_capacity(
            base_url.len() + self.path.len() + self.query.len() + extra.len() + 3,
        );
        url.push_str(base_url);
        if !self.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&self.path);
        if !self.query.is_empty() || !extra.is_empty() {
            url.push('?');
            url.push_str(&self.query);
            if !self.query.is_empty() && !extra.is_empty() {
                url.push('&');
            }
            url.push_str(extra);
        }
        Ok(url)
    }

    fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    fn failed(mut self, error: Error) -> Self {
        self.fail(error);
        self
    }
}

/// Parses a header, giving the reason in words when it is invalid.
pub(crate) fn parse_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    let mut header_value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of header `{name}` is not a valid header value"))?;
    if header_name == AUTHORIZATION || header_name == PROXY_AUTHORIZATION {
        header_value.set_sensitive(true);
    }
    Ok((header_name, header_value))
}

pub(crate) fn push_pair(out: &mut String, name: &str, value: &str) {
    out.extend(utf8_percent_encode(name, QUERY_COMPONENT));
    out.push('=');
    out.extend(utf8_percent_encode(value, QUERY_COMPONENT));
}

/// Appends `name=value` to a `Cookie` header value, `; `-separated.
pub(crate) fn push_cookie(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push_str("; ");
    }
    out.extend(utf8_percent_encode(name, COOKIE_VALUE));
    out.push('=');
    out.extend(utf8_percent_encode(value, COOKIE_VALUE));
}

/// A value as one piece of text for a path segment, header or cookie: a string as it is,
/// other scalars as JSON, arrays comma-joined, objects as `key,value` pairs comma-joined.
pub fn plain_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(scalar_text)
            .collect::<Vec<_>>()
            .join(","),
        Ok(serde_json::Value::Object(fields)) => fields
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k},{}", scalar_text(v)))
            .collect::<Vec<_>>()
            .join(","),
        Ok(other) => scalar_text(&other),
    }
}

/// A property value as parameter text: strings as they are, other scalars as JSON, and
/// arrays and objects as JSON text.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The properties of `value` in the order it serializes them (`serde_json::Map` would sort
/// them): `Ok(None)` for `null`, `Err(None)` for a value that is not an object.
#[allow(clippy::type_complexity)]
fn ordered_fields<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<Option<Vec<(String, serde_json::Value)>>, Option<serde_json::Error>> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

    struct Fields;
    impl<'de> Visitor<'de> for Fields {
        type Value = Option<Option<Vec<(String, serde_json::Value)>>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Some(None))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut fields = Vec::new();
            while let Some(entry) = map.next_entry()? {
                fields.push(entry);
            }
            Ok(Some(Some(fields)))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    let text = serde_json::to_vec(value).map_err(Some)?;
    let mut deserializer = serde_json::Deserializer::from_slice(&text);
    match deserializer.deserialize_any(Fields).map_err(Some)? {
        Some(fields) => Ok(fields),
        None => Err(None),
    }
}

/// The `deepObject` pairs of `value` under `prefix`: `prefix[key]` for each property,
/// recursing into objects; array elements repeat the key; `null` is left out.
fn deep_pairs(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(fields) => {
            for (key, value) in fields {
                deep_pairs(&format!("{prefix}[{key}]"), value, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                deep_pairs(prefix, item, out);
            }
        }
        other => out.push((prefix.to_owned(), scalar_text(other))),
    }
}

/// The `Cookie` header of a request: its cookie parameters, then the credentials' cookies.
pub(crate) fn cookie_header(params: &str, credentials: &str) -> Option<HeaderValue> {
    let joined = match (params.is_empty(), credentials.is_empty()) {
        (true, true) => return None,
        (false, true) => params.to_owned(),
        (true, false) => credentials.to_owned(),
        (false, false) => format!("{params}; {credentials}"),
    };
    let mut value = HeaderValue::from_str(&joined).ok()?;
    value.set_sensitive(!credentials.is_empty());
    Some(value)
}

/// The header name of the `Cookie` header, for the transport.
pub(crate) const COOKIE_HEADER: HeaderName = COOKIE;

/// A flat object as `application/x-www-form-urlencoded`, properties in the order they
/// serialize: `null` left out, arrays of scalars repeated (`tag=a&tag=b`, OpenAPI's default
/// `form` style), nested objects refused.
fn form_encode<T: serde::Serialize + ?Sized>(body: &T) -> Result<String, serde_json::Error> {
    use serde::ser::Error as _;
    use serde_json::Value;

    let nested = |name: &str| {
        serde_json::Error::custom(format!(
            "form field `{name}` is nested; a form body must be flat"
        ))
    };
    let fields = match ordered_fields(body) {
        Ok(Some(fields)) => fields,
        Ok(None) | Err(None) => {
            return Err(serde_json::Error::custom("a form body must be an object"))
        }
        Err(Some(error)) => return Err(error),
    };
    let mut form = String::new();
    for (name, value) in &fields {
        let values = match value {
            Value::Array(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        };
        for value in values {
            let value = match value {
                Value::Null => continue,
                Value::String(text) => text.clone(),
                Value::Bool(_) | Value::Number(_) => value.to_string(),
                Value::Array(_) | Value::Object(_) => return Err(nested(name)),
            };
            if !form.is_empty() {
                form.push('&');
            }
            push_pair(&mut form, name, &value);
        }
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(request: Request) -> String {
        assert!(request.error.is_none(), "{:?}", request.error);
        request.url("").unwrap()
    }

    fn refusal(request: Request) -> (&'static str, String) {
        match request.error {
            Some(Error::InvalidArgument { arg, reason }) => (arg, reason),
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }

    #[test]
    fn path_values_stay_one_segment() {
        let path = |value: &str| {
            target(
                Request::new(Method::GET, "/v1/users/{userId}")
                    .path_param("userId", "user_id", value),
            )
        };
        assert_eq!(path("usr_123"), "/v1/users/usr_123");
        assert_eq!(path("../admin"), "/v1/users/..%2Fadmin");
        assert_eq!(path("a/b?c"), "/v1/users/a%2Fb%3Fc");
        assert_eq!(path("a#b%c d"), "/v1/users/a%23b%25c%20d");
        assert_eq!(path("%2e%2e"), "/v1/users/%252e%252e");
        assert_eq!(path("1.2.840.10008"), "/v1/users/1.2.840.10008");
        assert_eq!(path("x:y@z!$&'()*+,;="), "/v1/users/x:y@z!$&'()*+,;=");
        assert_eq!(path("é"), "/v1/users/%C3%A9");
    }

    #[test]
    fn a_parameter_used_twice_is_filled_in_both_places() {
        let request =
            Request::new(Method::GET, "/v1/{id}/copies/{id}/x").path_param("id", "id", "{id}");
        assert_eq!(target(request), "/v1/%7Bid%7D/copies/%7Bid%7D/x");
        let request =
            Request::new(Method::GET, "/v1/{id}/copies/{id}").path_param("id", "id", "a b");
        assert_eq!(target(request), "/v1/a%20b/copies/a%20b");
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        let request =
            Request::new(Method::GET, "/v1/users/{userId}").path_param("userId", "user_id", "");
        assert_eq!(
            refusal(request),
            ("user_id", "Expected a non-empty value for `user_id`".into())
        );
        for value in [".", ".."] {
            let request = Request::new(Method::GET, "/v1/users/{userId}")
                .path_param("userId", "user_id", value);
            assert_eq!(refusal(request).0, "user_id");
        }
    }

    #[test]
    fn the_first_error_is_kept() {
        let request = Request::new(Method::GET, "/v1/{a}/{b}")
            .path_param("a", "first", "")
            .path_param("b", "second", "");
        assert_eq!(refusal(request).0, "first");
    }

    #[test]
    fn unknown_and_missing_placeholders_are_reported() {
        let request = Request::new(Method::GET, "/v1/users/{userId}").path_param("id", "id", "x");
        assert_eq!(refusal(request).0, "id");

        let request = Request::new(Method::GET, "/v1/users/{userId}/x");
        let error = request.url("").unwrap_err();
        assert!(error.to_string().contains("`{userId}`"), "{error}");
    }

    #[test]
    fn query_values_are_encoded_and_repeatable() {
        let request = Request::new(Method::GET, "/v1/studies")
            .query("status", "sent")
            .query("status", "accepted")
            .query("q", "a&b=c d+é#")
            .query("limit", 10)
            .query("flag", true);
        assert_eq!(
            target(request),
            "/v1/studies?status=sent&status=accepted&q=a%26b%3Dc%20d%2B%C3%A9%23&limit=10&flag=true"
        );
    }

    #[test]
    fn invalid_headers_are_deferred() {
        let request = Request::new(Method::GET, "/v1").header("x-ok", "fine");
        assert_eq!(request.headers["x-ok"], "fine");
        let request = Request::new(Method::GET, "/v1").header("x-bad", "line\nbreak");
        assert_eq!(refusal(request).0, "x-bad");
    }

    #[test]
    fn credentials_in_headers_are_marked_sensitive() {
        let (_, value) = parse_header("Authorization", "Bearer x").unwrap();
        assert!(value.is_sensitive());
        let (_, value) = parse_header("x-other", "y").unwrap();
        assert!(!value.is_sensitive());
    }

    #[test]
    fn json_body_sets_the_content_type() {
        let request = Request::new(Method::POST, "/v1").json_body(&serde_json::json!({"a": 1}));
        assert_eq!(request.headers[CONTENT_TYPE], "application/json");
        assert_eq!(request.body.as_deref(), Some(&b"{\"a\":1}"[..]));
    }

    #[test]
    fn json_body_failures_are_deferred() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1u8); // JSON object keys must be strings
        let request = Request::new(Method::POST, "/v1").json_body(&map);
        assert!(matches!(request.error, Some(Error::Serialize(_))));
    }

    #[test]
    fn form_body_is_flat_and_encoded() {
        #[derive(serde::Serialize)]
        struct Person {
            name: &'static str,
            age: u32,
            gone: Option<u32>,
            tags: Vec<&'static str>,
            ok: bool,
        }
        let body = Person {
            name: "Sarah Lee",
            age: 3,
            gone: None,
            tags: vec!["a&b", "c"],
            ok: true,
        };
        let request = Request::new(Method::POST, "/v1").form_body(&body);
        assert_eq!(
            request.headers[CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(
            request.body.as_deref(),
            Some(&b"name=Sarah%20Lee&age=3&tags=a%26b&tags=c&ok=true"[..])
        );

        let nested = serde_json::json!({"a": {"b": 1}});
        let request = Request::new(Method::POST, "/v1").form_body(&nested);
        let Some(Error::Serialize(error)) = request.error else {
            panic!("expected a serialization error");
        };
        assert!(error.to_string().contains("`a` is nested"), "{error}");
    }
}
