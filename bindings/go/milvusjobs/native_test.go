package milvusjobs_test

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// countingServer is a TCP server on loopback that counts the connections
// made to it and never answers: a call that reaches it blocks, and the count
// shows whether anything was sent.
func countingServer(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	conns := make(chan net.Conn, 64)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			select {
			case conns <- c:
			default:
				_ = c.Close()
			}
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		for {
			select {
			case c := <-conns:
				_ = c.Close()
			default:
				return
			}
		}
	})
	return "http://" + ln.Addr().String(), &n
}

// refusedBeforeSending asserts err is ErrInvalidArgument from op, made
// before any attempt, whose message contains every one of want, and that the
// server saw no connection.
func refusedBeforeSending(t *testing.T, err error, op string, sent *atomic.Int64, want ...string) {
	t.Helper()
	e := asError(t, err, milvusjobs.ErrInvalidArgument)
	if e.Op != op || e.Attempts != 0 || e.HTTPStatus != 0 {
		t.Errorf("error fields: %+v (want Op %q, no attempt)", e, op)
	}
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q lacks %q", e.Message, w)
		}
	}
	if strings.Contains(e.Message, "mj_") {
		t.Errorf("message names a C symbol: %q", e.Message)
	}
	if sent != nil && sent.Load() != 0 {
		t.Errorf("%d connection(s) made for a refused call", sent.Load())
	}
}

