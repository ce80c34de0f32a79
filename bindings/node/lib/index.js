'use strict';
// The public API of milvus-jobs for Node: Client, Watcher, error classes and
// state names, over the N-API addon in src/. Every network call returns a
// Promise and never blocks the JavaScript thread; an AbortSignal cancels it.

const path = require('node:path');
const errors = require('./errors');

const { makeError, nodeMessage, CancelledError } = errors;

function loadAddon() {
  const file = process.env.MILVUS_JOBS_NODE_ADDON || path.join(__dirname, '..', 'build', 'Release', 'milvus_jobs_node.node');
  try {
    return require(file);
  } catch (e) {
    throw new Error(
      `milvus-jobs: cannot load the native addon ${file}: ${e.message}. Build it with \`npm run build\` in ` +
        `${path.join(__dirname, '..')} (it needs a C++17 compiler, make, Python 3, and the libcurl and RapidJSON ` +
        'development headers: apt-get install g++ make python3 libcurl4-openssl-dev rapidjson-dev).',
      { cause: e },
    );
  }
}

const native = loadAddon();

// ---------------------------------------------------------------- constants

/** Import from a Milvus server (default) or through the Zilliz Cloud control plane. */
const Deployment = Object.freeze({ MILVUS: 'milvus', ZILLIZ_CLOUD: 'zillizCloud' });
const DEPLOYMENT_VALUES = { milvus: 0, zillizCloud: 1 };
const ZILLIZ_CLOUD_URI = 'https://api.cloud.zilliz.com';
const ZILLIZ_CLOUD_URI_CN = 'https://api.cloud.zilliz.com.cn';
const ZILLIZ_CLOUD_PROJECT_ENDPOINT = 'https://{project_id}.{region_id}.api.zillizcloud.com';

const REFRESH_STATES = ['unknown', 'pending', 'inProgress', 'completed', 'failed'];
const IMPORT_STATES = ['unknown', 'none', 'pending', 'importing', 'completed', 'failed', 'uncommitted', 'committing'];
const IMPORT_FILE_STATES = ['unknown', 'none', 'pending', 'inProgress', 'failed', 'completed', 'retry'];
const SNAPSHOT_STATES = ['unknown', 'pending', 'executing', 'completed', 'failed', 'none'];
const constants = (names) => Object.freeze(Object.fromEntries(names.map((n) => [n.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(), n])));
const RefreshState = constants(REFRESH_STATES);
const ImportState = constants(IMPORT_STATES);
const ImportFileState = constants(IMPORT_FILE_STATES);
const SnapshotState = constants(SNAPSHOT_STATES);

// ---------------------------------------------------------------- conversion

// The addon builds every job straight from the library's C struct by calling
// these factories with the struct's fields (one object literal each: V8 makes
// it with a fixed shape far cheaper than N-API can set the fields one by
// one), and lists and events around them; only its errors become
// MilvusJobsError subclasses here.

native.setFactories({
  refreshJob: (jobId, collectionName, state, stateName, progress, reason, externalSource, externalSpec, startTimeMs, endTimeMs, terminal) => ({
    jobId,
    collectionName,
    state: REFRESH_STATES[state] ?? 'unknown',
    stateName,
    progress,
    reason,
    externalSource,
    externalSpec,
    startTimeMs,
    endTimeMs,
    terminal,
  }),
  importJob: (
    jobId,
    collectionName,
    state,
    stateName,
    progress,
    reason,
    importedRows,
    totalRows,
    fileSize,
    createTime,
    createTimeMs,
    completeTime,
    completeTimeMs,
    details,
    fileName,
    terminal,
  ) => ({
    jobId,
    collectionName,
    state: IMPORT_STATES[state] ?? 'unknown',
    stateName,
    progress,
    reason,
    importedRows,
    totalRows,
    fileSize,
    createTime,
    createTimeMs,
    completeTime,
    completeTimeMs,
    details,
    fileName,
    terminal,
  }),
  snapshotJob: (jobId, snapshotName, dbName, collectionName, state, stateName, progress, reason, startTimeMs, timeCostMs, terminal) => ({
    jobId,
    snapshotName,
    dbName,
    collectionName,
    state: SNAPSHOT_STATES[state] ?? 'unknown',
    stateName,
    progress,
    reason,
    startTimeMs,
    timeCostMs,
    terminal,
  }),
  importFile: (fileName, fileSize, progress, state, stateName, importedRows, totalRows, completeTime, completeTimeMs, reason) => ({
    fileName,
    fileSize,
    progress,
    state: IMPORT_FILE_STATES[state] ?? 'unknown',
    stateName,
    importedRows,
    totalRows,
    completeTime,
    completeTimeMs,
    reason,
  }),
});

