//! What every operation case runs: [`Ctx::exercise`] sends the case's call twice through the
//! recording proxy (Prism's static response, then a seeded dynamic one) and checks the
//! request against the document and the decoded response against the bytes Prism sent.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use avara::runtime::{Call, List, Paginated};
use avara::{Client, Error};
use http::StatusCode;
use serde_json::Value;

use crate::recorder::{Exchange, Recorder, EXCHANGE_HEADER};
use crate::spec::{self, Coverage, Operation, Spec};

/// Identifiers in the formats the document's patterns require (its examples).
pub const USER_ID: &str = "usr_1234567890abcdef1234567890abcdef";
pub const STUDY_ID: &str = "stu_1234567890abcdef1234567890abcdef";
pub const STUDY_UID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";
pub const CUSTOMER_ID: &str = "cus_1234567890abcdef1234567890abcdef";
pub const INVITATION_ID: &str = "inv_1234567890abcdef1234567890abcdef";
pub const REFERENCE_ID: &str = "ref_1234567890abcdef1234567890abcdef";
pub const EXTERNAL_REPORT_ID: &str = "ext_1234567890abcdef1234567890abcdef";
pub const REPORT_ID: &str = "rep_1234567890abcdef1234567890abcdef";
/// A page cursor, as the document's examples spell one.
pub const CURSOR: &str = "eyJvZmZzZXQiOjIwfQ==";

/// What an operation method returns: a `Call`, or a `List` for a list operation
/// (`x-pagination`), whose first page is checked like any response.
pub trait Sent<T> {
    /// The first request as a plain call, to send through the proxy.
    fn into_call(self) -> Call<T>;
    /// What plain `.await` gives (for a list, the first page's response).
    fn awaited(self) -> Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;
}

impl<T: Send + 'static> Sent<T> for Call<T> {
    fn into_call(self) -> Call<T> {
        self
    }

    fn awaited(self) -> Pin<Box<dyn Future<Output = Result<T, Error>> + Send>> {
        self.into_future()
    }
}

impl<P: Paginated> Sent<P> for List<P> {
    fn into_call(self) -> Call<P> {
        List::into_call(self)
    }

    fn awaited(self) -> Pin<Box<dyn Future<Output = Result<P, Error>> + Send>> {
        Box::pin(async move { self.await.map(|page| page.into_inner()) })
    }
}

/// What the cases of one run share.
pub struct Shared {
    pub spec: Spec,
    pub recorder: Arc<Recorder>,
    next_exchange: AtomicU64,
    /// For each case, the operations it exercised.
    exercised: Mutex<BTreeMap<&'static str, Vec<String>>>,
    /// The cases that checked their operation's request body examples.
    examples_checked: Mutex<BTreeSet<&'static str>>,
    /// For each case, the static exchange of its last `exercise`.
    last_exchange: Mutex<BTreeMap<&'static str, Exchange>>,
}

impl Shared {
    pub fn new(spec: Spec, recorder: Arc<Recorder>) -> Arc<Shared> {
        Arc::new(Shared {
            spec,
            recorder,
            next_exchange: AtomicU64::new(1),
            exercised: Mutex::new(BTreeMap::new()),
            last_exchange: Mutex::new(BTreeMap::new()),
            examples_checked: Mutex::new(BTreeSet::new()),
        })
    }

    /// The cases that checked their operation's request body examples.
    pub fn examples_checked(&self) -> BTreeSet<&'static str> {
        self.examples_checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// For each case, the operations it exercised.
    pub fn exercised(&self) -> BTreeMap<&'static str, Vec<String>> {
        self.exercised
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// One case's view of the run: the client (talking to the proxy) and the case's name.
#[derive(Clone)]
pub struct Ctx {
    pub client: Client,
    /// The case's name; for an operation case, the `x-sdk-method` it exercises.
    pub case: &'static str,
    shared: Arc<Shared>,
}

impl Ctx {
    pub fn new(client: Client, case: &'static str, shared: Arc<Shared>) -> Ctx {
        Ctx {
            client,
            case,
            shared,
        }
    }

