//! Zilliz Cloud with a project target (API 0.4): one client runs a refresh
//! through the project endpoint and an import through the control plane,
//! against one dev server in cloud mode that plays both endpoints on one port
//! (the client's project endpoint is the dev server's address).
mod support;

use milvus_jobs::{
    Client, ErrorKind, Hint, ImportRequest, ImportState, Job, JobId, RefreshRequest, RefreshState,
    WaitOptions, Watcher, WatcherOptions,
};
use std::collections::HashMap;
use std::time::Duration;
use support::*;

const KEY: &str = "cloud-key-0123456789";
const CLUSTER: &str = "inxx-dev0000000000001";
const PROJECT: &str = "proj-dev000000000001";
const REGION: &str = "aws-us-west-2";
const SNAPSHOT_ID: &str = "3051729675574597004"; // above 2^53

fn project_server() -> DevServer {
    let server = DevServer::start_with(DevServerOptions {
        cloud: Some(format!(
            r#"{{"apiKeys":["{KEY}"],"clusters":["{CLUSTER}"],
                "projects":[{{"projectId":"{PROJECT}","regionId":"{REGION}"}}]}}"#
        )),
        ..Default::default()
    });
    // Read by the refresh worker when the job runs: written before any refresh.
    server
        .dir
        .write("data/volumes/vol1/books/part-0.parquet", &[b'p'; 1000]);
    server.dir.write(
        "data/volumes/vol1/lake/books/data/00000-0.parquet",
        &[b'p'; 300],
    );
    server.dir.write(
        "data/volumes/vol1/import/rows.json",
        br#"[{"id":1},{"id":2},{"id":3}]"#,
    );
    server
}

fn project_client(server: &DevServer) -> Client {
    Client::builder()
        .uri(server.uri())
        .token(KEY)
        .cloud_project(PROJECT, REGION)
        .cloud_project_endpoint(server.uri())
        .build()
        .unwrap()
}

fn fast() -> WaitOptions {
    WaitOptions::new()
        .timeout(Duration::from_secs(20))
        .interval(Duration::from_millis(20), Duration::from_millis(100))
}

#[test]
fn one_cloud_client_runs_a_refresh_and_an_import_to_completion() {
    let server = project_server();
    let client = project_client(&server);
    let refresh_id = client
        .refresh_external_collection(
            &RefreshRequest::new("books_ext")
                .source("volume://vol1/books/", r#"{"format":"parquet"}"#),
        )
        .unwrap();
    let import_id = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .volume("vol1")
                .file("import/rows.json"),
        )
        .unwrap();
    assert!(import_id.starts_with("job-"), "{import_id}");

    let refresh = client.wait_refresh(refresh_id, &fast(), |_| {}).unwrap();
    assert_eq!(refresh.state, RefreshState::Completed, "{refresh:?}");
    assert_eq!(refresh.external_source, "volume://vol1/books/");
    let import = client.wait_import(&import_id, &fast(), |_| {}).unwrap();
    assert_eq!(import.state, ImportState::Completed, "{import:?}");
    assert_eq!(import.imported_rows, 3);
    assert!(client
        .list_refresh_external_collection_jobs(Some("books_ext"))
        .unwrap()
        .iter()
        .any(|j| j.job_id == refresh_id));
    assert!(client
        .list_import_jobs(Some("quick_setup"))
        .unwrap()
        .iter()
        .any(|j| j.job_id == import_id));

    // One watcher, one job of each family.
    let r2 = client
        .refresh_external_collection(
            &RefreshRequest::new("books_ext")
                .source("volume://vol1/books/", r#"{"format":"parquet"}"#),
        )
        .unwrap();
    let i2 = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .volume("vol1")
                .file("import/rows.json"),
        )
        .unwrap();
    let watcher = Watcher::new(
        &client,
        &WatcherOptions::new().interval(Duration::from_millis(20)),
    )
    .unwrap();
    watcher.add_refresh(r2).unwrap();
    watcher.add_import(&i2).unwrap();
    let mut last: HashMap<JobId, Job> = HashMap::new();
    watcher
        .run(Some(Duration::from_secs(20)), |ev| {
            let job = ev.result.expect("no failed poll");
            last.insert(ev.job_id, job);
        })
        .unwrap();
    match &last[&JobId::Refresh(r2)] {
        Job::Refresh(j) => assert_eq!(j.state, RefreshState::Completed),
        other => panic!("{other:?}"),
    }
    match &last[&JobId::Import(i2.clone())] {
        Job::Import(j) => assert_eq!(j.state, ImportState::Completed),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_iceberg_snapshot_id_keeps_every_digit() {
    let server = project_server();
    let client = project_client(&server);
    let spec = format!(r#"{{"format":"iceberg-table","snapshot_id":{SNAPSHOT_ID}}}"#);
    let id = client
        .refresh_external_collection(
            &RefreshRequest::new("books_ext").source("volume://vol1/lake/books/", spec),
        )
        .unwrap();
    let job = client.wait_refresh(id, &fast(), |_| {}).unwrap();
    assert!(
        job.external_spec
            .contains(&format!(r#""snapshot_id":"{SNAPSHOT_ID}""#)),
        "{}",
        job.external_spec
    );
}

#[test]
fn a_cluster_client_refuses_refresh_and_names_the_builder_call() {
    let server = project_server();
    let client = Client::builder()
        .uri(server.uri())
        .token(KEY)
        .cloud_cluster(CLUSTER)
        .build()
        .unwrap();
    let e = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    assert_eq!(e.hint(), Some(Hint::SetCloudProject));
    assert!(
        e.to_string().contains("ClientBuilder::cloud_project"),
        "{e}"
    );
    assert!(!e.to_string().contains("cloud_project_id"), "{e}");

    let e = Client::builder()
        .uri(server.uri())
        .token(KEY)
        .cloud_project(PROJECT, REGION)
        .cloud_project_endpoint("https://{project}.example")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
}
