/*
 * milvus_jobs._native: the hot path of the Python binding in C.
 *
 * ctypes stays the binding's loader and its way to the rest of the ABI; this
 * module takes over the two progress calls and the conversion of every job
 * the library hands back (C struct -> the package's frozen dataclasses),
 * which through ctypes cost a Python attribute access per field.
 *
 * It never links against libmilvus_jobs: setup() receives the addresses of
 * the functions it needs from the library ctypes loaded, so both always use
 * the same copy (bundled, MILVUS_JOBS_LIBRARY or the system's). Built for the
 * stable ABI (Py_LIMITED_API 3.8): one binary serves every CPython >= 3.8.
 *
 * Interruptible calls (the main thread): Python runs signal handlers on the
 * main thread only, between bytecodes, so a call blocked in libcurl there
 * would hold Ctrl-C until it returns. Such a call runs on a C worker thread
 * instead while the main thread waits in slices of SLICE_MS, running
 * PyErr_CheckSignals() between them; when a handler raises (Ctrl-C's
 * KeyboardInterrupt or any other), the call's cancel token is triggered, the
 * worker's call returns promptly (MJ_ECANCELLED), its result is freed and the
 * handler's exception propagates. The handoff is a mutex and two condition
 * variables: no Python objects, no GIL on the worker.
 */
#define Py_LIMITED_API 0x03080000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "milvus_jobs.h"

/* ------------------------------------------------------------ the library, through ctypes' handle */

static struct {
  __typeof__(&mj_call_options_init) call_options_init;
  __typeof__(&mj_get_import_progress) get_import_progress;
  __typeof__(&mj_get_refresh_external_collection_progress) get_refresh_progress;
  __typeof__(&mj_import_job_free) import_job_free;
  __typeof__(&mj_refresh_job_free) refresh_job_free;
  __typeof__(&mj_cancel_new) cancel_new;
  __typeof__(&mj_cancel_trigger) cancel_trigger;
  __typeof__(&mj_cancel_is_triggered) cancel_is_triggered;
  __typeof__(&mj_cancel_free) cancel_free;
  __typeof__(&mj_error_free) error_free;
} L;

/* ------------------------------------------------------------ the package's classes */

static PyObject* g_no_args;        /* () */
static PyObject* g_empty;          /* "" */
static PyObject* g_import_job_cls; /* the dataclasses */
static PyObject* g_import_file_cls;
static PyObject* g_refresh_job_cls;
static PyObject* g_import_states; /* tuple: member of value i at index i */
static PyObject* g_import_file_states;
static PyObject* g_refresh_states;
static int g_ready;

/* Field names, interned once, in the dataclasses' order. */
enum {
  F_JOB_ID,
  F_COLLECTION_NAME,
  F_STATE,
  F_STATE_NAME,
  F_PROGRESS,
  F_REASON,
  F_EXTERNAL_SOURCE,
  F_EXTERNAL_SPEC,
  F_START_TIME_MS,
  F_END_TIME_MS,
  F_FILE_NAME,
  F_FILE_SIZE,
  F_IMPORTED_ROWS,
  F_TOTAL_ROWS,
  F_COMPLETE_TIME_TEXT,
  F_COMPLETE_TIME_MS,
  F_CREATE_TIME_TEXT,
  F_CREATE_TIME_MS,
  F_DETAILS,
  F_COUNT
};
static const char* const k_field_names[F_COUNT] = {
    "job_id",           "collection_name",  "state",          "state_name",    "progress",
    "reason",           "external_source",  "external_spec",  "start_time_ms", "end_time_ms",
    "file_name",        "file_size",        "imported_rows",  "total_rows",    "complete_time_text",
    "complete_time_ms", "create_time_text", "create_time_ms", "details"};
static PyObject* g_fields[F_COUNT];

