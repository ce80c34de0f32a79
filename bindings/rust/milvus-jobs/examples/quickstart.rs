//! Quickstart: refresh an external collection and bulk-import files, then
//! follow both jobs to the end.
//!
//! Run it against the dev server and its sample data:
//!
//! ```sh
//! milvus-jobs-devserver --config tests/data/devserver/config.json \
//!     --data-dir tests/data/devserver/data &      # prints the port
//! cargo run --example quickstart -- http://127.0.0.1:PORT
//! ```
//!
//! Arguments: `[URI] [TOKEN]`; the defaults are `http://127.0.0.1:19530` and
//! no token. The collections (`books_ext`, `books`) and files
//! (`books/part1.json`, ...) are those of the dev server's sample data.
use milvus_jobs::{
    CallOptions, Client, ErrorKind, ImportRequest, ImportState, RefreshRequest, RefreshState,
};
use std::process::ExitCode;
use std::time::Duration;

fn run(uri: &str, token: Option<&str>) -> milvus_jobs::Result<()> {
    let mut builder = Client::builder()
        .uri(uri)
        .request_timeout(Duration::from_secs(10));
    if let Some(t) = token {
        builder = builder.token(t);
    }
    let client = builder.build()?;
    println!("milvus-jobs {} at {uri}", milvus_jobs::version());

    // 1. Refresh an external collection from the source it already has.
    let refresh_id = match client.refresh_external_collection(&RefreshRequest::new("books_ext")) {
        Ok(id) => id,
        // A refresh of this collection is already running: follow that one.
        Err(e) => match (e.kind(), e.job_id()) {
            (ErrorKind::DuplicateJob, Some(running)) => running,
            _ => return Err(e),
        },
    };
    println!("refresh job {refresh_id} started");

    // 2. Import three files, each its own import unit.
    let import_id = client.bulk_import(&ImportRequest::new("books").files([
        "books/part1.json",
        "books/part2.json",
        "books/part4.csv",
    ]))?;
    println!("import job {import_id} started");

    // 3. Follow both jobs. Every read has a 5 s deadline of its own.
    let call = CallOptions::new().timeout(Duration::from_secs(5));
    let jobs = client.with_options(&call);
    loop {
        let refresh = jobs.get_refresh_external_collection_progress(refresh_id)?;
        let import = jobs.get_import_progress(&import_id)?;
        println!(
            "refresh: {:<17} {:>3}%   import: {:<9} {:>3}% ({} / {} rows)",
            refresh.state,
            refresh.progress,
            import.state,
            import.progress,
            import.imported_rows,
            import.total_rows
        );
        if refresh.state.is_terminal() && import.state.is_terminal() {
            if refresh.state == RefreshState::Failed {
                println!("refresh failed: {}", refresh.reason);
            }
            if import.state == ImportState::Failed {
                println!("import failed: {}", import.reason);
            }
            for file in &import.details {
                println!(
                    "  {} {} rows {}",
                    file.file_name, file.state, file.total_rows
                );
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }

    // 4. Errors carry their category and the server's own code and text.
    match client.get_import_progress("1") {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            println!(
                "as expected: {e} (server code {}, HTTP {})",
                e.server_code(),
                e.http_status()
            )
        }
        other => println!("unexpected: {other:?}"),
    }
    println!(
        "{} import job(s) on the server",
        client.list_import_jobs(None)?.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let uri = args
        .first()
        .map_or("http://127.0.0.1:19530", String::as_str);
    match run(uri, args.get(1).map(String::as_str)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if !e.request_id().is_empty() {
                eprintln!("  request id {}, trace id {}", e.request_id(), e.trace_id());
            }
            ExitCode::FAILURE
        }
    }
}
