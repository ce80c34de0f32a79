package milvusjobs_test

// The progress reads go through mj_async (async.go): these tests hold them
// to the blocking calls they replace (milvusjobs.UseBlockingReads gives a
// client that still makes those), under concurrency, cancellation,
// deadlines, transport errors and Close.

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// asyncClient is newClient whose progress reads all go through mj_async
// (not only those with another in flight).
func asyncClient(t *testing.T, opts milvusjobs.Options) *milvusjobs.Client {
	t.Helper()
	c := newClient(t, opts)
	milvusjobs.UseNonBlockingReadsAlways(c)
	return c
}

// readFn is one progress read, its result as a value to compare.
type readFn struct {
	name string
	read func(c *milvusjobs.Client, ctx context.Context, opts ...milvusjobs.CallOption) (any, error)
}

func importRead(id string) readFn {
	return readFn{"GetImportProgress(" + id + ")", func(c *milvusjobs.Client, ctx context.Context, opts ...milvusjobs.CallOption) (any, error) {
		j, err := c.GetImportProgress(ctx, id, opts...)
		if j == nil {
			return nil, err
		}
		return *j, err
	}}
}

func refreshRead(id int64) readFn {
	return readFn{fmt.Sprintf("GetRefreshExternalCollectionProgress(%d)", id), func(c *milvusjobs.Client, ctx context.Context, opts ...milvusjobs.CallOption) (any, error) {
		j, err := c.GetRefreshExternalCollectionProgress(ctx, id, opts...)
		if j == nil {
			return nil, err
		}
		return *j, err
	}}
}

func snapshotRead(id int64) readFn {
	return readFn{fmt.Sprintf("GetRestoreSnapshotProgress(%d)", id), func(c *milvusjobs.Client, ctx context.Context, opts ...milvusjobs.CallOption) (any, error) {
		j, err := c.GetRestoreSnapshotProgress(ctx, id, opts...)
		if j == nil {
			return nil, err
		}
		return *j, err
	}}
}

// errorKey is what must be identical between two errors of the same read
// (not the request id, which differs per request).
func errorKey(err error) string {
	if err == nil {
		return "<nil>"
	}
	var e *milvusjobs.Error
	if !errors.As(err, &e) {
		return fmt.Sprintf("not an *Error: %T %v", err, err)
	}
	return fmt.Sprintf("%s|%s|%s|%d|%q|%d|%d|%v|%d|%v|%v|%v|%v|requestID=%v", e.Op, e.Category.Name(), e.Message,
		e.ServerCode, e.ServerMessage, e.HTTPStatus, e.Attempts, e.Retriable, e.Hint, e.JobID,
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.Is(err, milvusjobs.ErrClosed),
		e.RequestID != "")
}

// finishedJobs starts import, refresh and snapshot restore jobs on uri and
// waits until each ends; it returns reads of them and of jobs that do not
// exist, of bad ids, and with call options.
func finishedJobs(t *testing.T, uri string) []readFn {
	t.Helper()
	c := newClient(t, milvusjobs.Options{URI: uri})
	var reads []readFn
	for i := 0; i < 3; i++ {
		id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "concurrent",
			Files: [][]string{{fmt.Sprintf("import/many/part%d.jsonl", i)}}})
		if err != nil {
			t.Fatal(err)
		}
		if job, err := c.WaitImport(bg(), id, quickWait(), nil); err != nil || job.ImportedRows != int64(10+i) {
			t.Fatalf("import %s: %+v %v", id, job, err)
		}
		reads = append(reads, importRead(id))
	}
	rid, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitRefresh(bg(), rid, quickWait(), nil); err != nil {
		t.Fatal(err)
	}
	name := snapName("go_async")
	suri, err := c.ExportSnapshot(bg(), milvusjobs.ExportSnapshotRequest{CollectionName: "books_ext", SnapshotName: name, TargetPath: "s3://bucket/go_exports"})
	if err != nil {
		t.Fatal(err)
	}
	sid, err := c.RestoreExternalSnapshot(bg(), milvusjobs.RestoreSnapshotRequest{TargetCollectionName: snapName("go_async_restored"), SnapshotURI: suri})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitRestoreSnapshot(bg(), sid, quickWait(), nil); err != nil {
		t.Fatal(err)
	}
	return append(reads, refreshRead(rid), snapshotRead(sid),
		importRead("987654321"), importRead(""), importRead("not-a-number"), importRead("12\x0034"),
		refreshRead(424242), refreshRead(0), refreshRead(-5),
		snapshotRead(450000000000000001), snapshotRead(0))
}