/* A borrowed C string as str: "" for NULL, invalid UTF-8 replaced (as text() in _ffi.py). */
static PyObject* text(const char* s) {
  if (s == NULL || *s == '\0') {
    Py_INCREF(g_empty);
    return g_empty;
  }
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* The enum member of `value`, or member 0 (UNKNOWN) for a value this package does not know. */
static PyObject* member(PyObject* members, int32_t value) {
  Py_ssize_t n = PyTuple_Size(members);
  PyObject* m = PyTuple_GetItem(members, (value >= 0 && value < n) ? value : 0);
  Py_XINCREF(m);
  return m;
}

/* A new, empty instance of a dataclass: cls.__new__(cls), its __init__ not
 * run (the classes are heap types, so PyType_GetSlot works on every
 * version; their tp_new is object's). */
static PyObject* blank(PyObject* cls) {
  newfunc tp_new = (newfunc)PyType_GetSlot((PyTypeObject*)cls, Py_tp_new);
  if (tp_new == NULL) {
    PyErr_SetString(PyExc_TypeError, "milvus_jobs._native: a class without tp_new");
    return NULL;
  }
  return tp_new((PyTypeObject*)cls, g_no_args, NULL);
}

/* obj.field = value as object.__setattr__ does it (the frozen dataclass's
 * own __setattr__ refuses), stealing value; -1 on failure (value NULL
 * included). The attributes land where __init__ would put them (on CPython
 * >= 3.11 the instance's inline values, keys shared by every instance). */
static int put(PyObject* obj, int field, PyObject* value) {
  if (value == NULL) return -1;
  int rc = PyObject_GenericSetAttr(obj, g_fields[field], value);
  Py_DECREF(value);
  return rc;
}

/* obj, or NULL (and obj released) when filling it failed. */
static PyObject* done(PyObject* obj, int failed) {
  if (failed) Py_CLEAR(obj);
  return obj;
}

static PyObject* refresh_job_obj(const mj_refresh_job* c) {
  PyObject* d = blank(g_refresh_job_cls);
  if (d == NULL) return NULL;
  return done(d, put(d, F_JOB_ID, PyLong_FromLongLong(c->job_id)) < 0 ||
                     put(d, F_COLLECTION_NAME, text(c->collection_name)) < 0 ||
                     put(d, F_STATE, member(g_refresh_states, c->state)) < 0 ||
                     put(d, F_STATE_NAME, text(c->state_name)) < 0 ||
                     put(d, F_PROGRESS, PyLong_FromLongLong(c->progress)) < 0 ||
                     put(d, F_REASON, text(c->reason)) < 0 || put(d, F_EXTERNAL_SOURCE, text(c->external_source)) < 0 ||
                     put(d, F_EXTERNAL_SPEC, text(c->external_spec)) < 0 ||
                     put(d, F_START_TIME_MS, PyLong_FromLongLong(c->start_time_ms)) < 0 ||
                     put(d, F_END_TIME_MS, PyLong_FromLongLong(c->end_time_ms)) < 0);
}

static PyObject* import_file_obj(const mj_import_file* c) {
  PyObject* d = blank(g_import_file_cls);
  if (d == NULL) return NULL;
  return done(d, put(d, F_FILE_NAME, text(c->file_name)) < 0 ||
                     put(d, F_FILE_SIZE, PyLong_FromLongLong(c->file_size)) < 0 ||
                     put(d, F_PROGRESS, PyLong_FromLongLong(c->progress)) < 0 ||
                     put(d, F_STATE, member(g_import_file_states, c->state)) < 0 ||
                     put(d, F_STATE_NAME, text(c->state_name)) < 0 ||
                     put(d, F_IMPORTED_ROWS, PyLong_FromLongLong(c->imported_rows)) < 0 ||
                     put(d, F_TOTAL_ROWS, PyLong_FromLongLong(c->total_rows)) < 0 ||
                     put(d, F_COMPLETE_TIME_TEXT, text(c->complete_time)) < 0 ||
                     put(d, F_COMPLETE_TIME_MS, PyLong_FromLongLong(c->complete_time_ms)) < 0 ||
                     put(d, F_REASON, text(c->reason)) < 0);
}

static PyObject* import_job_obj(const mj_import_job* c) {
  PyObject* details = PyList_New((Py_ssize_t)c->detail_count);
  if (details == NULL) return NULL;
  for (size_t i = 0; i < c->detail_count; i++) {
    PyObject* f = import_file_obj(c->details[i]);
    if (f == NULL || PyList_SetItem(details, (Py_ssize_t)i, f) < 0) {
      Py_DECREF(details);
      return NULL;
    }
  }
  PyObject* d = blank(g_import_job_cls);
  if (d == NULL) {
    Py_DECREF(details);
    return NULL;
  }
  /* put() steals a reference when it gets that far; this one is dropped below. */
  Py_INCREF(details);
  int failed = put(d, F_JOB_ID, text(c->job_id)) < 0 || put(d, F_COLLECTION_NAME, text(c->collection_name)) < 0 ||
               put(d, F_STATE, member(g_import_states, c->state)) < 0 ||
               put(d, F_STATE_NAME, text(c->state_name)) < 0 ||
               put(d, F_PROGRESS, PyLong_FromLongLong(c->progress)) < 0 || put(d, F_REASON, text(c->reason)) < 0 ||
               put(d, F_IMPORTED_ROWS, PyLong_FromLongLong(c->imported_rows)) < 0 ||
               put(d, F_TOTAL_ROWS, PyLong_FromLongLong(c->total_rows)) < 0 ||
               put(d, F_FILE_SIZE, PyLong_FromLongLong(c->file_size)) < 0 ||
               put(d, F_CREATE_TIME_TEXT, text(c->create_time)) < 0 ||
               put(d, F_CREATE_TIME_MS, PyLong_FromLongLong(c->create_time_ms)) < 0 ||
               put(d, F_COMPLETE_TIME_TEXT, text(c->complete_time)) < 0 ||
               put(d, F_COMPLETE_TIME_MS, PyLong_FromLongLong(c->complete_time_ms)) < 0 ||
               put(d, F_DETAILS, details) < 0 || put(d, F_FILE_NAME, text(c->file_name)) < 0;
  Py_DECREF(details);
  return done(d, failed);
}

/* ------------------------------------------------------------ worker threads */

enum { OP_IMPORT = 1, OP_REFRESH = 2 };

typedef struct task {
  struct task* next;
  int op;
  mj_client* client;
  const char* import_id;
  int64_t refresh_id;
  mj_call_options opts;
  void* out;
  mj_error* err;
  mj_status status;
  sem_t done; /* posted by the worker when the call returned */
} task;

#define SLICE_MS 50

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_work; /* a task was queued */
static task* g_queue;
static int g_idle;    /* workers not running a task */
static int g_pending; /* queued tasks no worker took yet */

static void run_task(task* t) {
  if (t->op == OP_IMPORT) {
    mj_import_job* job = NULL;
    t->status = L.get_import_progress(&job, t->client, t->import_id, &t->opts, &t->err);
    t->out = job;
  } else {
    mj_refresh_job* job = NULL;
    t->status = L.get_refresh_progress(&job, t->client, t->refresh_id, &t->opts, &t->err);
    t->out = job;
  }
}

/* Runs t on this thread, without the GIL. */
static void run_direct(task* t) {
  PyThreadState* ts = PyEval_SaveThread();
  run_task(t);
  PyEval_RestoreThread(ts);
}

static void* worker_main(void* arg) {
  (void)arg;
  pthread_mutex_lock(&g_mu);
  for (;;) {
    /* Counted in g_idle from its start (submit) and again as soon as its
     * call returned: a task queued meanwhile finds it, and no second worker
     * is started for it. */
    while (g_queue == NULL) pthread_cond_wait(&g_work, &g_mu);
    task* t = g_queue;
    g_queue = t->next;
    g_pending--;
    g_idle--;
    pthread_mutex_unlock(&g_mu);
    run_task(t);
    pthread_mutex_lock(&g_mu);
    g_idle++;
    sem_post(&t->done); /* t belongs to the caller again: not touched after this */
  }
  return NULL;
}

static void init_sync(void) {
  pthread_mutex_init(&g_mu, NULL);
  pthread_cond_init(&g_work, NULL);
  g_queue = NULL;
  g_idle = 0;
  g_pending = 0;
}

/* A forked child has none of the parent's threads (and maybe a held lock). */
static void after_fork_child(void) { init_sync(); }

/* Queues t for a worker (starting one when none is idle): 0, or -1 when no thread could be started. */
static int submit(task* t) {
  pthread_mutex_lock(&g_mu);
  t->next = NULL;
  task** tail = &g_queue;
  while (*tail) tail = &(*tail)->next;
  *tail = t;
  g_pending++;
  if (g_idle < g_pending) {
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* Workers block every signal: the kernel then delivers the process's
     * signals (Ctrl-C) to the main thread, whose wait they interrupt. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&th, &attr, worker_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (rc == 0) {
      g_idle++; /* the new worker, idle until it takes the task */
    } else {
      /* Take it back: the caller runs it itself. */
      for (task** p = &g_queue; *p != NULL; p = &(*p)->next) {
        if (*p == t) {
          *p = t->next;
          break;
        }
      }
      g_pending--;
      pthread_mutex_unlock(&g_mu);
      return -1;
    }
  } else {
    pthread_cond_signal(&g_work);
  }
  pthread_mutex_unlock(&g_mu);
  return 0;
}

/* Runs t on a worker while this (main) thread runs signal handlers every
 * SLICE_MS, and at once when a signal interrupts its wait (sem_timedwait
 * returns EINTR, as Python's own lock waits do). Called with the GIL; returns
 * with it. 0, or -1 with the signal handler's exception set (t has then
 * finished too: its result is t->out). */
static int run_interruptible(task* t, mj_cancel* token) {
  if (sem_init(&t->done, 0, 0) != 0) {
    run_direct(t);
    return 0;
  }
  if (submit(t) != 0) {
    sem_destroy(&t->done);
    run_direct(t);
    return 0;
  }
  int raised = 0;
  for (;;) {
    int rc;
    PyThreadState* ts = PyEval_SaveThread();
    if (raised) {
      /* Stopped: wait for the worker (the call returns promptly) so that
       * nothing it uses goes away under it; a second Ctrl-C waits its turn. */
      while ((rc = sem_wait(&t->done)) != 0 && errno == EINTR) {
      }
    } else {
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_nsec += SLICE_MS * 1000000L;
      if (until.tv_nsec >= 1000000000L) {
        until.tv_sec += 1;
        until.tv_nsec -= 1000000000L;
      }
      rc = sem_timedwait(&t->done, &until);
    }
    PyEval_RestoreThread(ts);
    if (rc == 0) break;
    if (PyErr_CheckSignals() < 0) {
      raised = 1;
      L.cancel_trigger(token);
    }
  }
  sem_destroy(&t->done);
  return raised ? -1 : 0;
}

/* ------------------------------------------------------------ private cancel tokens of main-thread calls */

/* An untriggered token kept for the next interruptible call (guarded by the GIL). */
static mj_cancel* g_spare;

static mj_cancel* take_token(void) {
  mj_cancel* t = g_spare;
  if (t != NULL) {
    g_spare = NULL;
    return t;
  }
  mj_error* err = NULL;
  if (L.cancel_new(&t, &err) != MJ_OK) {
    L.error_free(err);
    PyErr_NoMemory();
    return NULL;
  }
  return t;
}

static void give_token(mj_cancel* t) {
  if (g_spare == NULL && !L.cancel_is_triggered(t)) {
    g_spare = t;
  } else {
    L.cancel_free(t);
  }
}

/* ------------------------------------------------------------ module functions */

static int setup_done(void) {
  if (!g_ready) {
    PyErr_SetString(PyExc_RuntimeError, "milvus_jobs._native.setup() was not called");
    return 0;
  }
  return 1;
}

static void* address(PyObject* seq, Py_ssize_t i) {
  PyObject* o = PySequence_GetItem(seq, i);
  if (o == NULL) return NULL;
  void* p = PyLong_AsVoidPtr(o);
  Py_DECREF(o);
  return p;
}

/* *slot = value, releasing the old one (Py_XSETREF is not in the limited API). */
static void set_ref(PyObject** slot, PyObject* value) {
  PyObject* old = *slot;
  *slot = value;
  Py_XDECREF(old);
}

static PyObject* members(PyObject* enum_cls) {
  /* tuple(enum_cls(i) for i in range(len(enum_cls))): values are 0..n-1. */
  Py_ssize_t n = PyObject_Length(enum_cls);
  if (n < 0) return NULL;
  PyObject* t = PyTuple_New(n);
  if (t == NULL) return NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject* m = PyObject_CallFunction(enum_cls, "n", i);
    if (m == NULL || PyTuple_SetItem(t, i, m) < 0) {
      Py_DECREF(t);
      return NULL;
    }
  }
  return t;
}

