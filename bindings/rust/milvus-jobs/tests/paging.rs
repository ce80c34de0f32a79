//! mj_list_import_jobs_page against the dev server (open-source Milvus does not page).
mod support;

use milvus_jobs::{ErrorKind, ImportListRequest, ImportRequest};
use support::*;

#[test]
fn paged_list_on_milvus_puts_every_job_on_page_one() {
    let server = DevServer::start();
    let client = server.client();
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            client
                .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
                .unwrap(),
        );
    }
    let page = client
        .list_import_jobs_page(
            &ImportListRequest::new()
                .collection("quick_setup")
                .page_size(2)
                .page(1),
        )
        .unwrap();
    let mut got: Vec<_> = page.jobs.iter().map(|j| j.job_id.clone()).collect();
    got.sort();
    ids.sort();
    assert_eq!(
        got, ids,
        "open-source Milvus does not page: page 1 holds every job"
    );
    assert_eq!(page.total_count, 3);

    let page2 = client
        .list_import_jobs_page(
            &ImportListRequest::new()
                .collection("quick_setup")
                .page_size(2)
                .page(2),
        )
        .unwrap();
    assert!(page2.jobs.is_empty());

    let e = client
        .list_import_jobs_page(&ImportListRequest::new().page_size(1000))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert_eq!(e.http_status(), 0);
}
