package milvusjobs_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// Cancelling the context makes the native call, blocked on a server that
// never answers, return within 100 ms.
func TestContextCancelReturnsPromptly(t *testing.T) {
	c := newClient(t, milvusjobs.Options{URI: blackhole(t), RequestTimeout: 30 * time.Second})
	calls := map[string]func(ctx context.Context) error{
		"GetImportProgress": func(ctx context.Context) error { _, err := c.GetImportProgress(ctx, "1"); return err },
		"GetRefreshExternalCollectionProgress": func(ctx context.Context) error {
			_, err := c.GetRefreshExternalCollectionProgress(ctx, 1)
			return err
		},
		"ListRefreshExternalCollectionJobs": func(ctx context.Context) error { _, err := c.ListRefreshExternalCollectionJobs(ctx, ""); return err },
		"ListImportJobs":                    func(ctx context.Context) error { _, err := c.ListImportJobs(ctx, ""); return err },
		"RefreshExternalCollection": func(ctx context.Context) error {
			_, err := c.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books_ext"})
			return err
		},
		"BulkImport": func(ctx context.Context) error {
			_, err := c.BulkImport(ctx, milvusjobs.ImportRequest{CollectionName: "b", Files: [][]string{{"a.json"}}})
			return err
		},
		"CommitImport": func(ctx context.Context) error { return c.CommitImport(ctx, "1") },
		"AbortImport":  func(ctx context.Context) error { return c.AbortImport(ctx, "1") },
	}
	var latencies []time.Duration
	for name, fn := range calls {
		ctx, cancel := context.WithCancel(bg())
		result := make(chan error, 1)
		go func() { result <- fn(ctx) }()
		time.Sleep(150 * time.Millisecond) // the request is sent and waiting
		start := time.Now()
		cancel()
		var err error
		select {
		case err = <-result:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not return within 5s of cancel", name)
		}
		latency := time.Since(start)
		latencies = append(latencies, latency)
		e := asError(t, err, milvusjobs.ErrCancelled)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v does not match context.Canceled", name, err)
		}
		if e.Retriable && (name == "BulkImport" || name == "RefreshExternalCollection") {
			t.Errorf("%s: a create that may have been sent is marked retriable", name)
		}
		if latency >= 100*time.Millisecond {
			t.Errorf("%s returned %v after cancel, want < 100ms", name, latency)
		}
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	t.Logf("cancel latency over %d calls: min %v, max %v", len(latencies), latencies[0], latencies[len(latencies)-1])
}

func TestContextDeadlineBecomesTimeout(t *testing.T) {
	c := newClient(t, milvusjobs.Options{URI: blackhole(t), RequestTimeout: 30 * time.Second})
	ctx, cancel := context.WithTimeout(bg(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetImportProgress(ctx, "1")
	elapsed := time.Since(start)
	asError(t, err, milvusjobs.ErrTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not match context.DeadlineExceeded", err)
	}
	if elapsed < 190*time.Millisecond || elapsed > time.Second {
		t.Fatalf("returned after %v for a 200ms deadline", elapsed)
	}
}

func TestPerCallTimeout(t *testing.T) {
	c := newClient(t, milvusjobs.Options{URI: blackhole(t), RequestTimeout: 30 * time.Second})
	start := time.Now()
	_, err := c.ListImportJobs(bg(), "", milvusjobs.WithTimeout(150*time.Millisecond), milvusjobs.WithMaxAttempts(1))
	elapsed := time.Since(start)
	asError(t, err, milvusjobs.ErrTimeout)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("the library's own timeout is not the context's")
	}
	if elapsed < 140*time.Millisecond || elapsed > 2*time.Second {
		t.Fatalf("returned after %v for a 150ms timeout", elapsed)
	}
}

func TestCancelledContextSendsNothing(t *testing.T) {
	c := sharedClient(t)
	ctx, cancel := context.WithCancel(bg())
	cancel()
	_, err := c.GetImportProgress(ctx, "1")
	e := asError(t, err, milvusjobs.ErrCancelled)
	if !errors.Is(err, context.Canceled) || e.Attempts != 0 || e.RequestID != "" {
		t.Fatalf("error: %+v", e)
	}
}

func TestCloseCancelsCallsInFlight(t *testing.T) {
	c, err := milvusjobs.NewClient(milvusjobs.Options{URI: blackhole(t), RequestTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	const n = 4
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() { _, err := c.ListImportJobs(bg(), ""); errs <- err }()
	}
	time.Sleep(150 * time.Millisecond)
	start := time.Now()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Close took %v", d)
	}
	for i := 0; i < n; i++ {
		err := <-errs
		asError(t, err, milvusjobs.ErrCancelled)
		if !errors.Is(err, milvusjobs.ErrClosed) {
			t.Fatalf("%v does not match ErrClosed", err)
		}
	}
}

// Many goroutines share one client: every operation at once, under -race.
func TestConcurrentUseOfOneClient(t *testing.T) {
	c := sharedClient(t)
	const workers = 24
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			errs <- func() error {
				switch w % 3 {
				case 0:
					id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{
						CollectionName: "concurrent",
						Files:          [][]string{{fmt.Sprintf("import/many/part%d.jsonl", w%8)}},
					})
					if err != nil {
						return err
					}
					for {
						job, err := c.GetImportProgress(bg(), id)
						if err != nil {
							return err
						}
						if job.State == milvusjobs.ImportStateCompleted {
							if job.ImportedRows != int64(10+w%8) {
								return fmt.Errorf("job %s imported %d rows, want %d", id, job.ImportedRows, 10+w%8)
							}
							return nil
						}
						if job.State.IsTerminal() {
							return fmt.Errorf("job %s ended %s: %s", id, job.StateName, job.Reason)
						}
						time.Sleep(10 * time.Millisecond)
					}
				case 1:
					for i := 0; i < 10; i++ {
						if _, err := c.ListImportJobs(bg(), "concurrent"); err != nil {
							return err
						}
						if _, err := c.ListRefreshExternalCollectionJobs(bg(), ""); err != nil {
							return err
						}
					}
					return nil
				default:
					for i := 0; i < 10; i++ {
						_, err := c.GetRefreshExternalCollectionProgress(bg(), int64(1000+w*10+i))
						if !errors.Is(err, milvusjobs.ErrNotFound) {
							return fmt.Errorf("GetRefreshExternalCollectionProgress of an unknown id: %v", err)
						}
					}
					return nil
				}
			}()
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	jobs, err := c.ListImportJobs(bg(), "concurrent")
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != workers/3 {
		t.Fatalf("%d jobs on 'concurrent', want %d", len(jobs), workers/3)
	}
}

