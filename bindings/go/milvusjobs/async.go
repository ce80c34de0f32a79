package milvusjobs

// The progress reads (GetImportProgress, GetRefreshExternalCollectionProgress,
// GetRestoreSnapshotProgress) go through the library's non-blocking read API
// (mj_async, self-driven) instead of one blocking cgo call each.
//
// Why: a cgo call that blocks costs Go far more than the call itself. The
// goroutine's P stays with the blocked thread until sysmon retakes it, then
// another thread is woken to run the P, and the returning thread must find a
// P again (bench/README.md, "Go under concurrency": ~15-20 µs of CPU per call
// at 16 goroutines). Here a read is a short cgo call that does not block
// (mj_async_get_*: the request is queued and the poller woken) and a wait on
// a channel, which Go parks for nothing; one poller goroutine per Client
// makes the only blocking cgo call (mj_async_run), once per batch of results
// for all the reads in flight.
//
// A read with no other in flight stays one blocking call (see read).
//
// Life cycle: the poller starts with the first read made through mj_async
// and parks on a channel (not in C) whenever no read is in flight;
// Client.Close waits for the calls in flight (each read takes part in the
// Client's in-flight count and cancel tokens exactly as a blocking call
// does), then stops the poller and frees the mj_async before the client.

/*
#include <stdlib.h>
#include <milvus_jobs.h>

// mjgo_async_poll: the poller's one cgo call per round: the results already
// ready, else mj_async_run (up to timeout_ms) and the results it made ready;
// at most cap of them into out. Returns their count (0: the wait ended with
// none, a wakeup or the timeout), or -1 with *st and *err when
// mj_async_run failed.
static int mjgo_async_poll(mj_async *a, int64_t timeout_ms, mj_async_result *out, int cap, mj_status *st,
                           mj_error **err) {
  const mj_async_result init = MJ_ASYNC_RESULT_INIT;
  int n = 0;
  for (int round = 0; round < 2; round++) {
    while (n < cap) {
      out[n] = init;
      if (!mj_async_next(a, &out[n])) break;
      n++;
    }
    if (n > 0 || round == 1) break;
    *st = mj_async_run(a, timeout_ms, err);
    if (*st != MJ_OK) return -1;
  }
  return n;
}
*/
import "C"

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

const (
	// asyncBatch is the most results the poller takes per cgo call.
	asyncBatch = 64
	// asyncRunTimeoutMs bounds one mj_async_run while reads are in flight.
	// Nothing depends on it: a started read and a triggered cancel token
	// wake mj_async_run, and the library keeps each read's deadline; it
	// only makes the poller look at its state now and then.
	asyncRunTimeoutMs = 1000
)

// Tuning, measured (bench/README.md, "Go under concurrency"):
// asyncLockThread: the poller keeps one OS thread (runtime.LockOSThread):
// no gain, measured costlier. asyncYield: the poller yields its P after
// handing results out (runtime.Gosched), so that the readers it made
// runnable run (and start their next reads) before it blocks in C again;
// else they wait in its P's run queue, and sysmon has to take the P from
// the blocked poller and wake another thread for them. asyncSoloBlocking: a
// read with no other in flight on the client is a blocking call (see read).
var (
	asyncLockThread   = false
	asyncYield        = true
	asyncSoloBlocking = true
)

// asyncResult is one finished read as mj_async_next gave it; the waiting
// goroutine owns (and frees) its error and job.
type asyncResult struct {
	status  C.int32_t
	err     *C.mj_error
	refresh *C.mj_refresh_job
	imp     *C.mj_import_job
	snap    *C.mj_snapshot_job
}

// asyncWaiter is a read's mailbox. Reused (asyncWaiters): a read always
// takes its result before it returns, so a recycled waiter is empty.
type asyncWaiter struct {
	ch chan asyncResult // capacity 1: the poller never blocks on it
}

var asyncWaiters = sync.Pool{New: func() any { return &asyncWaiter{ch: make(chan asyncResult, 1)} }}

