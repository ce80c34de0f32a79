package milvusjobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

var fastWait = &milvusjobs.WaitOptions{InitialInterval: 20 * time.Millisecond, MaxInterval: 50 * time.Millisecond}

func TestWaitImportReportsProgressUntilCompleted(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "40")
	c := newClient(t, milvusjobs.Options{URI: uri})
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{
		CollectionName: "quick_setup",
		Files:          [][]string{{"import/rows.json"}, {"import/rows_wrapped.json"}, {"import/rows.csv"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var seen []milvusjobs.ImportJob
	job, err := c.WaitImport(bg(), id, fastWait, func(j *milvusjobs.ImportJob) {
		seen = append(seen, *j)
		// The client may be used from inside the callback.
		if _, err := c.GetImportProgress(bg(), id); err != nil {
			t.Errorf("GetImportProgress inside the callback: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if job.ID != id || job.State != milvusjobs.ImportStateCompleted || job.ImportedRows != 9 || len(job.Details) != 3 {
		t.Fatalf("job: %+v", job)
	}
	if len(seen) < 2 {
		t.Fatalf("%d progress calls for a job that moved: %+v", len(seen), seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Progress < seen[i-1].Progress && seen[i].State == seen[i-1].State {
			t.Fatalf("progress went back: %+v", seen)
		}
		if seen[i].Progress == seen[i-1].Progress && seen[i].State == seen[i-1].State {
			t.Fatalf("a callback without a change: %+v then %+v", seen[i-1], seen[i])
		}
	}
}

func TestWaitImportStopsAtUncommitted(t *testing.T) {
	c := sharedClient(t)
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{
		CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}},
		Options: map[string]string{"auto_commit": "false"},
	})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.WaitImport(bg(), id, fastWait, nil)
	if err != nil || job.State != milvusjobs.ImportStateUncommitted {
		t.Fatalf("WaitImport: %+v, %v", job, err)
	}
	if err := c.CommitImport(bg(), id); err != nil {
		t.Fatal(err)
	}
	job, err = c.WaitImport(bg(), id, fastWait, nil)
	if err != nil || job.State != milvusjobs.ImportStateCompleted {
		t.Fatalf("WaitImport after commit: %+v, %v", job, err)
	}
}

func TestWaitImportOfFailingJobReturnsJobAndError(t *testing.T) {
	c := sharedClient(t)
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/broken.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.WaitImport(bg(), id, fastWait, nil)
	asError(t, err, milvusjobs.ErrJobFailed)
	if job == nil || job.State != milvusjobs.ImportStateFailed || job.Reason == "" {
		t.Fatalf("job beside the error: %+v", job)
	}
}

func TestWaitRefreshUntilCompleted(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "40")
	c := newClient(t, milvusjobs.Options{URI: uri})
	id, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "slow_ext"})
	if err != nil {
		t.Fatal(err)
	}
	var calls []milvusjobs.RefreshJob
	job, err := c.WaitRefresh(bg(), id, fastWait, func(j *milvusjobs.RefreshJob) { calls = append(calls, *j) })
	if err != nil {
		t.Fatal(err)
	}
	if job.ID != id || job.State != milvusjobs.RefreshStateCompleted || job.Progress != 100 || job.EndTime.IsZero() {
		t.Fatalf("job: %+v", job)
	}
	if len(calls) == 0 || calls[len(calls)-1].State != milvusjobs.RefreshStateCompleted {
		t.Fatalf("progress calls: %+v", calls)
	}
}

func TestWaitRefreshOfFailingJob(t *testing.T) {
	c := sharedClient(t)
	id, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "gone_ext"})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.WaitRefresh(bg(), id, fastWait, nil)
	asError(t, err, milvusjobs.ErrJobFailed)
	if job == nil || job.State != milvusjobs.RefreshStateFailed {
		t.Fatalf("job beside the error: %+v", job)
	}
}

