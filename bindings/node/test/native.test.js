'use strict';
// What a Node user expects of a native binding (issue 16): strings with an
// embedded NUL refused before anything is sent, the running refresh job's id
// as a bigint, messages in this package's option names (never the C API's),
// the official Node SDK's call shapes, and id messages that say what is accepted.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { mj, newClient, closeClients, startDevServer, startSilentServer, startScriptedServer, eventually } = require('./support');

let server;
let client;
let scripted;

const DESCRIBE = JSON.stringify({ code: 0, data: { jobId: '7', collectionName: 'c', state: 'Completed', progress: 100, details: [] } });

before(async () => {
  server = await startDevServer();
  client = new mj.Client({ uri: server.uri, requestTimeoutMs: 10000 });
  scripted = await startScriptedServer(() => ({ body: DESCRIBE }));
});

after(async () => {
  closeClients();
  client.close();
  await scripted.stop();
  await server.stop();
});

/** A message a Node user reads: no mj_* symbol, no C struct field (snake_case _ms/_bytes). */
function assertNodeMessage(e, mentions) {
  assert.ok(e instanceof mj.MilvusJobsError, `got ${e}`);
  assert.doesNotMatch(e.message, /\bmj_|_options\.|\b[a-z]+(?:_[a-z]+)*_(?:ms|bytes)\b|\bstruct\b/, `C names in: ${e.message}`);
  if (mentions) assert.match(e.message, mentions);
}

// ---------------------------------------------------------------- NUL characters

test('a NUL in an import job id is refused: abortImport(id + "\\0junk") does not abort job id', async () => {
  const id = await client.bulkImport({ collectionName: 'books', files: ['books/part1.json'], options: { auto_commit: false } });
  for (const call of [
    () => client.abortImport(`${id}\u0000junk`),
    () => client.commitImport(`${id}\u0000junk`),
    () => client.getImportProgress(`${id}\u0000`),
    () => client.waitImport(`${id}\u0000x`, { timeoutMs: 1000 }),
    () => client.abortImport({ job_id: `${id}\u0000junk` }),
  ]) {
    await assert.rejects(call(), (e) => {
      assert.ok(e instanceof mj.InvalidArgumentError, `got ${e}`);
      assert.match(e.message, /NUL/);
      assert.equal(e.attempts, 0);
      assert.equal(e.httpStatus, 0);
      return true;
    });
  }
  const job = await eventually(async () => {
    const j = await client.getImportProgress(id);
    return j.terminal || j.state === 'uncommitted' ? j : null;
  });
  assert.notEqual(job.state, 'failed', 'the job was not aborted');
  await client.abortImport(id);
});

