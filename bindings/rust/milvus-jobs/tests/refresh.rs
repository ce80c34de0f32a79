//! External-collection refresh against the dev server.
mod support;

use milvus_jobs::{CallOptions, ErrorKind, RefreshRequest, RefreshState};
use std::time::{Duration, SystemTime};
use support::*;

#[test]
fn refresh_runs_to_completion_and_is_described_and_listed() {
    let server = DevServer::start();
    let client = server.client();
    let before = SystemTime::now() - Duration::from_secs(5);

    let id = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap();
    // Dev-server refresh ids start above 2^53: they must come back exactly.
    assert!(id > (1i64 << 53), "{id}");

    let job = settle_refresh(&client, id);
    assert_eq!(job.job_id, id);
    assert_eq!(job.collection_name, "books_ext");
    assert_eq!(job.state, RefreshState::Completed);
    assert_eq!(job.state.as_str(), "RefreshCompleted");
    assert_eq!(job.progress, 100);
    assert_eq!(job.reason, "");
    assert_eq!(job.external_source, "s3://bucket/books");
    assert!(
        job.external_spec.contains("parquet"),
        "{}",
        job.external_spec
    );
    assert!(job.start_time().unwrap() > before);
    assert!(job.end_time().unwrap() >= job.start_time().unwrap());

    // The dev server really scanned the directory and wrote a manifest.
    let manifest = server
        .dir
        .path()
        .join(format!("data/.milvus-jobs/manifests/books_ext-{id}.json"));
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(
        text.contains("part-0.parquet") && text.contains("part-1.parquet"),
        "{text}"
    );
    assert!(!text.contains("notes.txt"));

    let all = client.list_refresh_external_collection_jobs(None).unwrap();
    assert!(all.iter().any(|j| j.job_id == id));
    let mine = client
        .list_refresh_external_collection_jobs(Some("books_ext"))
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0], job);
}

#[test]
fn refresh_with_a_new_source_uses_it() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .refresh_external_collection(
            &RefreshRequest::new("lonely_ext")
                .source("s3://bucket/books_v2", r#"{"format":"parquet"}"#),
        )
        .unwrap();
    let job = settle_refresh(&client, id);
    assert_eq!(job.state, RefreshState::Completed, "{job:?}");
    assert_eq!(job.external_source, "s3://bucket/books_v2");
}

#[test]
fn refresh_of_a_missing_source_directory_fails_with_a_reason() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .refresh_external_collection(&RefreshRequest::new("gone_ext"))
        .unwrap();
    let job = settle_refresh(&client, id);
    assert_eq!(job.state, RefreshState::Failed);
    assert!(job.state.is_terminal());
    assert!(job.reason.contains("nowhere"), "{}", job.reason);
}

#[test]
fn a_second_refresh_while_one_runs_is_a_duplicate_naming_the_running_job() {
    let server = DevServer::start_with(DevServerOptions {
        work_delay_ms: 300,
        ..Default::default()
    });
    let client = server.client();
    let first = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap();
    let err = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DuplicateJob, "{err}");
    assert_eq!(err.server_code(), 703);
    assert_eq!(err.job_id(), Some(first));
    assert_eq!(err.http_status(), 200);
    assert!(!err.is_retriable());
}

#[test]
fn refresh_errors_map_to_their_categories() {
    let server = DevServer::start();
    let client = server.client();

    let e = client
        .refresh_external_collection(&RefreshRequest::new("no_such_collection"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert_eq!(e.server_code(), 100);
    assert!(!e.server_message().is_empty());
    assert!(!e.request_id().is_empty());
    assert!(!e.trace_id().is_empty());

    let e = client
        .refresh_external_collection(&RefreshRequest::new("quick_setup"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert_eq!(e.server_code(), 1100);

    // Refused by the library before sending: no HTTP status, no attempt.
    let e = client
        .refresh_external_collection(&RefreshRequest::new(""))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(e.http_status(), 0);
    assert_eq!(e.attempts(), 0);
    assert!(e.message().contains("collection"), "{}", e.message());

    let e = client
        .refresh_external_collection(
            &RefreshRequest::new("books_ext").source("s3://bucket/x", "not json"),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(e.http_status(), 0);

    // Refused by this binding: a NUL byte cannot cross the C boundary.
    let e = client
        .refresh_external_collection(&RefreshRequest::new("books\0ext"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.message().contains("NUL"), "{}", e.message());

    let e = client
        .get_refresh_external_collection_progress(0)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);

    let e = client
        .list_refresh_external_collection_jobs(Some("no_such_collection"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[test]
fn refresh_job_id_two_to_the_53_plus_one_round_trips_exactly() {
    let server = DevServer::start();
    let client = server.client();
    let id = (1i64 << 53) + 1; // 9007199254740993: not representable as a double
    let e = client
        .get_refresh_external_collection_progress(id)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert!(
        e.server_message().contains("9007199254740993"),
        "the server saw another id: {}",
        e.server_message()
    );
}

#[test]
fn call_options_choose_the_database() {
    let server = DevServer::start();
    let client = server.client();
    // "events" lives in database analytics only.
    let e = client.list_import_jobs(Some("events")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let opts = CallOptions::new().db_name("analytics");
    let jobs = client
        .with_options(&opts)
        .list_import_jobs(Some("events"))
        .unwrap();
    assert!(jobs.is_empty());
    let opts = CallOptions::new().db_name("no_such_db");
    let e = client
        .with_options(&opts)
        .list_import_jobs(Some("events"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert_eq!(e.server_code(), 800);
}