function convertError(e) {
  if (e === null || typeof e !== 'object' || typeof e.mjStatus !== 'number') return e;
  return makeError(e.mjStatus, nodeMessage(e.message, e.hint), {
    serverCode: e.serverCode,
    serverMessage: e.serverMessage,
    httpStatus: e.httpStatus,
    retriable: e.retriable,
    requestId: e.requestId,
    traceId: e.traceId,
    jobId: e.jobId,
    jobIdInt64: e.jobIdInt64,
    hint: e.hint,
    attempts: e.attempts,
    job: e.job ?? null,
    candidates: e.candidates ?? [],
  });
}

/** An event of the addon ({kind, jobId, job, error, done}) with its error converted. */
function convertEvent(ev) {
  if (ev.error !== null) ev.error = convertError(ev.error);
  return ev;
}

// ---------------------------------------------------------------- argument checks

const {
  NO_CALL,
  invalid,
  text,
  checkOptions,
  refreshJobId,
  importJobId,
  request,
  jobIdArg,
  collectionArg,
  callOptions,
  headerLines,
  importFiles,
  importOptions,
} = require('./args');

/** A snapshot restore job id: a bigint (ids exceed 2^53), a safe integer or a decimal string. */
function snapshotJobId(v, what = 'snapshot restore job id') {
  if ((typeof v === 'bigint' || typeof v === 'number') && v <= 0) {
    throw invalid(`${what} must be positive (the id restoreExternalSnapshot returned); got ${v}`);
  }
  return refreshJobId(v, what);
}

/** An external spec given as a JSON string or an object: the string sent. */
function specArg(spec) {
  if (spec === undefined) return undefined;
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) return JSON.stringify(spec);
  if (typeof spec !== 'string') throw invalid('externalSpec must be a JSON string or an object');
  return text(spec, 'externalSpec');
}

const CALL_OPTIONS = { timeoutMs: 'int', dbName: 'string', maxAttempts: 'int32', signal: 'signal', headers: 'any' };

/**
 * Runs fn(cancel) with a native cancel token tied to `signal` (if any) and
 * turns the addon's errors into MilvusJobsError subclasses.
 */
async function cancellable(signal, fn, onAbort = undefined) {
  if (signal === undefined) {
    try {
      return await fn(undefined);
    } catch (e) {
      throw convertError(e);
    }
  }
  if (signal.aborted) {
    throw new CancelledError('the call was aborted before it started', {}, { cause: signal.reason });
  }
  const cancel = new native.Cancel();
  const listener = () => {
    cancel.trigger();
    if (onAbort) onAbort();
  };
  signal.addEventListener('abort', listener, { once: true });
  try {
    return await fn(cancel);
  } catch (e) {
    const err = convertError(e);
    if (err instanceof CancelledError && signal.aborted && err.cause === undefined) {
      Object.defineProperty(err, 'cause', { value: signal.reason, configurable: true, writable: true });
    }
    throw err;
  } finally {
    signal.removeEventListener('abort', listener);
  }
}

const rethrow = (e) => {
  throw convertError(e);
};

// ---------------------------------------------------------------- Client

