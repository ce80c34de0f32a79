'use strict';
// milvus-jobs for Node: refresh an external collection and bulk-import files,
// waiting with progress, then list the jobs.
//
//   node examples/quickstart.js [URI]
//
// URI defaults to $MJ_URI, else http://127.0.0.1:19530. To try it locally,
// start the dev server on the sample data (from the repository root):
//   milvus-jobs-devserver --port 19530 --config tests/data/devserver/config.json \
//     --data-dir "$(mktemp -d)"  # or a copy of tests/data/devserver/data
// The collections used (books_ext, books) and the files (books/part1.json ...)
// are those of tests/data/devserver.

const { Client, JobFailedError, MilvusJobsError } = require('..');

async function main() {
  const uri = process.argv[2] || process.env.MJ_URI || 'http://127.0.0.1:19530';
  const client = new Client({ uri, token: process.env.MJ_TOKEN, requestTimeoutMs: 10_000 });
  try {
    // Refresh: the id is an int64, a bigint in JavaScript.
    const refreshId = await client.refreshExternalCollection({ collectionName: 'books_ext' });
    console.log(`refresh job ${refreshId} started`);
    const refreshed = await client.waitRefresh(refreshId, {
      signal: AbortSignal.timeout(60_000), // give up after a minute
      onProgress: (job) => console.log(`  refresh ${job.stateName} ${job.progress}%`),
    });
    console.log(`refresh ${refreshed.state}: ${refreshed.externalSource}`);

    // Bulk import: each path is its own group; options are strings on the wire.
    const importId = await client.bulkImport({
      collectionName: 'books',
      files: ['books/part1.json', 'books/part2.json', 'books/part3.jsonl'],
    });
    console.log(`import job ${importId} started`);
    const imported = await client.waitImport(importId, {
      onProgress: (job) => console.log(`  import ${job.stateName} ${job.progress}% (${job.importedRows}/${job.totalRows} rows)`),
    });
    console.log(`import ${imported.state}: ${imported.importedRows} rows from ${imported.details.length} files`);

    // A job that fails: the error carries the job and its reason.
    const badId = await client.bulkImport({ collectionName: 'books', files: ['books/bad.json'] });
    try {
      await client.waitImport(badId);
    } catch (e) {
      if (!(e instanceof JobFailedError)) throw e;
      console.log(`import ${badId} failed as expected: ${e.job.reason}`);
    }

    const jobs = await client.listImportJobs('books');
    console.log(`${jobs.length} import jobs on collection books`);
  } catch (e) {
    if (e instanceof MilvusJobsError) {
      console.error(`${e.name} (${e.category}, server code ${e.serverCode}, HTTP ${e.httpStatus}): ${e.message}`);
      process.exitCode = 1;
    } else throw e;
  } finally {
    client.close();
  }
}

main();
