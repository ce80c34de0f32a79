'use strict';
// One Zilliz Cloud client (project + region + API key) runs a refresh through
// the project endpoint and an import through the control plane, against one
// dev server in cloud mode (--cloud FILE), which plays both endpoints on one
// port: the client's cloudProjectEndpoint is the dev server's address.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { mj, newClient, closeClients, startDevServer } = require('./support');

const KEY = 'cloud-key-0123456789';
const CLUSTER = 'inxx-dev0000000000001';
const PROJECT = 'proj-dev000000000001';
const REGION = 'aws-us-west-2';
const SNAPSHOT_ID = '3051729675574597004'; // above 2^53

let server;

before(async () => {
  server = await startDevServer({
    prepare(dir) {
      const write = (rel, content) => {
        const file = path.join(dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      };
      write('data/volumes/vol1/books/part-0.parquet', 'p'.repeat(1000));
      write('data/volumes/vol1/lake/books/data/00000-0.parquet', 'p'.repeat(300));
      write('data/volumes/vol1/import/rows.json', '[{"id":1},{"id":2},{"id":3}]');
      write('cloud.json', JSON.stringify({ apiKeys: [KEY], clusters: [CLUSTER], projects: [{ projectId: PROJECT, regionId: REGION }] }));
      return ['--cloud', path.join(dir, 'cloud.json')];
    },
  });
});

after(async () => {
  closeClients();
  await server.stop();
});

function projectClient() {
  return newClient({
    deployment: 'zillizCloud',
    uri: server.uri,
    token: KEY,
    cloudProjectId: PROJECT,
    cloudRegionId: REGION,
    cloudProjectEndpoint: server.uri,
  });
}

test('one cloud client runs a refresh and an import to completion', async () => {
  const c = projectClient();
  const refreshId = await c.refreshExternalCollection({
    collectionName: 'books_ext',
    externalSource: 'volume://vol1/books/',
    externalSpec: { format: 'parquet' },
  });
  const importId = await c.bulkImport({ collectionName: 'quick_setup', files: ['import/rows.json'], volumeName: 'vol1' });
  assert.match(importId, /^job-/);
  const refresh = await c.waitRefresh(refreshId, { timeoutMs: 20000, initialIntervalMs: 20 });
  assert.equal(refresh.state, 'completed');
  assert.equal(refresh.externalSource, 'volume://vol1/books/');
  const imported = await c.waitImport(importId, { timeoutMs: 20000, initialIntervalMs: 20 });
  assert.equal(imported.state, 'completed');
  assert.equal(imported.importedRows, 3);
  const refreshes = await c.listRefreshExternalCollectionJobs('books_ext');
  assert.ok(refreshes.some((j) => j.jobId === refreshId));
  const imports = await c.listImportJobs('quick_setup');
  assert.ok(imports.some((j) => j.jobId === importId));

  // The watcher holds one job of each family.
  const r2 = await c.refreshExternalCollection({ collectionName: 'books_ext', externalSource: 'volume://vol1/books/', externalSpec: '{"format":"parquet"}' });
  const i2 = await c.bulkImport({ collectionName: 'quick_setup', files: ['import/rows.json'], volumeName: 'vol1' });
  const w = c.watch({ intervalMs: 20 });
  w.addRefresh(r2).addImport(i2);
  const last = new Map();
  await w.run({
    timeoutMs: 20000,
    onEvent(ev) {
      assert.equal(ev.error, null, ev.error && ev.error.message);
      last.set(String(ev.jobId), ev.job.state);
    },
  });
  w.close();
  assert.deepEqual(Object.fromEntries(last), { [String(r2)]: 'completed', [i2]: 'completed' });
});

test('an Iceberg snapshot id reaches the server with every digit', async () => {
  const c = projectClient();
  const id = await c.refreshExternalCollection({
    collectionName: 'books_ext',
    externalSource: 'volume://vol1/lake/books/',
    externalSpec: `{"format":"iceberg-table","snapshot_id":${SNAPSHOT_ID}}`,
  });
  const job = await c.waitRefresh(id, { timeoutMs: 20000, initialIntervalMs: 20 });
  assert.equal(job.state, 'completed');
  assert.ok(job.externalSpec.includes(`"snapshot_id":"${SNAPSHOT_ID}"`), job.externalSpec);
});

test('a cluster client refuses refresh and names the options that enable it', async () => {
  const c = newClient({ deployment: 'zillizCloud', uri: server.uri, token: KEY, cloudClusterId: CLUSTER });
  await assert.rejects(c.refreshExternalCollection({ collectionName: 'books_ext' }), (e) => {
    assert.ok(e instanceof mj.UnsupportedError);
    assert.equal(e.hint, 'setCloudProject');
    assert.match(e.message, /cloudProjectId/);
    assert.doesNotMatch(e.message, /cloud_project_id/);
    return true;
  });
  assert.throws(
    () => newClient({ deployment: 'zillizCloud', uri: server.uri, token: KEY, cloudProjectId: PROJECT, cloudRegionId: REGION, cloudProjectEndpoint: 'https://{project}.x' }),
    mj.InvalidArgumentError,
  );
});