// expected reads each through a client making blocking calls.
func expected(t *testing.T, uri string, reads []readFn) (values []any, errs []string) {
	t.Helper()
	ref := newClient(t, milvusjobs.Options{URI: uri})
	milvusjobs.UseBlockingReads(ref)
	for _, r := range reads {
		v, err := r.read(ref, bg(), milvusjobs.WithMaxAttempts(1))
		values = append(values, v)
		errs = append(errs, errorKey(err))
	}
	if milvusjobs.AsyncPollerRunning(ref) {
		t.Fatal("the reference client runs a poller: its reads were not blocking calls")
	}
	return values, errs
}

func TestNonBlockingReadsMatchBlockingCalls(t *testing.T) {
	uri := newServer(t)
	reads := finishedJobs(t, uri)
	values, errs := expected(t, uri, reads)
	c := asyncClient(t, milvusjobs.Options{URI: uri})
	succeeded := 0
	for i, r := range reads {
		v, err := r.read(c, bg(), milvusjobs.WithMaxAttempts(1))
		if got := errorKey(err); got != errs[i] {
			t.Errorf("%s: error\n  got  %s\n  want %s", r.name, got, errs[i])
		}
		if !reflect.DeepEqual(v, values[i]) {
			t.Errorf("%s: job\n  got  %+v\n  want %+v", r.name, v, values[i])
		}
		if err == nil {
			succeeded++
		}
	}
	if succeeded != 5 {
		t.Fatalf("%d reads succeeded, want 5 (3 imports, a refresh, a restore)", succeeded)
	}
	if !milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("no poller: the reads did not go through mj_async")
	}
}

// 64 goroutines share one client, every result checked against the blocking
// call's.
func TestNonBlockingReadsFromManyGoroutines(t *testing.T) {
	uri := newServer(t, "--http-threads", "80")
	reads := finishedJobs(t, uri)
	values, errs := expected(t, uri, reads)
	c := asyncClient(t, milvusjobs.Options{URI: uri})
	const workers, each = 64, 60
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				k := (w*7 + i) % len(reads)
				v, err := reads[k].read(c, bg(), milvusjobs.WithMaxAttempts(1))
				got := errorKey(err)
				if got != errs[k] || !reflect.DeepEqual(v, values[k]) {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %+v %s; want %+v %s", reads[k].name, v, got, values[k], errs[k]))
					mu.Unlock()
					return
				}
			}
		}(w)
	}
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
}

