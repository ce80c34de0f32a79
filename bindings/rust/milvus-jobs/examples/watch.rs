//! Waiting and watching: wait for one import with a progress closure, then
//! watch several jobs at once with a `Watcher`.
//!
//! ```sh
//! milvus-jobs-devserver --config tests/data/devserver/config.json \
//!     --data-dir COPY_OF_tests/data/devserver/data --work-delay-ms 50 &   # prints the port
//! cargo run --example watch -- http://127.0.0.1:PORT
//! ```
use milvus_jobs::{
    Client, ImportRequest, JobId, RefreshRequest, WaitOptions, Watcher, WatcherOptions,
};
use std::process::ExitCode;
use std::time::Duration;

fn run(uri: &str) -> milvus_jobs::Result<()> {
    let client = Client::new(uri)?;

    // One job: block until it ends, printing each change.
    let id = client.bulk_import(&ImportRequest::new("books").file("books/part3.jsonl"))?;
    let wait = WaitOptions::new().timeout(Duration::from_secs(60));
    let job = client.wait_import(&id, &wait, |j| {
        println!("  import {}: {} {}%", j.job_id, j.state, j.progress)
    })?;
    println!(
        "import {} ended {} with {} rows",
        job.job_id, job.state, job.total_rows
    );

    // Many jobs: one watcher, a few connections, events as they come.
    let watcher = Watcher::new(
        &client,
        &WatcherOptions::new()
            .interval(Duration::from_millis(100))
            .max_connections(4),
    )?;
    for file in ["books/part1.json", "books/part2.json", "books/part4.csv"] {
        watcher.add_import(&client.bulk_import(&ImportRequest::new("books").file(file))?)?;
    }
    watcher
        .add_refresh(client.refresh_external_collection(&RefreshRequest::new("books_iceberg"))?)?;
    println!("watching {} jobs", watcher.len());
    watcher.run(Some(Duration::from_secs(60)), |event| {
        let id = match &event.job_id {
            JobId::Refresh(id) => format!("refresh {id}"),
            JobId::Import(id) => format!("import {id}"),
            JobId::SnapshotRestore(id) => format!("snapshot restore {id}"),
            _ => "another job".to_string(),
        };
        match &event.result {
            Ok(milvus_jobs::Job::Refresh(j)) => println!("  {id}: {} {}%", j.state, j.progress),
            Ok(milvus_jobs::Job::Import(j)) => println!("  {id}: {} {}%", j.state, j.progress),
            Ok(milvus_jobs::Job::SnapshotRestore(j)) => {
                println!("  {id}: {} {}%", j.state, j.progress)
            }
            Ok(_) => println!("  {id}: a job of a kind this example does not know"),
            Err(e) => println!("  {id}: {e}"),
        }
        if event.done {
            println!("  {id}: done");
        }
    })?;
    println!("all jobs done");
    Ok(())
}

fn main() -> ExitCode {
    let uri = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:19530".into());
    match run(&uri) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
