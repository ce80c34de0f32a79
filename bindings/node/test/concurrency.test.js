'use strict';
// Cancellation through AbortSignal, and 100 concurrent calls that never block
// the event loop. Measured figures are printed as test diagnostics.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const { mj, newClient, closeClients, startDevServer, startSilentServer } = require('./support');

let server;
let silent;

before(async () => {
  server = await startDevServer();
  silent = await startSilentServer();
});

after(async () => {
  closeClients();
  await silent.stop();
  await server.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (ns) => (ns / 1e6).toFixed(2);

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
}

test('an AbortSignal cancels a call in flight promptly', async (t) => {
  const c = newClient({ uri: silent.uri, requestTimeoutMs: 30000, maxAttempts: 1 });
  const latencies = [];
  for (let i = 0; i < 20; i++) {
    const ac = new AbortController();
    const call = c.getImportProgress('1', { signal: ac.signal });
    await sleep(30); // the request is sent and waits for an answer
    const t0 = performance.now();
    ac.abort(new Error(`stop ${i}`));
    const e = await call.catch((x) => x);
    latencies.push(performance.now() - t0);
    assert.ok(e instanceof mj.CancelledError, `got ${e}`);
    assert.equal(e.name, 'AbortError');
    assert.equal(e.code, 'MJ_ECANCELLED');
    assert.equal(e.cause.message, `stop ${i}`);
  }
  const s = stats(latencies);
  t.diagnostic(`abort latency over 20 calls: median ${s.median.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`);
  assert.ok(s.median < 100, `median abort latency ${s.median} ms`);
  assert.ok(s.max < 500, `max abort latency ${s.max} ms`);
});

test('a signal aborted before the call rejects at once without sending', async () => {
  const c = newClient({ uri: server.uri });
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(c.listImportJobs(undefined, { signal: ac.signal }), (e) => {
    assert.ok(e instanceof mj.CancelledError);
    assert.equal(e.attempts, 0);
    assert.equal(e.cause, ac.signal.reason);
    return true;
  });
  // AbortSignal.timeout() works as a per-call deadline too.
  const silentClient = newClient({ uri: silent.uri, maxAttempts: 1 });
  const t0 = performance.now();
  await assert.rejects(silentClient.getImportProgress('1', { signal: AbortSignal.timeout(100) }), mj.CancelledError);
  assert.ok(performance.now() - t0 < 1000);
});

test('a signal used by a call that already ended changes nothing', async () => {
  const c = newClient({ uri: server.uri });
  const ac = new AbortController();
  const jobs = await c.listImportJobs(undefined, { signal: ac.signal });
  ac.abort();
  assert.ok(Array.isArray(jobs));
  assert.ok(Array.isArray(await c.listImportJobs()));
});

test('100 concurrent calls complete without blocking the event loop', async (t) => {
  const c = newClient({ uri: server.uri });
  const id = await c.bulkImport({ collectionName: 'books', files: ['books/part1.json'] });
  const refresh = await c.refreshExternalCollection('books_ext');
  const h = monitorEventLoopDelay({ resolution: 1 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  h.enable();
  const t0 = performance.now();
  const calls = [];
  for (let i = 0; i < 100; i++) {
    if (i % 3 === 0) calls.push(c.getImportProgress(id));
    else if (i % 3 === 1) calls.push(c.listImportJobs('books'));
    else calls.push(c.getRefreshExternalCollectionProgress(refresh));
  }
  const issued = performance.now() - t0;
  const results = await Promise.all(calls);
  const took = performance.now() - t0;
  h.disable();
  clearInterval(timer);
  assert.equal(results.length, 100);
  for (let i = 0; i < 100; i += 3) assert.equal(results[i].jobId, id);
  for (let i = 2; i < 100; i += 3) assert.equal(results[i].jobId, refresh);
  t.diagnostic(
    `100 concurrent calls: issued in ${issued.toFixed(2)} ms, all settled in ${took.toFixed(2)} ms; ` +
      `event-loop delay max ${ms(h.max)} ms, p99 ${ms(h.percentile(99))} ms, mean ${ms(h.mean)} ms; ${ticks} 1-ms ticks`,
  );
  assert.ok(issued < 1000, `issuing 100 calls took ${issued} ms`);
  assert.ok(h.max / 1e6 < 200, `event-loop delay max ${ms(h.max)} ms`);
});

test('100 calls to a server that never answers: the loop keeps ticking, one abort ends them all', async (t) => {
  const c = newClient({ uri: silent.uri, requestTimeoutMs: 30000, maxAttempts: 1 });
  const ac = new AbortController();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const settled = [];
  const calls = [];
  for (let i = 0; i < 100; i++) {
    calls.push(
      c.getImportProgress(String(i), { signal: ac.signal }).then(
        () => settled.push('resolved'),
        (e) => settled.push(e),
      ),
    );
  }
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  await sleep(500);
  clearInterval(timer);
  assert.equal(settled.length, 0, 'nothing settles while the server is silent');
  const t0 = performance.now();
  ac.abort();
  await Promise.all(calls);
  const took = performance.now() - t0;
  h.disable();
  t.diagnostic(
    `100 blocked calls: ${ticks} 10-ms ticks in 500 ms; event-loop delay max ${ms(h.max)} ms, p99 ${ms(h.percentile(99))} ms; ` +
      `all 100 rejected ${took.toFixed(2)} ms after abort()`,
  );
  assert.ok(ticks >= 35, `only ${ticks} ticks of 10 ms in 500 ms`);
  assert.ok(h.max / 1e6 < 200, `event-loop delay max ${ms(h.max)} ms`);
  assert.equal(settled.length, 100);
  assert.ok(settled.every((e) => e instanceof mj.CancelledError));
  assert.ok(took < 2000, `rejecting 100 cancelled calls took ${took} ms`);
});

test('terminating a worker thread with calls, waits and a watcher in flight crashes nothing', async () => {
  const { execFile } = require('node:child_process');
  const { promisify } = require('node:util');
  // In a child process, since a crash would take the test runner down.
  const script = `
    const { Worker } = require('node:worker_threads');
    const code = \`
      const mj = require(\${JSON.stringify(process.argv[1])});
      const c = new mj.Client({ uri: \${JSON.stringify(process.argv[2])}, requestTimeoutMs: 300, maxAttempts: 1 });
      for (let i = 0; i < 10; i++) c.getImportProgress(String(i)).catch(() => {});
      for (let i = 0; i < 3; i++) c.waitImport(String(i), { initialIntervalMs: 1 }).catch(() => {});
      const w = c.watch({ pollTimeoutMs: 300 }); w.addImport('1'); w.run({ onEvent() {} }).catch(() => {});
      require('node:worker_threads').parentPort.postMessage('go');\`;
    (async () => {
      for (let i = 0; i < 4; i++) {
        const w = new Worker(code, { eval: true });
        await new Promise((r) => w.once('message', r));
        await new Promise((r) => setTimeout(r, 20));
        await w.terminate();
      }
      await new Promise((r) => setTimeout(r, 1500)); // the abandoned calls end meanwhile
      console.log('still alive');
    })();`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, require.resolve('..'), silent.uri], { timeout: 30000 });
  assert.match(stdout, /still alive/);
});
