// Type-checked by `tsc -p test/tsconfig.json` in test.sh (never run): the
// declarations in index.d.ts describe a real program that uses every call.
import {
  Client,
  CancelledError,
  DuplicateJobError,
  ImportJob,
  ImportState,
  JobFailedError,
  MilvusJobsError,
  NotFoundError,
  RefreshJob,
  RefreshState,
  SnapshotJob,
  SnapshotState,
  WatchEvent,
  ZILLIZ_CLOUD_URI,
  libraryVersion,
} from '..';

export async function main(uri: string): Promise<void> {
  const client = new Client({
    uri,
    token: 'root:Milvus',
    dbName: 'default',
    connectTimeoutMs: 1000,
    requestTimeoutMs: 30_000n,
    tlsInsecureSkipVerify: false,
    tlsCaFile: '/etc/ssl/ca.pem',
    extraHeaders: { 'X-Team': 'search' },
    maxAttempts: 4,
    retryInitialBackoffMs: 100,
    retryMaxBackoffMs: 5000,
    maxResponseBytes: 4 << 20,
    maxListResponseBytes: 64 << 20,
  });
  const cloud = new Client({ deployment: 'zillizCloud', uri: ZILLIZ_CLOUD_URI, token: 'key', cloudClusterId: 'inxx-1' });
  cloud.close();

  const ac = new AbortController();
  const id: bigint = await client.refreshExternalCollection(
    { collectionName: 'books_ext', externalSource: 's3://bucket/books', externalSpec: { format: 'parquet' } },
    { signal: ac.signal, timeoutMs: 5000, dbName: 'default', maxAttempts: 1 },
  );
  // @ts-expect-error refresh job ids are bigint, never a lossy number
  const lossy: number = id;
  // @ts-expect-error unknown client options are refused
  new Client({ uri, requestTimeout: 5 });
  // @ts-expect-error import job ids are strings
  await client.getImportProgress(id);
  console.log(lossy);
  const job: RefreshJob = await client.getRefreshExternalCollectionProgress(id);
  const state: 'unknown' | 'pending' | 'inProgress' | 'completed' | 'failed' = job.state;
  if (state === RefreshState.COMPLETED && job.terminal) console.log(job.progress.toFixed(0), job.endTimeMs);
  const jobs: RefreshJob[] = await client.listRefreshExternalCollectionJobs('books_ext');
  console.log(jobs.map((j) => j.jobId + 1n));

  const importId: string = await client.bulkImport({
    collectionName: 'books',
    files: ['a.json', ['seg/1.npy', 'seg/2.npy']],
    options: { auto_commit: false, timeout: '300s' },
  });
  const imp: ImportJob = await client.getImportProgress(importId);
  if (imp.state === ImportState.UNCOMMITTED) await client.commitImport(importId);
  await client.abortImport(importId);
  const all: ImportJob[] = await client.listImportJobs();
  const page = await client.listImportJobsPage({ collectionName: 'books', pageSize: 10, currentPage: 1 });
  console.log(all.length, page.totalCount, page.items[0]?.details[0]?.state);

  const done = await client.waitImport(importId, { timeoutMs: 60_000, onProgress: (j) => console.log(j.progress) });
  console.log(done.importedRows);
  try {
    await client.waitRefresh(id, { signal: AbortSignal.timeout(1000), onProgress: (j: RefreshJob) => console.log(j.state) });
  } catch (e) {
    if (e instanceof JobFailedError) console.log(e.job?.reason);
    else if (e instanceof CancelledError) console.log(e.name, e.cause);
    else if (e instanceof DuplicateJobError) console.log(e.runningJobId);
    else if (e instanceof NotFoundError) console.log(e.serverCode, e.httpStatus, e.serverMessage, e.requestId, e.attempts);
    else if (e instanceof MilvusJobsError) console.log(e.category, e.code, e.retriable, e.traceId);
  }

  // The official Node SDK's call shapes.
  const sdkId: bigint = await client.refreshExternalCollection({ collection_name: 'books_ext', db_name: 'default', timeout: 5000 });
  const sdkJob: RefreshJob = await client.getRefreshExternalCollectionProgress({ job_id: sdkId });
  await client.getRefreshExternalCollectionProgress({ jobId: '449012345678901234' });
  await client.listRefreshExternalCollectionJobs({ collection_name: 'books_ext' });
  const sdkImport: string = await client.bulkImport({ collection_name: 'books', files: [['a.json']] });
  await client.getImportProgress({ job_id: sdkImport });
  await client.listImportJobsPage({ collection_name: 'books', page_size: 5, current_page: 2 });
  console.log(sdkJob.state);
  try {
    await client.listImportJobs({ collection_name: 'books' });
  } catch (e) {
    if (e instanceof MilvusJobsError) console.log(e.hint);
  }

  const watcher = client.watch({ maxConnections: 8, intervalMs: 500 });
  watcher.addRefresh(id).addImport(importId);
  await watcher.run({
    timeoutMs: 10_000,
    onEvent: (ev: WatchEvent) => {
      if (ev.kind === 'refresh') console.log(ev.jobId + 1n, ev.job?.state);
      else if (ev.kind === 'import') console.log(ev.jobId.toUpperCase(), ev.job?.importedRows, ev.error?.category, ev.done);
      else console.log(ev.jobId + 1n, ev.job?.timeCostMs, ev.job?.state === SnapshotState.COMPLETED);
    },
  });
  const ev: WatchEvent | null = await watcher.next({ timeoutMs: 100 });
  console.log(ev?.done, watcher.size);
  for await (const e of watcher) console.log(e.kind);
  watcher.close();
  client.close();
  console.log(libraryVersion());
}

export async function snapshots(client: Client): Promise<SnapshotJob> {
  const uri: string = await client.exportSnapshot({ collectionName: 'books_ext', snapshotName: 's', targetPath: 's3://b/x' });
  const id: bigint = await client.restoreExternalSnapshot({ targetCollectionName: 't', snapshotUri: uri });
  const list: SnapshotJob[] = await client.listRestoreSnapshotJobs('t');
  console.log(list.length, (await client.getRestoreSnapshotProgress(id)).stateName);
  return client.waitRestoreSnapshot(id, { onProgress: (j: SnapshotJob) => console.log(j.progress) });
}