const CLIENT_OPTIONS = {
  uri: 'string',
  token: 'secret',
  dbName: 'string',
  connectTimeoutMs: 'int',
  requestTimeoutMs: 'int',
  tlsInsecureSkipVerify: 'bool',
  tlsCaFile: 'string',
  tlsCaPath: 'string',
  userAgent: 'string',
  extraHeaders: 'any',
  maxAttempts: 'int32',
  retryInitialBackoffMs: 'int',
  retryMaxBackoffMs: 'int',
  maxResponseBytes: 'int',
  maxListResponseBytes: 'int',
  deployment: 'string',
  cloudClusterId: 'string',
  cloudProjectId: 'string',
  cloudRegionId: 'string',
  cloudProjectEndpoint: 'string',
  tlsClientCertFile: 'string',
  tlsClientKeyFile: 'string',
  tlsClientKeyPassword: 'secret',
  tlsServerName: 'string',
  proxy: 'secret',
  noProxy: 'string',
  onLog: 'function',
  logLevel: 'string',
  disableCreateReconciliation: 'bool',
};

/**
 * A client for one server (Milvus REST v2, or the Zilliz Cloud control plane).
 * Creating it sends nothing. Safe to use for many calls at once.
 */
class Client {
  #native;

  constructor(options) {
    const o = checkOptions(options, 'client options', CLIENT_OPTIONS, { required: true });
    const opts = { ...o, extraHeaders: headerLines(o.extraHeaders) };
    if (o.deployment !== undefined) {
      if (!(o.deployment in DEPLOYMENT_VALUES)) {
        throw invalid(`deployment must be "milvus" or "zillizCloud", not "${o.deployment}"`);
      }
      opts.deployment = DEPLOYMENT_VALUES[o.deployment];
    }
    try {
      this.#native = new native.Client(opts);
    } catch (e) {
      throw convertError(e);
    }
  }

  /**
   * The client's counters: requests, attempts, retries by reason, bytes,
   * connections opened and reused, and `answers` by status name.
   */
  stats() {
    try {
      return this.#native.stats();
    } catch (e) {
      throw convertError(e);
    }
  }

  /** Frees the client once the calls in flight ended; later calls fail. */
  close() {
    this.#native.close();
  }

  /** @internal */
  get _native() {
    return this.#native;
  }

