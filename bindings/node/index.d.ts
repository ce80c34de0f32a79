// TypeScript declarations of milvus-jobs for Node: the public API of index.js.
//
// Numbers: refresh job ids are int64 and always `bigint`. Progress (0..100),
// row counts, byte sizes and millisecond times are `number`: exact up to
// 2^53 (9.0e15), far above anything a server reports for them.

/// <reference types="node" />

// ---------------------------------------------------------------- options

/** Where the server is: open-source Milvus (REST v2), or the Zilliz Cloud control plane. */
export type DeploymentName = 'milvus' | 'zillizCloud';
export declare const Deployment: { readonly MILVUS: 'milvus'; readonly ZILLIZ_CLOUD: 'zillizCloud' };
export declare const ZILLIZ_CLOUD_URI: 'https://api.cloud.zilliz.com';
export declare const ZILLIZ_CLOUD_URI_CN: 'https://api.cloud.zilliz.com.cn';
/** The default project endpoint template (ClientOptions.cloudProjectEndpoint). */
export declare const ZILLIZ_CLOUD_PROJECT_ENDPOINT: 'https://{project_id}.{region_id}.api.zillizcloud.com';

/** An integer option: a number (safe integer) or a bigint. */
export type Int = number | bigint;

/** Options of `new Client()`. Every field but `uri` is optional; unknown keys are refused. */
export interface ClientOptions {
  /** "http://127.0.0.1:19530", "https://host:443". Optional in cloud mode (then ZILLIZ_CLOUD_URI). */
  uri?: string;
  /** An API key, or "user:password". Sent as "Authorization: Bearer <token>"; never in errors. */
  token?: string;
  /** Database; default "default". Overridden per call by CallOptions.dbName. */
  dbName?: string;
  /** Connect timeout in ms; default 10000. */
  connectTimeoutMs?: Int;
  /** Deadline of a whole call in ms; default 30000. Overridden per call by CallOptions.timeoutMs. */
  requestTimeoutMs?: Int;
  /** true turns TLS certificate and host verification OFF. Only for test servers. */
  tlsInsecureSkipVerify?: boolean;
  /** CA bundle file (PEM) for https. */
  tlsCaFile?: string;
  /** Directory of CA certificates for https. */
  tlsCaPath?: string;
  /** User-Agent; default "milvus-jobs/<version>". */
  userAgent?: string;
  /** Extra headers sent with every request: ["Name: value", ...] or {Name: "value"}. No CR/LF. */
  extraHeaders?: readonly string[] | Readonly<Record<string, string>>;
  /** Attempts per call including the first; default 4; 1 = never retry; at most 100. */
  maxAttempts?: Int;
  /** First retry backoff in ms; default 100 (doubles, full jitter, Retry-After honoured). */
  retryInitialBackoffMs?: Int;
  /** Backoff cap in ms; default 5000. */
  retryMaxBackoffMs?: Int;
  /** Largest answer accepted for describe/create/commit/abort, bytes; default 4 MiB. */
  maxResponseBytes?: Int;
  /** Largest answer accepted for lists, bytes; default 64 MiB. */
  maxListResponseBytes?: Int;
  /** Default "milvus". */
  deployment?: DeploymentName;
  /**
   * Zilliz Cloud target: a cluster id ("inxx-..."; imports only), or a
   * project id with a region id (imports through the control plane, refreshes
   * through the project endpoint https://{project_id}.{region_id}.api.zillizcloud.com).
   */
  cloudClusterId?: string;
  cloudProjectId?: string;
  cloudRegionId?: string;
  /**
   * Another project endpoint for refresh (with cloudProjectId and
   * cloudRegionId): a template with {project_id} and {region_id}, or a plain
   * address such as a local dev server's.
   */
  cloudProjectEndpoint?: string;
  /** Mutual TLS: a client certificate and its private key (PEM files). */
  tlsClientCertFile?: string;
  tlsClientKeyFile?: string;
  /** Passphrase of an encrypted tlsClientKeyFile; never shown. */
  tlsClientKeyPassword?: string;
  /** Name the server's certificate is checked for (and SNI), instead of the uri's host. */
  tlsServerName?: string;
  /** "http://[user:password@]host:port" (also https, socks5, socks5h); unset: the environment's http_proxy etc. */
  proxy?: string;
  /** Hosts reached without a proxy, comma-separated ("*": none); unset: the environment's no_proxy. */
  noProxy?: string;
  /**
   * Receives one record per request attempt (info), retry (warn), failed
   * call (error) and connection (debug). Called later, on the JavaScript
   * thread, in order; never with a secret.
   */
  onLog?: (record: LogRecord) => void;
  /** The most detailed level passed to onLog; default "info". */
  logLevel?: LogLevel;
  /** true: a create whose answer was lost fails as it is (no reconciliation). Default false. */
  disableCreateReconciliation?: boolean;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** One record of the client's log (ClientOptions.onLog). */
export interface LogRecord {
  level: LogLevel;
  /** "request" | "retry" | "failed" | "connection" */
  event: string;
  /** The whole record as one line. */
  message: string;
  operation: string;
  route: string;
  attempt: number;
  /** The attempt's status code (0 = ok). */
  status: number;
  httpStatus: number;
  serverCode: number;
  durationMs: number;
  backoffMs: number;
  requestId: string;
  traceId: string;
  connectionReused: boolean;
}

/** The client's counters (Client.stats()). */
export interface ClientStats {
  requests: number;
  attempts: number;
  retriesTransport: number;
  retriesTimeout: number;
  retriesRateLimited: number;
  retriesServer: number;
  bytesSent: number;
  bytesReceived: number;
  connectionsOpened: number;
  connectionsReused: number;
  /** How calls ended, by status name ("MJ_OK", "MJ_ENOT_FOUND", ...); non-zero only. */
  answers: Record<string, number>;
}

/** Options every network call takes. */
export interface CallOptions {
  /** Deadline of this call in ms; default the client's requestTimeoutMs. */
  timeoutMs?: Int;
  /** Database of this call; default the client's. */
  dbName?: string;
  /** Attempts of this call; default the client's maxAttempts. */
  maxAttempts?: Int;
  /** Cancels the call: it rejects with CancelledError (name "AbortError"), cause = signal.reason. */
  signal?: AbortSignal;
  /** Headers for this call only (e.g. a W3C traceparent): { name: value } or ["Name: value"]. */
  headers?: Record<string, string> | string[];
}

// ---------------------------------------------------------------- jobs

export type RefreshStateName = 'unknown' | 'pending' | 'inProgress' | 'completed' | 'failed';
export declare const RefreshState: {
  readonly UNKNOWN: 'unknown';
  readonly PENDING: 'pending';
  readonly IN_PROGRESS: 'inProgress';
  readonly COMPLETED: 'completed';
  readonly FAILED: 'failed';
};

export type ImportStateName =
  | 'unknown'
  | 'none'
  | 'pending'
  | 'importing'
  | 'completed'
  | 'failed'
  | 'uncommitted'
  | 'committing';
export declare const ImportState: {
  readonly UNKNOWN: 'unknown';
  readonly NONE: 'none';
  readonly PENDING: 'pending';
  readonly IMPORTING: 'importing';
  readonly COMPLETED: 'completed';
  readonly FAILED: 'failed';
  readonly UNCOMMITTED: 'uncommitted';
  readonly COMMITTING: 'committing';
};

export type ImportFileStateName = 'unknown' | 'none' | 'pending' | 'inProgress' | 'failed' | 'completed' | 'retry';
export declare const ImportFileState: {
  readonly UNKNOWN: 'unknown';
  readonly NONE: 'none';
  readonly PENDING: 'pending';
  readonly IN_PROGRESS: 'inProgress';
  readonly FAILED: 'failed';
  readonly COMPLETED: 'completed';
  readonly RETRY: 'retry';
};

/** A refresh job as the server reports it. Strings are "" when absent. */
export interface RefreshJob {
  /** int64, exact. */
  jobId: bigint;
  collectionName: string;
  /** "unknown" for a state this library does not know: see stateName. */
  state: RefreshStateName;
  /** The state as the server sent it, e.g. "RefreshInProgress". */
  stateName: string;
  /** 0..100 */
  progress: number;
  reason: string;
  externalSource: string;
  /** As the server returns it: secrets redacted to "***". */
  externalSpec: string;
  /** ms since the Unix epoch; endTimeMs is 0 until the job ends. */
  startTimeMs: number;
  endTimeMs: number;
  /** true for completed and failed. */
  terminal: boolean;
}

/** One file (task) of an import job. */
export type SnapshotStateName = 'unknown' | 'pending' | 'executing' | 'completed' | 'failed' | 'none';
export declare const SnapshotState: {
  readonly UNKNOWN: 'unknown';
  readonly PENDING: 'pending';
  readonly EXECUTING: 'executing';
  readonly COMPLETED: 'completed';
  readonly FAILED: 'failed';
  readonly NONE: 'none';
};

/** A snapshot restore job as the server reported it. */
export interface SnapshotJob {
  /** int64, exact (ids exceed 2^53). */
  jobId: bigint;
  snapshotName: string;
  dbName: string;
  /** The collection being restored (the target). */
  collectionName: string;
  state: SnapshotStateName;
  /** The state's name as the server sent it, e.g. "RestoreSnapshotExecuting". */
  stateName: string;
  /** 0..100 */
  progress: number;
  /** Why the job failed; "" when the server sent none. */
  reason: string;
  startTimeMs: number;
  /** Milliseconds the job has taken so far (until it ended, once it has). */
  timeCostMs: number;
  terminal: boolean;
}

export interface ExportSnapshotRequest {
  collectionName: string;
  snapshotName: string;
  /** An object storage URL, e.g. "s3://bucket/exports". */
  targetPath: string;
  /** Storage settings: a JSON object, as a string or an object. */
  externalSpec?: string | Record<string, unknown>;
}

export interface RestoreSnapshotRequest {
  /** The collection to create; it must not exist yet. */
  targetCollectionName: string;
  /** The URI exportSnapshot resolved with. */
  snapshotUri: string;
  externalSpec?: string | Record<string, unknown>;
}

export interface ImportFile {
  /** As the server formats it; open-source Milvus sends a Go slice, "[a b]". */
  fileName: string;
  fileSize: number;
  progress: number;
  state: ImportFileStateName;
  stateName: string;
  importedRows: number;
  totalRows: number;
  /** RFC 3339 as sent, "" until complete; completeTimeMs parsed from it (0 when empty). */
  completeTime: string;
  completeTimeMs: number;
  reason: string;
}

/** An import job. Jobs read from a list carry only id, collection, state, progress and reason. */
export interface ImportJob {
  /** Opaque: digits on Milvus, "job-..." on Zilliz Cloud. */
  jobId: string;
  collectionName: string;
  state: ImportStateName;
  stateName: string;
  /** 0..100 */
  progress: number;
  reason: string;
  importedRows: number;
  totalRows: number;
  /** Bytes, the sum over details. */
  fileSize: number;
  createTime: string;
  createTimeMs: number;
  completeTime: string;
  completeTimeMs: number;
  details: ImportFile[];
  /** The top-level fileName Zilliz Cloud sends; "" otherwise. */
  fileName: string;
  /** true for completed and failed. */
  terminal: boolean;
}

/** One page of import jobs (Zilliz Cloud pages; Milvus puts every job on page 1). */
export interface ImportJobPage {
  items: ImportJob[];
  /** Jobs in all pages. */
  totalCount: number;
  /** 0 when the server did not page. */
  pageSize: number;
  currentPage: number;
}

// ---------------------------------------------------------------- requests

export interface RefreshRequest {
  /** The external collection. */
  collectionName: string;
  /** New source URL, e.g. "s3://bucket/books_v2"; together with externalSpec. */
  externalSource?: string;
  /** New spec: a JSON object as a string or as an object, e.g. {format: "parquet"}. */
  externalSpec?: string | Record<string, unknown>;
}

export interface ImportRequest {
  collectionName: string;
  partitionName?: string;
  /**
   * Paths relative to the server's bucket (cloud: object URLs, or paths inside
   * volumeName). A string is a group of one file; an array is one group
   * (e.g. the .npy files of one segment).
   */
  files: ReadonlyArray<string | readonly string[]>;
  /** Import options, e.g. {auto_commit: false}; values are sent as strings. */
  options?: Readonly<Record<string, string | number | boolean>>;
  /** Zilliz Cloud only. */
  volumeName?: string;
  /** Zilliz Cloud only: storage credentials for the object URLs (never logged). */
  accessKey?: string;
  secretKey?: string;
  sessionToken?: string;
}

/**
 * What a request object may carry for the call, as the official Node SDK
 * (@zilliz/milvus2-sdk-node) passes it: the database and the deadline in ms.
 * Giving one here and, differently, in the call options is refused.
 */
export interface RequestCallFields {
  dbName?: string;
  db_name?: string;
  /** ms, as the SDK's `timeout`. */
  timeout?: Int;
  timeoutMs?: Int;
}

/** The official Node SDK's refresh request: snake_case keys. */
export interface SdkRefreshRequest extends RequestCallFields {
  collection_name: string;
  external_source?: string;
  external_spec?: string | Record<string, unknown>;
}

/** The official Node SDK's import request: snake_case keys. */
export interface SdkImportRequest extends RequestCallFields {
  collection_name: string;
  partition_name?: string;
  files: ReadonlyArray<string | readonly string[]>;
  options?: Readonly<Record<string, string | number | boolean>>;
  volume_name?: string;
  access_key?: string;
  secret_key?: string;
  session_token?: string;
}

/**
 * A refresh job id: a bigint, a safe integer number, or a decimal string of
 * digits (what the official SDK returns).
 */
export type RefreshJobIdArg = bigint | number | string;
/** A job id, or the official SDK's request shape `{ job_id }` (or `{ jobId }`). */
export type JobIdArg<Id> = Id | ({ job_id: Id } & RequestCallFields) | ({ jobId: Id } & RequestCallFields);
/** A collection name, or the SDK's `{ collection_name }` (or `{ collectionName }`). */
export type CollectionArg =
  | string
  | null
  | ({ collection_name?: string } & RequestCallFields)
  | ({ collectionName?: string } & RequestCallFields);

export interface ImportPageRequest {
  collectionName?: string;
  /** Jobs per page; default 10, at most 100. */
  pageSize?: Int;
  /** 1-based; default 1. */
  currentPage?: Int;
}

export interface WaitOptions<Job> {
  /** Deadline of the whole wait in ms; default none. */
  timeoutMs?: Int;
  /** First poll interval in ms; default 200 (then x1.5 up to maxIntervalMs). */
  initialIntervalMs?: Int;
  /** Poll interval cap in ms; default 5000. */
  maxIntervalMs?: Int;
  dbName?: string;
  signal?: AbortSignal;
  /** Called on the JS thread with the job on every change. If it throws, the wait is cancelled and rejects with that error. */
  onProgress?: (job: Job) => void;
}

// ---------------------------------------------------------------- client

/**
 * A client for one server. Creating it sends nothing; it is safe to use for
 * many calls at once (one connection pool). Every call returns a Promise and
 * never blocks the JavaScript thread (the progress reads are driven by the
 * event loop itself; other calls run on other threads).
 */
export declare class Client {
  /** @throws InvalidArgumentError for a missing or malformed option. */
  constructor(options: ClientOptions);
  /** The client's counters (cheap, synchronous). */
  stats(): ClientStats;
  /** Frees the client once the calls in flight ended; later calls reject. */
  close(): void;