// asyncReader is a Client's mj_async and its poller. It holds no reference
// to the Client, so that an abandoned Client can still be finalized (and its
// finalizer stop the poller).
type asyncReader struct {
	mu       sync.Mutex
	ptr      *C.mj_async // made by the first read (start)
	out      *C.mj_async_result
	waiters  map[uint64]*asyncWaiter // reads in flight, by tag
	nextTag  uint64
	stopping bool
	disabled bool          // reads are blocking calls (tests: the reference)
	done     chan struct{} // closed when the poller has returned
	// parked is set by the poller (under mu, with no read in flight) before
	// it waits on kick; the first read started after that clears it and
	// sends the one kick.
	parked atomic.Bool
	kick   chan struct{}
	// active counts the progress reads in flight, blocking ones included.
	active atomic.Int32
	// soloBlocking: asyncSoloBlocking (tests turn it off before the first
	// read).
	soloBlocking bool
}

func newAsyncReader() *asyncReader {
	return &asyncReader{waiters: map[uint64]*asyncWaiter{}, kick: make(chan struct{}, 1), soloBlocking: asyncSoloBlocking}
}

// Kinds of read.
const (
	asyncImport = iota
	asyncRefresh
	asyncSnapshot
)

// read starts one read on the client (k pinned it) and waits for its
// result. importID is the import job's id (Go memory, read by the start call
// only), numID the refresh or snapshot job's. The result's error, if any, is
// explained as a blocking call's would be (cancel, deadline, Close).
//
// errNoAsync asks the caller to make the read as a blocking call instead,
// then to call blockingDone: when no other progress read of the client is in
// flight (a lone blocking cgo call costs Go nothing more: with no other
// goroutine waiting for a P, sysmon leaves the P with it, and it saves the
// two goroutine handoffs through the poller), or when no mj_async could be
// made.
func (a *asyncReader) read(k *call, client *C.mj_client, call *C.mj_call_options, kind int, importID *C.char,
	numID int64) (asyncResult, error) {
	if a.active.Add(1) == 1 && a.soloBlocking {
		return asyncResult{}, errNoAsync
	}
	defer a.active.Add(-1)
	a.mu.Lock()
	if a.ptr == nil {
		if e := a.startLocked(client); e != nil {
			a.mu.Unlock()
			if e == errNoAsync {
				a.active.Add(1) // kept until blockingDone
				return asyncResult{}, errNoAsync
			}
			e.Op = k.op
			return asyncResult{}, e
		}
	}
	w := asyncWaiters.Get().(*asyncWaiter)
	a.nextTag++
	tag := a.nextTag
	a.waiters[tag] = w
	ptr := a.ptr
	a.mu.Unlock()
	var cerr *C.mj_error
	var st C.mj_status
	switch kind {
	case asyncImport:
		st = C.mj_async_get_import_progress(ptr, importID, call, C.uint64_t(tag), &cerr)
	case asyncRefresh:
		st = C.mj_async_get_refresh_external_collection_progress(ptr, C.int64_t(numID), call, C.uint64_t(tag), &cerr)
	default:
		st = C.mj_async_get_restore_snapshot_progress(ptr, C.int64_t(numID), call, C.uint64_t(tag), &cerr)
	}
	if st != C.MJ_OK { // not started: no result will come
		a.mu.Lock()
		delete(a.waiters, tag)
		a.mu.Unlock()
		asyncWaiters.Put(w)
		return asyncResult{}, k.fail(st, cerr)
	}
	if a.parked.Load() && a.parked.CompareAndSwap(true, false) {
		a.kick <- struct{}{}
	}
	// The context and Close end the read through its cancel token (k.tok,
	// in call->cancel), which wakes the poller: the result, MJ_ECANCELLED,
	// comes here like any other.
	r := <-w.ch
	asyncWaiters.Put(w)
	if r.status != C.MJ_OK {
		return r, k.fail(C.mj_status(r.status), r.err)
	}
	return r, nil
}