    /// Exercises the operation named by this case (its `x-sdk-method`) with the call that
    /// `call` builds, and returns the value decoded from Prism's static response.
    ///
    /// 1. Sends the call as it is. Prism answers 422 to anything the document does not
    ///    accept, so the 200 proves the request valid; the recorded request must be the
    ///    operation's method and path and must carry every query and header parameter the
    ///    operation declares, and a body with every property its schema declares, nested
    ///    objects and array items included (the case sets everything).
    /// 2. Sends it again with `Prefer: dynamic=true`: Prism generates the body from the
    ///    schema (seeded, every optional property included, no undeclared ones).
    /// 3. For both responses, the decoded value, encoded again, must equal the JSON Prism
    ///    sent (no field dropped, invented or changed) and have the declared JSON types;
    ///    every property the schema declares must occur, and every array and map be
    ///    non-empty, in at least one of the two responses, so that the comparison covered
    ///    it.
    /// 4. A list operation (`x-pagination`) must answer with a page: the items array, the
    ///    `hasMore` flag; plain `.await` of the call gives the same page.
    pub async fn exercise<T, C, F>(&self, call: F) -> T
    where
        T: serde::Serialize + Debug + PartialEq + Send + 'static,
        C: Sent<T>,
        F: Fn() -> C,
    {
        let op = self.shared.spec.operation(self.case);
        self.shared
            .exercised
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(self.case)
            .or_default()
            .push(op.sdk_method.clone());

        let (value, exchange) = self.send(call().into_call(), "static").await;
        self.check_request(&op, &exchange);
        let static_coverage = self.check_response(&op, &value, &exchange, "static");
        self.shared
            .last_exchange
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.case, exchange);

        let (dynamic, exchange) = self
            .send(
                call().into_call().header("Prefer", "dynamic=true"),
                "dynamic",
            )
            .await;
        self.check_request(&op, &exchange);
        assert_eq!(
            exchange.request_header("prefer"),
            Some("dynamic=true"),
            "{}: the per-call header was sent",
            self.case
        );
        let dynamic_coverage = self.check_response(&op, &dynamic, &exchange, "dynamic");

        let uncovered = static_coverage.missing_from_both(&dynamic_coverage);
        assert!(
            uncovered.is_empty(),
            "{}: declared response properties that neither the static nor the dynamic \
             response held, so the comparison did not cover them: {uncovered:?}",
            self.case
        );

        if let Some(pagination) = &op.pagination {
            self.check_page(&op, pagination, &exchange);
            let page = accepted(call().awaited().await, &format!("{}: .await", self.case));
            assert_eq!(
                page, value,
                "{}: `.await` gives the page `send_with_response` gave",
                self.case
            );
        }
        value
    }

