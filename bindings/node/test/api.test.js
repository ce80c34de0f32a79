'use strict';
// Every job operation against the dev server over loopback.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { mj, newClient, closeClients, startDevServer, eventually } = require('./support');

let server;
let client;

before(async () => {
  server = await startDevServer();
  client = newClient({ uri: server.uri, requestTimeoutMs: 10000 });
});

after(async () => {
  closeClients();
  client.close();
  await server.stop();
});

const FIRST_REFRESH_ID = 449012345678901234n; // the dev server's first id: above 2^53

test('library and header versions match', () => {
  // The core is compiled into the addon: the version of the header it was built from.
  const { root, version } = require('../scripts/native');
  assert.equal(mj.libraryVersion(), version(root()));
  assert.equal(mj.libraryVersionNumber, mj.headerVersionNumber);
  assert.equal(require('../package.json').version, mj.libraryVersion(), 'the package carries the core of its own version');
  assert.equal(mj.statusName(8), 'MJ_ENOT_FOUND');
  assert.equal(mj.statusDescription(8), 'not found');
});

test('refresh returns an exact bigint id above 2^53 and the job completes', async () => {
  const id = await client.refreshExternalCollection({ collectionName: 'books_ext' });
  assert.equal(typeof id, 'bigint');
  assert.equal(id, FIRST_REFRESH_ID);
  assert.ok(id > 2n ** 53n);
  const job = await eventually(async () => {
    const j = await client.getRefreshExternalCollectionProgress(id);
    return j.terminal ? j : null;
  });
  assert.equal(job.jobId, id);
  assert.equal(job.collectionName, 'books_ext');
  assert.equal(job.state, mj.RefreshState.COMPLETED);
  assert.equal(job.stateName, 'RefreshCompleted');
  assert.equal(job.progress, 100);
  assert.equal(job.reason, '');
  assert.equal(job.externalSource, 's3://bucket/books');
  assert.match(job.externalSpec, /parquet/);
  assert.ok(job.startTimeMs > 1.6e12 && job.endTimeMs >= job.startTimeMs);
});

test('refresh with a new source and spec (spec given as an object)', async () => {
  const id = await client.refreshExternalCollection(
    { collectionName: 'events_ext', externalSource: 's3://bucket/events', externalSpec: { format: 'milvus-table' } },
    { dbName: 'analytics' },
  );
  const job = await eventually(async () => {
    const j = await client.getRefreshExternalCollectionProgress(id, { dbName: 'analytics' });
    return j.terminal ? j : null;
  });
  assert.equal(job.state, 'completed');
  assert.equal(JSON.parse(job.externalSpec).format, 'milvus-table');
});

test('list refresh jobs: by collection and all, ids exact', async () => {
  const id = await client.refreshExternalCollection('books_iceberg');
  const mine = await client.listRefreshExternalCollectionJobs('books_iceberg');
  assert.ok(mine.length >= 1);
  assert.ok(mine.every((j) => j.collectionName === 'books_iceberg'));
  assert.ok(mine.some((j) => j.jobId === id));
  const all = await client.listRefreshExternalCollectionJobs();
  assert.ok(all.some((j) => j.jobId === id));
  assert.ok(all.some((j) => j.jobId === FIRST_REFRESH_ID));
  for (const j of all) assert.equal(typeof j.jobId, 'bigint');
});

test('a refresh job id of 2^53 + 1 reaches the server exactly', async () => {
  const id = 2n ** 53n + 1n; // 9007199254740993: a double would send ...992
  await assert.rejects(client.getRefreshExternalCollectionProgress(id), (e) => {
    assert.ok(e instanceof mj.NotFoundError);
    assert.match(e.message + e.serverMessage, /9007199254740993/);
    return true;
  });
  // The same id as a decimal string is accepted; as an unsafe number it is refused.
  await assert.rejects(client.getRefreshExternalCollectionProgress('9007199254740993'), mj.NotFoundError);
  await assert.rejects(client.getRefreshExternalCollectionProgress(9007199254740993), (e) => {
    assert.ok(e instanceof mj.InvalidArgumentError);
    assert.match(e.message, /bigint/);
    return true;
  });
});

async function importDone(id) {
  return eventually(async () => {
    const j = await client.getImportProgress(id);
    return j.terminal || j.state === 'uncommitted' ? j : null;
  });
}

