//! What a Rust user reads: no message names a C symbol (mj_*, MJ_*) or a C
//! struct field (request_timeout_ms, mj_client_options.token, ...); the
//! advice names this crate's builders. And the id of the refresh already
//! running (duplicate refresh) is an i64 the progress call takes.
mod support;

use milvus_jobs::{
    CallOptions, Client, ErrorKind, Hint, ImportRequest, RefreshRequest, WaitOptions,
};
use std::time::Duration;
use support::*;

/// Fails when `shown` (a message or a Display) names a C symbol or field.
fn assert_rust_terms(what: &str, shown: &str) {
    for c in [
        "mj_",
        "MJ_",
        "_ms",
        "struct_size",
        "options.",
        "client_options",
        "call_options",
        "wait_options",
        "mj_error_job_id",
    ] {
        assert!(!shown.contains(c), "{what}: {shown:?} names C ({c:?})");
    }
}

fn check(what: &str, e: &milvus_jobs::Error, kind: ErrorKind, hint: Hint, advice: &[&str]) {
    assert_eq!(e.kind(), kind, "{what}: {e}");
    assert_eq!(e.hint(), Some(hint), "{what}: {e}");
    assert_rust_terms(what, e.message());
    assert_rust_terms(what, &e.to_string());
    let debug = format!("{e:?}");
    assert!(
        !debug.contains("mj_") && !debug.contains("MJ_"),
        "{what}: {debug}"
    );
    for a in advice {
        assert!(
            e.message().contains(a),
            "{what}: {:?} does not advise {a:?}",
            e.message()
        );
    }
}

#[test]
fn a_missing_uri_names_the_builder() {
    let e = Client::builder().build().unwrap_err();
    check(
        "missing uri",
        &e,
        ErrorKind::InvalidArgument,
        Hint::SetUri,
        &["ClientBuilder::uri"],
    );
}

#[test]
fn a_missing_or_wrong_token_names_the_builder() {
    let server = DevServer::start_with(DevServerOptions {
        token: Some("root:Milvus".into()),
        ..Default::default()
    });
    let e = server.client().list_import_jobs(None).unwrap_err();
    check(
        "missing token",
        &e,
        ErrorKind::Unauthenticated,
        Hint::SetToken,
        &["ClientBuilder::token"],
    );
    let wrong = Client::builder()
        .uri(server.uri())
        .token("root:not-the-password")
        .build()
        .unwrap();
    let e = wrong.get_import_progress("1").unwrap_err();
    check(
        "wrong token",
        &e,
        ErrorKind::Unauthenticated,
        Hint::SetToken,
        &["ClientBuilder::token"],
    );
    assert!(!e.message().contains("not-the-password"));
}

#[test]
fn a_timeout_names_the_rust_options() {
    let silent = SilentServer::new();
    let client = Client::builder()
        .uri(silent.uri())
        .request_timeout(Duration::from_millis(200))
        .max_attempts(1)
        .build()
        .unwrap();
    let e = client.list_import_jobs(None).unwrap_err();
    check(
        "request timeout",
        &e,
        ErrorKind::Timeout,
        Hint::RaiseTimeout,
        &["ClientBuilder::request_timeout", "CallOptions::timeout"],
    );
    let e = client
        .with_options(&CallOptions::new().timeout(Duration::from_millis(150)))
        .get_import_progress("1")
        .unwrap_err();
    check(
        "call timeout",
        &e,
        ErrorKind::Timeout,
        Hint::RaiseTimeout,
        &["CallOptions::timeout"],
    );
}

#[test]
fn a_wait_deadline_names_the_wait_option() {
    let server = DevServer::start_with(DevServerOptions {
        work_delay_ms: 1000,
        ..Default::default()
    });
    let client = server.client();
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").files(["import/rows.json"]))
        .unwrap();
    let opts = WaitOptions::new()
        .interval(Duration::from_millis(20), Duration::from_millis(50))
        .timeout(Duration::from_millis(200));
    let e = client.wait_import(&id, &opts, |_| {}).unwrap_err();
    check(
        "wait deadline",
        &e,
        ErrorKind::Timeout,
        Hint::RaiseWaitTimeout,
        &["WaitOptions::timeout"],
    );
}

#[test]
fn too_large_answers_name_the_builder_limits() {
    let big = format!(
        r#"{{"code":0,"data":{{"jobId":"1","state":"Completed","progress":100,"reason":"{}"}}}}"#,
        "x".repeat(64 * 1024)
    );
    let s = ScriptedServer::new(200, "application/json", &big);
    let client = Client::builder()
        .uri(s.uri())
        .max_attempts(1)
        .max_response_bytes(4096)
        .max_list_response_bytes(4096)
        .build()
        .unwrap();
    let e = client.get_import_progress("1").unwrap_err();
    check(
        "too large answer",
        &e,
        ErrorKind::Protocol,
        Hint::RaiseMaxResponseBytes,
        &["ClientBuilder::max_response_bytes"],
    );
    let e = client.list_import_jobs(None).unwrap_err();
    check(
        "too large list",
        &e,
        ErrorKind::Protocol,
        Hint::RaiseMaxListResponseBytes,
        &["ClientBuilder::max_list_response_bytes"],
    );
}

#[test]
fn a_duplicate_refresh_gives_the_running_job_as_an_i64() {
    let server = DevServer::start_with(DevServerOptions {
        work_delay_ms: 300,
        ..Default::default()
    });
    let client = server.client();
    let first = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap();
    let e = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap_err();
    check(
        "duplicate refresh",
        &e,
        ErrorKind::DuplicateJob,
        Hint::PollRunningJob,
        &["Error::job_id"],
    );
    let running: i64 = e.job_id().expect("the duplicate names the running job");
    assert_eq!(running, first);
    // The id goes straight into the progress call, as an i64.
    let job = client
        .get_refresh_external_collection_progress(running)
        .unwrap();
    assert_eq!(job.job_id, first);
    settle_refresh(&client, running);

    // Errors about no particular job have none.
    let e = client
        .get_import_progress("448761313698399999")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.job_id(), None);
    assert_eq!(e.hint(), None, "{e}");
    assert_rust_terms("not found", &e.to_string());
}