  /**
   * Runs fn(timeoutMs, dbName, maxAttempts, cancel): the addon's call with its
   * call options as positional arguments. Without a signal the addon's
   * promise is returned with nothing but the error conversion on top.
   */
  #call(opts, fromRequest, fn) {
    const o = opts === undefined && fromRequest === NO_CALL ? NO_CALL : callOptions(opts, 'call options', CALL_OPTIONS, fromRequest);
    const headers = o.headers === undefined ? undefined : headerLines(o.headers);
    if (o.signal === undefined) {
      let p;
      try {
        p = fn(o.timeoutMs, o.dbName, o.maxAttempts, undefined, headers);
      } catch (e) {
        throw convertError(e); // e.g. the client is closed
      }
      return p.catch(rethrow);
    }
    return cancellable(o.signal, (cancel) => fn(o.timeoutMs, o.dbName, o.maxAttempts, cancel, headers));
  }

  // ---- external-collection refresh

  /**
   * Starts a refresh; resolves with its id (bigint). `request`: a collection
   * name, or `{ collectionName, externalSource?, externalSpec? }` (the SDK's
   * snake_case keys and its db_name / timeout are accepted too).
   */
  async refreshExternalCollection(request_, options) {
    return (await this.refreshExternalCollectionWithOutcome(request_, options)).jobId;
  }

  /**
   * As refreshExternalCollection; resolves with `{ jobId, recovered, attempts }`:
   * recovered is true when the first refresh's answer was lost and a second
   * refresh named the job it started as running.
   */
  async refreshExternalCollectionWithOutcome(request_, options) {
    const req = typeof request_ === 'string' ? { collectionName: request_ } : request_;
    const [r, fromRequest] = request(req, 'refresh request', { collectionName: 'string', externalSource: 'string', externalSpec: 'any' });
    if (r.externalSpec !== undefined) {
      if (typeof r.externalSpec === 'object' && !Array.isArray(r.externalSpec)) r.externalSpec = JSON.stringify(r.externalSpec);
      else if (typeof r.externalSpec !== 'string') throw invalid('externalSpec must be a JSON string or an object');
      text(r.externalSpec, 'externalSpec');
    }
    return this.#call(options, fromRequest, (...call) => this.#native.refresh(r, ...call));
  }

  getRefreshExternalCollectionProgress(jobId, options) {
    // Not an async function (one promise less per read); a bad argument
    // still rejects rather than throws.
    try {
      const [id, fromRequest] = jobIdArg(jobId, refreshJobId, 'refresh job id');
      return this.#call(options, fromRequest, (t, d, m, c, h) => this.#native.getRefreshProgress(id, t, d, m, c, h));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async listRefreshExternalCollectionJobs(collectionName, options) {
    const [name, fromRequest] = collectionArg(collectionName, 'listRefreshExternalCollectionJobs');
    return this.#call(options, fromRequest, (...call) => this.#native.listRefreshJobs(name, ...call));
  }

  // ---- snapshots

  /**
   * Exports a collection's snapshot metadata under `targetPath` (an object
   * storage URL, e.g. 's3://bucket/exports'); resolves with the metadata's
   * URI, which restoreExternalSnapshot takes. No job: it is synchronous.
   */
  async exportSnapshot(request_, options) {
    const [r, fromRequest] = request(request_, 'export snapshot request', {
      collectionName: 'string',
      snapshotName: 'string',
      targetPath: 'string',
      externalSpec: 'any',
    });
    r.externalSpec = specArg(r.externalSpec);
    return this.#call(options, fromRequest, (...call) => this.#native.exportSnapshot(r, ...call));
  }

  /** Starts restoring a snapshot into a new collection; resolves with the job id (bigint). */
  async restoreExternalSnapshot(request_, options) {
    const [r, fromRequest] = request(request_, 'restore snapshot request', {
      targetCollectionName: 'string',
      snapshotUri: 'string',
      externalSpec: 'any',
    });
    r.externalSpec = specArg(r.externalSpec);
    return this.#call(options, fromRequest, (...call) => this.#native.restoreSnapshot(r, ...call));
  }

  getRestoreSnapshotProgress(jobId, options) {
    // Not an async function (one promise less per read); a bad argument
    // still rejects rather than throws.
    try {
      const [id, fromRequest] = jobIdArg(jobId, snapshotJobId, 'snapshot restore job id');
      return this.#call(options, fromRequest, (t, d, m, c, h) => this.#native.getRestoreSnapshotProgress(id, t, d, m, c, h));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async listRestoreSnapshotJobs(collectionName, options) {
    const [name, fromRequest] = collectionArg(collectionName, 'listRestoreSnapshotJobs');
    return this.#call(options, fromRequest, (...call) => this.#native.listRestoreSnapshotJobs(name, ...call));
  }

  // ---- bulk import

  async bulkImport(request_, options) {
    return (await this.bulkImportWithOutcome(request_, options)).jobId;
  }

  /**
   * As bulkImport; resolves with `{ jobId, recovered, attempts }`: recovered is
   * true when the create's answer was lost and reconciliation found the job it
   * started. An undecidable loss rejects with AmbiguousError (err.candidates).
   */
  async bulkImportWithOutcome(request_, options) {
    const [r, fromRequest] = request(request_, 'import request', {
      collectionName: 'string',
      partitionName: 'string',
      files: 'any',
      options: 'any',
      volumeName: 'string',
      accessKey: 'secret',
      secretKey: 'secret',
      sessionToken: 'secret',
    });
    const [files, groupSizes] = importFiles(r.files);
    const [optionKeys, optionValues] = importOptions(r.options);
    const req = { ...r, files, groupSizes, optionKeys, optionValues };
    delete req.options;
    return this.#call(options, fromRequest, (...call) => this.#native.bulkImport(req, ...call));
  }

  getImportProgress(jobId, options) {
    // Not an async function (one promise less per read); a bad argument
    // still rejects rather than throws.
    try {
      const [id, fromRequest] = jobIdArg(jobId, importJobId, 'import job id');
      return this.#call(options, fromRequest, (t, d, m, c, h) => this.#native.getImportProgress(id, t, d, m, c, h));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async listImportJobs(collectionName, options) {
    const [name, fromRequest] = collectionArg(collectionName, 'listImportJobs');
    const list = await this.#call(options, fromRequest, (...call) => this.#native.listImportJobs(name, ...call));
    return list.items;
  }

  async listImportJobsPage(request_, options) {
    const [r, fromRequest] = request(request_, 'page request', { collectionName: 'string', pageSize: 'int', currentPage: 'int' }, false);
    return this.#call(options, fromRequest, (...call) => this.#native.listImportJobsPage(r, ...call));
  }

  async commitImport(jobId, options) {
    const [id, fromRequest] = jobIdArg(jobId, importJobId, 'import job id');
    await this.#call(options, fromRequest, (...call) => this.#native.commitImport(id, ...call));
  }

  async abortImport(jobId, options) {
    const [id, fromRequest] = jobIdArg(jobId, importJobId, 'import job id');
    await this.#call(options, fromRequest, (...call) => this.#native.abortImport(id, ...call));
  }

  // ---- waiting

  #wait(method, id, fromRequest, options) {
    const o = callOptions(
      options,
      'wait options',
      {
        timeoutMs: 'int',
        initialIntervalMs: 'int',
        maxIntervalMs: 'int',
        dbName: 'string',
        signal: 'signal',
        onProgress: 'function',
      },
      fromRequest,
    );
    const onProgress = o.onProgress;
    return cancellable(o.signal, async (cancel) => {
      const waitOpts = { timeoutMs: o.timeoutMs, initialIntervalMs: o.initialIntervalMs, maxIntervalMs: o.maxIntervalMs, dbName: o.dbName, cancel };
      return this.#native[method](id, waitOpts, onProgress);
    });
  }

  async waitRefresh(jobId, options) {
    const [id, fromRequest] = jobIdArg(jobId, refreshJobId, 'refresh job id');
    return this.#wait('waitRefresh', id, fromRequest, options);
  }

  async waitRestoreSnapshot(jobId, options) {
    const [id, fromRequest] = jobIdArg(jobId, snapshotJobId, 'snapshot restore job id');
    return this.#wait('waitRestoreSnapshot', id, fromRequest, options);
  }

  async waitImport(jobId, options) {
    const [id, fromRequest] = jobIdArg(jobId, importJobId, 'import job id');
    return this.#wait('waitImport', id, fromRequest, options);
  }

  // ---- watching

  /** A Watcher polling many jobs of this client over a bounded pool of connections. */
  watch(options) {
    return new Watcher(this, options);
  }
}

// ---------------------------------------------------------------- Watcher

class Watcher {
  #native;
  #signal;

  constructor(client, options) {
    if (!(client instanceof Client)) throw invalid('new Watcher(client, options): client must be a Client');
    const o = checkOptions(options, 'watcher options', {
      maxConnections: 'int32',
      intervalMs: 'int',
      pollTimeoutMs: 'int',
      dbName: 'string',
      signal: 'signal',
    });
    try {
      this.#native = new native.Watcher(client._native, o);
    } catch (e) {
      throw convertError(e);
    }
    if (o.signal) {
      this.#signal = o.signal;
      if (o.signal.aborted) this.#native.cancel();
      else o.signal.addEventListener('abort', () => this.#native.cancel(), { once: true });
    }
  }

  #sync(fn) {
    try {
      return fn();
    } catch (e) {
      throw convertError(e);
    }
  }

  addRefresh(jobId) {
    const id = refreshJobId(jobId);
    this.#sync(() => this.#native.addRefresh(id));
    return this;
  }

  addImport(jobId) {
    const id = importJobId(jobId);
    this.#sync(() => this.#native.addImport(id));
    return this;
  }

  removeRefresh(jobId) {
    const id = refreshJobId(jobId);
    this.#sync(() => this.#native.removeRefresh(id));
  }

  addRestoreSnapshot(jobId) {
    const id = snapshotJobId(jobId);
    this.#sync(() => this.#native.addRestoreSnapshot(id));
    return this;
  }

  removeRestoreSnapshot(jobId) {
    const id = snapshotJobId(jobId);
    this.#sync(() => this.#native.removeRestoreSnapshot(id));
  }

  removeImport(jobId) {
    const id = importJobId(jobId);
    this.#sync(() => this.#native.removeImport(id));
  }

  /** The number of jobs watched. */
  get size() {
    return this.#sync(() => this.#native.size());
  }

  #drive(options, what, extra, fn) {
    const o = checkOptions(options, what, { timeoutMs: 'int', signal: 'signal', ...extra });
    // Aborting a run/next cancels the watcher itself: the library's watcher
    // has one token, fixed when it was made.
    return cancellable(o.signal ?? this.#signal, () => fn(o), () => this.#native.cancel());
  }

  /**
   * Polls until no job is left (resolves), `timeoutMs` passes (TimeoutError)
   * or the watcher is cancelled (CancelledError), calling onEvent(event) for
   * each change.
   */
  async run(options) {
    return this.#drive(options, 'run options', { onEvent: 'function' }, (o) => {
      if (!o.onEvent) throw invalid('run options: onEvent (a function) is required');
      return this.#native.run(o.timeoutMs ?? -1, (ev) => o.onEvent(convertEvent(ev)));
    });
  }

  /** The next event, or null when `timeoutMs` (default: none) passed first or no job is watched. */
  async next(options) {
    return this.#drive(options, 'next options', {}, async (o) => {
      const ev = await this.#native.next(o.timeoutMs ?? -1);
      return ev ? convertEvent(ev) : null;
    });
  }

  /** Events until no job is left: `for await (const ev of watcher.events()) ...`. */
  async *events(options) {
    const o = checkOptions(options, 'events options', { signal: 'signal', pollMs: 'int' });
    const timeoutMs = o.pollMs ?? 1000;
    for (;;) {
      const ev = await this.next({ timeoutMs, signal: o.signal });
      if (ev) yield ev;
      else if (this.size === 0) return;
    }
  }

  [Symbol.asyncIterator]() {
    return this.events();
  }

  /** Cancels a run()/next() in progress and every later one. */
  cancel() {
    this.#native.cancel();
  }

  /** Cancels, and frees the watcher once a run()/next() in progress ended. */
  close() {
    this.#native.close();
  }
}

// ---------------------------------------------------------------- module

module.exports = {
  Client,
  Watcher,
  Deployment,
  RefreshState,
  ImportState,
  ImportFileState,
  SnapshotState,
  ZILLIZ_CLOUD_URI,
  ZILLIZ_CLOUD_URI_CN,
  ZILLIZ_CLOUD_PROJECT_ENDPOINT,
  /** The version of the milvus-jobs core compiled into the addon, e.g. "0.5.0". */
  libraryVersion: () => native.version(),
  /** The library's MAJOR*10000 + MINOR*100 + PATCH, and the header's the addon was built against. */
  libraryVersionNumber: native.versionNumber,
  headerVersionNumber: native.headerVersionNumber,
  statusName: (status) => native.statusName(status),
  statusDescription: (status) => native.statusDescription(status),
  ...Object.fromEntries(Object.entries(errors).filter(([k]) => /Error$/.test(k))),
};