// Cancelling a context ends its reads promptly (as the blocking call would
// end) and leaves the other reads in flight alone.
func TestNonBlockingReadCancelledMidFlight(t *testing.T) {
	c := asyncClient(t, milvusjobs.Options{URI: blackhole(t), RequestTimeout: 30 * time.Second})
	reads := []readFn{importRead("1"), refreshRead(1), snapshotRead(1)}
	ctxA, cancelA := context.WithCancel(bg())
	ctxB, cancelB := context.WithCancel(bg())
	defer cancelB()
	const n = 12
	resA, resB := make(chan error, n), make(chan error, n)
	for i := 0; i < n; i++ {
		r := reads[i%len(reads)]
		go func() { _, err := r.read(c, ctxA); resA <- err }()
		go func() { _, err := r.read(c, ctxB); resB <- err }()
	}
	time.Sleep(200 * time.Millisecond) // every request sent and waiting
	start := time.Now()
	cancelA()
	for i := 0; i < n; i++ {
		select {
		case err := <-resA:
			asError(t, err, milvusjobs.ErrCancelled)
			if !errors.Is(err, context.Canceled) || errors.Is(err, milvusjobs.ErrClosed) {
				t.Fatalf("%v: want context.Canceled, not ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%d of %d cancelled reads did not return within 5s", n-i, n)
		}
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("the cancelled reads returned %v after cancel, want < 100ms", d)
	}
	select {
	case err := <-resB:
		t.Fatalf("a read of another context returned: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	cancelB()
	for i := 0; i < n; i++ {
		select {
		case err := <-resB:
			asError(t, err, milvusjobs.ErrCancelled)
		case <-time.After(5 * time.Second):
			t.Fatal("the second group did not return within 5s of its cancel")
		}
	}
	// The client still reads (the poller parked and woke again).
	if _, err := c.GetImportProgress(bg(), "1", milvusjobs.WithTimeout(50*time.Millisecond)); !errors.Is(err, milvusjobs.ErrTimeout) {
		t.Fatalf("a read after the cancels: %v", err)
	}
}

// Context deadlines, call timeouts and the client's RequestTimeout end reads
// as they end the blocking calls, each at its own time.
func TestNonBlockingReadDeadlines(t *testing.T) {
	hole := blackhole(t)
	c := asyncClient(t, milvusjobs.Options{URI: hole, RequestTimeout: 30 * time.Second})
	ref := newClient(t, milvusjobs.Options{URI: hole, RequestTimeout: 30 * time.Second})
	milvusjobs.UseBlockingReads(ref)
	short := asyncClient(t, milvusjobs.Options{URI: hole, RequestTimeout: 150 * time.Millisecond, MaxAttempts: 1})
	shortRef := newClient(t, milvusjobs.Options{URI: hole, RequestTimeout: 150 * time.Millisecond, MaxAttempts: 1})
	milvusjobs.UseBlockingReads(shortRef)
	type result struct {
		what    string
		err     error
		elapsed time.Duration
	}
	cases := []struct {
		what     string
		client   *milvusjobs.Client
		ref      *milvusjobs.Client
		deadline time.Duration // context
		opts     []milvusjobs.CallOption
		want     time.Duration
	}{
		{"context 200ms", c, ref, 200 * time.Millisecond, nil, 200 * time.Millisecond},
		{"context 400ms", c, ref, 400 * time.Millisecond, nil, 400 * time.Millisecond},
		{"WithTimeout 150ms", c, ref, 0, []milvusjobs.CallOption{milvusjobs.WithTimeout(150 * time.Millisecond), milvusjobs.WithMaxAttempts(1)}, 150 * time.Millisecond},
		{"WithTimeout 300ms", c, ref, 0, []milvusjobs.CallOption{milvusjobs.WithTimeout(300 * time.Millisecond), milvusjobs.WithMaxAttempts(1)}, 300 * time.Millisecond},
		{"RequestTimeout 150ms", short, shortRef, 0, nil, 150 * time.Millisecond},
	}
	run := func(client func(int) *milvusjobs.Client) map[string]result {
		out := make(chan result, len(cases)*3)
		for i, tc := range cases {
			for _, r := range []readFn{importRead("1"), refreshRead(1), snapshotRead(1)} {
				go func(i int, r readFn) {
					ctx := bg()
					if tc.deadline > 0 {
						var cancel context.CancelFunc
						ctx, cancel = context.WithTimeout(ctx, tc.deadline)
						defer cancel()
					}
					start := time.Now()
					_, err := r.read(client(i), ctx, tc.opts...)
					out <- result{tc.what + ", " + r.name, err, time.Since(start)}
				}(i, r)
			}
		}
		got := map[string]result{}
		for range len(cases) * 3 {
			select {
			case r := <-out:
				got[r.what] = r
			case <-time.After(10 * time.Second):
				t.Fatal("reads with deadlines did not all return within 10s")
			}
		}
		return got
	}
	async := run(func(i int) *milvusjobs.Client { return cases[i].client })
	blocking := run(func(i int) *milvusjobs.Client { return cases[i].ref })
	for i, tc := range cases {
		for _, r := range []readFn{importRead("1"), refreshRead(1), snapshotRead(1)} {
			what := tc.what + ", " + r.name
			got := async[what]
			asError(t, got.err, milvusjobs.ErrTimeout)
			if (tc.deadline > 0) != errors.Is(got.err, context.DeadlineExceeded) {
				t.Errorf("%s: %v: context.DeadlineExceeded only for a context's deadline", what, got.err)
			}
			if got.elapsed < tc.want-10*time.Millisecond || got.elapsed > tc.want+time.Second {
				t.Errorf("%s: returned after %v", what, got.elapsed)
			}
			if g, w := errorKey(got.err), errorKey(blocking[what].err); g != w {
				t.Errorf("%s (case %d): error\n  got  %s\n  want %s", what, i, g, w)
			}
		}
	}
}

func TestNonBlockingReadOnClosedPort(t *testing.T) {
	port := closedPort(t)
	c := asyncClient(t, milvusjobs.Options{URI: port, ConnectTimeout: time.Second})
	ref := newClient(t, milvusjobs.Options{URI: port, ConnectTimeout: time.Second})
	milvusjobs.UseBlockingReads(ref)
	for _, r := range []readFn{importRead("1"), refreshRead(1), snapshotRead(1)} {
		_, err := r.read(c, bg(), milvusjobs.WithMaxAttempts(1))
		e := asError(t, err, milvusjobs.ErrTransport)
		if e.HTTPStatus != 0 || e.ServerCode != 0 || e.Attempts != 1 || !e.Retriable {
			t.Fatalf("%s: error fields: %+v", r.name, e)
		}
		_, want := r.read(ref, bg(), milvusjobs.WithMaxAttempts(1))
		if g, w := errorKey(err), errorKey(want); g != w {
			t.Errorf("%s: error\n  got  %s\n  want %s", r.name, g, w)
		}
		// With retries: as many attempts as the blocking call makes.
		_, err = r.read(c, bg(), milvusjobs.WithMaxAttempts(2))
		_, want = r.read(ref, bg(), milvusjobs.WithMaxAttempts(2))
		if g, w := errorKey(err), errorKey(want); g != w {
			t.Errorf("%s, 2 attempts: error\n  got  %s\n  want %s", r.name, g, w)
		}
	}
}

// goroutines counts the goroutines, once the runtime has let finished ones go.
func goroutinesSettle(t *testing.T, atMost int) int {
	t.Helper()
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); n > atMost && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	return n
}

// Close with reads in flight: each returns ErrCancelled wrapping ErrClosed,
// Close returns promptly, and the poller is gone afterwards.
func TestCloseEndsNonBlockingReadsInFlight(t *testing.T) {
	hole := blackhole(t)
	base := runtime.NumGoroutine()
	c, err := milvusjobs.NewClient(milvusjobs.Options{URI: hole, RequestTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	milvusjobs.UseNonBlockingReadsAlways(c)
	const n = 30
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		r := []readFn{importRead("1"), refreshRead(1), snapshotRead(1)}[i%3]
		go func() { _, err := r.read(c, bg()); errs <- err }()
	}
	time.Sleep(200 * time.Millisecond)
	if !milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("no poller with reads in flight")
	}
	start := time.Now()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Close took %v", d)
	}
	for i := 0; i < n; i++ {
		select {
		case err := <-errs:
			asError(t, err, milvusjobs.ErrCancelled)
			if !errors.Is(err, milvusjobs.ErrClosed) || errors.Is(err, context.Canceled) {
				t.Fatalf("%v: want ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%d reads still waiting 5s after Close returned", n-i)
		}
	}
	if milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("the poller runs after Close")
	}
	_, err = c.GetImportProgress(bg(), "1")
	asError(t, err, milvusjobs.ErrInvalidArgument)
	if !errors.Is(err, milvusjobs.ErrClosed) {
		t.Fatalf("a read after Close: %v", err)
	}
	if got := goroutinesSettle(t, base); got > base {
		t.Fatalf("%d goroutines after Close, %d before NewClient", got, base)
	}
}

// Close while 64 goroutines read from a live server (through mj_async, and
// as blocking calls when a read finds no other in flight): every read either
// succeeds or fails with an error wrapping ErrClosed; nothing hangs, and no
// goroutine is left behind.
func TestCloseDuringNonBlockingReadLoad(t *testing.T) {
	uri := newServer(t, "--http-threads", "80")
	reads := finishedJobs(t, uri)[:5] // the jobs that exist
	base := runtime.NumGoroutine()
	c, err := milvusjobs.NewClient(milvusjobs.Options{URI: uri})
	if err != nil {
		t.Fatal(err)
	}
	const workers = 64
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, closed := 0, 0
	var bad []error
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				_, err := reads[(w+i)%len(reads)].read(c, bg())
				mu.Lock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, milvusjobs.ErrClosed):
					closed++
				default:
					bad = append(bad, err)
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}(w)
	}
	time.Sleep(300 * time.Millisecond)
	done := make(chan struct{})
	go func() { _ = c.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10s")
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d reads failed otherwise than closed, e.g. %v", len(bad), bad[0])
	}
	if ok == 0 || closed != workers {
		t.Fatalf("%d reads succeeded, %d ended by Close (want > 0 and %d)", ok, closed, workers)
	}
	if got := goroutinesSettle(t, base); got > base {
		t.Fatalf("%d goroutines after Close, %d before NewClient", got, base)
	}
	t.Logf("%d reads before Close", ok)
}

