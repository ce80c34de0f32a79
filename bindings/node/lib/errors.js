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
};

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
    return /^[0-9]+$/.test(this.jobId) ? BigInt(this.jobId) : null;
  },
});

/** Makes the right subclass for an mj_status value and the fields of the error. */
function makeError(status, message, fields = {}, options = undefined) {
  const entry = CATEGORIES[status];
  const cls = entry ? classes[entry[1]] : MilvusJobsError;
  return entry ? new cls(message, fields, options) : new MilvusJobsError(message, { ...fields, status }, options);
}

module.exports = { ...classes, AbortError: classes.CancelledError, makeError, CATEGORIES, STATUS_NAMES };
