//! Zilliz Cloud mode (API 0.2): option checks, and the cloud request and
//! answer shapes against a loopback server that answers like the cloud.
mod support;

use milvus_jobs::{
    Client, Deployment, ErrorKind, ImportListRequest, ImportRequest, ImportState, RefreshRequest,
};
use support::*;

#[test]
fn cloud_import_fields_are_refused_for_milvus_without_echoing_secrets() {
    let server = DevServer::start();
    let client = server.client();
    // Cloud-only fields are refused for Milvus, before sending, and the
    // secret never shows up in the message.
    let e = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .file("import/rows.json")
                .credentials("AKIDEXAMPLE", "super-secret-key"),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert_eq!(e.http_status(), 0);
    assert!(!e.message().contains("super-secret-key"));
}

#[test]
fn cloud_targets_are_checked_when_the_client_is_built() {
    let e = Client::builder()
        .deployment(Deployment::ZillizCloud)
        .token("api-key")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "no target: {e}");

    let e = Client::builder()
        .token("api-key")
        .cloud_cluster("inxx-123")
        .cloud_project("proj-1", "aws-us-west-2")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "both targets: {e}");

    let e = Client::builder()
        .uri("http://127.0.0.1:1")
        .cloud_cluster("inxx-123")
        .deployment(Deployment::Milvus)
        .build()
        .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::InvalidArgument,
        "cloud target for Milvus: {e}"
    );

    // The default cloud endpoint needs no uri.
    Client::builder()
        .token("api-key")
        .cloud_cluster("inxx-123")
        .build()
        .unwrap();
}

#[test]
fn cloud_create_sends_object_urls_and_the_cluster() {
    let s = ScriptedServer::new(
        200,
        "application/json",
        r#"{"code":0,"data":{"jobId":"job-0123abc"}}"#,
    );
    let client = Client::builder()
        .uri(s.uri())
        .token("cloud-api-key")
        .cloud_cluster("inxx-123")
        .build()
        .unwrap();
    let id = client
        .bulk_import(
            &ImportRequest::new("books")
                .file("s3://bucket/dir/")
                .credentials("AKID", "SECRET"),
        )
        .unwrap();
    assert_eq!(id, "job-0123abc");
    let seen = s.seen.lock().unwrap();
    let req = &seen[0];
    assert!(req.contains("/v2/vectordb/jobs/import/create"), "{req}");
    assert!(req.contains("Bearer cloud-api-key"), "{req}");
    assert!(req.contains(r#""clusterId":"inxx-123""#), "{req}");
    assert!(
        req.contains(r#""objectUrls":[["s3://bucket/dir/"]]"#),
        "{req}"
    );
    assert!(req.contains(r#""accessKey":"AKID""#), "{req}");
}

#[test]
fn cloud_refresh_is_unsupported() {
    let s = ScriptedServer::new(200, "application/json", r#"{"code":0,"data":{"jobId":1}}"#);
    let client = Client::builder()
        .uri(s.uri())
        .token("k")
        .cloud_project("proj-1", "aws-us-west-2")
        .build()
        .unwrap();
    let e = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
}

#[test]
fn cloud_list_page_reads_the_paging_fields() {
    let s = ScriptedServer::new(
        200,
        "application/json",
        r#"{"code":0,"data":{"count":1000,"currentPage":3,"pageSize":10,
  "records":[{"collectionName":"quick_setup","jobId":"job-1","state":"Importing"}]}}"#,
    );
    let client = Client::builder()
        .uri(s.uri())
        .token("k")
        .cloud_cluster("inxx-123")
        .build()
        .unwrap();
    let page = client
        .list_import_jobs_page(&ImportListRequest::new().page_size(10).page(3))
        .unwrap();
    assert_eq!(page.total_count, 1000);
    assert_eq!(page.page_size, 10);
    assert_eq!(page.current_page, 3);
    assert_eq!(page.jobs.len(), 1);
    assert_eq!(page.jobs[0].job_id, "job-1");
    assert_eq!(page.jobs[0].state, ImportState::Importing);
    let seen = s.seen.lock().unwrap();
    assert!(
        seen[0].contains(r#""pageSize":10"#) && seen[0].contains(r#""currentPage":3"#),
        "{}",
        seen[0]
    );
}

#[test]
fn cloud_describe_keeps_the_top_level_file_name() {
    let s = ScriptedServer::new(
        200,
        "application/json",
        r#"{"code":0,"data":{"jobId":"job-9","collectionName":"books","fileName":"s3://bucket/dir/","fileSize":123,
  "state":"Completed","progress":100,"completeTime":"2026-01-02T03:04:05Z","reason":"","totalRows":42,
  "details":[{"fileName":"s3://bucket/dir/a.parquet","fileSize":123,"state":"Completed","progress":100,"completeTime":"2026-01-02T03:04:05Z","reason":""}]}}"#,
    );
    let client = Client::builder()
        .uri(s.uri())
        .token("k")
        .cloud_cluster("inxx-123")
        .build()
        .unwrap();
    let job = client.get_import_progress("job-9").unwrap();
    assert_eq!(job.job_id, "job-9");
    assert_eq!(job.file_name, "s3://bucket/dir/");
    assert_eq!(job.state, ImportState::Completed);
    assert_eq!(job.total_rows, 42);
    assert_eq!(job.details.len(), 1);
    assert_eq!(job.complete_time_ms, 1767323045000);
}
