package milvusjobs_test

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

func TestVersionMatchesHeader(t *testing.T) {
	if got := milvusjobs.VersionNumber(); got < milvusjobs.HeaderVersionNumber {
		t.Fatalf("library version number %d is older than the header's %d", got, milvusjobs.HeaderVersionNumber)
	}
	v := milvusjobs.Version()
	n := milvusjobs.VersionNumber()
	want := strings.Join([]string{strconv.Itoa(n / 10000), strconv.Itoa(n / 100 % 100), strconv.Itoa(n % 100)}, ".")
	if v != want {
		t.Fatalf("Version() = %q, VersionNumber() = %d (%s)", v, n, want)
	}
	if milvusjobs.ZillizCloudURI != "https://api.cloud.zilliz.com" || !strings.HasSuffix(milvusjobs.ZillizCloudURICN, ".cn") {
		t.Fatalf("cloud URIs: %q %q", milvusjobs.ZillizCloudURI, milvusjobs.ZillizCloudURICN)
	}
}

func TestCategoryNamesComeFromTheLibrary(t *testing.T) {
	cases := []struct {
		c    milvusjobs.Category
		name string
		err  error
	}{
		{milvusjobs.CategoryInvalidArgument, "MJ_EINVALID_ARGUMENT", milvusjobs.ErrInvalidArgument},
		{milvusjobs.CategoryTransport, "MJ_ETRANSPORT", milvusjobs.ErrTransport},
		{milvusjobs.CategoryTLS, "MJ_ETLS", milvusjobs.ErrTLS},
		{milvusjobs.CategoryTimeout, "MJ_ETIMEOUT", milvusjobs.ErrTimeout},
		{milvusjobs.CategoryCancelled, "MJ_ECANCELLED", milvusjobs.ErrCancelled},
		{milvusjobs.CategoryUnauthenticated, "MJ_EUNAUTHENTICATED", milvusjobs.ErrUnauthenticated},
		{milvusjobs.CategoryPermissionDenied, "MJ_EPERMISSION_DENIED", milvusjobs.ErrPermissionDenied},
		{milvusjobs.CategoryNotFound, "MJ_ENOT_FOUND", milvusjobs.ErrNotFound},
		{milvusjobs.CategoryDuplicateJob, "MJ_EDUPLICATE_JOB", milvusjobs.ErrDuplicateJob},
		{milvusjobs.CategoryRateLimited, "MJ_ERATE_LIMITED", milvusjobs.ErrRateLimited},
		{milvusjobs.CategoryServer, "MJ_ESERVER", milvusjobs.ErrServer},
		{milvusjobs.CategoryProtocol, "MJ_EPROTOCOL", milvusjobs.ErrProtocol},
		{milvusjobs.CategoryUnsupported, "MJ_EUNSUPPORTED", milvusjobs.ErrUnsupported},
		{milvusjobs.CategoryNoMemory, "MJ_ENOMEM", milvusjobs.ErrNoMemory},
		{milvusjobs.CategoryInternal, "MJ_EINTERNAL", milvusjobs.ErrInternal},
		{milvusjobs.CategoryJobFailed, "MJ_EJOB_FAILED", milvusjobs.ErrJobFailed},
		{milvusjobs.CategoryJobLost, "MJ_EJOB_LOST", milvusjobs.ErrJobLost},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if got := tc.c.Name(); got != tc.name {
			t.Errorf("%d.Name() = %q, want %q", tc.c, got, tc.name)
		}
		desc := tc.c.String()
		if desc == "" || seen[desc] {
			t.Errorf("%s.String() = %q: empty or not unique", tc.name, desc)
		}
		seen[desc] = true
		e := &milvusjobs.Error{Category: tc.c, Message: "m"}
		if !errors.Is(e, tc.err) {
			t.Errorf("errors.Is(%s error, its sentinel) = false", tc.name)
		}
		if errors.Is(e, milvusjobs.ErrNotFound) != (tc.c == milvusjobs.CategoryNotFound) {
			t.Errorf("errors.Is(%s error, ErrNotFound) is wrong", tc.name)
		}
	}
	if got := milvusjobs.Category(999).Name(); got != "MJ_E?" {
		t.Errorf("unknown category name = %q", got)
	}
}

func TestStateStringsAndTerminality(t *testing.T) {
	if milvusjobs.RefreshStateInProgress.String() != "RefreshInProgress" || milvusjobs.RefreshState(42).String() != "RefreshState(42)" {
		t.Error("RefreshState.String")
	}
	for s, term := range map[milvusjobs.RefreshState]bool{
		milvusjobs.RefreshStateUnknown: false, milvusjobs.RefreshStatePending: false, milvusjobs.RefreshStateInProgress: false,
		milvusjobs.RefreshStateCompleted: true, milvusjobs.RefreshStateFailed: true,
	} {
		if s.IsTerminal() != term {
			t.Errorf("%v.IsTerminal() = %v", s, !term)
		}
	}
	for s, term := range map[milvusjobs.ImportState]bool{
		milvusjobs.ImportStateUnknown: false, milvusjobs.ImportStateNone: false, milvusjobs.ImportStatePending: false,
		milvusjobs.ImportStateImporting: false, milvusjobs.ImportStateUncommitted: false, milvusjobs.ImportStateCommitting: false,
		milvusjobs.ImportStateCompleted: true, milvusjobs.ImportStateFailed: true,
	} {
		if s.IsTerminal() != term {
			t.Errorf("%v.IsTerminal() = %v", s, !term)
		}
	}
	if milvusjobs.ImportStateUncommitted.String() != "Uncommitted" || milvusjobs.ImportFileStateInProgress.String() != "InProgress" ||
		milvusjobs.ImportFileStateRetry.String() != "Retry" || milvusjobs.JobKindImport.String() != "import" ||
		milvusjobs.DeploymentZillizCloud.String() != "zilliz-cloud" {
		t.Error("String of a state or kind")
	}
}

