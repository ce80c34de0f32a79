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
fn cloud_refresh_is_unsupported_for_a_cluster_client() {
    let s = ScriptedServer::new(200, "application/json", r#"{"code":0,"data":{"jobId":1}}"#);
    let client = Client::builder()
        .uri(s.uri())
        .token("k")
        .cloud_cluster("inxx-123")
        .build()
        .unwrap();
    let e = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    assert!(s.seen.lock().unwrap().is_empty(), "nothing was sent");
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

// ---------------------------------------------------------------- dev server, cloud mode

const CLOUD_KEY: &str = "cloud-key-0123456789";
const CLUSTER: &str = "inxx-dev0000000000001";
const LEGACY_CLUSTER: &str = "inxx-legacy000000001";

fn cloud_server() -> DevServer {
    DevServer::start_with(DevServerOptions {
        cloud: Some(format!(
            r#"{{"apiKeys":["{CLOUD_KEY}"],"responseShape":"current",
                "clusters":[{{"clusterId":"{CLUSTER}"}},{{"clusterId":"{LEGACY_CLUSTER}","responseShape":"legacy"}}],
                "projects":[{{"projectId":"proj-dev000000000001","regionId":"aws-us-west-2"}}],
                "buckets":{{"secure":{{"accessKey":"AKIASECURE0001","secretKey":"right-secret-value"}}}}}}"#
        )),
        ..Default::default()
    })
}

fn cloud_client(server: &DevServer, cluster: &str) -> Client {
    Client::builder()
        .uri(server.uri())
        .token(CLOUD_KEY)
        .cloud_cluster(cluster)
        .build()
        .unwrap()
}

#[test]
fn cloud_import_runs_end_to_end_on_the_dev_server() {
    let server = cloud_server();
    let client = cloud_client(&server, CLUSTER);
    // A folder URL expands to every file under it, each its own unit.
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("s3://cloudbucket/a/"))
        .unwrap();
    assert!(id.starts_with("job-"), "{id}");
    let job = client
        .wait_import(
            &id,
            &milvus_jobs::WaitOptions::new().interval(
                std::time::Duration::from_millis(20),
                std::time::Duration::from_millis(100),
            ),
            |_| {},
        )
        .unwrap();
    assert_eq!(job.state, ImportState::Completed, "{job:?}");
    assert_eq!(job.progress, 100);
    assert_eq!(job.total_rows, 7);
    assert_eq!(job.details.len(), 2);
    assert!(
        job.file_name.starts_with("s3://cloudbucket/a/"),
        "{}",
        job.file_name
    );

    let listed = client.list_import_jobs(None).unwrap();
    assert!(listed.iter().any(|j| j.job_id == id));

    // Another target never sees this cluster's jobs.
    let project = Client::builder()
        .uri(server.uri())
        .token(CLOUD_KEY)
        .cloud_project("proj-dev000000000001", "aws-us-west-2")
        .build()
        .unwrap();
    let e = project.get_import_progress(&id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert_eq!(e.server_code(), 90144);
    assert!(project.list_import_jobs(None).unwrap().is_empty());
}

#[test]
fn cloud_list_pages_walk_every_job() {
    let server = cloud_server();
    let client = cloud_client(&server, CLUSTER);
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(
            client
                .bulk_import(
                    &ImportRequest::new("quick_setup").file("s3://cloudbucket/a/rows.json"),
                )
                .unwrap(),
        );
    }
    let mut seen = Vec::new();
    let mut page_no = 1;
    loop {
        let page = client
            .list_import_jobs_page(&ImportListRequest::new().page_size(2).page(page_no))
            .unwrap();
        assert_eq!(page.total_count, 5);
        assert_eq!(page.page_size, 2);
        assert_eq!(page.current_page, page_no);
        assert!(page.jobs.len() <= 2);
        seen.extend(page.jobs.into_iter().map(|j| j.job_id));
        if page.current_page * page.page_size >= page.total_count {
            break;
        }
        page_no += 1;
    }
    assert_eq!(page_no, 3);
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
    // The all-pages list gives the same jobs.
    assert_eq!(client.list_import_jobs(None).unwrap().len(), 5);

    let e = client
        .list_import_jobs_page(&ImportListRequest::new().page_size(101))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
}

#[test]
fn cloud_errors_map_to_categories_and_keep_storage_keys_out() {
    let server = cloud_server();
    let wrong_key = Client::builder()
        .uri(server.uri())
        .token("not-a-known-key-42")
        .cloud_cluster(CLUSTER)
        .build()
        .unwrap();
    let e = wrong_key.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthenticated, "{e}");
    assert_eq!(e.server_code(), 21119);
    assert!(!e.to_string().contains("not-a-known-key-42"));

    let e = cloud_client(&server, "inxx-nosuchcluster01")
        .list_import_jobs(None)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert_eq!(e.server_code(), 80020);

    let client = cloud_client(&server, CLUSTER);
    let e = client
        .bulk_import(&ImportRequest::new("no_such_collection").file("s3://cloudbucket/a/rows.json"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    // A wrong storage key id: the server echoes it (as S3 does); the client must not.
    let e = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .file("s3://secure/rows.json")
                .credentials("AKIAWRONGKEYID77", "wrong-secret-value"),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    for shown in [e.to_string(), e.message().to_string(), format!("{e:?}")] {
        assert!(!shown.contains("AKIAWRONGKEYID77"), "{shown}");
        assert!(!shown.contains("wrong-secret-value"), "{shown}");
    }
    // The right keys work.
    let id = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .file("s3://secure/rows.json")
                .credentials("AKIASECURE0001", "right-secret-value")
                .session_token("sts-token"),
        )
        .unwrap();
    assert!(id.starts_with("job-"));

    let e = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
}

#[test]
fn cloud_legacy_answers_report_progress_0_to_100() {
    let server = cloud_server();
    let client = cloud_client(&server, LEGACY_CLUSTER);
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("s3://cloudbucket/a/rows.json"))
        .unwrap();
    let job = eventually(std::time::Duration::from_secs(20), || {
        let j = client.get_import_progress(&id).unwrap();
        j.state.is_terminal().then_some(j)
    });
    assert_eq!(job.state, ImportState::Completed, "{job:?}");
    assert_eq!(job.progress, 100);

    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("s3://cloudbucket/missing.json"))
        .unwrap();
    let job = eventually(std::time::Duration::from_secs(20), || {
        let j = client.get_import_progress(&id).unwrap();
        j.state.is_terminal().then_some(j)
    });
    assert_eq!(job.state, ImportState::Failed);
    assert!(job.reason.contains("missing.json"), "{}", job.reason);
}