  /** Starts a refresh; resolves with the new job's id. A string is the collection name. */
  refreshExternalCollection(request: (RefreshRequest & RequestCallFields) | SdkRefreshRequest | string, options?: CallOptions): Promise<bigint>;
  /** As refreshExternalCollection, with how the id was had. */
  refreshExternalCollectionWithOutcome(
    request: (RefreshRequest & RequestCallFields) | SdkRefreshRequest | string,
    options?: CallOptions,
  ): Promise<CreateOutcome<bigint>>;
  getRefreshExternalCollectionProgress(jobId: JobIdArg<RefreshJobIdArg>, options?: CallOptions): Promise<RefreshJob>;
  /** Newest first. No collection name: every external collection's jobs. */
  listRefreshExternalCollectionJobs(collectionName?: CollectionArg, options?: CallOptions): Promise<RefreshJob[]>;

  /** Exports a collection's snapshot metadata; resolves with its URI (no job: synchronous). */
  exportSnapshot(request: ExportSnapshotRequest & RequestCallFields, options?: CallOptions): Promise<string>;
  /** Starts restoring a snapshot into a new collection; resolves with the job id. */
  restoreExternalSnapshot(request: RestoreSnapshotRequest & RequestCallFields, options?: CallOptions): Promise<bigint>;
  getRestoreSnapshotProgress(jobId: JobIdArg<RefreshJobIdArg>, options?: CallOptions): Promise<SnapshotJob>;
  /** Newest first. No collection name: every collection's restore jobs. */
  listRestoreSnapshotJobs(collectionName?: CollectionArg, options?: CallOptions): Promise<SnapshotJob[]>;