// The poller starts with the first read, parks while no read is in flight
// (an idle client costs no thread), wakes for the next read, and a client
// that never reads starts none.
func TestPollerLifeCycle(t *testing.T) {
	base := runtime.NumGoroutine()
	c, err := milvusjobs.NewClient(milvusjobs.Options{URI: sharedURI})
	if err != nil {
		t.Fatal(err)
	}
	milvusjobs.UseNonBlockingReadsAlways(c)
	if _, err := c.ListImportJobs(bg(), ""); err != nil {
		t.Fatal(err)
	}
	if milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("a poller before any progress read")
	}
	for i := 0; i < 5; i++ {
		start := time.Now()
		if _, err := c.GetImportProgress(bg(), "987654321"); !errors.Is(err, milvusjobs.ErrNotFound) {
			t.Fatalf("read %d: %v", i, err)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Fatalf("read %d after %v idle took %v", i, time.Duration(i)*50*time.Millisecond, d)
		}
		time.Sleep(time.Duration(i) * 50 * time.Millisecond)
	}
	if !milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("no poller after the reads")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("the poller runs after Close")
	}
	if got := goroutinesSettle(t, base); got > base {
		t.Fatalf("%d goroutines after Close, %d before NewClient", got, base)
	}
	idle, err := milvusjobs.NewClient(milvusjobs.Options{URI: sharedURI})
	if err != nil {
		t.Fatal(err)
	}
	if err := idle.Close(); err != nil {
		t.Fatal(err)
	}
	if milvusjobs.AsyncPollerRunning(idle) {
		t.Fatal("Close of a client that never read started a poller")
	}
}

