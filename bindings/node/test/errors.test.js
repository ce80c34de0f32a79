'use strict';
// Errors: classes and fields for every category the dev server and hand-made
// servers can produce, client options reaching the wire, TLS.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { mj, newClient, closeClients, startDevServer, startSilentServer, startScriptedServer, selfSignedCert } = require('./support');

let server;
let client;

before(async () => {
  server = await startDevServer();
  client = new mj.Client({ uri: server.uri });
});

after(async () => {
  closeClients();
  client.close();
  await server.stop();
});

test('every error is an Error and a MilvusJobsError subclass with its category', () => {
  const cases = [
    [mj.InvalidArgumentError, 1, 'invalid_argument'],
    [mj.TransportError, 2, 'transport'],
    [mj.TlsError, 3, 'tls'],
    [mj.TimeoutError, 4, 'timeout'],
    [mj.CancelledError, 5, 'cancelled'],
    [mj.UnauthenticatedError, 6, 'unauthenticated'],
    [mj.PermissionDeniedError, 7, 'permission_denied'],
    [mj.NotFoundError, 8, 'not_found'],
    [mj.DuplicateJobError, 9, 'duplicate_job'],
    [mj.RateLimitedError, 10, 'rate_limited'],
    [mj.ServerError, 11, 'server'],
    [mj.ProtocolError, 12, 'protocol'],
    [mj.UnsupportedError, 13, 'unsupported'],
    [mj.OutOfMemoryError, 14, 'out_of_memory'],
    [mj.InternalError, 15, 'internal'],
    [mj.JobFailedError, 16, 'job_failed'],
    [mj.JobLostError, 17, 'job_lost'],
  ];
  for (const [cls, status, category] of cases) {
    const e = new cls('m');
    assert.ok(e instanceof Error && e instanceof mj.MilvusJobsError && e instanceof cls);
    assert.equal(e.status, status);
    assert.equal(e.category, category);
    assert.equal(e.code, mj.statusName(status));
    assert.equal(e.name, cls === mj.CancelledError ? 'AbortError' : cls.name);
  }
  assert.equal(mj.AbortError, mj.CancelledError);
});

test('not found from the server: code, HTTP status, server message, request and trace ids', async () => {
  await assert.rejects(client.getImportProgress('123456'), (e) => {
    assert.ok(e instanceof mj.NotFoundError);
    assert.equal(e.serverCode, 2101);
    assert.equal(e.httpStatus, 200);
    assert.match(e.serverMessage, /import job does not exist/);
    assert.notEqual(e.message, '');
    assert.notEqual(e.requestId, '');
    assert.match(e.traceId, /^[0-9a-f]+$/);
    assert.equal(e.attempts, 1);
    assert.equal(e.retriable, false);
    assert.ok(e.stack.includes('errors.test.js'), 'the stack shows the caller');
    return true;
  });
  await assert.rejects(client.refreshExternalCollection('no_such_collection'), (e) => e instanceof mj.NotFoundError && e.serverCode === 100);
  await assert.rejects(client.listImportJobs('x', { dbName: 'no_such_db' }), (e) => e instanceof mj.NotFoundError && e.serverCode === 800);
});

test('invalid arguments refused by the library before sending', async () => {
  await assert.rejects(client.bulkImport({ collectionName: '', files: ['a.json'] }), (e) => {
    assert.ok(e instanceof mj.InvalidArgumentError);
    assert.equal(e.httpStatus, 0);
    assert.equal(e.attempts, 0);
    assert.match(e.message, /collection/);
    return true;
  });
  await assert.rejects(client.bulkImport({ collectionName: 'books', files: [] }), mj.InvalidArgumentError);
  await assert.rejects(client.refreshExternalCollection({ collectionName: 'books_ext', externalSource: 's3://b/x' }), mj.InvalidArgumentError);
  await assert.rejects(client.getRefreshExternalCollectionProgress(0n), mj.InvalidArgumentError);
  await assert.rejects(client.getRefreshExternalCollectionProgress(-5n), mj.InvalidArgumentError);
});

test('invalid arguments refused by the server: 1100 for an import path that escapes', async () => {
  await assert.rejects(client.bulkImport({ collectionName: 'books', files: ['../outside.json'] }), (e) => {
    assert.ok(e instanceof mj.InvalidArgumentError);
    assert.equal(e.serverCode, 1100);
    assert.equal(e.httpStatus, 200);
    return true;
  });
  await assert.rejects(client.refreshExternalCollection('books'), (e) => e instanceof mj.InvalidArgumentError && e.serverCode === 1100);
});

