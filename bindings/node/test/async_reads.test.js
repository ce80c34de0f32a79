'use strict';
// The single job reads (getImportProgress, getRefreshExternalCollectionProgress,
// getRestoreSnapshotProgress) run on the library's non-blocking reads, driven
// from the JS thread's own event loop: many at once on one client, aborts in
// flight, transport errors, handles that never keep an idle process alive,
// and the same job objects as the blocking calls (the waits) give.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { mj, newClient, closeClients, startDevServer, startSilentServer } = require('./support');

let server;
let client;
const imports = []; // [id, the job waitImport returned]
const refreshes = []; // [id, the job waitRefresh returned]
const restores = []; // [id, the job waitRestoreSnapshot returned]

before(async () => {
  server = await startDevServer();
  client = newClient({ uri: server.uri });
  // Jobs run to their end, each read back through a wait: the blocking path
  // (mj_wait_*, on a thread of its own) gives the reference objects.
  const files = [['books/part1.json'], ['books/part2.json', 'books/part3.jsonl'], ['books/part3.jsonl']];
  for (const f of files) {
    const id = await client.bulkImport({ collectionName: 'books', files: f });
    imports.push([id, await client.waitImport(id, { timeoutMs: 30000, initialIntervalMs: 10, maxIntervalMs: 50 })]);
  }
  for (let i = 0; i < 2; i++) {
    const id = await client.refreshExternalCollection({ collectionName: 'books_ext' });
    refreshes.push([id, await client.waitRefresh(id, { timeoutMs: 30000, initialIntervalMs: 10, maxIntervalMs: 50 })]);
  }
  const uri = await client.exportSnapshot({ collectionName: 'books_ext', snapshotName: 'async_s1', targetPath: 's3://bucket/async_exports' });
  const id = await client.restoreExternalSnapshot({ targetCollectionName: 'books_async', snapshotUri: uri });
  restores.push([id, await client.waitRestoreSnapshot(id, { timeoutMs: 30000, initialIntervalMs: 10, maxIntervalMs: 50 })]);
});