// By default a read with no other in flight on the client is a blocking call
// (cheaper alone), and reads that overlap go through mj_async; both give the
// same results.
func TestLoneReadsBlockOverlappingReadsDoNot(t *testing.T) {
	uri := newServer(t, "--http-threads", "40")
	reads := finishedJobs(t, uri)
	values, errs := expected(t, uri, reads)
	c := newClient(t, milvusjobs.Options{URI: uri})
	for i, r := range reads {
		v, err := r.read(c, bg(), milvusjobs.WithMaxAttempts(1))
		if errorKey(err) != errs[i] || !reflect.DeepEqual(v, values[i]) {
			t.Fatalf("%s: %+v %s; want %+v %s", r.name, v, errorKey(err), values[i], errs[i])
		}
	}
	if milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("sequential reads started the poller: want blocking calls")
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for w := 0; w < 24; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				k := (w + i) % len(reads)
				v, err := reads[k].read(c, bg(), milvusjobs.WithMaxAttempts(1))
				if errorKey(err) != errs[k] || !reflect.DeepEqual(v, values[k]) {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %+v %s", reads[k].name, v, errorKey(err)))
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	if !milvusjobs.AsyncPollerRunning(c) {
		t.Fatal("24 goroutines reading at once never used mj_async")
	}
}