test('JS arguments of the wrong type or unknown options reject with InvalidArgumentError', async () => {
  const bad = [
    () => client.getImportProgress(42),
    () => client.getRefreshExternalCollectionProgress({}),
    () => client.getRefreshExternalCollectionProgress(2n ** 64n),
    () => client.listImportJobs(5),
    () => client.listImportJobs(undefined, { timeout: 5 }),
    () => client.listImportJobs(undefined, { timeoutMs: 'soon' }),
    () => client.listImportJobs(undefined, { signal: {} }),
    () => client.bulkImport({ collectionName: 'books', files: 'a.json' }),
    () => client.bulkImport({ collectionName: 'books', files: [[1]] }),
    () => client.bulkImport({ collectionName: 'books', files: ['a.json'], options: { a: {} } }),
    () => client.bulkImport({ collection: 'books' }),
    () => client.waitImport('1', { onProgress: 'no' }),
  ];
  for (const call of bad) await assert.rejects(call(), mj.InvalidArgumentError);
  assert.throws(() => newClient(), mj.InvalidArgumentError);
  assert.throws(() => newClient({ uri: server.uri, requestTimeout: 5 }), /unknown option "requestTimeout"/);
  assert.throws(() => newClient({ uri: server.uri, deployment: 'cloud' }), mj.InvalidArgumentError);
  assert.throws(() => newClient({ uri: 'not a url' }), mj.InvalidArgumentError);
  assert.throws(() => newClient({ uri: server.uri, extraHeaders: ['X-A: b\r\nX-Evil: 1'] }), mj.InvalidArgumentError);
  assert.throws(() => newClient({ uri: server.uri, token: 'a\nb' }), mj.InvalidArgumentError);
});

test('unauthenticated: 401 and code 1800; the right token works', async () => {
  const secured = await startDevServer({ token: 'root:Milvus' });
  try {
    const anon = newClient({ uri: secured.uri });
    await assert.rejects(anon.listImportJobs(), (e) => {
      assert.ok(e instanceof mj.UnauthenticatedError);
      assert.equal(e.httpStatus, 401);
      assert.equal(e.serverCode, 1800);
      return true;
    });
    const wrong = newClient({ uri: secured.uri, token: 'root:wrong' });
    await assert.rejects(wrong.listImportJobs(), mj.UnauthenticatedError);
    const right = newClient({ uri: secured.uri, token: 'root:Milvus' });
    assert.ok(Array.isArray(await right.listImportJobs()));
    const e = await wrong.listImportJobs().catch((x) => x);
    assert.ok(!e.message.includes('root:wrong'), 'the token never appears in a message');
  } finally {
    closeClients();
    await secured.stop();
  }
});

test('transport error when nothing listens', async () => {
  const silent = await startSilentServer();
  const port = new URL(silent.uri).port;
  await silent.stop();
  const c = newClient({ uri: `http://127.0.0.1:${port}`, maxAttempts: 1 });
  await assert.rejects(c.listImportJobs(), (e) => {
    assert.ok(e instanceof mj.TransportError);
    assert.equal(e.httpStatus, 0);
    assert.equal(e.serverCode, 0);
    return true;
  });
});

test('timeout: a server that never answers, client and per-call deadlines', async () => {
  const silent = await startSilentServer();
  try {
    const c = newClient({ uri: silent.uri, requestTimeoutMs: 300, maxAttempts: 1 });
    let t0 = Date.now();
    await assert.rejects(c.getImportProgress('1'), mj.TimeoutError);
    let took = Date.now() - t0;
    assert.ok(took >= 250 && took < 3000, `client deadline took ${took} ms`);
    t0 = Date.now();
    await assert.rejects(c.getImportProgress('1', { timeoutMs: 100, maxAttempts: 1 }), mj.TimeoutError);
    took = Date.now() - t0;
    assert.ok(took < 1000, `per-call deadline took ${took} ms`);
  } finally {
    closeClients();
    await silent.stop();
  }
});

test('protocol error for an answer that is not JSON; server error for 500', async () => {
  const scripted = await startScriptedServer((req) =>
    req.url.endsWith('/describe') ? { status: 200, body: '<html>surprise</html>' } : { status: 500, body: '{"code":65535,"message":"boom"}' },
  );
  try {
    const c = newClient({ uri: scripted.uri, maxAttempts: 1 });
    await assert.rejects(c.getImportProgress('1'), mj.ProtocolError);
    await assert.rejects(c.commitImport('1'), (e) => e instanceof mj.ServerError && e.httpStatus === 500);
  } finally {
    closeClients();
    await scripted.stop();
  }
});

test('duplicate refresh names the running job as a bigint', async () => {
  const slow = await startDevServer({ workDelayMs: 300 });
  try {
    const c = newClient({ uri: slow.uri });
    const first = await c.refreshExternalCollection('books_ext');
    await assert.rejects(c.refreshExternalCollection('books_ext'), (e) => {
      assert.ok(e instanceof mj.DuplicateJobError);
      assert.equal(e.serverCode, 703);
      assert.equal(e.runningJobId, first);
      return true;
    });
  } finally {
    closeClients();
    await slow.stop();
  }
});

