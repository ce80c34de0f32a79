'use strict';
// Exactly-once creates against the dev server's faults: a create whose answer
// is lost after the server started the job resolves with that job, flagged
// recovered; an undecidable loss rejects with AmbiguousError and its candidates.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { mj, startDevServer } = require('./support');

async function addFault(server, spec) {
  const res = await fetch(`${server.uri}/_devserver/faults`, { method: 'POST', body: JSON.stringify({ spec }) });
  assert.equal((await res.json()).code, 0);
}

async function withServer(options, fn) {
  const server = await startDevServer(options);
  const client = new mj.Client({ uri: server.uri, requestTimeoutMs: 600, maxAttempts: 1 });
  try {
    await fn(server, client);
  } finally {
    client.close();
    await server.stop();
  }
}

for (const fault of ['drop-after', 'late:2000', 'reset']) {
  test(`a lost import answer (${fault}) resolves with the one job it started`, () =>
    withServer({}, async (server, client) => {
      await addFault(server, `import/create=${fault}`);
      const out = await client.bulkImportWithOutcome({ collectionName: 'quick_setup', files: [['books/part1.json']] });
      assert.equal(out.recovered, true);
      assert.equal(out.attempts, 1);
      assert.equal(typeof out.jobId, 'string');
      const jobs = await client.listImportJobs('quick_setup');
      assert.deepEqual(jobs.map((j) => j.jobId), [out.jobId]);
    }));

  test(`a lost refresh answer (${fault}) resolves with the running job`, () =>
    withServer({ workDelayMs: 300 }, async (server, client) => {
      await addFault(server, `external_collection/refresh=${fault}`);
      const out = await client.refreshExternalCollectionWithOutcome('books_ext');
      assert.equal(out.recovered, true);
      assert.equal(out.attempts, 2);
      assert.equal(typeof out.jobId, 'bigint');
      const jobs = await client.listRefreshExternalCollectionJobs('books_ext');
      assert.deepEqual(jobs.map((j) => j.jobId), [out.jobId]);
    }));
}

test('a plain create is not recovered, and bulkImport still resolves with the id alone', () =>
  withServer({}, async (server, client) => {
    const out = await client.bulkImportWithOutcome({ collectionName: 'quick_setup', files: [['books/part2.json']] });
    assert.deepEqual([out.recovered, out.attempts], [false, 1]);
    const id = await client.bulkImport({ collectionName: 'quick_setup', files: [['books/part3.jsonl']] });
    assert.equal(typeof id, 'string');
  }));

test('an identical import just before makes it AmbiguousError with both candidates', () =>
  withServer({}, async (server, client) => {
    const files = [['books/part1.json']];
    const first = await client.bulkImport({ collectionName: 'quick_setup', files });
    await addFault(server, 'import/create=drop-after');
    const err = await client.bulkImport({ collectionName: 'quick_setup', files }).then(
      () => assert.fail('expected AmbiguousError'),
      (e) => e,
    );
    assert.ok(err instanceof mj.AmbiguousError, String(err));
    assert.ok(err instanceof mj.MilvusJobsError);
    assert.equal(err.code, 'MJ_EAMBIGUOUS');
    assert.equal(err.category, 'ambiguous');
    const jobs = (await client.listImportJobs('quick_setup')).map((j) => j.jobId).sort();
    assert.equal(jobs.length, 2);
    assert.ok(jobs.includes(first));
    assert.deepEqual([...err.candidates].sort(), jobs);
  }));

test('disableCreateReconciliation gives the raw timeout', async () => {
  const server = await startDevServer();
  const client = new mj.Client({ uri: server.uri, requestTimeoutMs: 600, maxAttempts: 1, disableCreateReconciliation: true });
  try {
    await addFault(server, 'import/create=late:2000');
    const err = await client.bulkImport({ collectionName: 'quick_setup', files: [['books/part1.json']] }).then(
      () => assert.fail('expected TimeoutError'),
      (e) => e,
    );
    assert.ok(err instanceof mj.TimeoutError, String(err));
    assert.equal(err.retriable, false);
    assert.deepEqual(err.candidates, []);
  } finally {
    client.close();
    await server.stop();
  }
});