test('a NUL in any string is refused before anything is sent', async () => {
  const c = newClient({ uri: scripted.uri, maxAttempts: 1 });
  const sent = scripted.requests.length;
  const calls = {
    'refresh job id': () => c.getRefreshExternalCollectionProgress('12\u000034'),
    'import job id': () => c.getImportProgress('12\u000034'),
    'refresh collection name': () => c.refreshExternalCollection('books_ext\u0000x'),
    'refresh collection_name': () => c.refreshExternalCollection({ collection_name: 'books_ext\u0000x' }),
    externalSource: () => c.refreshExternalCollection({ collectionName: 'b', externalSource: 's3://b\u0000/x' }),
    externalSpec: () => c.refreshExternalCollection({ collectionName: 'b', externalSpec: '{"format":"parquet\u0000"}' }),
    'list refresh collection': () => c.listRefreshExternalCollectionJobs('books\u0000DROP'),
    'list import collection': () => c.listImportJobs('books\u0000DROP'),
    'page collection': () => c.listImportJobsPage({ collectionName: 'books\u0000' }),
    'import collection': () => c.bulkImport({ collectionName: 'books\u0000', files: ['a.json'] }),
    partitionName: () => c.bulkImport({ collectionName: 'books', partitionName: 'p\u0000', files: ['a.json'] }),
    files: () => c.bulkImport({ collectionName: 'books', files: ['a.json\u0000../../etc/passwd'] }),
    'grouped files': () => c.bulkImport({ collectionName: 'books', files: [['a.npy', 'b\u0000.npy']] }),
    'options name': () => c.bulkImport({ collectionName: 'books', files: ['a.json'], options: { 'a\u0000': 1 } }),
    'options value': () => c.bulkImport({ collectionName: 'books', files: ['a.json'], options: { a: 'x\u0000' } }),
    volumeName: () => c.bulkImport({ collectionName: 'books', files: ['a.json'], volumeName: 'v\u0000' }),
    accessKey: () => c.bulkImport({ collectionName: 'books', files: ['a.json'], accessKey: 'AK\u0000' }),
    secretKey: () => c.bulkImport({ collectionName: 'books', files: ['a.json'], secretKey: 'SK\u0000' }),
    sessionToken: () => c.bulkImport({ collectionName: 'books', files: ['a.json'], sessionToken: 'T\u0000' }),
    'call dbName': () => c.listImportJobs(undefined, { dbName: 'db\u0000' }),
    'request db_name': () => c.listImportJobs({ collection_name: 'books', db_name: 'db\u0000' }),
    'wait dbName': () => c.waitImport('7', { dbName: 'db\u0000' }),
  };
  for (const [what, call] of Object.entries(calls)) {
    await assert.rejects(call(), (e) => {
      assert.ok(e instanceof mj.InvalidArgumentError, `${what}: got ${e}`);
      assert.equal(e.attempts, 0, what);
      return true;
    });
  }
  const options = {
    uri: { uri: `${scripted.uri}\u0000/evil` },
    token: { uri: scripted.uri, token: 'root:Mil\u0000vus' },
    dbName: { uri: scripted.uri, dbName: 'db\u0000' },
    userAgent: { uri: scripted.uri, userAgent: 'ua\u0000' },
    'header line': { uri: scripted.uri, extraHeaders: ['X-A: b\u0000c'] },
    'header value': { uri: scripted.uri, extraHeaders: { 'X-A': 'b\u0000c' } },
    'header name': { uri: scripted.uri, extraHeaders: { 'X-\u0000A': 'b' } },
    tlsCaFile: { uri: scripted.uri, tlsCaFile: '/etc/ssl/ca.pem\u0000' },
    cloudClusterId: { deployment: 'zillizCloud', token: 'k', cloudClusterId: 'in01\u0000' },
  };
  for (const [what, o] of Object.entries(options)) {
    assert.throws(() => newClient(o), (e) => e instanceof mj.InvalidArgumentError && /NUL/.test(e.message), what);
  }
  const secret = assert.throws(() => newClient(options.token), mj.InvalidArgumentError);
  void secret;
  try {
    newClient(options.token);
  } catch (e) {
    assert.ok(!e.message.includes('Mil'), `the token is not echoed: ${e.message}`);
  }
  const w = c.watch();
  assert.throws(() => w.addImport('12\u000034'), mj.InvalidArgumentError);
  assert.throws(() => w.removeImport('12\u000034'), mj.InvalidArgumentError);
  w.close();
  assert.throws(() => c.watch({ dbName: 'db\u0000' }), mj.InvalidArgumentError);
  assert.equal(scripted.requests.length, sent, 'nothing was sent');
});

// ---------------------------------------------------------------- the running refresh job

test('duplicate refresh: runningJobId is a bigint every progress call takes; the message says so in Node terms', async () => {
  const slow = await startDevServer({ workDelayMs: 400 });
  try {
    const c = newClient({ uri: slow.uri });
    const first = await c.refreshExternalCollection('books_ext');
    const e = await c.refreshExternalCollection('books_ext').catch((x) => x);
    assert.ok(e instanceof mj.DuplicateJobError, `got ${e}`);
    assert.equal(typeof e.runningJobId, 'bigint');
    assert.equal(e.runningJobId, first);
    assertNodeMessage(e, /getRefreshExternalCollectionProgress\(err\.runningJobId\)/);
    assert.equal(e.hint, 'pollRunningJob');
    assert.equal(e.jobIdInt64, first, 'read through the library as an integer, not parsed from text');
    const job = await c.getRefreshExternalCollectionProgress(e.runningJobId);
    assert.equal(job.jobId, first);
    const done = await c.waitRefresh(e.runningJobId, { timeoutMs: 20000 });
    assert.equal(done.state, 'completed');
  } finally {
    closeClients();
    await slow.stop();
  }
});

// ---------------------------------------------------------------- messages in Node's names

