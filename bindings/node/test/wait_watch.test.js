'use strict';
// waitRefresh/waitImport with progress callbacks, and the watcher (run, next,
// async iteration), against the dev server with a work delay so progress
// can be seen moving.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs/promises');
const { performance } = require('node:perf_hooks');
const { mj, newClient, closeClients, startDevServer } = require('./support');

let server;
let client;

const THREE_FILES = ['books/part1.json', 'books/part2.json', 'books/part3.jsonl'];

before(async () => {
  server = await startDevServer({ workDelayMs: 60 });
  client = newClient({ uri: server.uri });
});

after(async () => {
  closeClients();
  await server.stop();
});

test('waitImport reports progress on the JS thread and resolves with the completed job', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: THREE_FILES });
  const seen = [];
  const job = await client.waitImport(id, {
    initialIntervalMs: 20,
    maxIntervalMs: 50,
    onProgress: (j) => {
      assert.equal(j.jobId, id);
      seen.push(j.progress);
    },
  });
  assert.equal(job.state, 'completed');
  assert.equal(job.importedRows, 9);
  assert.ok(seen.length >= 2, `progress seen ${seen.join(',')}`);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'progress never goes back');
  assert.equal(seen.at(-1), 100);
});

test('waitRefresh resolves with the completed job; its id stays a bigint', async () => {
  const id = await client.refreshExternalCollection('books_ext');
  const states = [];
  const job = await client.waitRefresh(id, { initialIntervalMs: 20, onProgress: (j) => states.push(j.state) });
  assert.equal(job.jobId, id);
  assert.equal(typeof job.jobId, 'bigint');
  assert.equal(job.state, 'completed');
  assert.equal(states.at(-1), 'completed');
});

test('waitImport of a failing job rejects with JobFailedError carrying the job', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: ['books/bad.json'] });
  await assert.rejects(client.waitImport(id, { initialIntervalMs: 20 }), (e) => {
    assert.ok(e instanceof mj.JobFailedError, `got ${e}`);
    assert.equal(e.job.jobId, id);
    assert.equal(e.job.state, 'failed');
    assert.notEqual(e.job.reason, '');
    return true;
  });
});

test('waitImport stops at uncommitted (auto_commit false)', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: ['books/part2.json'], options: { auto_commit: false } });
  const job = await client.waitImport(id, { initialIntervalMs: 20 });
  assert.equal(job.state, 'uncommitted');
  await client.commitImport(id);
  assert.equal((await client.waitImport(id, { initialIntervalMs: 20 })).state, 'completed');
});

test('wait of an unknown job: NotFoundError; wait timeout: TimeoutError with the last job', async () => {
  await assert.rejects(client.waitImport('123456789', { initialIntervalMs: 20 }), mj.NotFoundError);
  await assert.rejects(client.waitRefresh(123n, { initialIntervalMs: 20 }), mj.NotFoundError);
  const id = await client.bulkImport({ collectionName: 'books', files: THREE_FILES });
  await assert.rejects(client.waitImport(id, { timeoutMs: 60, initialIntervalMs: 10 }), (e) => {
    assert.ok(e instanceof mj.TimeoutError, `got ${e}`);
    if (e.job) assert.equal(e.job.jobId, id);
    return true;
  });
});

test('an AbortSignal cancels a wait promptly', async (t) => {
  const id = await client.bulkImport({ collectionName: 'books', files: THREE_FILES });
  const ac = new AbortController();
  const wait = client.waitImport(id, { signal: ac.signal, initialIntervalMs: 1000 });
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  ac.abort();
  await assert.rejects(wait, mj.CancelledError);
  const took = performance.now() - t0;
  t.diagnostic(`wait abort latency ${took.toFixed(2)} ms`);
  assert.ok(took < 200, `abort took ${took} ms`);
});

test('a progress callback that throws cancels the wait and rejects with its error', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: THREE_FILES });
  const boom = new Error('stop here');
  await assert.rejects(
    client.waitImport(id, {
      initialIntervalMs: 20,
      onProgress: () => {
        throw boom;
      },
    }),
    (e) => e === boom,
  );
});