/* setup(addresses, classes): addresses of mj_call_options_init,
 * mj_get_import_progress, mj_get_refresh_external_collection_progress,
 * mj_import_job_free, mj_refresh_job_free, mj_cancel_new, mj_cancel_trigger,
 * mj_cancel_is_triggered, mj_cancel_free, mj_error_free (in that order);
 * classes: (ImportJob, ImportFile, RefreshJob, ImportState,
 * ImportFileState, RefreshState). */
static PyObject* py_setup(PyObject* self, PyObject* args) {
  (void)self;
  PyObject *addrs, *classes;
  if (!PyArg_ParseTuple(args, "OO", &addrs, &classes)) return NULL;
  void* p[10];
  for (Py_ssize_t i = 0; i < 10; i++) {
    p[i] = address(addrs, i);
    if (p[i] == NULL) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "setup: a NULL function address");
      return NULL;
    }
  }
  memcpy(&L.call_options_init, &p[0], sizeof p[0]);
  memcpy(&L.get_import_progress, &p[1], sizeof p[1]);
  memcpy(&L.get_refresh_progress, &p[2], sizeof p[2]);
  memcpy(&L.import_job_free, &p[3], sizeof p[3]);
  memcpy(&L.refresh_job_free, &p[4], sizeof p[4]);
  memcpy(&L.cancel_new, &p[5], sizeof p[5]);
  memcpy(&L.cancel_trigger, &p[6], sizeof p[6]);
  memcpy(&L.cancel_is_triggered, &p[7], sizeof p[7]);
  memcpy(&L.cancel_free, &p[8], sizeof p[8]);
  memcpy(&L.error_free, &p[9], sizeof p[9]);
  PyObject* c[6];
  for (Py_ssize_t i = 0; i < 6; i++) {
    c[i] = PySequence_GetItem(classes, i);
    if (c[i] == NULL) {
      while (i > 0) Py_DECREF(c[--i]);
      return NULL;
    }
  }
  for (int i = 0; i < 3; i++) {
    if (!PyType_Check(c[i]) || !(PyType_GetFlags((PyTypeObject*)c[i]) & Py_TPFLAGS_HEAPTYPE)) {
      for (int k = 0; k < 6; k++) Py_DECREF(c[k]);
      PyErr_SetString(PyExc_TypeError, "setup: the job classes must be Python classes");
      return NULL;
    }
    Py_INCREF(c[i]);
  }
  set_ref(&g_import_job_cls, c[0]);
  set_ref(&g_import_file_cls, c[1]);
  set_ref(&g_refresh_job_cls, c[2]);
  set_ref(&g_import_states, members(c[3]));
  if (g_import_states != NULL) set_ref(&g_import_file_states, members(c[4]));
  if (g_import_file_states != NULL) set_ref(&g_refresh_states, members(c[5]));
  for (int i = 0; i < 6; i++) Py_DECREF(c[i]);
  if (!g_import_states || !g_import_file_states || !g_refresh_states) return NULL;
  g_ready = 1;
  Py_RETURN_NONE;
}