test('messages name Node options, never the C API: missing uri, bad token, timeout, too-large answer', async () => {
  assert.throws(() => newClient({}), (e) => {
    assert.ok(e instanceof mj.InvalidArgumentError);
    assertNodeMessage(e, /\buri\b/);
    assert.equal(e.hint, 'setUri');
    return true;
  });
  assert.throws(() => newClient({ uri: server.uri, token: 'a\nb' }), (e) => {
    assert.ok(e instanceof mj.InvalidArgumentError);
    assertNodeMessage(e, /\btoken\b/);
    return true;
  });
  const secured = await startDevServer({ token: 'root:Milvus' });
  const silent = await startSilentServer();
  const big = JSON.stringify({ code: 0, data: { jobId: '7', collectionName: 'c'.repeat(5000), state: 'Completed', progress: 100, details: [] } });
  const bigList = JSON.stringify({ code: 0, data: { records: [{ jobId: '7', collectionName: 'c'.repeat(5000), state: 'Completed', progress: 100 }] } });
  const large = await startScriptedServer((req) => ({ body: req.url.endsWith('/list') ? bigList : big }));
  try {
    for (const c of [newClient({ uri: secured.uri }), newClient({ uri: secured.uri, token: 'root:wrong' })]) {
      await assert.rejects(c.listImportJobs(), (e) => {
        assert.ok(e instanceof mj.UnauthenticatedError, `got ${e}`);
        assertNodeMessage(e, /\btoken\b/);
        assert.equal(e.hint, 'setToken');
        return true;
      });
    }
    const slow = newClient({ uri: silent.uri, requestTimeoutMs: 200, maxAttempts: 1 });
    await assert.rejects(slow.getImportProgress('1'), (e) => {
      assert.ok(e instanceof mj.TimeoutError, `got ${e}`);
      assertNodeMessage(e, /timeoutMs.*requestTimeoutMs/);
      assert.equal(e.hint, 'raiseTimeout');
      return true;
    });
    await assert.rejects(slow.getImportProgress('1', { timeoutMs: 100 }), (e) => {
      assertNodeMessage(e, /timeoutMs/);
      return true;
    });
    const small = newClient({ uri: large.uri, maxResponseBytes: 1024, maxListResponseBytes: 1024, maxAttempts: 1 });
    await assert.rejects(small.getImportProgress('7'), (e) => {
      assert.ok(e instanceof mj.ProtocolError, `got ${e}`);
      assertNodeMessage(e, /maxResponseBytes/);
      assert.equal(e.hint, 'raiseMaxResponseBytes');
      return true;
    });
    await assert.rejects(small.listImportJobs(), (e) => {
      assert.ok(e instanceof mj.ProtocolError, `got ${e}`);
      assertNodeMessage(e, /maxListResponseBytes/);
      assert.equal(e.hint, 'raiseMaxListResponseBytes');
      return true;
    });
    const w = await client.bulkImport({ collectionName: 'books', files: ['books/part1.json'], options: { auto_commit: false } });
    await assert.rejects(newClient({ uri: silent.uri, maxAttempts: 1 }).waitImport(w, { timeoutMs: 150 }), (e) => {
      assert.ok(e instanceof mj.TimeoutError, `got ${e}`);
      assertNodeMessage(e, /timeoutMs in the wait options/);
      assert.equal(e.hint, 'raiseWaitTimeout');
      return true;
    });
  } finally {
    closeClients();
    await large.stop();
    await silent.stop();
    await secured.stop();
  }
});

// ---------------------------------------------------------------- the official SDK's call shapes

