//! The generated client against a Prism mock server of `spec/avara.openapi.yaml`: one
//! contract case for each of the document's operations, plus hand-written cases for the
//! first two (`viewer.users.update` and `invite`: null clears, refusals, errors).
//!
//! Prism validates every request against the document and answers 422 when it breaks it,
//! so a 200 proves the request the client sent is one the document accepts. Each operation
//! case calls its operation through the generated client with every parameter and every
//! body field set, and [`harness::Ctx::exercise`] checks, through a recording proxy between
//! the client and Prism ([`recorder`]), that the request on the wire really carries all of
//! them, and that the decoded response, encoded again, is exactly the JSON Prism sent, for
//! the document's static example and for a seeded dynamic response (see `exercise` for the
//! details). Each case of an operation that takes a body also checks that every request body
//! example of the document is a value of the client's body type, unchanged by a round trip
//! (`check_body_examples`: a `null` that clears a field must stay `null`). What the document
//! declares is read from the document itself ([`spec`]).
//!
//! Prism is started once for this test binary: one `#[test]` starts it, runs every case as
//! its own task (a failing case does not stop the others) and reports the failed ones by
//! name. The guard that owns the Prism process kills it when the test ends, also on panic.
//! Prism comes from `npm ci` in the workspace root; without it this test fails.
//!
//! Another `#[test]` checks that the operation cases are exactly the operations of
//! `spec/sdk-methods.txt` and of the document, so that a new operation without a case fails.

mod auto_scribe;
mod express;
mod harness;
mod prism;
mod recorder;
mod seed;
mod spec;
mod viewer;

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use avara::Client;

use crate::harness::{Ctx, Shared};
use crate::prism::{workspace_root, Prism};
use crate::recorder::Recorder;
use crate::spec::Spec;

pub type CaseFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
/// A case: its name and the function that runs it.
pub type Case = (&'static str, fn(Ctx) -> CaseFuture);

/// Every operation case, named by the `x-sdk-method` it exercises.
fn operation_cases() -> Vec<Case> {
    [viewer::CASES, auto_scribe::CASES, express::CASES].concat()
}

#[test]
fn every_operation_has_a_contract_case() {
    let cases: Vec<&str> = operation_cases().iter().map(|(name, _)| *name).collect();
    let case_set: BTreeSet<&str> = cases.iter().copied().collect();
    assert_eq!(
        case_set.len(),
        cases.len(),
        "a case is listed twice: {cases:?}"
    );

    let path = workspace_root().join("spec/sdk-methods.txt");
    let listed = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
    let listed: BTreeSet<&str> = listed
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(
        case_set.difference(&listed).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "cases for methods that spec/sdk-methods.txt does not list"
    );
    assert_eq!(
        listed.difference(&case_set).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "methods of spec/sdk-methods.txt without a contract case"
    );

    let spec = Spec::load();
    let in_document: BTreeSet<String> = spec
        .operations()
        .into_iter()
        .map(|op| op.sdk_method)
        .collect();
    let in_document: BTreeSet<&str> = in_document.iter().map(String::as_str).collect();
    assert_eq!(
        in_document, case_set,
        "the document's operations are not the contract cases"
    );
    assert_eq!(case_set.len(), 63);

    // The hand-written cases must not pose as operation cases.
    for (name, _) in seed::CASES {
        assert!(
            !listed.contains(name),
            "seed case named like an operation: {name}"
        );
    }
}

#[test]
fn generated_client_against_prism() {
    let started = Instant::now();
    let prism = Prism::start();
    let prism_started = started.elapsed();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let operation_cases = operation_cases();
    let (failed, shared) = runtime.block_on(async {
        let recorder = Recorder::start(prism.addr()).await;
        let client = Client::builder()
            .api_key("test")
            .base_url(recorder.base_url())
            .max_retries(0)
            .build()
            .expect("the client builds");
        let shared = Shared::new(Spec::load(), recorder);
        let mut failed = Vec::new();
        // One after the other: Prism answers fast, and its log stays readable.
        for (name, case) in operation_cases.iter().chain(seed::CASES) {
            let ctx = Ctx::new(client.clone(), name, shared.clone());
            if tokio::spawn(case(ctx)).await.is_err() {
                failed.push(*name);
            }
        }
        (failed, shared)
    });
    let total = operation_cases.len() + seed::CASES.len();
    assert!(
        failed.is_empty(),
        "{} of {total} cases failed (their panics are printed above): {failed:?}\n\
         proxy errors: {:?}\nlast lines of Prism's log:\n{}",
        failed.len(),
        shared.recorder.errors(),
        prism.output_tail(40)
    );
    assert_eq!(
        shared.recorder.errors(),
        Vec::<String>::new(),
        "proxy errors"
    );

    // Each operation case exercised its own operation (and only that one).
    let exercised = shared.exercised();
    for (name, _) in &operation_cases {
        let calls = exercised.get(name).cloned().unwrap_or_default();
        assert!(
            !calls.is_empty() && calls.iter().all(|op| op == name),
            "case {name} must call `exercise`, which exercises the operation it is named \
             after; it exercised {calls:?}"
        );
    }
    // Each operation that takes a body had its body examples checked.
    let checked = shared.examples_checked();
    for op in Spec::load().operations() {
        assert_eq!(
            op.request_body.is_some(),
            checked.contains(op.sdk_method.as_str()),
            "{}: `check_body_examples` must be called by the case exactly when the \
             operation takes a body",
            op.sdk_method
        );
    }
    eprintln!(
        "{total} cases ({} operations) against Prism in {:.1} s (Prism started in {:.1} s)",
        operation_cases.len(),
        started.elapsed().as_secs_f64(),
        prism_started.as_secs_f64()
    );
}
