'use strict';
// Zilliz Cloud mode against a hand-made control plane on loopback (it checks
// what the client sends and answers in the cloud's shapes), and paged lists.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { mj, newClient, closeClients, startDevServer, startScriptedServer } = require('./support');

let cloud;
let server;

const RECORDS = Array.from({ length: 5 }, (_, i) => ({ collectionName: 'books', jobId: `job-${i}`, state: 'Importing' }));

function answer(req, raw) {
  const body = JSON.parse(raw || '{}');
  if (req.url.endsWith('/import/create')) return { body: JSON.stringify({ code: 0, data: { jobId: 'job-abc' } }) };
  if (req.url.endsWith('/import/describe')) {
    return {
      body: JSON.stringify({
        code: 0,
        data: {
          jobId: body.jobId,
          collectionName: 'books',
          fileName: 's3://bucket/books/',
          fileSize: 1234,
          state: 'Completed',
          progress: 100,
          completeTime: '2026-01-02T03:04:05Z',
          reason: '',
          totalRows: 42,
          details: [{ fileName: 's3://bucket/books/a.parquet', fileSize: 1234, state: 'Completed', progress: 100, completeTime: '', reason: '' }],
        },
      }),
    };
  }
  if (req.url.endsWith('/import/list')) {
    const size = body.pageSize ?? 10;
    const page = body.currentPage ?? 1;
    const records = RECORDS.slice((page - 1) * size, page * size);
    return { body: JSON.stringify({ code: 0, data: { count: RECORDS.length, currentPage: page, pageSize: size, records } }) };
  }
  return { body: JSON.stringify({ code: 0, data: {} }) };
}

before(async () => {
  cloud = await startScriptedServer(answer);
  server = await startDevServer();
});

after(async () => {
  closeClients();
  await cloud.stop();
  await server.stop();
});

test('cloud import create: objectUrls, cluster id, storage credentials, API key', async () => {
  const c = newClient({ deployment: mj.Deployment.ZILLIZ_CLOUD, uri: cloud.uri, token: 'api-key', cloudClusterId: 'inxx-123' });
  const id = await c.bulkImport({
    collectionName: 'books',
    partitionName: 'p1',
    files: [['s3://bucket/books/'], 's3://bucket/one.parquet'],
    accessKey: 'AK',
    secretKey: 'SK',
    sessionToken: 'STS',
  });
  assert.equal(id, 'job-abc');
  const r = cloud.requests.at(-1);
  assert.equal(r.url, '/v2/vectordb/jobs/import/create');
  assert.equal(r.headers.authorization, 'Bearer api-key');
  const body = JSON.parse(r.body);
  assert.equal(body.clusterId, 'inxx-123');
  assert.equal(body.collectionName, 'books');
  assert.equal(body.partitionName, 'p1');
  assert.deepEqual(body.objectUrls, [['s3://bucket/books/'], ['s3://bucket/one.parquet']]);
  assert.equal(body.accessKey, 'AK');
  assert.equal(body.secretKey, 'SK');
  assert.equal(body.token, 'STS');
});

test('cloud import from a volume: dataPaths; project + region target', async () => {
  const c = newClient({ deployment: 'zillizCloud', uri: cloud.uri, token: 'k', cloudProjectId: 'proj-1', cloudRegionId: 'aws-us-west-2' });
  await c.bulkImport({ collectionName: 'books', files: ['dir/a.parquet'], volumeName: 'vol1' });
  const body = JSON.parse(cloud.requests.at(-1).body);
  assert.equal(body.projectId, 'proj-1');
  assert.equal(body.regionId, 'aws-us-west-2');
  assert.equal(body.volumeName, 'vol1');
  assert.deepEqual(body.dataPaths, [['dir/a.parquet']]);
});

test('cloud describe: top-level fileName, opaque id', async () => {
  const c = newClient({ deployment: 'zillizCloud', uri: cloud.uri, token: 'k', cloudClusterId: 'inxx-1' });
  const job = await c.getImportProgress('job-xyz');
  assert.equal(job.jobId, 'job-xyz');
  assert.equal(job.fileName, 's3://bucket/books/');
  assert.equal(job.state, 'completed');
  assert.equal(job.totalRows, 42);
  assert.equal(job.details.length, 1);
  assert.equal(JSON.parse(cloud.requests.at(-1).body).clusterId, 'inxx-1');
});

test('cloud lists are paged: one page, and every page', async () => {
  const c = newClient({ deployment: 'zillizCloud', uri: cloud.uri, token: 'k', cloudClusterId: 'inxx-1' });
  const page = await c.listImportJobsPage({ collectionName: 'books', pageSize: 2, currentPage: 2 });
  assert.deepEqual(
    page.items.map((j) => j.jobId),
    ['job-2', 'job-3'],
  );
  assert.equal(page.totalCount, 5);
  assert.equal(page.pageSize, 2);
  assert.equal(page.currentPage, 2);
  const body = JSON.parse(cloud.requests.at(-1).body);
  assert.equal(body.pageSize, 2);
  assert.equal(body.currentPage, 2);
  const all = await c.listImportJobs('books');
  assert.deepEqual(
    all.map((j) => j.jobId),
    RECORDS.map((r) => r.jobId),
  );
});

test('cloud mode refuses refresh; Milvus mode refuses cloud-only fields', async () => {
  const c = newClient({ deployment: 'zillizCloud', uri: cloud.uri, token: 'k', cloudClusterId: 'inxx-1' });
  const before = cloud.requests.length;
  await assert.rejects(c.refreshExternalCollection('books_ext'), mj.UnsupportedError);
  assert.equal(cloud.requests.length, before, 'nothing was sent');
  assert.throws(() => newClient({ uri: server.uri, cloudClusterId: 'inxx-1' }), mj.InvalidArgumentError);
  assert.throws(() => newClient({ deployment: 'zillizCloud', token: 'k' }), mj.InvalidArgumentError);
  const milvus = newClient({ uri: server.uri });
  await assert.rejects(milvus.bulkImport({ collectionName: 'books', files: ['books/part1.json'], volumeName: 'v' }), mj.InvalidArgumentError);
});

test('Milvus lists every job on page 1; later pages are empty', async () => {
  const c = newClient({ uri: server.uri });
  for (let i = 0; i < 3; i++) await c.bulkImport({ collectionName: 'books', files: ['books/part1.json'] });
  const all = await c.listImportJobs('books');
  const first = await c.listImportJobsPage({ collectionName: 'books', pageSize: 2, currentPage: 1 });
  assert.equal(first.items.length, all.length);
  assert.equal(first.totalCount, all.length);
  assert.equal(first.currentPage, 1);
  const second = await c.listImportJobsPage({ collectionName: 'books', pageSize: 2, currentPage: 2 });
  assert.equal(second.items.length, 0);
  await assert.rejects(c.listImportJobsPage({ pageSize: 1000 }), mj.InvalidArgumentError);
  await assert.rejects(c.listImportJobsPage({ currentPage: -1 }), mj.InvalidArgumentError);
});
