//! A string with an embedded NUL byte cannot cross the C boundary: C would
//! read it cut at the NUL and act on another job, collection or file. Every
//! string argument of the API is refused with InvalidArgument, before
//! anything is sent, with a message naming the argument in this crate's
//! terms (never a C struct field) and not echoing the value.
mod support;

use milvus_jobs::{
    CallOptions, Client, ClientBuilder, ErrorKind, ImportListRequest, ImportRequest,
    RefreshRequest, Result, WaitOptions, Watcher, WatcherOptions,
};
use std::time::Duration;
use support::*;

/// Checks one refusal: kind, no request, message naming `names`.
fn refused<T>(what: &str, names: &str, value: &str, r: Result<T>) {
    let Err(e) = r else {
        panic!("{what}: a string with a NUL byte was accepted");
    };
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{what}: {e}");
    assert_eq!(e.http_status(), 0, "{what}: {e}");
    assert_eq!(e.attempts(), 0, "{what}: nothing may be sent: {e}");
    let m = e.message();
    assert!(m.contains("NUL byte"), "{what}: {m}");
    assert!(m.contains(names), "{what}: {m:?} does not name {names:?}");
    assert!(!m.contains(value), "{what}: {m:?} echoes the value");
    assert!(
        !m.contains("mj_") && !m.contains("_id\"") && !m.contains("struct"),
        "{what}: {m}"
    );
}

fn builder(uri: &str) -> ClientBuilder {
    Client::builder().uri(uri).max_attempts(1)
}