test('waits run on their own threads: 8 long waits never starve the libuv pool', async () => {
  const ids = [];
  for (let i = 0; i < 8; i++) ids.push(await client.bulkImport({ collectionName: 'books', files: THREE_FILES }));
  const waits = ids.map((id) => client.waitImport(id, { initialIntervalMs: 20 }));
  const t0 = performance.now();
  await fs.readFile(__filename);
  await client.listImportJobs('books');
  assert.ok(performance.now() - t0 < 500, 'file and network calls still run while 8 waits block');
  for (const job of await Promise.all(waits)) assert.equal(job.state, 'completed');
});

test('watcher.run delivers every change of many jobs and resolves when all are done', async () => {
  const imports = [];
  for (let i = 0; i < 3; i++) imports.push(await client.bulkImport({ collectionName: 'books', files: THREE_FILES }));
  const refresh = await client.refreshExternalCollection('books_lance');
  const w = client.watch({ intervalMs: 20, maxConnections: 4 });
  for (const id of imports) w.addImport(id);
  w.addRefresh(refresh);
  w.addImport(imports[0]); // already watched: no-op
  assert.equal(w.size, 4);
  const events = [];
  await w.run({ timeoutMs: 20000, onEvent: (ev) => events.push(ev) });
  assert.equal(w.size, 0);
  const done = events.filter((e) => e.done);
  assert.equal(done.length, 4);
  for (const id of imports) {
    const last = done.find((e) => e.kind === 'import' && e.jobId === id);
    assert.equal(last.job.state, 'completed');
    assert.equal(last.error, null);
  }
  const r = done.find((e) => e.kind === 'refresh');
  assert.equal(r.jobId, refresh);
  assert.equal(r.job.jobId, refresh);
  w.close();
});

test('watcher: a failed job ends with JobFailedError and the job; an unknown job with NotFoundError', async () => {
  const bad = await client.bulkImport({ collectionName: 'books', files: ['books/bad.json'] });
  const w = client.watch({ intervalMs: 20 });
  w.addImport(bad).addImport('987654321');
  const events = [];
  await w.run({ timeoutMs: 20000, onEvent: (ev) => events.push(ev) });
  const failed = events.find((e) => e.jobId === bad && e.done);
  assert.ok(failed.error instanceof mj.JobFailedError, `got ${failed.error}`);
  assert.equal(failed.job.state, 'failed');
  assert.notEqual(failed.job.reason, '');
  const unknown = events.find((e) => e.jobId === '987654321');
  assert.ok(unknown.done);
  assert.equal(unknown.job, null);
  assert.ok(unknown.error instanceof mj.NotFoundError, `got ${unknown.error}`);
  w.close();
});

test('watcher events as an async iterator; remove stops a job', async () => {
  const a = await client.bulkImport({ collectionName: 'books', files: THREE_FILES });
  const b = await client.bulkImport({ collectionName: 'books', files: THREE_FILES });
  const w = client.watch({ intervalMs: 20 });
  w.addImport(a).addImport(b);
  w.removeImport(b);
  assert.throws(() => w.removeImport(b), mj.NotFoundError);
  const events = [];
  for await (const ev of w) events.push(ev);
  assert.ok(events.length >= 1);
  assert.ok(events.every((e) => e.jobId === a));
  assert.ok(events.at(-1).done);
  assert.equal(await w.next({ timeoutMs: 0 }), null);
  w.close();
});

test('one driver at a time; aborting a run cancels the watcher', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: THREE_FILES });
  const w = client.watch({ intervalMs: 1000 });
  w.addImport(id);
  const ac = new AbortController();
  const run = w.run({ signal: ac.signal, onEvent: () => {} });
  await assert.rejects(w.next({ timeoutMs: 10 }), (e) => e instanceof mj.InvalidArgumentError && /already/.test(e.message));
  const t0 = performance.now();
  ac.abort();
  await assert.rejects(run, mj.CancelledError);
  assert.ok(performance.now() - t0 < 200);
  // A cancelled watcher settles at once: CancelledError, or an event that was
  // already read before the cancel, or null when no job is left.
  const later = await w.next({ timeoutMs: 10000 }).catch((e) => e);
  assert.ok(later === null || later instanceof mj.CancelledError || later.jobId === id, `got ${later}`);
  assert.ok(performance.now() - t0 < 2000);
  w.close();
  assert.throws(() => w.size, /closed/);
});