// Contexts cancelled at random moments while many goroutines share a client:
// every call either succeeds or fails as cancelled, and nothing leaks or races.
func TestRandomCancellationUnderConcurrency(t *testing.T) {
	c := sharedClient(t)
	const workers, calls = 16, 25
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, cancelled := 0, 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				ctx, cancel := context.WithCancel(bg())
				delay := time.Duration((w*calls+i)%7) * 150 * time.Microsecond
				if delay == 0 {
					cancel() // some calls begin cancelled
				}
				timer := time.AfterFunc(delay, cancel)
				_, err := c.ListImportJobs(ctx, "")
				timer.Stop()
				cancel()
				mu.Lock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, milvusjobs.ErrCancelled) && errors.Is(err, context.Canceled):
					cancelled++
				default:
					t.Errorf("call %d/%d: %v", w, i, err)
				}
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	t.Logf("%d calls succeeded, %d were cancelled", ok, cancelled)
	if ok+cancelled != workers*calls || cancelled == 0 {
		t.Fatalf("%d ok + %d cancelled of %d calls", ok, cancelled, workers*calls)
	}
	if _, err := c.ListImportJobs(bg(), ""); err != nil {
		t.Fatal("the client after all that:", err)
	}
}

// A wait blocked on a server that never answers (its poll in flight, with a
// progress callback set) returns within 100 ms of the context's cancel, for
// both kinds of job; the latency is logged.
func TestWaitOnSilentServerCancelsPromptly(t *testing.T) {
	c := newClient(t, milvusjobs.Options{URI: blackhole(t), RequestTimeout: 30 * time.Second})
	waits := map[string]func(ctx context.Context) error{
		"WaitImport": func(ctx context.Context) error {
			_, err := c.WaitImport(ctx, "1", nil, func(*milvusjobs.ImportJob) {})
			return err
		},
		"WaitRefresh": func(ctx context.Context) error {
			_, err := c.WaitRefresh(ctx, 1, nil, func(*milvusjobs.RefreshJob) {})
			return err
		},
	}
	for name, wait := range waits {
		ctx, cancel := context.WithCancel(bg())
		result := make(chan error, 1)
		go func() { result <- wait(ctx) }()
		time.Sleep(300 * time.Millisecond) // the first poll is sent and waiting
		start := time.Now()
		cancel()
		var err error
		select {
		case err = <-result:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not return within 5s of cancel", name)
		}
		latency := time.Since(start)
		asError(t, err, milvusjobs.ErrCancelled)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v does not match context.Canceled", name, err)
		}
		if latency >= 100*time.Millisecond {
			t.Errorf("%s returned %v after cancel, want < 100ms", name, latency)
		}
		t.Logf("%s on a silent server: cancel latency %v", name, latency)
	}
}
