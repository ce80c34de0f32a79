//! Exactly-once creates against the dev server's faults: a create whose
//! answer is lost after the server started the job returns that job, flagged
//! recovered; an undecidable loss is `ErrorKind::Ambiguous` with candidates.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use milvus_jobs::{Client, ErrorKind, ImportRequest, RefreshRequest};
use support::{DevServer, DevServerOptions};

fn lossy_client(server: &DevServer, reconcile: bool) -> Client {
    Client::builder()
        .uri(server.uri())
        .request_timeout(Duration::from_millis(600))
        .max_attempts(1)
        .reconcile_creates(reconcile)
        .build()
        .unwrap()
}

fn rows() -> ImportRequest {
    ImportRequest::new("quick_setup").file("import/rows.json")
}

#[test]
fn a_lost_import_answer_returns_the_one_job_it_started() {
    for fault in ["drop-after", "late:2000", "reset"] {
        let server = DevServer::start_with(DevServerOptions {
            faults: Some(format!("import/create={fault}")),
            ..Default::default()
        });
        let c = lossy_client(&server, true);
        let (id, outcome) = c.bulk_import_with_outcome(&rows()).unwrap();
        assert!(outcome.recovered, "{fault}");
        assert_eq!(outcome.attempts, 1, "{fault}");
        let jobs = c.list_import_jobs(Some("quick_setup")).unwrap();
        assert_eq!(
            jobs.iter().map(|j| j.job_id.clone()).collect::<Vec<_>>(),
            vec![id],
            "{fault}"
        );
    }
}

#[test]
fn a_lost_refresh_answer_returns_the_running_job() {
    for fault in ["drop-after", "late:2000", "reset"] {
        let server = DevServer::start_with(DevServerOptions {
            faults: Some(format!("external_collection/refresh={fault}")),
            work_delay_ms: 300,
            ..Default::default()
        });
        let c = lossy_client(&server, true);
        let (id, outcome) = c
            .refresh_external_collection_with_outcome(&RefreshRequest::new("books_ext"))
            .unwrap();
        assert!(outcome.recovered, "{fault}");
        assert_eq!(outcome.attempts, 2, "{fault}");
        let jobs = c
            .list_refresh_external_collection_jobs(Some("books_ext"))
            .unwrap();
        assert_eq!(
            jobs.iter().map(|j| j.job_id).collect::<Vec<_>>(),
            vec![id],
            "{fault}"
        );
    }
}

#[test]
fn an_identical_import_just_before_is_ambiguous_with_both_candidates() {
    let server = DevServer::start_with(DevServerOptions {
        faults: Some("import/create=delay:0,import/create=drop-after".into()),
        ..Default::default()
    });
    let c = lossy_client(&server, true);
    let (first, outcome) = c.bulk_import_with_outcome(&rows()).unwrap();
    assert!(!outcome.recovered);
    assert_eq!(outcome.attempts, 1);
    let err = c.bulk_import_with_outcome(&rows()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Ambiguous, "{err}");
    assert_eq!(err.kind().name(), "MJ_EAMBIGUOUS");
    let jobs: BTreeSet<String> = c
        .list_import_jobs(Some("quick_setup"))
        .unwrap()
        .into_iter()
        .map(|j| j.job_id)
        .collect();
    assert_eq!(jobs.len(), 2);
    assert!(jobs.contains(&first));
    let candidates: BTreeSet<String> = err.candidates().iter().cloned().collect();
    assert_eq!(candidates, jobs);
}

#[test]
fn without_reconciliation_the_timeout_is_returned() {
    let server = DevServer::start_with(DevServerOptions {
        faults: Some("import/create=late:2000".into()),
        ..Default::default()
    });
    let c = lossy_client(&server, false);
    let err = c.bulk_import_with_outcome(&rows()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(!err.is_retriable());
    assert!(err.candidates().is_empty());
}