test('bulk import: every file its own group, job completes with rows and details', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: ['books/part1.json', 'books/part2.json', 'books/part3.jsonl'] });
  assert.equal(typeof id, 'string');
  assert.match(id, /^[0-9]+$/);
  const job = await importDone(id);
  assert.equal(job.jobId, id);
  assert.equal(job.collectionName, 'books');
  assert.equal(job.state, mj.ImportState.COMPLETED);
  assert.equal(job.stateName, 'Completed');
  assert.equal(job.progress, 100);
  assert.equal(job.importedRows, 9);
  assert.equal(job.totalRows, 9);
  assert.ok(job.fileSize > 0);
  assert.match(job.createTime, /^\d{4}-\d\d-\d\dT/);
  assert.ok(job.createTimeMs > 1.6e12);
  assert.ok(job.completeTimeMs >= job.createTimeMs);
  assert.equal(job.details.length, 3);
  assert.deepEqual(
    job.details.map((d) => d.fileName),
    ['[books/part1.json]', '[books/part2.json]', '[books/part3.jsonl]'],
  );
  for (const d of job.details) {
    assert.equal(d.state, mj.ImportFileState.COMPLETED);
    assert.equal(d.progress, 100);
    assert.ok(d.fileSize > 0);
  }
  assert.deepEqual(
    job.details.map((d) => d.importedRows),
    [3, 2, 4],
  );
});

test('bulk import with explicit groups and string options', async () => {
  const id = await client.bulkImport({
    collectionName: 'books',
    files: [['books/part1.json'], 'books/part4.csv'],
    options: { sep: ',', timeout: 300 },
  });
  const job = await importDone(id);
  assert.equal(job.state, 'completed');
  assert.equal(job.importedRows, 7);
});

test('bulk import that fails: state failed with the reason', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: ['books/bad.json'] });
  const job = await importDone(id);
  assert.equal(job.state, 'failed');
  assert.notEqual(job.reason, '');
  assert.equal(job.details[0].state, 'failed');
});

test('auto_commit=false: uncommitted, then commit completes it', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: ['books/part2.json'], options: { auto_commit: false } });
  const waiting = await importDone(id);
  assert.equal(waiting.state, mj.ImportState.UNCOMMITTED);
  assert.equal(await client.commitImport(id), undefined);
  const job = await importDone(id);
  assert.equal(job.state, 'completed');
  assert.equal(job.importedRows, 2);
  // Committing again is refused by the server: not Uncommitted any more.
  await assert.rejects(client.commitImport(id), mj.InvalidArgumentError);
});

test('abort an uncommitted import: failed, "aborted by user"', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: ['books/part1.json'], options: { auto_commit: 'false' } });
  assert.equal((await importDone(id)).state, 'uncommitted');
  await client.abortImport(id);
  const job = await client.getImportProgress(id);
  assert.equal(job.state, 'failed');
  assert.match(job.reason, /aborted by user/);
});

test('list import jobs: by collection and all', async () => {
  const id = await client.bulkImport({ collectionName: 'quick_setup', files: ['books/part1.json'] });
  const mine = await client.listImportJobs('quick_setup');
  assert.ok(mine.some((j) => j.jobId === id));
  assert.ok(mine.every((j) => j.collectionName === 'quick_setup'));
  const all = await client.listImportJobs();
  assert.ok(all.some((j) => j.jobId === id));
  assert.ok(all.some((j) => j.collectionName === 'books'));
  for (const j of all) assert.ok(Object.values(mj.ImportState).includes(j.state));
});

test('dbName per call and per client', async () => {
  await assert.rejects(client.bulkImport({ collectionName: 'events', files: ['books/part1.json'] }), mj.NotFoundError);
  const id = await client.bulkImport({ collectionName: 'events', files: ['books/part1.json'] }, { dbName: 'analytics' });
  assert.ok((await client.listImportJobs('events', { dbName: 'analytics' })).some((j) => j.jobId === id));
  const analytics = newClient({ uri: server.uri, dbName: 'analytics' });
  try {
    assert.ok((await analytics.listImportJobs('events')).some((j) => j.jobId === id));
  } finally {
    analytics.close();
  }
});

test('a closed client refuses calls; calls in flight finish', async () => {
  const c = newClient({ uri: server.uri });
  const inFlight = c.listImportJobs();
  c.close();
  assert.ok(Array.isArray(await inFlight));
  await assert.rejects(c.listImportJobs(), (e) => e instanceof mj.InvalidArgumentError && /closed/.test(e.message));
});

test('the addon loads and works in worker threads too', async () => {
  const { Worker } = require('node:worker_threads');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const mj = require(workerData.pkg);
    const c = new mj.Client({ uri: workerData.uri });
    c.listImportJobs().then((jobs) => { c.close(); parentPort.postMessage(jobs.length); },
                             (e) => parentPort.postMessage(String(e)));`;
  const runs = [0, 1].map(
    () =>
      new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { pkg: require.resolve('..'), uri: server.uri } });
        w.once('message', resolve);
        w.once('error', reject);
      }),
  );
  for (const n of await Promise.all(runs)) assert.equal(typeof n, 'number', `worker said ${n}`);
});