func TestWaitOfUnknownJobIsNotFound(t *testing.T) {
	c := sharedClient(t)
	job, err := c.WaitRefresh(bg(), 1<<53+1, fastWait, nil)
	asError(t, err, milvusjobs.ErrNotFound)
	if job != nil {
		t.Fatalf("a job for an unknown id: %+v", job)
	}
	_, err = c.WaitImport(bg(), "1", fastWait, nil)
	asError(t, err, milvusjobs.ErrNotFound)
	_, err = c.WaitImport(bg(), "", fastWait, nil)
	asError(t, err, milvusjobs.ErrInvalidArgument)
}

// slowImport starts an import that takes seconds on a server with a work delay.
func slowImport(t *testing.T, c *milvusjobs.Client) string {
	t.Helper()
	var groups [][]string
	for i := 0; i < 8; i++ {
		groups = append(groups, []string{"import/many/part" + itoa64(int64(i)) + ".jsonl"})
	}
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: groups})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestWaitCancelledByContextReturnsPromptly(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "1000")
	c := newClient(t, milvusjobs.Options{URI: uri})
	id := slowImport(t, c)
	ctx, cancel := context.WithCancel(bg())
	var once sync.Once
	read := make(chan struct{})
	type result struct {
		job *milvusjobs.ImportJob
		err error
	}
	done := make(chan result, 1)
	go func() {
		job, err := c.WaitImport(ctx, id, fastWait, func(*milvusjobs.ImportJob) { once.Do(func() { close(read) }) })
		done <- result{job, err}
	}()
	select {
	case <-read:
	case r := <-done:
		t.Fatalf("WaitImport returned before any progress: %+v %v", r.job, r.err)
	case <-time.After(10 * time.Second):
		t.Fatal("no progress call within 10s")
	}
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	cancel()
	r := <-done
	latency := time.Since(start)
	asError(t, r.err, milvusjobs.ErrCancelled)
	if !errors.Is(r.err, context.Canceled) {
		t.Fatalf("%v does not match context.Canceled", r.err)
	}
	if r.job == nil || r.job.ID != id || r.job.State.IsTerminal() {
		t.Fatalf("the last job read beside the error: %+v", r.job)
	}
	if latency >= 100*time.Millisecond {
		t.Fatalf("WaitImport returned %v after cancel, want < 100ms", latency)
	}
	t.Logf("WaitImport cancel latency: %v", latency)
}

func TestWaitTimeoutReturnsLastJob(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "1000")
	c := newClient(t, milvusjobs.Options{URI: uri})
	id := slowImport(t, c)
	start := time.Now()
	job, err := c.WaitImport(bg(), id, &milvusjobs.WaitOptions{Timeout: 300 * time.Millisecond, InitialInterval: 20 * time.Millisecond}, nil)
	asError(t, err, milvusjobs.ErrTimeout)
	if d := time.Since(start); d < 290*time.Millisecond || d > 2*time.Second {
		t.Fatalf("a 300ms wait took %v", d)
	}
	if job == nil || job.ID != id {
		t.Fatalf("the last job read beside the error: %+v", job)
	}
	// A context deadline ends the wait as well, matching DeadlineExceeded.
	ctx, cancel := context.WithTimeout(bg(), 200*time.Millisecond)
	defer cancel()
	_, err = c.WaitImport(ctx, id, fastWait, nil)
	asError(t, err, milvusjobs.ErrTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not match context.DeadlineExceeded", err)
	}
}

func TestWaitCallbackPanicIsRaisedInTheCaller(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "1000")
	c := newClient(t, milvusjobs.Options{URI: uri})
	id := slowImport(t, c)
	type boom struct{ n int }
	var got any
	var waitErr error
	start := time.Now()
	func() {
		defer func() { got = recover() }()
		_, waitErr = c.WaitImport(bg(), id, fastWait, func(*milvusjobs.ImportJob) { panic(boom{7}) })
	}()
	if got == nil {
		t.Fatalf("no panic; WaitImport returned %v", waitErr)
	}
	if b, ok := got.(boom); !ok || b.n != 7 {
		t.Fatalf("recovered %#v", got)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("the wait went on %v after the panic", d)
	}
	// The client still works.
	if _, err := c.GetImportProgress(bg(), id); err != nil {
		t.Fatal(err)
	}
}