// A string with a NUL byte would be cut short in C and act on another job,
// collection or credential: every string argument is refused, naming the
// argument, before anything is sent.
func TestNULInEveryStringArgumentIsRefused(t *testing.T) {
	uri, sent := countingServer(t)
	t.Run("Options", func(t *testing.T) {
		base := func() milvusjobs.Options { return milvusjobs.Options{URI: uri} }
		cloud := func() milvusjobs.Options {
			return milvusjobs.Options{URI: uri, Token: "k", Deployment: milvusjobs.DeploymentZillizCloud}
		}
		cases := []struct {
			field string
			opts  milvusjobs.Options
		}{
			{"URI", milvusjobs.Options{URI: uri + "\x00.evil"}},
			{"Token", func() milvusjobs.Options { o := base(); o.Token = "secret\x00tail"; return o }()},
			{"Database", func() milvusjobs.Options { o := base(); o.Database = "db\x00x"; return o }()},
			{"TLSCAFile", func() milvusjobs.Options { o := base(); o.TLSCAFile = "/etc/ca.pem\x00x"; return o }()},
			{"TLSCAPath", func() milvusjobs.Options { o := base(); o.TLSCAPath = "/etc/ssl\x00x"; return o }()},
			{"UserAgent", func() milvusjobs.Options { o := base(); o.UserAgent = "ua\x00x"; return o }()},
			{"ExtraHeaders", func() milvusjobs.Options { o := base(); o.ExtraHeaders = http.Header{"X-A": {"v\x00x"}}; return o }()},
			{"ExtraHeaders", func() milvusjobs.Options { o := base(); o.ExtraHeaders = http.Header{"X-A\x00b": {"v"}}; return o }()},
			{"CloudClusterID", func() milvusjobs.Options { o := cloud(); o.CloudClusterID = "inxx-1\x00x"; return o }()},
			{"CloudProjectID", func() milvusjobs.Options {
				o := cloud()
				o.CloudProjectID, o.CloudRegionID = "proj-1\x00x", "aws-us-west-2"
				return o
			}()},
			{"CloudRegionID", func() milvusjobs.Options {
				o := cloud()
				o.CloudProjectID, o.CloudRegionID = "proj-1", "aws-us-west-2\x00x"
				return o
			}()},
		}
		for _, tc := range cases {
			c, err := milvusjobs.NewClient(tc.opts)
			if c != nil {
				c.Close()
				t.Errorf("%s: a NUL byte was accepted", tc.field)
				continue
			}
			refusedBeforeSending(t, err, "NewClient", sent, tc.field, "NUL")
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the token leaked into %v", err)
			}
		}
	})

	c := newClient(t, milvusjobs.Options{URI: uri, RequestTimeout: 30 * time.Second})
	ctx := bg()
	okImport := func() milvusjobs.ImportRequest {
		return milvusjobs.ImportRequest{CollectionName: "books", Files: [][]string{{"a.json"}}}
	}
	calls := []struct {
		op, field string
		call      func() error
	}{
		{"RefreshExternalCollection", "CollectionName", func() error {
			_, err := c.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books\x00ext"})
			return err
		}},
		{"RefreshExternalCollection", "ExternalSource", func() error {
			_, err := c.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books_ext",
				ExternalSource: "s3://bucket/a\x00b", ExternalSpec: `{"format":"parquet"}`})
			return err
		}},
		{"RefreshExternalCollection", "ExternalSpec", func() error {
			_, err := c.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books_ext",
				ExternalSource: "s3://bucket/a", ExternalSpec: "{\"format\":\"parquet\"}\x00"})
			return err
		}},
		{"RefreshExternalCollection", "WithDatabase", func() error {
			_, err := c.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books_ext"}, milvusjobs.WithDatabase("db\x00x"))
			return err
		}},
		{"ListRefreshExternalCollectionJobs", "collection", func() error {
			_, err := c.ListRefreshExternalCollectionJobs(ctx, "books\x00DROP")
			return err
		}},
		{"GetRefreshExternalCollectionProgress", "WithDatabase", func() error {
			_, err := c.GetRefreshExternalCollectionProgress(ctx, 1, milvusjobs.WithDatabase("\x00"))
			return err
		}},
		{"BulkImport", "CollectionName", func() error {
			r := okImport()
			r.CollectionName = "books\x00x"
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "PartitionName", func() error {
			r := okImport()
			r.PartitionName = "p\x00x"
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "Files", func() error {
			r := okImport()
			r.Files = [][]string{{"a.json"}, {"b.json\x00.exe"}}
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "Options", func() error {
			r := okImport()
			r.Options = map[string]string{"auto_commit\x00": "false"}
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "Options", func() error {
			r := okImport()
			r.Options = map[string]string{"auto_commit": "false\x00true"}
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "VolumeName", func() error {
			r := okImport()
			r.VolumeName = "vol\x00x"
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "AccessKey", func() error {
			r := okImport()
			r.AccessKey, r.SecretKey = "AK\x00x", "SK"
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "SecretKey", func() error {
			r := okImport()
			r.AccessKey, r.SecretKey = "AK", "SK\x00x"
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"BulkImport", "SessionToken", func() error {
			r := okImport()
			r.AccessKey, r.SecretKey, r.SessionToken = "AK", "SK", "ST\x00x"
			_, err := c.BulkImport(ctx, r)
			return err
		}},
		{"GetImportProgress", "jobID", func() error {
			_, err := c.GetImportProgress(ctx, "12\x0034")
			return err
		}},
		{"ListImportJobs", "collection", func() error {
			_, err := c.ListImportJobs(ctx, "books\x00DROP")
			return err
		}},
		{"ListImportJobsPage", "CollectionName", func() error {
			_, err := c.ListImportJobsPage(ctx, milvusjobs.ImportListRequest{CollectionName: "books\x00DROP"})
			return err
		}},
		{"CommitImport", "jobID", func() error { return c.CommitImport(ctx, "12\x0034") }},
		{"AbortImport", "jobID", func() error { return c.AbortImport(ctx, "12\x00junk") }},
		{"WaitImport", "jobID", func() error {
			_, err := c.WaitImport(ctx, "12\x0034", nil, nil)
			return err
		}},
		{"WaitImport", "Database", func() error {
			_, err := c.WaitImport(ctx, "12", &milvusjobs.WaitOptions{Database: "db\x00x"}, nil)
			return err
		}},
		{"WaitRefresh", "Database", func() error {
			_, err := c.WaitRefresh(ctx, 12, &milvusjobs.WaitOptions{Database: "db\x00x"}, nil)
			return err
		}},
	}
	for _, tc := range calls {
		start := time.Now()
		err := tc.call()
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s with a NUL in %s took %v: it was sent", tc.op, tc.field, d)
		}
		refusedBeforeSending(t, err, tc.op, sent, tc.field, "NUL")
	}

	_, err := c.NewWatcher(&milvusjobs.WatcherOptions{Database: "db\x00x"})
	refusedBeforeSending(t, err, "NewWatcher", sent, "Database", "NUL")
	w, err := c.NewWatcher(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	refusedBeforeSending(t, w.AddImport("12\x0034"), "Watcher.AddImport", sent, "jobID", "NUL")
	refusedBeforeSending(t, w.RemoveImport("12\x0034"), "Watcher.RemoveImport", sent, "jobID", "NUL")
	if n := w.Len(); n != 0 {
		t.Errorf("the watcher holds %d jobs after refused adds", n)
	}
}

// A negative duration has no meaning: it is refused with ErrInvalidArgument
// before anything is sent, never taken as the default (-1ns used to round to
// 0, the default, and the call went out with the client's timeout).
func TestNegativeDurationsAreRefused(t *testing.T) {
	uri, sent := countingServer(t)
	for _, tc := range []struct {
		field string
		opts  milvusjobs.Options
	}{
		{"ConnectTimeout", milvusjobs.Options{URI: uri, ConnectTimeout: -1}},
		{"RequestTimeout", milvusjobs.Options{URI: uri, RequestTimeout: -1}},
		{"RetryInitialBackoff", milvusjobs.Options{URI: uri, RetryInitialBackoff: -time.Millisecond}},
		{"RetryMaxBackoff", milvusjobs.Options{URI: uri, RetryMaxBackoff: -time.Hour}},
	} {
		c, err := milvusjobs.NewClient(tc.opts)
		if c != nil {
			c.Close()
			t.Errorf("%s: a negative duration was accepted", tc.field)
			continue
		}
		refusedBeforeSending(t, err, "NewClient", sent, tc.field, "negative")
	}

	c := newClient(t, milvusjobs.Options{URI: uri, RequestTimeout: 30 * time.Second})
	ctx := bg()
	neg := milvusjobs.WithTimeout(-1)
	calls := map[string]func() error{
		"RefreshExternalCollection": func() error {
			_, err := c.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books_ext"}, neg)
			return err
		},
		"GetRefreshExternalCollectionProgress": func() error {
			_, err := c.GetRefreshExternalCollectionProgress(ctx, 1, neg)
			return err
		},
		"ListRefreshExternalCollectionJobs": func() error {
			_, err := c.ListRefreshExternalCollectionJobs(ctx, "", neg)
			return err
		},
		"BulkImport": func() error {
			_, err := c.BulkImport(ctx, milvusjobs.ImportRequest{CollectionName: "b", Files: [][]string{{"a.json"}}}, neg)
			return err
		},
		"GetImportProgress": func() error { _, err := c.GetImportProgress(ctx, "1", neg); return err },
		"ListImportJobs":    func() error { _, err := c.ListImportJobs(ctx, "", neg); return err },
		"ListImportJobsPage": func() error {
			_, err := c.ListImportJobsPage(ctx, milvusjobs.ImportListRequest{}, neg)
			return err
		},
		"CommitImport": func() error { return c.CommitImport(ctx, "1", neg) },
		"AbortImport":  func() error { return c.AbortImport(ctx, "1", neg) },
	}
	for op, call := range calls {
		start := time.Now()
		err := call()
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s(WithTimeout(-1)) took %v: it was sent", op, d)
		}
		refusedBeforeSending(t, err, op, sent, "WithTimeout", "negative")
	}

	for field, opts := range map[string]*milvusjobs.WaitOptions{
		"WaitOptions.Timeout":         {Timeout: -time.Second},
		"WaitOptions.InitialInterval": {InitialInterval: -1},
		"WaitOptions.MaxInterval":     {MaxInterval: -1},
	} {
		_, err := c.WaitImport(ctx, "1", opts, nil)
		refusedBeforeSending(t, err, "WaitImport", sent, field, "negative")
		_, err = c.WaitRefresh(ctx, 1, opts, nil)
		refusedBeforeSending(t, err, "WaitRefresh", sent, field, "negative")
	}
	for field, opts := range map[string]*milvusjobs.WatcherOptions{
		"WatcherOptions.Interval":    {Interval: -1},
		"WatcherOptions.PollTimeout": {PollTimeout: -time.Second},
	} {
		w, err := c.NewWatcher(opts)
		if w != nil {
			w.Close()
		}
		refusedBeforeSending(t, err, "NewWatcher", sent, field, "negative")
	}

	// The other numeric options are checked in Go's names as well.
	for field, opts := range map[string]milvusjobs.Options{
		"MaxAttempts":          {URI: uri, MaxAttempts: 101},
		"MaxResponseBytes":     {URI: uri, MaxResponseBytes: -1},
		"MaxListResponseBytes": {URI: uri, MaxListResponseBytes: -1},
	} {
		bad, err := milvusjobs.NewClient(opts)
		if bad != nil {
			bad.Close()
		}
		refusedBeforeSending(t, err, "NewClient", sent, field)
		goAdvice(t, field, asError(t, err, milvusjobs.ErrInvalidArgument), milvusjobs.HintNone)
	}
	_, err := c.GetImportProgress(ctx, "1", milvusjobs.WithMaxAttempts(101))
	refusedBeforeSending(t, err, "GetImportProgress", sent, "WithMaxAttempts")

	// Zero still means the default, and a positive timeout still applies.
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err = c.GetImportProgress(tctx, "1", milvusjobs.WithTimeout(150*time.Millisecond), milvusjobs.WithMaxAttempts(1))
	asError(t, err, milvusjobs.ErrTimeout)
	if d := time.Since(start); d < 140*time.Millisecond || d > 3*time.Second {
		t.Errorf("a 150ms call timeout ended the call after %v", d)
	}
}

// cFieldNames are names of the C API a Go user has never seen.
var cFieldNames = []string{"mj_", "MJ_", "_ms", "request_timeout", "connect_timeout", "db_name", "mj_client_options", "mj_call_options", "max_response_bytes", "max_list_response_bytes", "max_attempts"}

// goAdvice asserts e carries the hint and says what to do in this package's
// names (every one of want), naming no C symbol or struct field.
func goAdvice(t *testing.T, what string, e *milvusjobs.Error, hint milvusjobs.Hint, want ...string) {
	t.Helper()
	msg := e.Error()
	t.Logf("%s: %s", what, msg)
	if e.Hint != hint {
		t.Errorf("%s: hint %d, want %d (%s)", what, e.Hint, hint, msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: message lacks %q: %s", what, w, msg)
		}
	}
	for _, c := range cFieldNames {
		if strings.Contains(msg, c) {
			t.Errorf("%s: message names the C API (%q): %s", what, c, msg)
		}
	}
}

// The common errors advise in Go's names: Options fields, WithTimeout,
// WaitOptions, Error.JobID; never an mj_* symbol or a C struct field.
func TestMessagesAdviseInGoNames(t *testing.T) {
	_, err := milvusjobs.NewClient(milvusjobs.Options{})
	goAdvice(t, "missing URI", asError(t, err, milvusjobs.ErrInvalidArgument), milvusjobs.HintSetURI, "Options.URI")
	_, err = milvusjobs.NewClient(milvusjobs.Options{URI: "ftp://127.0.0.1:1"})
	goAdvice(t, "bad URI", asError(t, err, milvusjobs.ErrInvalidArgument), milvusjobs.HintSetURI, "Options.URI")

	tokenURI := newServer(t, "--token", "s3cret-token")
	for _, token := range []string{"", "wrong-token"} {
		_, err = newClient(t, milvusjobs.Options{URI: tokenURI, Token: token}).ListImportJobs(bg(), "")
		goAdvice(t, "token "+strconv.Quote(token), asError(t, err, milvusjobs.ErrUnauthenticated), milvusjobs.HintSetToken, "Options.Token")
	}

	hole := newClient(t, milvusjobs.Options{URI: blackhole(t), RequestTimeout: 150 * time.Millisecond, MaxAttempts: 1})
	_, err = hole.GetImportProgress(bg(), "1")
	goAdvice(t, "client timeout", asError(t, err, milvusjobs.ErrTimeout), milvusjobs.HintRaiseTimeout, "Options.RequestTimeout", "WithTimeout")
	_, err = newClient(t, milvusjobs.Options{URI: blackhole(t)}).GetImportProgress(bg(), "1", milvusjobs.WithTimeout(150*time.Millisecond), milvusjobs.WithMaxAttempts(1))
	goAdvice(t, "call timeout", asError(t, err, milvusjobs.ErrTimeout), milvusjobs.HintRaiseTimeout, "WithTimeout")

	uri := newServer(t, "--work-delay-ms", "300")
	c := newClient(t, milvusjobs.Options{URI: uri})
	first, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "slow_ext"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "slow_ext"})
	e := asError(t, err, milvusjobs.ErrDuplicateJob)
	goAdvice(t, "duplicate refresh", e, milvusjobs.HintPollRunningJob, "Error.JobID", "GetRefreshExternalCollectionProgress")
	if e.JobID != first {
		t.Errorf("Error.JobID %d, want the running job %d", e.JobID, first)
	}

	id := slowImport(t, c)
	_, err = c.WaitImport(bg(), id, &milvusjobs.WaitOptions{Timeout: 100 * time.Millisecond, InitialInterval: 20 * time.Millisecond}, nil)
	goAdvice(t, "wait timeout", asError(t, err, milvusjobs.ErrTimeout), milvusjobs.HintRaiseWaitTimeout, "WaitOptions.Timeout")

	small := newClient(t, milvusjobs.Options{URI: uri, MaxResponseBytes: 64, MaxListResponseBytes: 64})
	_, err = small.GetImportProgress(bg(), id)
	goAdvice(t, "too-large answer", asError(t, err, milvusjobs.ErrProtocol), milvusjobs.HintRaiseMaxResponseBytes, "Options.MaxResponseBytes")
	_, err = small.ListImportJobs(bg(), "")
	goAdvice(t, "too-large list", asError(t, err, milvusjobs.ErrProtocol), milvusjobs.HintRaiseMaxListResponseBytes, "Options.MaxListResponseBytes")
}