/* The result of a call: the job, or (status, error address) for the caller
 * to raise from (it owns the error). */
static PyObject* finish(task* t, int interrupted) {
  PyObject* res = NULL;
  if (!interrupted && t->status == MJ_OK) {
    res = t->op == OP_IMPORT ? import_job_obj((const mj_import_job*)t->out)
                             : refresh_job_obj((const mj_refresh_job*)t->out);
  }
  if (t->op == OP_IMPORT) {
    L.import_job_free((mj_import_job*)t->out);
  } else {
    L.refresh_job_free((mj_refresh_job*)t->out);
  }
  if (interrupted) {
    L.error_free(t->err);
    return NULL;
  }
  if (t->status != MJ_OK) {
    res = Py_BuildValue("(iK)", (int)t->status, (unsigned long long)(uintptr_t)t->err);
    if (res == NULL) L.error_free(t->err);
  } else {
    L.error_free(t->err);
  }
  return res;
}

/* call(op, client, job_id, timeout_ms, db_name, max_attempts, cancel, interruptible) */
static PyObject* progress(int op, PyObject* args) {
  if (!setup_done()) return NULL;
  task t;
  memset(&t, 0, sizeof t);
  t.op = op;
  PyObject *client, *jid, *db, *cancel;
  long long timeout_ms;
  int max_attempts, interruptible;
  if (!PyArg_ParseTuple(args, "OOLOiOp", &client, &jid, &timeout_ms, &db, &max_attempts, &cancel, &interruptible))
    return NULL;
  t.client = (mj_client*)PyLong_AsVoidPtr(client);
  if (t.client == NULL && PyErr_Occurred()) return NULL;
  if (op == OP_IMPORT) {
    t.import_id = PyBytes_AsString(jid);
    if (t.import_id == NULL) return NULL;
  } else {
    t.refresh_id = PyLong_AsLongLong(jid);
    if (t.refresh_id == -1 && PyErr_Occurred()) return NULL;
  }
  L.call_options_init(&t.opts, (uint32_t)sizeof t.opts);
  t.opts.timeout_ms = timeout_ms;
  t.opts.max_attempts = max_attempts;
  if (db != Py_None) {
    t.opts.db_name = PyBytes_AsString(db);
    if (t.opts.db_name == NULL) return NULL;
  }
  mj_cancel* user = NULL;
  if (cancel != Py_None) {
    user = (mj_cancel*)PyLong_AsVoidPtr(cancel);
    if (user == NULL && PyErr_Occurred()) return NULL;
  }
  if (!interruptible) {
    t.opts.cancel = user;
    run_direct(&t);
    return finish(&t, 0);
  }
  /* The main thread: a private token (the caller's own when it passes one:
   * then a child of the user's, made for this call). */
  mj_cancel* token = user != NULL ? user : take_token();
  if (token == NULL) return NULL;
  t.opts.cancel = token;
  int interrupted = run_interruptible(&t, token) < 0;
  if (user == NULL) give_token(token);
  return finish(&t, interrupted);
}

