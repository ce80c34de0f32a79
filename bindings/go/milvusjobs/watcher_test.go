package milvusjobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

func newWatcher(t *testing.T, c *milvusjobs.Client) *milvusjobs.Watcher {
	t.Helper()
	w, err := c.NewWatcher(&milvusjobs.WatcherOptions{MaxConnections: 4, Interval: 30 * time.Millisecond, PollTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}

func TestWatcherRunReportsEveryJobToItsEnd(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "20")
	c := newClient(t, milvusjobs.Options{URI: uri})
	w := newWatcher(t, c)
	imports := map[string]bool{}
	for _, f := range []string{"import/rows.json", "import/rows.csv", "import/broken.json"} {
		id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{f}}})
		if err != nil {
			t.Fatal(err)
		}
		imports[id] = false
		if err := w.AddImport(id); err != nil {
			t.Fatal(err)
		}
	}
	refresh, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddRefresh(refresh); err != nil {
		t.Fatal(err)
	}
	if err := w.AddRefresh(refresh); err != nil {
		t.Fatal("adding a watched job again:", err)
	}
	if w.Len() != 4 {
		t.Fatalf("Len() = %d, want 4", w.Len())
	}
	refreshDone := false
	failed := 0
	ctx, cancel := context.WithTimeout(bg(), 30*time.Second)
	defer cancel()
	err = w.Run(ctx, func(ev milvusjobs.WatchEvent) {
		if ev.Err != nil && !(errors.Is(ev.Err, milvusjobs.ErrJobFailed) && ev.Done) {
			t.Errorf("event error: %v", ev.Err)
			return
		}
		switch ev.Kind {
		case milvusjobs.JobKindImport:
			if ev.Import == nil || ev.Import.ID != ev.ImportJobID || ev.Refresh != nil {
				t.Errorf("import event: %+v", ev)
				return
			}
			if ev.Done {
				if !ev.Import.State.IsTerminal() {
					t.Errorf("done in state %s", ev.Import.State)
				}
				if ev.Import.State == milvusjobs.ImportStateFailed {
					if !errors.Is(ev.Err, milvusjobs.ErrJobFailed) || ev.Import.Reason == "" {
						t.Errorf("failed job's last event: %v, %+v", ev.Err, ev.Import)
					}
					failed++
				} else if ev.Err != nil {
					t.Errorf("error %v on a %s job", ev.Err, ev.Import.State)
				}
				imports[ev.ImportJobID] = true
			}
		case milvusjobs.JobKindRefresh:
			if ev.Refresh == nil || ev.Refresh.ID != refresh || ev.RefreshJobID != refresh {
				t.Errorf("refresh event: %+v", ev)
				return
			}
			if ev.Done {
				refreshDone = ev.Refresh.State == milvusjobs.RefreshStateCompleted
			}
		default:
			t.Errorf("event kind %v", ev.Kind)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, done := range imports {
		if !done {
			t.Errorf("no last event for import %s", id)
		}
	}
	if !refreshDone || failed != 1 || w.Len() != 0 {
		t.Fatalf("refresh done %v, failed imports %d, Len %d", refreshDone, failed, w.Len())
	}
}

func TestWatcherNextReturnsEventsOneByOne(t *testing.T) {
	c := sharedClient(t)
	w := newWatcher(t, c)
	ev, err := w.Next(bg(), 0)
	if ev != nil || err != nil {
		t.Fatalf("Next on an empty watcher: %+v, %v", ev, err)
	}
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddImport(id); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatal("no last event within 20s")
		}
		ev, err := w.Next(bg(), time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if ev == nil {
			continue
		}
		if ev.Kind != milvusjobs.JobKindImport || ev.ImportJobID != id || ev.Err != nil || ev.Import == nil {
			t.Fatalf("event: %+v", ev)
		}
		if ev.Done {
			if ev.Import.State != milvusjobs.ImportStateCompleted || ev.Import.ImportedRows != 3 {
				t.Fatalf("last event: %+v", ev.Import)
			}
			break
		}
	}
	if w.Len() != 0 {
		t.Fatalf("Len() = %d after the last event", w.Len())
	}
}

func TestWatcherRemove(t *testing.T) {
	c := sharedClient(t)
	w := newWatcher(t, c)
	if err := w.AddImport("448761313698322011"); err != nil {
		t.Fatal(err)
	}
	if err := w.AddRefresh(1<<53 + 1); err != nil {
		t.Fatal(err)
	}
	if w.Len() != 2 {
		t.Fatalf("Len() = %d", w.Len())
	}
	if err := w.RemoveImport("448761313698322011"); err != nil {
		t.Fatal(err)
	}
	if err := w.RemoveRefresh(1<<53 + 1); err != nil {
		t.Fatal(err)
	}
	if w.Len() != 0 {
		t.Fatalf("Len() = %d after removing both", w.Len())
	}
	asError(t, w.RemoveImport("448761313698322011"), milvusjobs.ErrNotFound)
	asError(t, w.RemoveRefresh(7), milvusjobs.ErrNotFound)
	asError(t, w.AddImport(""), milvusjobs.ErrInvalidArgument)
}

func TestWatcherReportsAnUnknownJob(t *testing.T) {
	c := sharedClient(t)
	w := newWatcher(t, c)
	if err := w.AddRefresh(1<<53 + 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg(), 10*time.Second)
	defer cancel()
	ev, err := w.Next(ctx, 5*time.Second)
	if err != nil || ev == nil {
		t.Fatalf("Next: %+v, %v", ev, err)
	}
	if ev.Err == nil || ev.RefreshJobID != 1<<53+1 || ev.Refresh != nil {
		t.Fatalf("event for an unknown job: %+v", ev)
	}
	var e *milvusjobs.Error
	if !errors.As(ev.Err, &e) || !(errors.Is(ev.Err, milvusjobs.ErrNotFound) || errors.Is(ev.Err, milvusjobs.ErrJobLost)) {
		t.Fatalf("event error: %v", ev.Err)
	}
}

func TestWatcherCallbackMayAddJobs(t *testing.T) {
	c := sharedClient(t)
	w := newWatcher(t, c)
	first, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddImport(first); err != nil {
		t.Fatal(err)
	}
	second := ""
	doneIDs := map[string]bool{}
	ctx, cancel := context.WithTimeout(bg(), 30*time.Second)
	defer cancel()
	err = w.Run(ctx, func(ev milvusjobs.WatchEvent) {
		if ev.Done {
			doneIDs[ev.ImportJobID] = true
		}
		if second == "" {
			id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.csv"}}})
			if err != nil {
				t.Error(err)
				return
			}
			second = id
			if err := w.AddImport(id); err != nil {
				t.Error("AddImport inside the callback:", err)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !doneIDs[first] || !doneIDs[second] {
		t.Fatalf("last events for %v, want %s and %s", doneIDs, first, second)
	}
}

func TestWatcherDeadlineEndsOnlyThatRun(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "100")
	c := newClient(t, milvusjobs.Options{URI: uri})
	w := newWatcher(t, c)
	id := slowImport(t, c)
	if err := w.AddImport(id); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := w.Run(ctx, func(milvusjobs.WatchEvent) {})
	asError(t, err, milvusjobs.ErrTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not match context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("a 200ms run took %v", d)
	}
	// The watcher goes on.
	var last *milvusjobs.ImportJob
	ctx2, cancel2 := context.WithTimeout(bg(), 60*time.Second)
	defer cancel2()
	if err := w.Run(ctx2, func(ev milvusjobs.WatchEvent) {
		if ev.Done {
			last = ev.Import
		}
	}); err != nil {
		t.Fatal(err)
	}
	if last == nil || last.State != milvusjobs.ImportStateCompleted {
		t.Fatalf("last: %+v", last)
	}
}

func TestWatcherCancelledByContextReturnsPromptly(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "1000")
	c := newClient(t, milvusjobs.Options{URI: uri})
	w := newWatcher(t, c)
	if err := w.AddImport(slowImport(t, c)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(bg())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(milvusjobs.WatchEvent) {}) }()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	cancel()
	err := <-done
	latency := time.Since(start)
	asError(t, err, milvusjobs.ErrCancelled)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("%v does not match context.Canceled", err)
	}
	if latency >= 100*time.Millisecond {
		t.Fatalf("Run returned %v after cancel, want < 100ms", latency)
	}
	t.Logf("Watcher.Run cancel latency: %v", latency)
	// Cancelled for good.
	_, err = w.Next(bg(), 0)
	asError(t, err, milvusjobs.ErrCancelled)
}

func TestWatcherCloseStopsARun(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "1000")
	c := newClient(t, milvusjobs.Options{URI: uri})
	w, err := c.NewWatcher(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddImport(slowImport(t, c)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- w.Run(bg(), func(milvusjobs.WatchEvent) {}) }()
	time.Sleep(200 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ { // Close twice at once: both return once it is closed
		wg.Add(1)
		go func() { defer wg.Done(); _ = w.Close() }()
	}
	wg.Wait()
	err = <-done
	asError(t, err, milvusjobs.ErrCancelled)
	if !errors.Is(err, milvusjobs.ErrClosed) {
		t.Fatalf("%v does not match ErrClosed", err)
	}
	if err := w.AddImport("1"); !errors.Is(err, milvusjobs.ErrClosed) {
		t.Fatalf("AddImport after Close: %v", err)
	}
	if w.Len() != 0 {
		t.Fatal("Len after Close")
	}
	// Client.Close closes the watchers it still has.
	w2, err := c.NewWatcher(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w2.AddRefresh(1); !errors.Is(err, milvusjobs.ErrClosed) {
		t.Fatalf("AddRefresh after Client.Close: %v", err)
	}
}

func TestListImportJobsPageOnMilvus(t *testing.T) {
	c := sharedClient(t)
	if _, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}}); err != nil {
		t.Fatal(err)
	}
	all, err := c.ListImportJobs(bg(), "quick_setup")
	if err != nil {
		t.Fatal(err)
	}
	page, err := c.ListImportJobsPage(bg(), milvusjobs.ImportListRequest{CollectionName: "quick_setup"})
	if err != nil {
		t.Fatal(err)
	}
	// Milvus does not page: page 1 holds every job (at least those listed before).
	if len(page.Jobs) < len(all) || page.TotalCount != int64(len(page.Jobs)) {
		t.Fatalf("page 1: %d jobs, total %d; the list had %d", len(page.Jobs), page.TotalCount, len(all))
	}
	page2, err := c.ListImportJobsPage(bg(), milvusjobs.ImportListRequest{CollectionName: "quick_setup", PageSize: 10, CurrentPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(page2.Jobs) != 0 {
		t.Fatalf("page 2 on Milvus: %d jobs", len(page2.Jobs))
	}
	for _, bad := range []milvusjobs.ImportListRequest{{PageSize: 101}, {PageSize: -1}, {CurrentPage: -1}} {
		_, err := c.ListImportJobsPage(bg(), bad)
		asError(t, err, milvusjobs.ErrInvalidArgument)
	}
}