// errNoAsync: the mj_async could not be made (out of memory) or is
// disabled (tests); the read is then made as a blocking call.
var errNoAsync = &Error{Category: CategoryNoMemory, Message: "no mj_async"}

// startLocked makes the mj_async and starts the poller (a.mu held, a.ptr
// nil): once per Client.
func (a *asyncReader) startLocked(client *C.mj_client) *Error {
	if a.stopping {
		return &Error{Category: CategoryInvalidArgument, Message: "the Client is closed", cause: ErrClosed}
	}
	if a.disabled {
		return errNoAsync
	}
	var ptr *C.mj_async
	var cerr *C.mj_error
	if st := C.mj_async_new(&ptr, client, nil, &cerr); st != C.MJ_OK {
		C.mj_error_free(cerr)
		return errNoAsync
	}
	a.out = (*C.mj_async_result)(C.calloc(C.size_t(asyncBatch), C.size_t(unsafe.Sizeof(C.mj_async_result{}))))
	if a.out == nil {
		C.mj_async_free(ptr)
		return errNoAsync
	}
	a.ptr = ptr
	a.done = make(chan struct{})
	go a.poll(ptr, a.out, a.done)
	return nil
}

// poll is the poller: it drives the mj_async while reads are in flight and
// hands each result to its reader; it parks on kick when none is.
func (a *asyncReader) poll(ptr *C.mj_async, out *C.mj_async_result, done chan struct{}) {
	defer close(done)
	if asyncLockThread {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	results := unsafe.Slice(out, asyncBatch)
	var ws [asyncBatch]*asyncWaiter
	for {
		a.mu.Lock()
		if len(a.waiters) == 0 {
			if a.stopping {
				a.mu.Unlock()
				return
			}
			a.parked.Store(true)
			a.mu.Unlock()
			<-a.kick
			continue
		}
		a.mu.Unlock()
		var st C.mj_status
		var cerr *C.mj_error
		n := int(C.mjgo_async_poll(ptr, asyncRunTimeoutMs, out, asyncBatch, &st, &cerr))
		if n < 0 {
			// Out of memory in the library: the reads stay in flight (their
			// results, or their deadlines, come later); try again shortly.
			C.mj_error_free(cerr)
			time.Sleep(time.Millisecond)
			continue
		}
		if n == 0 {
			continue
		}
		a.mu.Lock()
		for i := 0; i < n; i++ {
			tag := uint64(results[i].tag)
			ws[i] = a.waiters[tag]
			delete(a.waiters, tag)
		}
		a.mu.Unlock()
		for i := 0; i < n; i++ {
			r := &results[i]
			res := asyncResult{status: r.status, err: r.error, refresh: r.refresh, imp: r.import_job, snap: r.snapshot}
			if w := ws[i]; w != nil {
				w.ch <- res
				ws[i] = nil
			} else { // cannot happen: every started read has a waiter
				res.free()
			}
		}
		if asyncYield {
			runtime.Gosched()
		}
	}
}

// blockingDone ends a read that read turned into a blocking call.
func (a *asyncReader) blockingDone() { a.active.Add(-1) }

// free frees what a result holds (a result nobody waits for).
func (r *asyncResult) free() {
	C.mj_error_free(r.err)
	C.mj_refresh_job_free(r.refresh)
	C.mj_import_job_free(r.imp)
	C.mj_snapshot_job_free(r.snap)
}

// stop stops the poller and frees the mj_async. Called by Client.Close once
// no call is in flight (so no read is), before the client is freed.
func (a *asyncReader) stop() {
	a.mu.Lock()
	a.stopping = true
	ptr, out, done := a.ptr, a.out, a.done
	a.ptr, a.out = nil, nil
	a.mu.Unlock()
	if ptr == nil {
		return
	}
	if a.parked.CompareAndSwap(true, false) {
		a.kick <- struct{}{}
	}
	C.mj_async_wakeup(ptr)
	<-done
	C.mj_async_free(ptr)
	C.free(unsafe.Pointer(out))
}
