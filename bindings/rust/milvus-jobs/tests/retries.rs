//! Retries (API 0.2): what is retried, how often, and mj_error_attempts.
mod support;

use milvus_jobs::{CallOptions, Client, ErrorKind, ImportRequest};
use std::sync::atomic::Ordering;
use std::time::Duration;
use support::*;

fn fast_retry_client(uri: String, attempts: u32) -> Client {
    Client::builder()
        .uri(uri)
        .max_attempts(attempts)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap()
}

#[test]
fn an_answered_call_is_one_attempt_and_a_refused_argument_none() {
    let server = DevServer::start();
    let client = server.client();
    let e = client
        .get_import_progress("448761313698399999")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.attempts(), 1, "not found is not retried");
    let e = client.get_import_progress("").unwrap_err();
    assert_eq!(e.attempts(), 0, "refused before any attempt");
}

#[test]
fn reads_are_retried_on_connection_failures_up_to_max_attempts() {
    let client = fast_retry_client(format!("http://127.0.0.1:{}", closed_port()), 3);
    let e = client.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert_eq!(e.attempts(), 3);
    // Per-call max_attempts overrides the client's.
    let opts = CallOptions::new().max_attempts(1);
    let e = client
        .with_options(&opts)
        .list_import_jobs(None)
        .unwrap_err();
    assert_eq!(e.attempts(), 1);
}

#[test]
fn reads_are_retried_on_rate_limits() {
    let s = ScriptedServer::new(
        429,
        "application/json",
        r#"{"code":1807,"message":"rate limit exceeded"}"#,
    );
    let client = fast_retry_client(s.uri(), 3);
    let e = client.get_import_progress("1").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
    assert_eq!(e.attempts(), 3);
    assert_eq!(s.requests.load(Ordering::SeqCst), 3);
}

#[test]
fn a_create_that_reached_the_server_is_never_retried() {
    let s = ScriptedServer::new(
        503,
        "application/json",
        r#"{"code":1,"message":"unavailable"}"#,
    );
    let client = fast_retry_client(s.uri(), 4);
    let e = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
        .unwrap_err();
    assert_eq!(e.attempts(), 1, "{e}");
    assert!(!e.is_retriable());
    assert_eq!(s.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_describe_is_retried_through_dropped_connections_of_the_dev_server() {
    let server = DevServer::start_with(DevServerOptions {
        faults: Some("import/describe=drop*2".into()),
        ..Default::default()
    });
    let client = fast_retry_client(server.uri(), 3);
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
        .unwrap();
    // Two dropped answers, then the real one: the third attempt succeeds.
    let job = client.get_import_progress(&id).unwrap();
    assert_eq!(job.job_id, id);

    let server = DevServer::start_with(DevServerOptions {
        faults: Some("import/list=503*5".into()),
        ..Default::default()
    });
    let client = fast_retry_client(server.uri(), 2);
    let e = client.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server, "{e}");
    assert_eq!(e.http_status(), 503);
    assert_eq!(e.attempts(), 2);
}

#[test]
fn answers_over_the_response_bounds_are_protocol_errors() {
    let server = DevServer::start();
    let ok = server.client();
    let id = ok
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
        .unwrap();
    let small = Client::builder()
        .uri(server.uri())
        .max_response_bytes(16)
        .max_list_response_bytes(16)
        .build()
        .unwrap();
    let e = small.get_import_progress(&id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Protocol, "{e}");
    let e = small.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Protocol, "{e}");
    // The default bounds take these answers.
    ok.get_import_progress(&id).unwrap();
    ok.list_import_jobs(None).unwrap();
}