  /** Creates an import job; resolves with its id. */
  bulkImport(request: (ImportRequest & RequestCallFields) | SdkImportRequest, options?: CallOptions): Promise<string>;
  /** As bulkImport, with how the id was had (README "After an ambiguous create"). */
  bulkImportWithOutcome(
    request: (ImportRequest & RequestCallFields) | SdkImportRequest,
    options?: CallOptions,
  ): Promise<CreateOutcome<string>>;
  getImportProgress(jobId: JobIdArg<string>, options?: CallOptions): Promise<ImportJob>;
  /** Every job (on Zilliz Cloud, every page). No collection name: all collections. */
  listImportJobs(collectionName?: CollectionArg, options?: CallOptions): Promise<ImportJob[]>;
  listImportJobsPage(
    request?: (ImportPageRequest & RequestCallFields) | ({ collection_name?: string; page_size?: Int; current_page?: Int } & RequestCallFields),
    options?: CallOptions,
  ): Promise<ImportJobPage>;
  /** Commits a job in state "uncommitted" (created with options {auto_commit: false}). */
  commitImport(jobId: JobIdArg<string>, options?: CallOptions): Promise<void>;
  abortImport(jobId: JobIdArg<string>, options?: CallOptions): Promise<void>;

  /**
   * Polls until the job ends. Resolves with the completed job; rejects with
   * JobFailedError (error.job: the failed job), JobLostError, NotFoundError,
   * TimeoutError, CancelledError (error.job: the last job read, if any).
   */
  waitRefresh(jobId: JobIdArg<RefreshJobIdArg>, options?: WaitOptions<RefreshJob>): Promise<RefreshJob>;
  /** As waitRefresh, for a snapshot restore job (JobFailedError: error.job.reason says why). */
  waitRestoreSnapshot(jobId: JobIdArg<RefreshJobIdArg>, options?: WaitOptions<SnapshotJob>): Promise<SnapshotJob>;
  /** As waitRefresh; also resolves when the job reaches "uncommitted" (check job.state). */
  waitImport(jobId: JobIdArg<string>, options?: WaitOptions<ImportJob>): Promise<ImportJob>;