test('every client option reaches the wire', async () => {
  const body = JSON.stringify({ code: 0, data: { jobId: '7', collectionName: 'c', state: 'Completed', progress: 100, details: [] } });
  const scripted = await startScriptedServer(() => ({ body }));
  const dir = require('./support').tempDir();
  const caFile = `${dir}/ca.pem`;
  fs.writeFileSync(caFile, '');
  try {
    const c = newClient({
      uri: `${scripted.uri}/`,
      token: 'user:pass',
      dbName: 'analytics',
      connectTimeoutMs: 2000,
      requestTimeoutMs: 5000,
      tlsInsecureSkipVerify: false,
      tlsCaFile: caFile,
      tlsCaPath: dir,
      userAgent: 'node-test/1.0',
      extraHeaders: { 'X-Tenant': 'alpha' },
      maxAttempts: 2,
      retryInitialBackoffMs: 10,
      retryMaxBackoffMs: 100,
      maxResponseBytes: 1 << 20,
      maxListResponseBytes: 1 << 22,
      deployment: 'milvus',
    });
    const job = await c.getImportProgress('7');
    assert.equal(job.jobId, '7');
    assert.equal(job.state, 'completed');
    const r = scripted.requests.at(-1);
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/v2/vectordb/jobs/import/describe');
    assert.equal(r.headers.authorization, 'Bearer user:pass');
    assert.equal(r.headers['db-name'], 'analytics');
    assert.equal(r.headers['user-agent'], 'node-test/1.0');
    assert.equal(r.headers['x-tenant'], 'alpha');
    assert.match(r.headers['x-request-id'], /.+/);
    assert.deepEqual(JSON.parse(r.body).jobId, '7');
    // Header lines as an array, and a per-call dbName.
    const c2 = newClient({ uri: scripted.uri, extraHeaders: ['X-One: 1', 'X-Two: 2'] });
    await c2.getImportProgress('7', { dbName: 'other' });
    const r2 = scripted.requests.at(-1);
    assert.equal(r2.headers['x-one'], '1');
    assert.equal(r2.headers['x-two'], '2');
    assert.equal(r2.headers['db-name'], 'other');
  } finally {
    closeClients();
    await scripted.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('retries: reads retried on 503 up to maxAttempts, attempts reported', async () => {
  let failuresLeft = 0;
  const ok = JSON.stringify({ code: 0, data: { jobId: '7', collectionName: 'c', state: 'Completed', progress: 100, details: [] } });
  const scripted = await startScriptedServer(() => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      return { status: 503, body: '{"code":1,"message":"unavailable"}' };
    }
    return { body: ok };
  });
  try {
    const c = newClient({ uri: scripted.uri, maxAttempts: 3, retryInitialBackoffMs: 10, retryMaxBackoffMs: 20 });
    failuresLeft = 2;
    const job = await c.getImportProgress('7');
    assert.equal(job.jobId, '7');
    assert.equal(scripted.requests.length, 3);
    failuresLeft = 5;
    await assert.rejects(c.getImportProgress('7', { maxAttempts: 2 }), (e) => {
      assert.ok(e instanceof mj.MilvusJobsError);
      assert.equal(e.httpStatus, 503);
      assert.equal(e.attempts, 2);
      return true;
    });
    // A commit that reached the server is never retried.
    failuresLeft = 1;
    const before = scripted.requests.length;
    await assert.rejects(c.commitImport('7'));
    assert.equal(scripted.requests.length, before + 1);
  } finally {
    closeClients();
    await scripted.stop();
  }
});

test('response bounds: an answer over maxResponseBytes is a protocol error', async () => {
  const big = JSON.stringify({ code: 0, data: { jobId: '7', collectionName: 'c'.repeat(5000), state: 'Completed', progress: 100, details: [] } });
  const scripted = await startScriptedServer(() => ({ body: big }));
  try {
    const c = newClient({ uri: scripted.uri, maxResponseBytes: 1024, maxAttempts: 1 });
    await assert.rejects(c.getImportProgress('7'), (e) => {
      assert.ok(e instanceof mj.ProtocolError, `got ${e.name}: ${e.message}`);
      assert.match(e.message, /1024|large|bytes/);
      return true;
    });
    const roomy = newClient({ uri: scripted.uri, maxResponseBytes: 1 << 20 });
    assert.equal((await roomy.getImportProgress('7')).jobId, '7');
  } finally {
    closeClients();
    await scripted.stop();
  }
});

test('TLS: verification on by default, CA file, explicit opt-out', async () => {
  let cert;
  try {
    cert = selfSignedCert();
  } catch {
    assert.fail('openssl is needed to make a test certificate');
  }
  const tls = await startDevServer({ tlsCert: cert.cert, tlsKey: cert.key });
  try {
    assert.match(tls.uri, /^https:/);
    const strict = newClient({ uri: tls.uri, maxAttempts: 1 });
    await assert.rejects(strict.listImportJobs(), mj.TlsError);
    const withCa = newClient({ uri: tls.uri, tlsCaFile: cert.cert });
    assert.ok(Array.isArray(await withCa.listImportJobs()));
    const insecure = newClient({ uri: tls.uri, tlsInsecureSkipVerify: true });
    assert.ok(Array.isArray(await insecure.listImportJobs()));
  } finally {
    closeClients();
    await tls.stop();
    fs.rmSync(cert.dir, { recursive: true, force: true });
  }
});
