//! Bulk import against the dev server.
mod support;

use milvus_jobs::{ErrorKind, ImportFileState, ImportRequest, ImportState};
use support::*;

#[test]
fn import_reads_every_file_and_completes_with_row_counts() {
    let server = DevServer::start();
    let client = server.client();
    let req = ImportRequest::new("quick_setup")
        .file("import/rows.json")
        .file("import/rows_wrapped.json")
        .files(["import/rows.csv"]);
    let id = client.bulk_import(&req).unwrap();
    assert!(id.chars().all(|c| c.is_ascii_digit()), "{id}");

    let job = settle_import(&client, &id);
    assert_eq!(job.job_id, id);
    assert_eq!(job.collection_name, "quick_setup");
    assert_eq!(job.state, ImportState::Completed, "{job:?}");
    assert_eq!(job.state.as_str(), "Completed");
    assert_eq!(job.progress, 100);
    assert_eq!(job.total_rows, 3 + 2 + 4);
    assert_eq!(job.imported_rows, 9);
    assert!(job.file_size > 0);
    assert!(job.create_time().is_some(), "{}", job.create_time);
    assert!(job.complete_time().is_some(), "{}", job.complete_time);
    assert_eq!(job.details.len(), 3);
    for d in &job.details {
        assert_eq!(d.state, ImportFileState::Completed, "{d:?}");
        assert_eq!(d.progress, 100);
        assert!(d.file_name.starts_with('['), "{}", d.file_name);
    }
    assert!(job
        .details
        .iter()
        .any(|d| d.file_name.contains("rows.csv") && d.total_rows == 4));
    assert_eq!(job.file_name, "");

    let listed = client.list_import_jobs(Some("quick_setup")).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].job_id, id);
    assert_eq!(listed[0].state, ImportState::Completed);
    let all = client.list_import_jobs(None).unwrap();
    assert!(all.iter().any(|j| j.job_id == id));
}

#[test]
fn a_broken_file_fails_the_job_with_a_reason() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/broken.json"))
        .unwrap();
    let job = settle_import(&client, &id);
    assert_eq!(job.state, ImportState::Failed);
    assert!(job.state.is_terminal());
    assert!(!job.reason.is_empty());
    assert!(job
        .details
        .iter()
        .any(|d| d.state == ImportFileState::Failed && !d.reason.is_empty()));
}

#[test]
fn uncommitted_import_waits_for_commit() {
    let server = DevServer::start();
    let client = server.client();
    let req = ImportRequest::new("quick_setup")
        .file("import/rows.json")
        .auto_commit(false);
    let id = client.bulk_import(&req).unwrap();
    let job = settle_import(&client, &id);
    assert_eq!(job.state, ImportState::Uncommitted, "{job:?}");
    assert!(!job.state.is_terminal());

    client.commit_import(&id).unwrap();
    let job = settle_import(&client, &id);
    assert_eq!(job.state, ImportState::Completed);

    // Committing a completed job is refused by the server.
    let e = client.commit_import(&id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert_eq!(e.server_code(), 1100);
}

#[test]
fn abort_moves_an_unfinished_job_to_failed() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .file("import/rows.json")
                .auto_commit(false),
        )
        .unwrap();
    assert_eq!(settle_import(&client, &id).state, ImportState::Uncommitted);
    client.abort_import(&id).unwrap();
    let job = client.get_import_progress(&id).unwrap();
    assert_eq!(job.state, ImportState::Failed);
    assert!(job.reason.contains("abort"), "{}", job.reason);
    let e = client.abort_import(&id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn grouped_files_and_options_reach_the_server() {
    let server = DevServer::start();
    let client = server.client();
    // A json group holds one file: two files in one group are refused (2100).
    let e = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .group(["import/rows.json", "import/rows_wrapped.json"]),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert_eq!(e.server_code(), 2100);

    let id = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .partition("_default")
                .group(["import/rows.csv"])
                .option("sep", ","),
        )
        .unwrap();
    let job = settle_import(&client, &id);
    assert_eq!(job.state, ImportState::Completed, "{job:?}");
    assert_eq!(job.total_rows, 4);
}

#[test]
fn import_errors_map_to_their_categories() {
    let server = DevServer::start();
    let client = server.client();

    let e = client
        .get_import_progress("448761313698399999")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert_eq!(e.server_code(), 2101);
    assert_eq!(e.http_status(), 200);
    assert!(e.server_message().contains("448761313698399999"));

    let e = client.get_import_progress("").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(e.http_status(), 0);

    let e = client
        .bulk_import(&ImportRequest::new("quick_setup"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "no files: {e}");
    assert_eq!(e.http_status(), 0);

    let e = client
        .bulk_import(&ImportRequest::new("quick_setup").group(Vec::<String>::new()))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "empty group: {e}");

    let e = client
        .bulk_import(&ImportRequest::new("no_such_collection").file("import/rows.json"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.server_code(), 100);

    let e = client
        .bulk_import(&ImportRequest::new("quick_setup").file("../escape.json"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(e.server_code(), 1100);

    let e = client.commit_import("448761313698399999").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let e = client.abort_import("not-a-number").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);

    let e = client
        .list_import_jobs(Some("no_such_collection"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}