    /// Sends `call` through the proxy, tagged so that the proxy keeps the exchange; the
    /// call must succeed with 200.
    async fn send<T: Send + 'static>(&self, call: Call<T>, what: &str) -> (T, Exchange) {
        let id = self
            .shared
            .next_exchange
            .fetch_add(1, Ordering::Relaxed)
            .to_string();
        let what = format!("{} ({what})", self.case);
        let response = accepted(
            call.header(EXCHANGE_HEADER, &id).send_with_response().await,
            &what,
        );
        assert_eq!(response.status(), StatusCode::OK, "{what}");
        let exchange = self
            .shared
            .recorder
            .take(&id)
            .unwrap_or_else(|| panic!("{what}: the proxy did not record exchange {id}"));
        assert_eq!(exchange.status, 200, "{what}");
        (response.into_value(), exchange)
    }

    /// The recorded request is the operation's, with every declared parameter and every
    /// declared body property.
    fn check_request(&self, op: &Operation, exchange: &Exchange) {
        let case = self.case;
        assert_eq!(exchange.method, op.method, "{case}: method");
        assert!(
            spec::path_matches(&op.path, exchange.path()),
            "{case}: sent {} for {}",
            exchange.path(),
            op.path
        );

        let query = spec::query_by_name(&exchange.query_pairs());
        let mut problems = Vec::new();
        for parameter in &op.parameters {
            match parameter.location.as_str() {
                "query" => match query.get(&parameter.name) {
                    None => problems.push(format!(
                        "query parameter `{}` was not sent (set it in the case)",
                        parameter.name
                    )),
                    Some(values) => {
                        let is_array = parameter.schema["type"] == "array";
                        if is_array && !parameter.explode {
                            // The cases give arrays two or more items: one joined value.
                            if values.len() != 1 || !values[0].contains(',') {
                                problems.push(format!(
                                    "array `{}` is `explode: false`, so one comma-joined \
                                     value, but was sent as {values:?}",
                                    parameter.name
                                ));
                            }
                        } else if !is_array && values.len() != 1 {
                            problems.push(format!(
                                "`{}` was sent {} times",
                                parameter.name,
                                values.len()
                            ));
                        }
                    }
                },
                "header"
                    if exchange
                        .request_header(&parameter.name.to_ascii_lowercase())
                        .is_none() =>
                {
                    problems.push(format!("header `{}` was not sent", parameter.name));
                }
                _ => {}
            }
        }
        for name in query.keys() {
            if !op
                .parameters
                .iter()
                .any(|p| p.location == "query" && &p.name == name)
            {
                problems.push(format!("query parameter `{name}` is not in the document"));
            }
        }

        match &op.request_body {
            Some(schema) => {
                let content_type = exchange.request_header("content-type").unwrap_or_default();
                if !content_type.starts_with("application/json") {
                    problems.push(format!("body sent as {content_type:?}"));
                }
                match serde_json::from_slice::<Value>(&exchange.request_body) {
                    Ok(body) => {
                        let mut coverage = Coverage::default();
                        self.shared.spec.walk(schema, &body, "body", &mut coverage);
                        if !coverage.missing.is_empty() {
                            problems.push(format!(
                                "declared body properties not sent (set them in the case): {:?}",
                                coverage.missing
                            ));
                        }
                        if !coverage.mistyped.is_empty() {
                            problems.push(format!(
                                "body values of another type than declared: {:?}",
                                coverage.mistyped
                            ));
                        }
                    }
                    Err(error) => problems.push(format!("the body is not JSON: {error}")),
                }
            }
            None => {
                if !exchange.request_body.is_empty() {
                    problems.push(format!(
                        "a body was sent to an operation that takes none: {}",
                        String::from_utf8_lossy(&exchange.request_body)
                    ));
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{case}: the request {} {} is not the full request:\n  {}",
            exchange.method,
            exchange.target,
            problems.join("\n  ")
        );
    }

    /// The decoded value is the JSON Prism sent; returns which declared properties it held.
    fn check_response<T: serde::Serialize>(
        &self,
        op: &Operation,
        value: &T,
        exchange: &Exchange,
        what: &str,
    ) -> Coverage {
        let case = self.case;
        let content_type = exchange.response_header("content-type").unwrap_or_default();
        assert!(
            content_type.starts_with("application/json"),
            "{case} ({what}): Prism answered {content_type:?}"
        );
        let sent: Value = serde_json::from_slice(&exchange.response_body).unwrap_or_else(|error| {
            panic!(
                "{case} ({what}): Prism's body is not JSON ({error}): {}",
                String::from_utf8_lossy(&exchange.response_body)
            )
        });
        let decoded = serde_json::to_value(value).expect("a decoded value encodes");
        let differences = spec::differences(&sent, &decoded);
        assert!(
            differences.is_empty(),
            "{case} ({what}): the decoded response is not what Prism sent:\n  {}\nsent:    {sent}\ndecoded: {decoded}",
            differences.join("\n  ")
        );
        // The client's own encoding of what it decoded has the declared JSON types (the
        // comparison above takes `178` and `178.0` for one value; an integer field decoded
        // into a float would show here).
        let mut ours = Coverage::default();
        self.shared
            .spec
            .walk(&op.response, &decoded, "response", &mut ours);
        assert!(
            ours.mistyped.is_empty(),
            "{case} ({what}): the client re-encodes values of another type than declared: {:?}",
            ours.mistyped
        );
        let mut coverage = Coverage::default();
        self.shared
            .spec
            .walk(&op.response, &sent, "response", &mut coverage);
        assert!(
            coverage.mistyped.is_empty(),
            "{case} ({what}): Prism sent values of another type than declared: {:?}",
            coverage.mistyped
        );
        coverage
    }

    fn check_page(&self, op: &Operation, pagination: &Value, exchange: &Exchange) {
        let case = self.case;
        let sent: Value = serde_json::from_slice(&exchange.response_body).expect("JSON");
        let field = |key: &str| -> &str {
            pagination[key]
                .as_str()
                .unwrap_or_else(|| panic!("{case}: x-pagination has no `{key}`"))
        };
        assert!(
            sent[field("items")].is_array(),
            "{case}: the page has no `{}` array: {sent}",
            field("items")
        );
        assert!(
            sent[field("hasMore")].is_boolean(),
            "{case}: the page has no `{}` flag: {sent}",
            field("hasMore")
        );
        let cursor_param = field("cursorParam");
        assert!(
            op.parameters
                .iter()
                .any(|p| p.location == "query" && p.name == cursor_param),
            "{case}: x-pagination names the cursor parameter `{cursor_param}`, which the \
             operation does not declare"
        );
    }
}

impl Ctx {
    /// The request and response of this case's last [`exercise`](Self::exercise) (the
    /// static one), as they crossed the proxy.
    pub fn last_exchange(&self) -> Exchange {
        self.shared
            .last_exchange
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(self.case)
            .cloned()
            .unwrap_or_else(|| panic!("{}: nothing exercised yet", self.case))
    }

    /// Every request body example the document gives for this case's operation must be
    /// something the client's body type `B` can send: decoded into `B` and encoded again,
    /// it is the example unchanged (a `null` that clears a field stays `null`, an absent
    /// field stays absent).
    pub fn check_body_examples<B>(&self)
    where
        B: serde::de::DeserializeOwned + serde::Serialize,
    {
        let case = self.case;
        let op = self.shared.spec.operation(case);
        assert!(
            !op.body_examples.is_empty(),
            "{case}: the document gives no request body example"
        );
        for (name, example) in &op.body_examples {
            let body: B = serde_json::from_value(example.clone()).unwrap_or_else(|error| {
                panic!("{case}: body example `{name}` does not decode: {error}: {example}")
            });
            let encoded = serde_json::to_value(&body).expect("a body encodes");
            let differences = spec::differences(example, &encoded);
            assert!(
                differences.is_empty(),
                "{case}: the client cannot send body example `{name}` as written:\n  {}",
                differences.join("\n  ")
            );
        }
        self.shared
            .examples_checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(case);
    }

    /// Decodes `json`, a value the case built (from Prism's data) for a schema Prism's
    /// responses do not reach, as `T`; like a response in [`exercise`](Self::exercise), it
    /// must encode back to `json`, and it must hold every property the component declares.
    pub fn check_decodes<T>(&self, component: &str, json: &Value) -> T
    where
        T: serde::de::DeserializeOwned + serde::Serialize,
    {
        let case = self.case;
        let decoded: T = serde_json::from_value(json.clone())
            .unwrap_or_else(|error| panic!("{case}: {component} does not decode: {error}: {json}"));
        let encoded = serde_json::to_value(&decoded).expect("a decoded value encodes");
        let differences = spec::differences(json, &encoded);
        assert!(
            differences.is_empty(),
            "{case}: {component} decoded is not what was sent:\n  {}",
            differences.join("\n  ")
        );
        let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{component}") });
        let mut ours = Coverage::default();
        self.shared
            .spec
            .walk(&schema, &encoded, component, &mut ours);
        assert!(
            ours.mistyped.is_empty(),
            "{case}: {component} re-encodes values of another type than declared: {:?}",
            ours.mistyped
        );
        let mut coverage = Coverage::default();
        self.shared
            .spec
            .walk(&schema, json, component, &mut coverage);
        assert!(
            coverage.missing.is_empty(),
            "{case}: the {component} built by the case lacks {:?}",
            coverage.missing
        );
        decoded
    }
}

/// Unwraps a call's result, explaining a refusal with Prism's `sl-violations` header (its
/// 422 body only says `{"message":"string"}`).
pub fn accepted<T>(result: Result<T, Error>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => {
            let violations = error
                .api_error()
                .and_then(|api| api.headers().get("sl-violations"))
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
            panic!("{what}: Prism refused it: {error}; violations: {violations:?}")
        }
    }
}

/// A string map, for `metadata` fields.
pub fn string_map(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A date in the document's examples.
pub fn date(text: &str) -> chrono::NaiveDate {
    text.parse().expect("a YYYY-MM-DD date")
}
