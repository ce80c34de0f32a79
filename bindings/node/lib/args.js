'use strict';
// Every check of a caller's arguments, in one place: types, unknown keys, the
// forms each id may take, NUL characters, and the official Node SDK's call
// shapes (snake_case keys, `{ job_id }` requests) mapped onto ours. The addon
// (src/) receives only values that passed here.

const { InvalidArgumentError } = require('./errors');

const invalid = (message) => new InvalidArgumentError(message);

function kindOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** A short rendering of a value for a message: 'abc', 12 (a number), 12n, an object. */
function show(v) {
  if (typeof v === 'string') {
    const s = v.length > 60 ? `${v.slice(0, 57)}...` : v;
    return `'${JSON.stringify(s).slice(1, -1).replace(/'/g, "\\'")}'`;
  }
  if (typeof v === 'number') return `${v} (a number)`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v === undefined) return 'undefined';
  return kindOf(v);
}

/**
 * A string the native core may take: refuses an embedded NUL ('\u0000'),
 * which would end the C string there and send something else (a job id
 * '12\u000034' would act on job 12). `secret` values are never echoed.
 */
function checkText(s, what, secret = false) {
  const at = s.indexOf('\u0000');
  if (at !== -1) {
    throw invalid(
      `${what} contains a NUL character ('\\u0000') at index ${at}${secret ? '' : ` (${show(s)})`}: ` +
        'milvus-jobs refuses it rather than cut the string there',
    );
  }
  return s;
}

