'use strict';
// Snapshot jobs against the dev server: export, restore with a wait (ids
// above 2^53 as bigint), failed restores (missing and corrupt metadata, an
// existing target), list, the watcher, and a server without the routes.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { mj, newClient, closeClients, startDevServer } = require('./support');

let server;
let client;

before(async () => {
  server = await startDevServer({ workDelayMs: 60 });
  client = newClient({ uri: server.uri });
});

after(async () => {
  closeClients();
  await server.stop();
});

test('exportSnapshot, then restoreExternalSnapshot and waitRestoreSnapshot to completion', async () => {
  const uri = await client.exportSnapshot({ collectionName: 'books_ext', snapshotName: 'node_s1', targetPath: 's3://bucket/node_exports' });
  assert.equal(uri, 's3://bucket/node_exports/node_s1/metadata.json');
  assert.ok(fs.existsSync(path.join(server.dir, 'data', 'bucket', 'node_exports', 'node_s1', 'metadata.json')));

  const id = await client.restoreExternalSnapshot({ targetCollectionName: 'books_node', snapshotUri: uri });
  assert.equal(typeof id, 'bigint');
  assert.ok(id > 2n ** 53n, `id ${id} above 2^53`);
  const seen = [];
  const job = await client.waitRestoreSnapshot(id, { initialIntervalMs: 10, maxIntervalMs: 20, onProgress: (j) => seen.push(j.progress) });
  assert.equal(job.jobId, id);
  assert.equal(job.state, mj.SnapshotState.COMPLETED);
  assert.equal(job.stateName, 'RestoreSnapshotCompleted');
  assert.equal(job.progress, 100);
  assert.equal(job.snapshotName, 'node_s1');
  assert.equal(job.terminal, true);
  assert.ok(seen.length >= 2, `progress seen ${seen.join(',')}`);

  const again = await client.getRestoreSnapshotProgress(id.toString());
  assert.equal(again.jobId, id, 'a decimal string id reads back exactly');
  const listed = await client.listRestoreSnapshotJobs('books_node');
  assert.deepEqual(listed.map((j) => j.jobId), [id]);

  await assert.rejects(client.restoreExternalSnapshot({ targetCollectionName: 'books_node', snapshotUri: uri }), (e) => {
    assert.ok(e instanceof mj.InvalidArgumentError, e.constructor.name);
    assert.match(e.message, /already exists/);
    return true;
  });
});

test('a restore of missing or corrupt metadata fails the job with its reason', async () => {
  const missing = await client.restoreExternalSnapshot({ targetCollectionName: 'node_missing', snapshotUri: 's3://bucket/node_exports/none/metadata.json' });
  await assert.rejects(client.waitRestoreSnapshot(missing, { initialIntervalMs: 10 }), (e) => {
    assert.ok(e instanceof mj.JobFailedError, e.constructor.name);
    assert.equal(e.job.state, 'failed');
    assert.match(e.job.reason, /not found/);
    return true;
  });
  const file = path.join(server.dir, 'data', 'bucket', 'node_exports', 'bad', 'metadata.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '{"formatVersion":');
  const corrupt = await client.restoreExternalSnapshot({ targetCollectionName: 'node_corrupt', snapshotUri: 's3://bucket/node_exports/bad/metadata.json' });
  await assert.rejects(client.waitRestoreSnapshot(corrupt, { initialIntervalMs: 10 }), (e) => {
    assert.ok(e instanceof mj.JobFailedError);
    assert.match(e.message, /is corrupt/);
    return true;
  });
  await assert.rejects(client.getRestoreSnapshotProgress(450000000000000001n), mj.NotFoundError);
});

test('the watcher reports restore jobs with bigint ids', async () => {
  const uri = await client.exportSnapshot({ collectionName: 'quick_setup', snapshotName: 'node_w', targetPath: 's3://bucket/node_exports' });
  const id = await client.restoreExternalSnapshot({ targetCollectionName: 'node_watched', snapshotUri: uri });
  const watcher = client.watch({ intervalMs: 10 });
  watcher.addRestoreSnapshot(id);
  const events = [];
  await watcher.run({ timeoutMs: 20000, onEvent: (ev) => events.push(ev) });
  watcher.close();
  assert.ok(events.length >= 1);
  for (const ev of events) {
    assert.equal(ev.kind, 'snapshotRestore');
    assert.equal(ev.jobId, id);
  }
  const last = events[events.length - 1];
  assert.equal(last.done, true);
  assert.equal(last.error, null);
  assert.equal(last.job.state, 'completed');
});

test('a server without the snapshot routes is unsupported', async () => {
  const old = await startDevServer({ extraArgs: ['--without-snapshot-jobs'] });
  try {
    const c = newClient({ uri: old.uri });
    await assert.rejects(c.exportSnapshot({ collectionName: 'books_ext', snapshotName: 's', targetPath: 's3://bucket/x' }), (e) => {
      assert.ok(e instanceof mj.UnsupportedError, e.constructor.name);
      assert.match(e.message, /needs Milvus >= 3\.0/);
      return true;
    });
  } finally {
    await old.stop();
  }
});