func TestNewClientRefusesBadOptions(t *testing.T) {
	cases := map[string]milvusjobs.Options{
		"no uri":             {},
		"not a url":          {URI: "127.0.0.1 19530"},
		"CR in header":       {URI: sharedURI, ExtraHeaders: http.Header{"X-A": {"b\r\nX-Evil: 1"}}},
		"NUL in token":       {URI: sharedURI, Token: "ab\x00cd"},
		"negative timeout":   {URI: sharedURI, RequestTimeout: -time.Second},
		"negative attempts":  {URI: sharedURI, MaxAttempts: -1},
		"LF in token":        {URI: sharedURI, Token: "a\nb"},
		"unknown deployment": {URI: sharedURI, Deployment: 7},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := milvusjobs.NewClient(opts)
			if c != nil {
				c.Close()
			}
			e := asError(t, err, milvusjobs.ErrInvalidArgument)
			if e.Message == "" || e.HTTPStatus != 0 || e.Attempts != 0 || e.Op != "NewClient" {
				t.Fatalf("error fields: %+v", e)
			}
			if strings.Contains(e.Error(), "ab") && name == "NUL in token" {
				t.Fatalf("the token leaked into the message: %v", e)
			}
		})
	}
}

func TestEveryClientOptionIsAccepted(t *testing.T) {
	uri := newServer(t, "--token", "root:Milvus")
	c := newClient(t, milvusjobs.Options{
		URI:            uri + "/",
		Token:          "root:Milvus",
		Database:       "analytics",
		ConnectTimeout: 2 * time.Second,
		RequestTimeout: 5 * time.Second,
		// Ignored for http; checked to be accepted.
		TLSInsecureSkipVerify: true,
		TLSCAFile:             "/etc/ssl/certs/ca-certificates.crt",
		TLSCAPath:             "/etc/ssl/certs",
		UserAgent:             "milvusjobs-go-test/1",
		ExtraHeaders:          http.Header{"X-Team": {"search"}, "X-Trace": {"a", "b"}},
		MaxAttempts:           2,
		RetryInitialBackoff:   10 * time.Millisecond,
		RetryMaxBackoff:       50 * time.Millisecond,
		MaxResponseBytes:      1 << 20,
		MaxListResponseBytes:  8 << 20,
	})
	jobs, err := c.ListImportJobs(bg(), "events")
	if err != nil {
		t.Fatalf("ListImportJobs in the client's database: %v", err)
	}
	if len(jobs) != 0 {
		t.Fatalf("fresh server lists %d jobs", len(jobs))
	}
	// "events" lives in "analytics" only.
	_, err = c.ListImportJobs(bg(), "events", milvusjobs.WithDatabase("default"))
	asError(t, err, milvusjobs.ErrNotFound)
}

func TestUnauthenticatedWithoutToken(t *testing.T) {
	uri := newServer(t, "--token", "s3cret-token")
	for _, token := range []string{"", "wrong-token"} {
		c := newClient(t, milvusjobs.Options{URI: uri, Token: token})
		_, err := c.ListRefreshExternalCollectionJobs(bg(), "")
		e := asError(t, err, milvusjobs.ErrUnauthenticated)
		if e.HTTPStatus != 401 || e.ServerCode != 1800 || e.Retriable || e.RequestID == "" {
			t.Fatalf("error fields: %+v", e)
		}
		if strings.Contains(e.Error(), "s3cret") || (token != "" && strings.Contains(e.Error(), token)) {
			t.Fatalf("a token leaked into the message: %v", e)
		}
	}
	c := newClient(t, milvusjobs.Options{URI: uri, Token: "s3cret-token"})
	if _, err := c.ListRefreshExternalCollectionJobs(bg(), ""); err != nil {
		t.Fatalf("with the token: %v", err)
	}
}

func TestTransportErrorOnClosedPort(t *testing.T) {
	c := newClient(t, milvusjobs.Options{URI: closedPort(t), ConnectTimeout: time.Second})
	_, err := c.GetImportProgress(bg(), "1", milvusjobs.WithMaxAttempts(1))
	e := asError(t, err, milvusjobs.ErrTransport)
	if e.HTTPStatus != 0 || e.ServerCode != 0 || e.Attempts != 1 {
		t.Fatalf("error fields: %+v", e)
	}
}

func TestClosedClientRefusesCalls(t *testing.T) {
	c, err := milvusjobs.NewClient(milvusjobs.Options{URI: sharedURI})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	_, err = c.ListImportJobs(bg(), "")
	asError(t, err, milvusjobs.ErrInvalidArgument)
	if !errors.Is(err, milvusjobs.ErrClosed) {
		t.Fatalf("%v does not match ErrClosed", err)
	}
	if _, err := c.NewWatcher(nil); !errors.Is(err, milvusjobs.ErrClosed) {
		t.Fatalf("NewWatcher on a closed client: %v", err)
	}
}