  /** A watcher of many jobs of this client. */
  watch(options?: WatcherOptions): Watcher;
}

// ---------------------------------------------------------------- watcher

export interface WatcherOptions {
  /** Polls in flight at once (= connections); default 16, at most 1024. */
  maxConnections?: Int;
  /** Time between two polls of one job in ms; default 1000. */
  intervalMs?: Int;
  /** Deadline of one poll in ms; default the client's requestTimeoutMs. */
  pollTimeoutMs?: Int;
  dbName?: string;
  /** Aborting cancels the watcher for good. */
  signal?: AbortSignal;
}

/** One change of one watched job. */
export type WatchEvent =
  | {
      kind: 'refresh';
      jobId: bigint;
      /** The job as read; null when the poll failed (see error). */
      job: RefreshJob | null;
      /** The failed poll's error (JobLostError when the job vanished); null on success. */
      error: MilvusJobsError | null;
      /** The job's last event: it left the watcher. */
      done: boolean;
    }
  | {
      kind: 'import';
      jobId: string;
      job: ImportJob | null;
      error: MilvusJobsError | null;
      done: boolean;
    }
  | {
      kind: 'snapshotRestore';
      jobId: bigint;
      job: SnapshotJob | null;
      error: MilvusJobsError | null;
      done: boolean;
    };

/**
 * Polls many jobs at once over a bounded pool of connections, on a thread of
 * its own. Only one run()/next() at a time. Aborting the signal of a
 * run()/next() cancels the watcher for good.
 */
export declare class Watcher implements AsyncIterable<WatchEvent> {
  constructor(client: Client, options?: WatcherOptions);
  /** Watch a job (its first poll is due at once); adding a watched job is a no-op. */
  addRefresh(jobId: bigint | number | string): this;
  addImport(jobId: string): this;
  /** Stop watching; NotFoundError when not watched. */
  removeRefresh(jobId: bigint | number | string): void;
  removeImport(jobId: string): void;
  /** Watch / stop watching a snapshot restore job (events of kind "snapshotRestore"). */
  addRestoreSnapshot(jobId: bigint | number | string): this;
  removeRestoreSnapshot(jobId: bigint | number | string): void;
  /** Jobs watched. */
  readonly size: number;
  /** Polls until no job is left (resolves), timeoutMs passes (TimeoutError) or cancelled (CancelledError). */
  run(options: { timeoutMs?: Int; signal?: AbortSignal; onEvent: (event: WatchEvent) => void }): Promise<void>;
  /** The next event; null when timeoutMs passed first or no job is watched. */
  next(options?: { timeoutMs?: Int; signal?: AbortSignal }): Promise<WatchEvent | null>;
  /** Every event until no job is left. */
  events(options?: { signal?: AbortSignal; pollMs?: Int }): AsyncGenerator<WatchEvent, void, undefined>;
  [Symbol.asyncIterator](): AsyncGenerator<WatchEvent, void, undefined>;
  /** Cancels a run()/next() in progress and every later one. */
  cancel(): void;
  /** Cancels and frees the watcher (after a run()/next() in progress ended). */
  close(): void;
}

// ---------------------------------------------------------------- errors

export type ErrorCategory =
  | 'invalid_argument'
  | 'transport'
  | 'tls'
  | 'timeout'
  | 'cancelled'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'duplicate_job'
  | 'rate_limited'
  | 'server'
  | 'protocol'
  | 'unsupported'
  | 'out_of_memory'
  | 'internal'
  | 'job_failed'
  | 'job_lost'
  | 'ambiguous';

/** Fields of an error, as the library reports them. */
export interface ErrorFields {
  serverCode?: number;
  serverMessage?: string;
  httpStatus?: number;
  retriable?: boolean;
  requestId?: string;
  traceId?: string;
  jobId?: string;
  attempts?: number;
  job?: RefreshJob | ImportJob | null;
}

/** The base of every error this package reports. Switch on `category` or use instanceof. */
export declare class MilvusJobsError extends Error {
  constructor(message: string, fields?: ErrorFields & { status?: number }, options?: { cause?: unknown });
  /** The mj_status value, 1..17. */
  readonly status: number;
  /** The mj_status name, e.g. "MJ_ENOT_FOUND". */
  readonly code: string;
  readonly category: ErrorCategory;
  /** The `code` of the server's JSON answer, 0 when none. */
  readonly serverCode: number;
  /** The server's `message`, verbatim; "" when none. */
  readonly serverMessage: string;
  /** HTTP status of the answer; 0 when none was received. Milvus answers most failures with 200. */
  readonly httpStatus: number;
  /** Whether repeating the call later may succeed. */
  readonly retriable: boolean;
  /** The X-Request-Id sent with the failed request. */
  readonly requestId: string;
  /** The server's X-Milvus-Trace-Id, "" when absent. */
  readonly traceId: string;
  /** The job the error is about when the server named one (e.g. the running refresh), else "". */
  readonly jobId: string;
  /** How many times the request was sent; 0 when refused before any attempt. */
  readonly attempts: number;
  /** AmbiguousError: ids of the jobs that may be the one a lost create started; else []. */
  readonly candidates: string[];
  /** For waits: the last job read (the failed job for JobFailedError), else null. */
  readonly job: RefreshJob | ImportJob | null;
  /**
   * The library's advice, by name (the message spells it out in this
   * package's option names): "setUri", "setToken", "raiseTimeout",
   * "raiseConnectTimeout", "raiseMaxResponseBytes", "raiseMaxListResponseBytes",
   * "pollRunningJob", "raiseWaitTimeout", "setCloudProject", or "none".
   */
  readonly hint: string;
}

export declare class InvalidArgumentError extends MilvusJobsError {}
export declare class TransportError extends MilvusJobsError {}
export declare class TlsError extends MilvusJobsError {}
export declare class TimeoutError extends MilvusJobsError {}
/** name === "AbortError"; cause = the AbortSignal's reason when a signal cancelled the call. */
export declare class CancelledError extends MilvusJobsError {}
export declare const AbortError: typeof CancelledError;
export declare class UnauthenticatedError extends MilvusJobsError {}
export declare class PermissionDeniedError extends MilvusJobsError {}
export declare class NotFoundError extends MilvusJobsError {}
export declare class DuplicateJobError extends MilvusJobsError {
  /** The refresh job already running, when the server named it. */
  readonly runningJobId: bigint | null;
}
export declare class RateLimitedError extends MilvusJobsError {}
export declare class ServerError extends MilvusJobsError {}
export declare class ProtocolError extends MilvusJobsError {}
export declare class UnsupportedError extends MilvusJobsError {}
export declare class OutOfMemoryError extends MilvusJobsError {}
export declare class InternalError extends MilvusJobsError {}
export declare class JobFailedError extends MilvusJobsError {}
export declare class JobLostError extends MilvusJobsError {}
/** A create's answer was lost and whether it started a job cannot be told: see `candidates`. */
export declare class AmbiguousError extends MilvusJobsError {}

/** What a create returned: the job id, and how it was had. */
export interface CreateOutcome<Id> {
  jobId: Id;
  /** true: the answer was lost and reconciliation found the job the create started. */
  recovered: boolean;
  /** Create requests sent (2 when reconciliation sent it again). */
  attempts: number;
}

/** Makes the error subclass for an mj_status value. */
export declare function makeError(status: number, message: string, fields?: ErrorFields, options?: { cause?: unknown }): MilvusJobsError;

// ---------------------------------------------------------------- versions

/** The loaded milvus-jobs core's version (compiled into the addon), e.g. "0.3.0". */
export declare function libraryVersion(): string;
/** MAJOR*10000 + MINOR*100 + PATCH of the loaded library. */
export declare const libraryVersionNumber: number;
/** The same, of the milvus_jobs.h the addon was built against. */
export declare const headerVersionNumber: number;
/** "MJ_ENOT_FOUND" for 8. */
export declare function statusName(status: number): string;
/** "not found" for 8. */
export declare function statusDescription(status: number): string;
