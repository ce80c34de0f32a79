'use strict';
// Error classes: one per mj_status category, all extending MilvusJobsError.

/** mj_status value -> [category, class name]. Values are fixed by the C header. */
const CATEGORIES = {
  1: ['invalid_argument', 'InvalidArgumentError'],
  2: ['transport', 'TransportError'],
  3: ['tls', 'TlsError'],
  4: ['timeout', 'TimeoutError'],
  5: ['cancelled', 'CancelledError'],
  6: ['unauthenticated', 'UnauthenticatedError'],
  7: ['permission_denied', 'PermissionDeniedError'],
  8: ['not_found', 'NotFoundError'],
  9: ['duplicate_job', 'DuplicateJobError'],
  10: ['rate_limited', 'RateLimitedError'],
  11: ['server', 'ServerError'],
  12: ['protocol', 'ProtocolError'],
  13: ['unsupported', 'UnsupportedError'],
  14: ['out_of_memory', 'OutOfMemoryError'],
  15: ['internal', 'InternalError'],
  16: ['job_failed', 'JobFailedError'],
  17: ['job_lost', 'JobLostError'],
  18: ['ambiguous', 'AmbiguousError'],
};

const STATUS_NAMES = {
  1: 'MJ_EINVALID_ARGUMENT',
  2: 'MJ_ETRANSPORT',
  3: 'MJ_ETLS',
  4: 'MJ_ETIMEOUT',
  5: 'MJ_ECANCELLED',
  6: 'MJ_EUNAUTHENTICATED',
  7: 'MJ_EPERMISSION_DENIED',
  8: 'MJ_ENOT_FOUND',
  9: 'MJ_EDUPLICATE_JOB',
  10: 'MJ_ERATE_LIMITED',
  11: 'MJ_ESERVER',
  12: 'MJ_EPROTOCOL',
  13: 'MJ_EUNSUPPORTED',
  14: 'MJ_ENOMEM',
  15: 'MJ_EINTERNAL',
  16: 'MJ_EJOB_FAILED',
  17: 'MJ_EJOB_LOST',
  18: 'MJ_EAMBIGUOUS',
};

/** The library's hint codes (mj_hint), by the name a Node user reads. */
const HINT_NAMES = {
  0: 'none',
  1: 'setUri',
  2: 'setToken',
  3: 'raiseTimeout',
  4: 'raiseConnectTimeout',
  5: 'raiseMaxResponseBytes',
  6: 'raiseMaxListResponseBytes',
  7: 'pollRunningJob',
  8: 'raiseWaitTimeout',
  9: 'setCloudProject',
};

/** The names, in this package, of what each hint's advice asks to change. */
const HINT_ADVICE = {
  setUri: 'Node: new Client({ uri })',
  setToken: 'Node: new Client({ token })',
  raiseTimeout: 'Node: timeoutMs in the call options, requestTimeoutMs in the Client options',
  raiseConnectTimeout: 'Node: connectTimeoutMs in the Client options',
  raiseMaxResponseBytes: 'Node: maxResponseBytes in the Client options',
  raiseMaxListResponseBytes: 'Node: maxListResponseBytes in the Client options',
  pollRunningJob: 'Node: getRefreshExternalCollectionProgress(err.runningJobId) or waitRefresh(err.runningJobId)',
  raiseWaitTimeout: 'Node: timeoutMs in the wait options',
  setCloudProject: 'Node: new Client({ cloudProjectId, cloudRegionId }) instead of cloudClusterId',
};

const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// The names of the C API a message may still carry, as the Node user knows them.
const C_NAMES = [
  [/\b([a-z]+(?:_[a-z]+)+): /g, (m, op) => `${camel(op)}: `],
  [/\bmj_error_job_id(?:_int64)?\b(?:\(\))?/g, 'err.runningJobId'],
  [/\bmj_wait_options\.timeout_ms\b/g, 'the wait\'s timeoutMs'],
  [/\bmj_[a-z_]+_options(?:\.([a-z_]+))?/g, (m, field) => (field ? camel(field) : 'the options')],
  [/\bmj_[a-z_]+_request\b/g, 'the request'],
  [/\bmj_([a-z_]+)\b(?:\(\))?/g, (m, name) => camel(name)],
  [/\b((?:[a-z]+_)+(?:ms|bytes|connections|attempts))\b/g, (m, name) => camel(name)],
  [/\b(job_id|db_name|collection_name)\b/g, (m, name) => camel(name)],
];

/**
 * The library's message as a Node user should read it: C API names replaced
 * by this package's, and the hint's advice in Node option names appended.
 */
function nodeMessage(message, hint) {
  let m = String(message);
  for (const [re, to] of C_NAMES) m = m.replace(re, to);
  const advice = HINT_ADVICE[HINT_NAMES[hint]];
  if (advice) m += ` (${advice})`;
  return m;
}

/**
 * The base class of every error milvus-jobs reports. `category` is what to
 * switch on; the server's own code and text are kept beside it.
 */
class MilvusJobsError extends Error {
  constructor(message, fields = {}, options = undefined) {
    super(message, options);
    const status = fields.status ?? 15;
    this.status = status;
    this.code = STATUS_NAMES[status] ?? 'MJ_E?';
    this.category = (CATEGORIES[status] ?? ['internal'])[0];
    this.serverCode = fields.serverCode ?? 0;
    this.serverMessage = fields.serverMessage ?? '';
    this.httpStatus = fields.httpStatus ?? 0;
    this.retriable = fields.retriable ?? false;
    this.requestId = fields.requestId ?? '';
    this.traceId = fields.traceId ?? '';
    this.jobId = fields.jobId ?? '';
    this.attempts = fields.attempts ?? 0;
    this.job = fields.job ?? null;
    /** AmbiguousError: the ids of the jobs that may be the one a lost create started. */
    this.candidates = fields.candidates ?? [];
    /** The library's advice code, by name: 'setUri', 'raiseTimeout', ... or 'none'. */
    this.hint = HINT_NAMES[fields.hint] ?? 'none';
    Object.defineProperty(this, 'jobIdInt64', { value: fields.jobIdInt64 ?? 0n, enumerable: false });
  }

  get name() {
    return this.constructor.name;
  }
}

const classes = { MilvusJobsError };
for (const [status, [, className]] of Object.entries(CATEGORIES)) {
  const cls = {
    [className]: class extends MilvusJobsError {
      constructor(message, fields = {}, options = undefined) {
        super(message, { ...fields, status: Number(status) }, options);
      }
    },
  }[className];
  classes[className] = cls;
}

// The web platform's name for a cancelled operation: `err.name === 'AbortError'`.
Object.defineProperty(classes.CancelledError.prototype, 'name', { value: 'AbortError' });

// A duplicate refresh names the job already running: its id as a bigint.
Object.defineProperty(classes.DuplicateJobError.prototype, 'runningJobId', {
  get() {
    if (this.jobIdInt64 > 0n) return this.jobIdInt64;
    return /^[0-9]{1,19}$/.test(this.jobId) ? BigInt(this.jobId) : null;
  },
});

/** Makes the right subclass for an mj_status value and the fields of the error. */
function makeError(status, message, fields = {}, options = undefined) {
  const entry = CATEGORIES[status];
  const cls = entry ? classes[entry[1]] : MilvusJobsError;
  return entry ? new cls(message, fields, options) : new MilvusJobsError(message, { ...fields, status }, options);
}

module.exports = { ...classes, AbortError: classes.CancelledError, makeError, nodeMessage, CATEGORIES, STATUS_NAMES, HINT_NAMES };