static PyObject* py_import_progress(PyObject* self, PyObject* args) {
  (void)self;
  return progress(OP_IMPORT, args);
}

static PyObject* py_refresh_progress(PyObject* self, PyObject* args) {
  (void)self;
  return progress(OP_REFRESH, args);
}

static const void* pointer_arg(PyObject* arg) {
  const void* p = PyLong_AsVoidPtr(arg);
  if (p == NULL && !PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a NULL pointer");
  return p;
}

static PyObject* py_import_job(PyObject* self, PyObject* arg) {
  (void)self;
  if (!setup_done()) return NULL;
  const mj_import_job* c = (const mj_import_job*)pointer_arg(arg);
  return c ? import_job_obj(c) : NULL;
}

static PyObject* py_refresh_job(PyObject* self, PyObject* arg) {
  (void)self;
  if (!setup_done()) return NULL;
  const mj_refresh_job* c = (const mj_refresh_job*)pointer_arg(arg);
  return c ? refresh_job_obj(c) : NULL;
}

static PyObject* py_refresh_jobs(PyObject* self, PyObject* arg) {
  (void)self;
  if (!setup_done()) return NULL;
  const mj_refresh_job_list* c = (const mj_refresh_job_list*)pointer_arg(arg);
  if (c == NULL) return NULL;
  PyObject* list = PyList_New((Py_ssize_t)c->count);
  for (size_t i = 0; list != NULL && i < c->count; i++) {
    PyObject* o = refresh_job_obj(c->items[i]);
    if (o == NULL || PyList_SetItem(list, (Py_ssize_t)i, o) < 0) Py_CLEAR(list);
  }
  return list;
}

static PyObject* py_import_jobs(PyObject* self, PyObject* arg) {
  (void)self;
  if (!setup_done()) return NULL;
  const mj_import_job_list* c = (const mj_import_job_list*)pointer_arg(arg);
  if (c == NULL) return NULL;
  PyObject* list = PyList_New((Py_ssize_t)c->count);
  for (size_t i = 0; list != NULL && i < c->count; i++) {
    PyObject* o = import_job_obj(c->items[i]);
    if (o == NULL || PyList_SetItem(list, (Py_ssize_t)i, o) < 0) Py_CLEAR(list);
  }
  return list;
}

static PyMethodDef k_methods[] = {
    {"setup", py_setup, METH_VARARGS, "setup(addresses, classes): the library's functions and the package's classes."},
    {"get_import_progress", py_import_progress, METH_VARARGS,
     "get_import_progress(client, job_id: bytes, timeout_ms, db_name, max_attempts, cancel, interruptible)"
     " -> ImportJob | (status, error address)"},
    {"get_refresh_progress", py_refresh_progress, METH_VARARGS,
     "get_refresh_progress(client, job_id: int, timeout_ms, db_name, max_attempts, cancel, interruptible)"
     " -> RefreshJob | (status, error address)"},
    {"import_job", py_import_job, METH_O, "import_job(address of an mj_import_job) -> ImportJob"},
    {"refresh_job", py_refresh_job, METH_O, "refresh_job(address of an mj_refresh_job) -> RefreshJob"},
    {"import_jobs", py_import_jobs, METH_O, "import_jobs(address of an mj_import_job_list) -> [ImportJob]"},
    {"refresh_jobs", py_refresh_jobs, METH_O, "refresh_jobs(address of an mj_refresh_job_list) -> [RefreshJob]"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef k_module = {PyModuleDef_HEAD_INIT,
                                      "_native",
                                      "The Python binding's hot path in C (see native.c).",
                                      -1,
                                      k_methods,
                                      NULL,
                                      NULL,
                                      NULL,
                                      NULL};

PyMODINIT_FUNC PyInit__native(void) {
  static int once;
  if (!once) {
    init_sync();
    pthread_atfork(NULL, NULL, after_fork_child);
    once = 1;
  }
  g_no_args = PyTuple_New(0);
  if (g_no_args == NULL) return NULL;
  g_empty = PyUnicode_FromStringAndSize("", 0);
  if (g_empty == NULL) return NULL;
  for (int i = 0; i < F_COUNT; i++) {
    g_fields[i] = PyUnicode_InternFromString(k_field_names[i]);
    if (g_fields[i] == NULL) return NULL;
  }
  return PyModule_Create(&k_module);
}