#[test]
fn every_client_option_string_with_a_nul_is_refused() {
    let server = ScriptedServer::new(200, "application/json", r#"{"code":0,"data":{}}"#);
    let uri = server.uri();
    let cases: Vec<(&str, &str, &str, Result<Client>)> = vec![
        (
            "uri",
            "ClientBuilder::uri",
            "127.0.0.1:1\0x",
            Client::builder().uri("http://127.0.0.1:1\0x").build(),
        ),
        (
            "token",
            "ClientBuilder::token",
            "s3cr3t",
            builder(&uri).token("root:s3cr3t\0tail").build(),
        ),
        (
            "db_name",
            "ClientBuilder::db_name",
            "DROP",
            builder(&uri).db_name("analytics\0DROP").build(),
        ),
        (
            "tls_ca_file",
            "ClientBuilder::tls_ca_file",
            "ca.pem",
            builder(&uri).tls_ca_file("/etc/ca.pem\0x").build(),
        ),
        (
            "tls_ca_path",
            "ClientBuilder::tls_ca_path",
            "/etc/ssl",
            builder(&uri).tls_ca_path("/etc/ssl\0x").build(),
        ),
        (
            "user_agent",
            "ClientBuilder::user_agent",
            "curlish",
            builder(&uri).user_agent("curlish/1\0x").build(),
        ),
        (
            "header name",
            "ClientBuilder::header",
            "X-Na",
            builder(&uri).header("X-Na\0me", "1").build(),
        ),
        (
            "header value",
            "ClientBuilder::header",
            "val",
            builder(&uri).header("X-Name", "val\0ue").build(),
        ),
        (
            "cloud cluster",
            "ClientBuilder::cloud_cluster",
            "inxx",
            Client::builder()
                .token("key")
                .cloud_cluster("inxx-1\0x")
                .build(),
        ),
        (
            "cloud project",
            "ClientBuilder::cloud_project",
            "zq-77",
            Client::builder()
                .token("key")
                .cloud_project("zq-77\0x", "aws-us-west-2")
                .build(),
        ),
        (
            "cloud region",
            "ClientBuilder::cloud_project",
            "aws-us",
            Client::builder()
                .token("key")
                .cloud_project("proj-1", "aws-us\0west")
                .build(),
        ),
    ];
    for (what, names, value, r) in cases {
        refused(what, names, value, r);
    }
    assert_eq!(server.requests.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[test]
fn every_call_string_with_a_nul_is_refused_before_sending() {
    // Answers success to anything: a request that got through would not fail.
    let server = ScriptedServer::new(
        200,
        "application/json",
        r#"{"code":0,"data":{"jobId":"12","records":[]}}"#,
    );
    let client = builder(&server.uri())
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let job = "12\u{0}34";
    refused(
        "get_import_progress",
        "job id",
        "34",
        client.get_import_progress(job),
    );
    refused("commit_import", "job id", "34", client.commit_import(job));
    refused("abort_import", "job id", "34", client.abort_import(job));
    refused(
        "wait_import",
        "job id",
        "34",
        client.wait_import(job, &WaitOptions::new(), |_| {}),
    );
    refused(
        "list_import_jobs",
        "collection name",
        "DROP",
        client.list_import_jobs(Some("books\0DROP")),
    );
    refused(
        "list_refresh_external_collection_jobs",
        "collection name",
        "DROP",
        client.list_refresh_external_collection_jobs(Some("books\0DROP")),
    );
    refused(
        "list_import_jobs_page",
        "ImportListRequest::collection",
        "DROP",
        client.list_import_jobs_page(&ImportListRequest::new().collection("books\0DROP")),
    );
    refused(
        "refresh collection",
        "RefreshRequest::new",
        "ext",
        client.refresh_external_collection(&RefreshRequest::new("books\0ext")),
    );
    refused(
        "refresh source",
        "RefreshRequest::source",
        "other",
        client.refresh_external_collection(
            &RefreshRequest::new("books_ext").source("s3://bucket/books\0other", "{}"),
        ),
    );
    refused(
        "refresh spec",
        "RefreshRequest::source",
        "parquet",
        client.refresh_external_collection(
            &RefreshRequest::new("books_ext").source("s3://bucket/books", "{\0\"parquet\"}"),
        ),
    );

    let import = || ImportRequest::new("books").file("a.json");
    let cases: Vec<(&str, &str, &str, ImportRequest)> = vec![
        (
            "import collection",
            "ImportRequest::new",
            "DROP",
            ImportRequest::new("books\0DROP").file("a.json"),
        ),
        (
            "partition",
            "ImportRequest::partition",
            "p1",
            import().partition("_default\0p1"),
        ),
        (
            "file",
            "ImportRequest::file",
            "etc",
            ImportRequest::new("books").file("a.json\0/etc/passwd"),
        ),
        (
            "file in a group",
            "ImportRequest::file",
            "etc",
            ImportRequest::new("books").group(["a.npy", "b.npy\0/etc"]),
        ),
        (
            "option key",
            "ImportRequest::option",
            "evil",
            import().option("timeout\0evil", "1"),
        ),
        (
            "option value",
            "ImportRequest::option",
            "evil",
            import().option("timeout", "300s\0evil"),
        ),
        (
            "volume",
            "ImportRequest::volume",
            "bucket9",
            import().volume("bucket9\0x"),
        ),
        (
            "access key",
            "ImportRequest::credentials",
            "AKIA",
            import().credentials("AKIA\0x", "secret"),
        ),
        (
            "secret key",
            "ImportRequest::credentials",
            "s3cr3t",
            import().credentials("AKIA", "s3cr3t\0x"),
        ),
        (
            "session token",
            "ImportRequest::session_token",
            "tok9zz",
            import().session_token("tok9zz\0x"),
        ),
    ];
    for (what, names, value, req) in cases {
        refused(what, names, value, client.bulk_import(&req));
    }

    refused(
        "CallOptions::db_name",
        "CallOptions::db_name",
        "DROP",
        client
            .with_options(&CallOptions::new().db_name("analytics\0DROP"))
            .get_import_progress("12"),
    );
    refused(
        "WaitOptions::db_name",
        "WaitOptions::db_name",
        "DROP",
        client.wait_refresh(12, &WaitOptions::new().db_name("analytics\0DROP"), |_| {}),
    );
    refused(
        "WatcherOptions::db_name",
        "WatcherOptions::db_name",
        "DROP",
        Watcher::new(&client, &WatcherOptions::new().db_name("analytics\0DROP")),
    );
    let watcher = Watcher::new(&client, &WatcherOptions::new()).unwrap();
    refused(
        "Watcher::add_import",
        "job id",
        "34",
        watcher.add_import(job),
    );
    refused(
        "Watcher::remove_import",
        "job id",
        "34",
        watcher.remove_import(job),
    );
    assert!(watcher.is_empty());
    drop(watcher);

    assert_eq!(
        server.requests.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a request was sent: {:?}",
        server.seen.lock().unwrap()
    );
}