after(async () => {
  closeClients();
  await server.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

test('the reads give the same job objects as the blocking path, field by field', async () => {
  for (const [id, waited] of imports) {
    const job = await client.getImportProgress(id);
    assert.equal(job.terminal, true);
    assert.deepStrictEqual(job, waited);
    assert.deepStrictEqual(Object.keys(job), Object.keys(waited), 'same fields in the same order');
    assert.ok(job.details.length > 0, 'an import read carries its files');
  }
  for (const [id, waited] of refreshes) {
    const job = await client.getRefreshExternalCollectionProgress(id);
    assert.equal(typeof job.jobId, 'bigint');
    assert.deepStrictEqual(job, waited);
    assert.deepStrictEqual(Object.keys(job), Object.keys(waited));
  }
  for (const [id, waited] of restores) {
    const job = await client.getRestoreSnapshotProgress(id);
    assert.deepStrictEqual(job, waited);
    assert.deepStrictEqual(Object.keys(job), Object.keys(waited));
  }
  // The list calls (still on the thread pool) agree too.
  const listed = await client.listImportJobs('books');
  for (const [id, waited] of imports) {
    const item = listed.find((j) => j.jobId === id);
    assert.ok(item, `import ${id} listed`);
    assert.equal(item.state, waited.state);
    assert.equal(item.progress, waited.progress);
  }
});

test('200 concurrent reads on one client, each result checked', async (t) => {
  const c = newClient({ uri: server.uri });
  const expected = [];
  const calls = [];
  for (let i = 0; i < 200; i++) {
    const pick = i % 6;
    if (pick < 3) {
      const [id, job] = imports[pick];
      calls.push(c.getImportProgress(id));
      expected.push(job);
    } else if (pick < 5) {
      const [id, job] = refreshes[pick - 3];
      calls.push(c.getRefreshExternalCollectionProgress(id));
      expected.push(job);
    } else {
      const [id, job] = restores[0];
      calls.push(c.getRestoreSnapshotProgress(id));
      expected.push(job);
    }
  }
  // Unknown ids among them: each of those rejects on its own.
  const missing = [c.getImportProgress('987654321'), c.getRefreshExternalCollectionProgress(987654321n)].map((p) => p.then(() => null, (e) => e));
  const t0 = performance.now();
  const got = await Promise.all(calls);
  t.diagnostic(`200 concurrent reads took ${(performance.now() - t0).toFixed(1)} ms`);
  got.forEach((job, i) => assert.deepStrictEqual(job, expected[i], `read ${i}`));
  for (const e of await Promise.all(missing)) assert.ok(e instanceof mj.NotFoundError, `${e}`);
  const s = c.stats();
  assert.ok(s.requests >= 202, `stats count the reads: ${s.requests}`);
  assert.ok(s.connectionsOpened <= 64, `at most 64 connections (max in flight): ${s.connectionsOpened}`);
  // Reads in several rounds reuse the connections.
  for (let round = 0; round < 3; round++) {
    const again = await Promise.all(imports.map(([id]) => c.getImportProgress(id)));
    again.forEach((job, i) => assert.deepStrictEqual(job, imports[i][1]));
  }
  assert.ok(c.stats().connectionsReused > 0);
});

test('an abort mid-flight ends that read only, with CancelledError and the reason as cause', async () => {
  const silent = await startSilentServer();
  try {
    const c = newClient({ uri: silent.uri, requestTimeoutMs: 1500, maxAttempts: 1 });
    const acs = [0, 1, 2, 3].map(() => new AbortController());
    const aborted = [
      c.getImportProgress('1', { signal: acs[0].signal }),
      c.getRefreshExternalCollectionProgress(5n, { signal: acs[1].signal }),
      c.getRestoreSnapshotProgress(7n, { signal: acs[2].signal }),
    ];
    const shared = [c.getImportProgress('2', { signal: acs[3].signal }), c.getImportProgress('3', { signal: acs[3].signal })];
    const untouched = c.getImportProgress('4');
    await sleep(100); // every request is sent and waits for an answer
    const t0 = performance.now();
    acs.forEach((ac, i) => ac.abort(new Error(`stop ${i}`)));
    const errors = await Promise.all([...aborted, ...shared].map((p) => p.then(() => null, (e) => e)));
    const took = performance.now() - t0;
    errors.forEach((e, i) => {
      assert.ok(e instanceof mj.CancelledError, `read ${i}: ${e}`);
      assert.equal(e.code, 'MJ_ECANCELLED');
      assert.equal(e.cause.message, `stop ${Math.min(i, 3)}`);
    });
    assert.ok(took < 500, `the aborts took ${took.toFixed(1)} ms`);
    // The read without a signal still runs to its own deadline.
    await assert.rejects(untouched, mj.TimeoutError);
  } finally {
    await silent.stop();
  }
});

test('a read against a closed port, and against a dev server that stopped, is a TransportError', async () => {
  const silent = await startSilentServer();
  const port = new URL(silent.uri).port;
  await silent.stop();
  const c = newClient({ uri: `http://127.0.0.1:${port}`, maxAttempts: 1 });
  for (const call of [() => c.getImportProgress('1'), () => c.getRefreshExternalCollectionProgress(1n), () => c.getRestoreSnapshotProgress(1n)]) {
    await assert.rejects(call(), (e) => {
      assert.ok(e instanceof mj.TransportError, `${e}`);
      assert.equal(e.code, 'MJ_ETRANSPORT');
      assert.equal(e.httpStatus, 0);
      assert.equal(e.attempts, 1);
      return true;
    });
  }

  const own = await startDevServer();
  let stopped = false;
  try {
    const d = newClient({ uri: own.uri, maxAttempts: 2, retryInitialBackoffMs: 1 });
    const id = await d.bulkImport({ collectionName: 'books', files: [['books/part1.json']] });
    assert.equal((await d.getImportProgress(id)).jobId, id); // a kept-alive connection now
    await own.stop();
    stopped = true;
    await assert.rejects(d.getImportProgress(id), (e) => {
      assert.ok(e instanceof mj.TransportError, `${e}`);
      assert.equal(e.retriable, true);
      return true;
    });
  } finally {
    if (!stopped) await own.stop();
  }
});

test('a closed client lets its reads in flight finish and refuses new ones', async () => {
  const c = new mj.Client({ uri: server.uri });
  const [id, waited] = imports[0];
  const inFlight = [c.getImportProgress(id), c.getRefreshExternalCollectionProgress(refreshes[0][0])];
  c.close();
  const [job, refresh] = await Promise.all(inFlight);
  assert.deepStrictEqual(job, waited);
  assert.deepStrictEqual(refresh, refreshes[0][1]);
  await assert.rejects(c.getImportProgress(id), (e) => e instanceof mj.InvalidArgumentError && /closed/.test(e.message));
});

test('the process exits by itself after reads; reads in flight keep it alive until they end', async () => {
  const silent = await startSilentServer();
  try {
    const [importId] = imports[0];
    // Reads that succeed, fail and are aborted; the clients are never closed
    // (idle connections stay open); one client is collected with a read in
    // flight; one read is left to time out without anybody awaiting it.
    const script = `
      const mj = require(process.argv[1]);
      const [uri, silentUri, importId] = process.argv.slice(2);
      const t0 = Date.now();
      (async () => {
        const c = new mj.Client({ uri });
        const jobs = await Promise.all(Array.from({ length: 20 }, () => c.getImportProgress(importId)));
        await c.getImportProgress('987654321').catch((e) => console.log('missing:', e.constructor.name));
        const s = new mj.Client({ uri: silentUri, requestTimeoutMs: 800, maxAttempts: 1 });
        const ac = new AbortController();
        const p = s.getImportProgress('1', { signal: ac.signal });
        setTimeout(() => ac.abort(), 50);
        await p.catch((e) => console.log('aborted:', e.constructor.name));
        new mj.Client({ uri: silentUri, requestTimeoutMs: 600, maxAttempts: 1 })
          .getImportProgress('2')
          .catch((e) => console.log('late:', e.constructor.name, Date.now() - t0 >= 600));
        global.gc();
        console.log('read', jobs.length, jobs.every((j) => j.jobId === importId));
        process.on('exit', () => console.log('exit after', Date.now() - t0 < 5000 ? 'under 5 s' : 'too long'));
      })();`;
    const t0 = performance.now();
    const { stdout } = await run(process.execPath, ['--expose-gc', '-e', script, require.resolve('..'), server.uri, silent.uri, importId], {
      timeout: 20000,
    });
    const took = performance.now() - t0;
    assert.match(stdout, /missing: NotFoundError/);
    assert.match(stdout, /aborted: CancelledError/);
    assert.match(stdout, /read 20 true/);
    assert.match(stdout, /late: TimeoutError true/, 'the unawaited read of a collected client kept the process alive until its deadline');
    assert.match(stdout, /exit after under 5 s/);
    assert.ok(took < 10000, `the child took ${took.toFixed(0)} ms`);
  } finally {
    await silent.stop();
  }
});

test('an idle client with kept-alive connections does not hold the process', async () => {
  const [importId] = imports[0];
  const script = `
    const mj = require(process.argv[1]);
    const c = new mj.Client({ uri: process.argv[2] });
    c.getImportProgress(process.argv[3]).then((j) => console.log('state', j.state));`;
  const t0 = performance.now();
  const { stdout } = await run(process.execPath, ['-e', script, require.resolve('..'), server.uri, importId], { timeout: 20000 });
  assert.match(stdout, /state completed/);
  const took = performance.now() - t0;
  assert.ok(took < 5000, `exited after ${took.toFixed(0)} ms`);
});

test('reads on many clients, closed or not, leave no handle that holds the process', async () => {
  const [importId] = imports[0];
  const script = `
    const mj = require(process.argv[1]);
    (async () => {
      for (let i = 0; i < 30; i++) {
        const c = new mj.Client({ uri: process.argv[2] });
        await c.getImportProgress(process.argv[3]);
        if (i % 2 === 0) c.close();
      }
      console.log('done');
    })();`;
  const t0 = performance.now();
  const { stdout } = await run(process.execPath, ['-e', script, require.resolve('..'), server.uri, importId], { timeout: 20000 });
  assert.match(stdout, /done/);
  const took = performance.now() - t0;
  assert.ok(took < 5000, `exited after ${took.toFixed(0)} ms`);
});