test("the official Node SDK's call shapes: { job_id }, { jobId }, snake_case request keys", async () => {
  const id = await client.refreshExternalCollection({ collection_name: 'books_ext' });
  assert.equal(typeof id, 'bigint');
  for (const req of [{ job_id: id }, { jobId: id }, { job_id: String(id) }, { job_id: id, db_name: 'default', timeout: 5000 }]) {
    const job = await client.getRefreshExternalCollectionProgress(req);
    assert.equal(job.jobId, id);
  }
  assert.equal((await client.getRefreshExternalCollectionProgress(String(id))).jobId, id);
  const mine = await client.listRefreshExternalCollectionJobs({ collection_name: 'books_ext' });
  assert.ok(mine.some((j) => j.jobId === id) && mine.every((j) => j.collectionName === 'books_ext'));
  const done = await client.waitRefresh({ job_id: id }, { timeoutMs: 20000 });
  assert.equal(done.state, 'completed');

  // db_name in the request reaches the server: events_ext lives in the analytics database.
  const other = await client.refreshExternalCollection({
    collection_name: 'events_ext',
    external_source: 's3://bucket/events',
    external_spec: '{"format":"milvus-table"}',
    db_name: 'analytics',
  });
  const o = await client.waitRefresh({ job_id: other, db_name: 'analytics' }, { timeoutMs: 20000 });
  assert.equal(o.externalSource, 's3://bucket/events');

  const imp = await client.bulkImport({ collection_name: 'books', partition_name: '_default', files: [['books/part1.json']], options: { auto_commit: true } });
  for (const req of [{ job_id: imp }, { jobId: imp }]) assert.equal((await client.getImportProgress(req)).jobId, imp);
  const jobs = await client.listImportJobs({ collection_name: 'books' });
  assert.ok(jobs.some((j) => j.jobId === imp));
  const page = await client.listImportJobsPage({ collection_name: 'books', page_size: 2, current_page: 1 });
  const same = await client.listImportJobsPage({ collectionName: 'books', pageSize: 2, currentPage: 1 });
  assert.deepEqual(page.items.map((j) => j.jobId), same.items.map((j) => j.jobId));
  assert.ok(page.items.some((j) => j.jobId === imp));
  await client.waitImport({ job_id: imp }, { timeoutMs: 20000 });

  // Refusals: both spellings at once, unknown keys, a missing id, a clash with the options.
  await assert.rejects(client.getRefreshExternalCollectionProgress({ job_id: id, jobId: id }), /name the same option/);
  await assert.rejects(client.getRefreshExternalCollectionProgress({ job: id }), /unknown option "job"/);
  await assert.rejects(client.getRefreshExternalCollectionProgress({}), /jobId \(or job_id\) is required/);
  await assert.rejects(client.getImportProgress({ job_id: imp, db_name: 'a' }, { dbName: 'b' }), /dbName is given twice/);
});

test('the SDK timeout in a request object is the call deadline', async () => {
  const silent = await startSilentServer();
  try {
    const c = newClient({ uri: silent.uri, requestTimeoutMs: 30000, maxAttempts: 1 });
    const t0 = Date.now();
    await assert.rejects(c.getImportProgress({ job_id: '1', timeout: 150 }), mj.TimeoutError);
    assert.ok(Date.now() - t0 < 3000);
  } finally {
    closeClients();
    await silent.stop();
  }
});

test('bad job ids: the message says what is accepted', async () => {
  const accepted = /refresh job id must be a bigint, a safe integer number, or a decimal string of digits; got /;
  const cases = [
    ['abc', "got 'abc'"],
    [' 12', "got ' 12'"],
    ['12 ', "got '12 '"],
    ['12a', "got '12a'"],
    ['0x1f', "got '0x1f'"],
    ['', "got ''"],
    [1.5, 'got 1.5 (a number)'],
    [NaN, 'got NaN (a number)'],
    [null, 'got null'],
    [undefined, 'got undefined'],
    [[1], 'got an array'],
    [true, 'got a boolean'],
  ];
  for (const [v, got] of cases) {
    await assert.rejects(client.getRefreshExternalCollectionProgress(v), (e) => {
      assert.ok(e instanceof mj.InvalidArgumentError, `${String(v)}: ${e}`);
      assert.match(e.message, accepted);
      assert.ok(e.message.includes(got), `${e.message} should include ${got}`);
      return true;
    });
  }
  await assert.rejects(client.getRefreshExternalCollectionProgress(2 ** 53 + 2), /above 2\^53 .*bigint/);
  await assert.rejects(client.getRefreshExternalCollectionProgress(0), /must be positive/);
  await assert.rejects(client.getRefreshExternalCollectionProgress(2n ** 63n), /does not fit in an int64/);
  await assert.rejects(client.getRefreshExternalCollectionProgress({ job_id: 'x1' }), accepted);
  assert.throws(() => client.watch().addRefresh('1 2'), accepted);
  for (const v of [42, 42n, '', null, [], true]) {
    await assert.rejects(client.getImportProgress(v), (e) => {
      assert.ok(e instanceof mj.InvalidArgumentError);
      assert.match(e.message, /import job id must be a non-empty string \(the id bulkImport returned/);
      return true;
    });
  }
});