function text(v, what, { secret = false } = {}) {
  if (typeof v !== 'string') throw invalid(`${what} must be a string, not ${kindOf(v)}`);
  return checkText(v, what, secret);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MAX = 2 ** 31 - 1;

const CHECKS = {
  string: (v) => typeof v === 'string',
  secret: (v) => typeof v === 'string',
  int: (v) => (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX),
  int32: (v) => (typeof v === 'number' || typeof v === 'bigint') && Number.isSafeInteger(Number(v)) && v >= -INT32_MAX - 1 && v <= INT32_MAX,
  bool: (v) => typeof v === 'boolean',
  function: (v) => typeof v === 'function',
  signal: (v) => typeof v === 'object' && typeof v.aborted === 'boolean' && typeof v.addEventListener === 'function',
  any: () => true,
};
const EXPECTED = {
  string: 'a string',
  secret: 'a string',
  int: 'an integer (a safe integer number, or a bigint that fits in an int64)',
  int32: 'an integer between -2147483648 and 2147483647',
  bool: 'a boolean',
  function: 'a function',
  signal: 'an AbortSignal',
  any: 'anything',
};

const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * Checks an options or request object against `spec` ({key: type}): refuses
 * unknown keys (a typo would otherwise be silently ignored) and values of the
 * wrong type. With `snake`, the official SDK's snake_case keys
 * (collection_name, job_id, db_name, ...) are accepted for their camelCase
 * names; `aliases` maps further names (e.g. the SDK's `timeout`).
 * undefined and null mean "not set". Returns a copy without unset keys.
 */
function checkOptions(value, what, spec, { required = false, snake = false, aliases = {} } = {}) {
  if (value === undefined || value === null) {
    if (required) throw invalid(`${what} is required`);
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${what} must be an object, not ${kindOf(value)}`);
  const out = {};
  const given = {};
  for (const [rawKey, v] of Object.entries(value)) {
    let key = rawKey;
    if (aliases[key] !== undefined) key = aliases[key];
    else if (snake && spec[key] === undefined && spec[camel(key)] !== undefined) key = camel(key);
    const type = spec[key];
    if (type === undefined) {
      const known = Object.keys(spec).join(', ');
      throw invalid(`${what}: unknown option "${rawKey}"; known options: ${known}${snake ? ' (or their snake_case names)' : ''}`);
    }
    if (given[key] !== undefined) throw invalid(`${what}: "${given[key]}" and "${rawKey}" name the same option; give one`);
    given[key] = rawKey;
    if (v === undefined || v === null) continue;
    if (!CHECKS[type](v)) throw invalid(`${what}: ${key} must be ${EXPECTED[type]}, not ${kindOf(v)}`);
    if (type === 'string' || type === 'secret') checkText(v, `${what}: ${key}`, type === 'secret');
    out[key] = v;
  }
  return out;
}

// ---------------------------------------------------------------- job ids

const REFRESH_ID_FORMS = 'a bigint, a safe integer number, or a decimal string of digits';

/** A refresh job id as a bigint: from a bigint, a safe-integer number or a string of digits. */
function refreshJobId(v, what = 'refresh job id') {
  let id;
  if (typeof v === 'bigint') id = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) id = BigInt(v);
  else if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) id = BigInt(v);
  else if (typeof v === 'number' && Number.isInteger(v)) {
    throw invalid(`${what} must be ${REFRESH_ID_FORMS}; got ${show(v)}, above 2^53 where numbers lose digits: pass it as a bigint or a string`);
  } else throw invalid(`${what} must be ${REFRESH_ID_FORMS}; got ${show(v)}`);
  if (id <= 0n) throw invalid(`${what} must be positive (the id refreshExternalCollection returned); got ${show(v)}`);
  if (id > INT64_MAX) throw invalid(`${what} ${id} does not fit in an int64`);
  return id;
}

/** An import job id: the non-empty string bulkImport returned. */
function importJobId(v, what = 'import job id') {
  if (typeof v !== 'string' || v === '') {
    throw invalid(`${what} must be a non-empty string (the id bulkImport returned, e.g. '449012345678901234' or 'job-...'); got ${show(v)}`);
  }
  return checkText(v, what);
}

// ---------------------------------------------------------------- requests

const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

// What a request object may carry for the call besides its own fields, as the
// official SDK passes them: db_name / dbName, timeout / timeoutMs (ms).
const CALL_IN_REQUEST = { dbName: 'string', timeoutMs: 'int' };
const CALL_ALIASES = { timeout: 'timeoutMs' };

/** No call options (what a plain id or name argument carries): frozen, shared. */
const NO_CALL = Object.freeze({});

/** Splits a checked request into its own fields and the call options it carried. */
function splitCall(r) {
  const { dbName, timeoutMs, ...own } = r;
  if (dbName === undefined && timeoutMs === undefined) return [own, NO_CALL];
  const call = {};
  if (dbName !== undefined) call.dbName = dbName;
  if (timeoutMs !== undefined) call.timeoutMs = timeoutMs;
  return [own, call];
}

/** A request object in our shape or the SDK's: returns [fields, callOptionsItCarried]. */
function request(value, what, spec, required = true) {
  const r = checkOptions(value, what, { ...spec, ...CALL_IN_REQUEST }, { required, snake: true, aliases: CALL_ALIASES });
  return splitCall(r);
}

/**
 * The job id of a call taking one: the id itself, or a request object
 * `{ jobId }` / `{ job_id }` (the official SDK's shape), which may also
 * carry db_name and timeout.
 */
function jobIdArg(v, parse, what) {
  if (!isPlainObject(v)) return [parse(v, what), NO_CALL];
  const [r, call] = request(v, `${what} request`, { jobId: 'any' });
  if (r.jobId === undefined) throw invalid(`${what} request: jobId (or job_id) is required`);
  return [parse(r.jobId, what), call];
}

/** An optional collection name, or a request object `{ collectionName }` / `{ collection_name }`. */
function collectionArg(v, what) {
  if (isPlainObject(v)) {
    const [r, call] = request(v, `${what} request`, { collectionName: 'string' }, false);
    return [r.collectionName, call];
  }
  if (v === undefined || v === null) return [undefined, NO_CALL];
  return [text(v, 'collectionName'), NO_CALL];
}

/**
 * The call options: `opts` checked against `spec`, with what the request
 * carried (dbName, timeoutMs) added; the same option given twice, differently,
 * is refused.
 */
function callOptions(opts, what, spec, fromRequest = {}) {
  const o = checkOptions(opts, what, spec);
  for (const [k, v] of Object.entries(fromRequest)) {
    if (o[k] !== undefined && o[k] !== v) throw invalid(`${k} is given twice, differently: in the request and in the ${what}`);
    o[k] = v;
  }
  return o;
}

/** extraHeaders as "Name: value" lines, from an array of lines or an object. */
function headerLines(h) {
  if (h === undefined) return undefined;
  if (Array.isArray(h)) {
    return h.map((line, i) => {
      if (typeof line !== 'string') throw invalid(`extraHeaders[${i}] must be a string "Name: value"`);
      return checkText(line, `extraHeaders[${i}]`, true);
    });
  }
  if (typeof h === 'object') {
    return Object.entries(h).map(([k, v]) => {
      if (typeof v !== 'string') throw invalid(`extraHeaders.${k} must be a string`);
      checkText(k, 'an extraHeaders name');
      checkText(v, `extraHeaders.${k}`, true);
      return `${k}: ${v}`;
    });
  }
  throw invalid('extraHeaders must be an array of "Name: value" strings or an object of name -> value');
}

/** bulkImport's files: paths, or arrays of paths (one group each). Returns [files, groupSizes]. */
function importFiles(files) {
  if (files === undefined) return [[], undefined];
  if (!Array.isArray(files)) throw invalid('files must be an array of paths, or of arrays of paths (groups)');
  const flat = [];
  const sizes = [];
  files.forEach((f, i) => {
    if (typeof f === 'string') {
      flat.push(checkText(f, `files[${i}]`));
      sizes.push(1);
    } else if (Array.isArray(f)) {
      f.forEach((p, j) => {
        if (typeof p !== 'string') throw invalid(`files[${i}][${j}] must be a string`);
        flat.push(checkText(p, `files[${i}][${j}]`));
      });
      sizes.push(f.length);
    } else throw invalid(`files[${i}] must be a path or an array of paths`);
  });
  return [flat, files.some((f) => Array.isArray(f)) ? sizes : undefined];
}

/** bulkImport's options object: [keys, values as strings]. */
function importOptions(options) {
  const keys = [];
  const values = [];
  if (options === undefined) return [keys, values];
  if (!isPlainObject(options)) throw invalid('options must be an object of name -> value');
  for (const [k, v] of Object.entries(options)) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) throw invalid(`options.${k} must be a string, number or boolean`);
    keys.push(checkText(k, 'an options name'));
    values.push(checkText(String(v), `options.${k}`));
  }
  return [keys, values];
}

module.exports = {
  NO_CALL,
  invalid,
  kindOf,
  show,
  text,
  checkText,
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
  isPlainObject,
};
