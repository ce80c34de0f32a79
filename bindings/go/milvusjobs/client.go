package milvusjobs

/*
#cgo pkg-config: milvus_jobs
#include <stdlib.h>
#include <milvus_jobs.h>
*/
import "C"

import (
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/cgo"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// HeaderVersionNumber is MJ_VERSION_NUMBER of the header this package was
// built against (MAJOR*10000 + MINOR*100 + PATCH).
const HeaderVersionNumber = C.MJ_VERSION_NUMBER

// The public Zilliz Cloud control plane, and its China endpoint; the default
// project endpoint template (Options.CloudProjectEndpoint).
const (
	ZillizCloudURI             = C.MJ_ZILLIZ_CLOUD_URI
	ZillizCloudURICN           = C.MJ_ZILLIZ_CLOUD_URI_CN
	ZillizCloudProjectEndpoint = C.MJ_ZILLIZ_CLOUD_PROJECT_ENDPOINT
)

// Version returns the native library's version, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.mj_version()) }

// VersionNumber returns the native library's version as
// MAJOR*10000 + MINOR*100 + PATCH.
func VersionNumber() int { return int(C.mj_version_number()) }

// Deployment says what kind of server a Client talks to.
type Deployment int32

const (
	// DeploymentMilvus is open-source Milvus REST v2 (Milvus >= 3.0 for refresh).
	DeploymentMilvus Deployment = C.MJ_DEPLOYMENT_MILVUS
	// DeploymentZillizCloud is the Zilliz Cloud control plane: bulk import
	// only (refresh calls fail with ErrUnsupported).
	DeploymentZillizCloud Deployment = C.MJ_DEPLOYMENT_ZILLIZ_CLOUD
)

// String returns "milvus" or "zilliz-cloud".
func (d Deployment) String() string {
	switch d {
	case DeploymentMilvus:
		return "milvus"
	case DeploymentZillizCloud:
		return "zilliz-cloud"
	}
	return "Deployment(" + itoa(int64(d)) + ")"
}

// Options configure a Client (mj_client_options). The zero value of every
// field means the library's default.
type Options struct {
	// URI is the server, e.g. "http://127.0.0.1:19530". Required for Milvus;
	// for Zilliz Cloud "" means ZillizCloudURI.
	URI string
	// Token is an API key or "user:password", sent as a bearer token.
	Token string
	// Database is the default database of every call; "" means "default".
	Database string
	// ConnectTimeout defaults to 10s; RequestTimeout, the deadline of a
	// whole call, to 30s. Durations are rounded up to whole milliseconds.
	ConnectTimeout time.Duration
	RequestTimeout time.Duration
	// TLSInsecureSkipVerify turns certificate and host verification off.
	// Only for test servers with self-signed certificates.
	TLSInsecureSkipVerify bool
	// TLSCAFile is a PEM CA bundle; TLSCAPath a directory of CA certificates.
	TLSCAFile string
	TLSCAPath string
	// UserAgent defaults to "milvus-jobs/<version>".
	UserAgent string
	// ExtraHeaders are sent with every request (sorted by name). Names and
	// values must not contain CR or LF.
	ExtraHeaders http.Header

	// MaxAttempts per call including the first; 0 means 4, 1 never retries.
	MaxAttempts int
	// RetryInitialBackoff (default 100ms) doubles per retry up to
	// RetryMaxBackoff (default 5s), with full jitter.
	RetryInitialBackoff time.Duration
	RetryMaxBackoff     time.Duration

	// MaxResponseBytes bounds describe, create, commit and abort answers
	// (default 4 MiB); MaxListResponseBytes bounds list answers (64 MiB).
	MaxResponseBytes     int64
	MaxListResponseBytes int64

	// Deployment selects Milvus (default) or Zilliz Cloud.
	Deployment Deployment
	// Zilliz Cloud target: CloudClusterID ("inxx-..."; imports only), or
	// CloudProjectID ("proj-...") with CloudRegionID ("aws-us-west-2"):
	// imports through the control plane (URI), refreshes through the project
	// endpoint https://{project_id}.{region_id}.api.zillizcloud.com. Refused
	// for Milvus.
	CloudClusterID string
	CloudProjectID string
	CloudRegionID  string
	// CloudProjectEndpoint replaces that project endpoint (with a project
	// target): a template with {project_id} and {region_id} (the China site,
	// a private deployment) or a plain address (a local dev server).
	CloudProjectEndpoint string

	// Mutual TLS (since 0.4): a client certificate and its private key (PEM
	// files) for servers that require one; TLSClientKeyPassword decrypts an
	// encrypted key. TLSServerName checks the server's certificate for (and
	// sends as SNI) another name than the URI's host.
	TLSClientCertFile    string
	TLSClientKeyFile     string
	TLSClientKeyPassword string
	TLSServerName        string
	// Proxy is "http://[user:password@]host:port" (also https://, socks5://,
	// socks5h://); "" honours the environment (http_proxy, https_proxy,
	// all_proxy). NoProxy lists hosts reached directly ("*": never a proxy);
	// "" honours no_proxy. Credentials never appear in errors or logs.
	Proxy   string
	NoProxy string
	// Logger receives one record per request attempt (Info), retry (Warn),
	// failed call (Error) and connection (Debug), with attributes event,
	// operation, route, attempt, status, http_status, server_code, duration,
	// backoff, request_id, trace_id, connection_reused; never a secret. The
	// levels it is enabled for at NewClient decide what the library formats.
	// Records come on the goroutine making the call, except those of the
	// progress reads, which come on the Client's poller goroutine (see
	// "Calls" in the package documentation). nil: no logging.
	Logger *slog.Logger

	// DisableCreateReconciliation turns reconciliation after an ambiguous
	// create off: a create whose answer was lost then fails with ErrTimeout,
	// ErrTransport or ErrProtocol as it is (see CreateOutcome).
	DisableCreateReconciliation bool
}

// Client talks to one server. It is safe for concurrent use by many
// goroutines. Close it when done.
type Client struct {
	mu      sync.Mutex
	ptr     *C.mj_client
	closing bool
	// inFlight counts native calls using ptr; tokens are their cancel tokens,
	// triggered by Close.
	inFlight int
	idle     chan struct{} // made by Close, closed when inFlight drops to 0
	tokens   map[*C.mj_cancel]struct{}
	// spare holds untriggered tokens of ended calls: a call takes one here
	// instead of making one (no cgo call, no malloc).
	spare    []*C.mj_cancel
	watchers map[*Watcher]struct{}
	closed   chan struct{} // closed once Close has freed the native client
	// callTemplate is mj_call_options after mj_call_options_init: copied
	// into each call's options rather than initialised by a cgo call.
	callTemplate C.mj_call_options
	// logHandle reaches the Logger from the native log hook; deleted by Close.
	logHandle cgo.Handle
	hasLog    bool
	// async serves the progress reads without a blocking cgo call each
	// (async.go); stopped and freed by Close before the client.
	async *asyncReader
}

// NewClient creates a client. No request is sent: a wrong address shows on
// the first call. Errors: ErrInvalidArgument (missing or malformed URI, CR/LF
// in a header or token, bad timeouts, cloud fields for Milvus),
// ErrUnsupported (the native library is older than this package).
func NewClient(opts Options) (*Client, error) {
	const op = "NewClient"
	if v := VersionNumber(); v < HeaderVersionNumber {
		return nil, &Error{Op: op, Category: CategoryUnsupported,
			Message: "the loaded native library is " + Version() + ", older than the header this package was built against (" +
				C.MJ_VERSION_STRING + "); install a newer libmilvus_jobs"}
	}
	var a arena
	defer a.free()
	var o C.mj_client_options
	C.mj_client_options_init(&o, C.uint32_t(unsafe.Sizeof(o)))
	o.uri = a.optStr("URI", opts.URI)
	o.token = a.optStr("Token", opts.Token)
	o.db_name = a.optStr("Database", opts.Database)
	o.connect_timeout_ms = a.ms("ConnectTimeout", opts.ConnectTimeout)
	o.request_timeout_ms = a.ms("RequestTimeout", opts.RequestTimeout)
	if opts.TLSInsecureSkipVerify {
		o.tls_insecure_skip_verify = 1
	}
	o.tls_ca_file = a.optStr("TLSCAFile", opts.TLSCAFile)
	o.tls_ca_path = a.optStr("TLSCAPath", opts.TLSCAPath)
	o.user_agent = a.optStr("UserAgent", opts.UserAgent)
	if len(opts.ExtraHeaders) > 0 {
		names := make([]string, 0, len(opts.ExtraHeaders))
		for name := range opts.ExtraHeaders {
			names = append(names, name)
		}
		sort.Strings(names)
		var lines []string
		for _, name := range names {
			for _, v := range opts.ExtraHeaders[name] {
				lines = append(lines, name+": "+v)
			}
		}
		o.extra_headers = a.strArray("ExtraHeaders", lines)
		o.extra_header_count = C.size_t(len(lines))
	}
	if opts.MaxAttempts < 0 || opts.MaxAttempts > 100 {
		return nil, argError(op, "MaxAttempts must be between 0 (the default, 4) and 100, got "+itoa(int64(opts.MaxAttempts)))
	}
	if opts.MaxResponseBytes < 0 || opts.MaxListResponseBytes < 0 {
		return nil, argError(op, "MaxResponseBytes and MaxListResponseBytes must not be negative; 0 means the default")
	}
	o.max_attempts = C.int32_t(opts.MaxAttempts)
	o.retry_initial_backoff_ms = a.ms("RetryInitialBackoff", opts.RetryInitialBackoff)
	o.retry_max_backoff_ms = a.ms("RetryMaxBackoff", opts.RetryMaxBackoff)
	o.max_response_bytes = C.int64_t(opts.MaxResponseBytes)
	o.max_list_response_bytes = C.int64_t(opts.MaxListResponseBytes)
	o.deployment = C.int32_t(opts.Deployment)
	o.cloud_cluster_id = a.optStr("CloudClusterID", opts.CloudClusterID)
	o.cloud_project_id = a.optStr("CloudProjectID", opts.CloudProjectID)
	o.cloud_region_id = a.optStr("CloudRegionID", opts.CloudRegionID)
	o.cloud_project_endpoint = a.optStr("CloudProjectEndpoint", opts.CloudProjectEndpoint)
	o.tls_client_cert_file = a.optStr("TLSClientCertFile", opts.TLSClientCertFile)
	o.tls_client_key_file = a.optStr("TLSClientKeyFile", opts.TLSClientKeyFile)
	o.tls_client_key_password = a.optStr("TLSClientKeyPassword", opts.TLSClientKeyPassword)
	o.tls_server_name = a.optStr("TLSServerName", opts.TLSServerName)
	o.proxy = a.optStr("Proxy", opts.Proxy)
	o.no_proxy = a.optStr("NoProxy", opts.NoProxy)
	if opts.DisableCreateReconciliation {
		o.disable_create_reconciliation = 1
	}
	if a.err != "" {
		return nil, argError(op, a.err)
	}
	var logHandle cgo.Handle
	hasLog := false
	if opts.Logger != nil {
		logHandle, hasLog = setLogger(&o, opts.Logger)
	}
	var ptr *C.mj_client
	var cerr *C.mj_error
	if st := C.mj_client_new(&ptr, &o, &cerr); st != C.MJ_OK {
		if hasLog {
			logHandle.Delete()
		}
		return nil, takeError(op, st, cerr)
	}
	c := &Client{ptr: ptr, tokens: map[*C.mj_cancel]struct{}{}, closed: make(chan struct{}), logHandle: logHandle,
		hasLog: hasLog, async: newAsyncReader()}
	tmpl := new(C.mj_call_options) // (not &c.callTemplate: cgo refuses a pointer into c, which holds Go pointers)
	C.mj_call_options_init(tmpl, C.uint32_t(unsafe.Sizeof(*tmpl)))
	c.callTemplate = *tmpl
	runtime.SetFinalizer(c, func(c *Client) { c.Close() })
	return c, nil
}

// Close cancels the calls in flight (they fail with ErrCancelled, wrapping
// ErrClosed), closes the client's watchers, waits for the calls to return,
// closes the connections and frees the native client. Later calls fail with
// ErrInvalidArgument wrapping ErrClosed. Close is idempotent and safe to call
// from any goroutine, but not from a progress or watch callback.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		<-c.closed
		return nil
	}
	c.closing = true
	for tok := range c.tokens {
		C.mj_cancel_trigger(tok)
	}
	watchers := make([]*Watcher, 0, len(c.watchers))
	for w := range c.watchers {
		watchers = append(watchers, w)
	}
	c.mu.Unlock()
	for _, w := range watchers {
		w.Close()
	}
	c.mu.Lock()
	if c.inFlight > 0 {
		idle := make(chan struct{})
		c.idle = idle
		c.mu.Unlock()
		<-idle
		c.mu.Lock()
	}
	ptr := c.ptr
	c.ptr = nil
	spare := c.spare
	c.spare = nil
	c.mu.Unlock()
	c.async.stop()
	C.mj_client_free(ptr)
	if c.hasLog {
		c.logHandle.Delete()
	}
	for _, tok := range spare {
		C.mj_cancel_free(tok)
	}
	close(c.closed)
	runtime.SetFinalizer(c, nil)
	return nil
}

// CallOption adjusts one call.
type CallOption func(*callSettings)

type callSettings struct {
	timeout     time.Duration
	database    string
	maxAttempts int
	headers     []string // "Name: value", WithHeader/WithHeaders
}

// WithTimeout sets the deadline of this call, overriding the client's
// RequestTimeout (rounded up to whole milliseconds); 0 keeps the client's.
// A negative duration is refused with ErrInvalidArgument before anything is
// sent. A context deadline applies as well; the earlier one wins.
func WithTimeout(d time.Duration) CallOption { return func(s *callSettings) { s.timeout = d } }

// WithDatabase sends this call to another database than the client's.
func WithDatabase(name string) CallOption { return func(s *callSettings) { s.database = name } }

// WithMaxAttempts sets the attempts of this call (1 never retries),
// overriding the client's MaxAttempts.
func WithMaxAttempts(n int) CallOption { return func(s *callSettings) { s.maxAttempts = n } }

// call is one native call in progress: the client pinned, a cancel token
// triggered when ctx ends (or by Close), and the C memory of its arguments.
//
// Cost per call (see bench/README.md, "Go under concurrency"): the token is
// a spare one (made once, reused while untriggered), armed with
// context.AfterFunc only when ctx can end; one lock/unlock pair of the
// client at each end; no cgo call with the client's lock held.
type call struct {
	c     *Client
	op    string
	ctx   context.Context
	tok   *C.mj_cancel
	stop  func() bool // disarms the AfterFunc; nil when ctx can never end
	mu    sync.Mutex  // guards done against the AfterFunc trigger
	done  bool
	arena arena
	// opts is an allocation of its own: cgo checks the whole Go object a
	// pointer argument points into, and call holds Go pointers.
	opts *C.mj_call_options
}

// begin pins the client and gives the call its cancel token.
func (c *Client) begin(ctx context.Context, op string) (*call, *Error) {
	if ctx == nil {
		return nil, argError(op, "the context is nil; pass context.Background() or a real context")
	}
	if err := ctx.Err(); err != nil {
		return nil, contextError(op, err)
	}
	c.mu.Lock()
	if c.ptr == nil || c.closing {
		c.mu.Unlock()
		return nil, &Error{Op: op, Category: CategoryInvalidArgument, Message: "the Client is closed", cause: ErrClosed}
	}
	var tok *C.mj_cancel
	if n := len(c.spare); n > 0 {
		tok = c.spare[n-1]
		c.spare = c.spare[:n-1]
		c.tokens[tok] = struct{}{}
	}
	c.inFlight++
	c.mu.Unlock()
	if tok == nil {
		var cerr *C.mj_error
		if st := C.mj_cancel_new(&tok, &cerr); st != C.MJ_OK {
			c.release(nil, false)
			return nil, takeError(op, st, cerr)
		}
		c.mu.Lock()
		closing := c.closing
		c.tokens[tok] = struct{}{}
		c.mu.Unlock()
		if closing { // Close ran meanwhile and did not see this token
			C.mj_cancel_trigger(tok)
		}
	}
	k := &call{c: c, op: op, ctx: ctx, tok: tok}
	if ctx.Done() != nil {
		k.stop = context.AfterFunc(ctx, k.trigger)
	}
	k.opts = new(C.mj_call_options)
	*k.opts = c.callTemplate
	k.opts.cancel = tok
	return k, nil
}

func (k *call) trigger() {
	k.mu.Lock()
	if !k.done {
		C.mj_cancel_trigger(k.tok)
	}
	k.mu.Unlock()
}

// end disarms the token (keeping it for a later call when it never fired),
// frees the arguments and unpins the client.
func (k *call) end() {
	fired := false
	if k.stop != nil {
		fired = !k.stop() // the AfterFunc ran (or is running)
	}
	k.mu.Lock()
	k.done = true
	k.mu.Unlock()
	reuse := !fired && C.mj_cancel_is_triggered(k.tok) == 0
	k.arena.free()
	k.c.release(k, reuse)
}

// release unpins the client after a call (k == nil: a call that got no
// token); an untriggered token goes back to the spares, another is freed.
func (c *Client) release(k *call, reuse bool) {
	var drop *C.mj_cancel
	c.mu.Lock()
	if k != nil {
		delete(c.tokens, k.tok)
		if reuse && !c.closing && len(c.spare) < 64 {
			c.spare = append(c.spare, k.tok)
		} else {
			drop = k.tok
		}
	}
	c.inFlight--
	if c.inFlight == 0 && c.idle != nil {
		close(c.idle)
		c.idle = nil
	}
	c.mu.Unlock()
	if drop != nil {
		C.mj_cancel_free(drop)
	}
}

// options returns the native call options made from the CallOptions.
func (k *call) options(opts []CallOption) *C.mj_call_options {
	if len(opts) == 0 {
		return k.opts
	}
	var s callSettings
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	k.opts.timeout_ms = k.arena.ms("WithTimeout", s.timeout)
	k.opts.db_name = k.arena.optStr("WithDatabase", s.database)
	if s.maxAttempts < 0 || s.maxAttempts > 100 {
		k.arena.fail("WithMaxAttempts must be between 0 (the client's MaxAttempts) and 100, got " + itoa(int64(s.maxAttempts)))
	}
	k.opts.max_attempts = C.int32_t(s.maxAttempts)
	if len(s.headers) > 0 {
		k.opts.headers = k.arena.strArray("WithHeader", s.headers)
		k.opts.header_count = C.size_t(len(s.headers))
	}
	return k.opts
}

// argErr returns the error of an argument the arena refused, or nil.
func (k *call) argErr() error {
	if k.arena.err == "" {
		return nil
	}
	return argError(k.op, k.arena.err)
}

// fail turns a native failure into an *Error; when the call's context ended
// (or Close cancelled it) the error wraps that cause.
func (k *call) fail(st C.mj_status, cerr *C.mj_error) error {
	return k.explain(takeError(k.op, st, cerr))
}

func (k *call) explain(e *Error) *Error {
	if e.Category != CategoryCancelled && e.Category != CategoryTimeout {
		return e
	}
	if err := k.ctx.Err(); err != nil {
		e.cause = err
		if err == context.DeadlineExceeded {
			e.Category = CategoryTimeout
		} else {
			e.Category = CategoryCancelled
		}
		return e
	}
	if e.Category == CategoryCancelled && C.mj_cancel_is_triggered(k.tok) != 0 {
		k.c.mu.Lock()
		closing := k.c.closing
		k.c.mu.Unlock()
		if closing {
			e.cause = ErrClosed
		}
	}
	return e
}

// durationMs converts a duration to whole milliseconds, rounding a positive
// duration up so that 1µs never becomes 0 ("the default").
func durationMs(d time.Duration) C.int64_t {
	if d <= 0 {
		return C.int64_t(d / time.Millisecond)
	}
	return C.int64_t((d + time.Millisecond - 1) / time.Millisecond)
}

func itoa(v int64) string {
	var b [24]byte
	i := len(b)
	neg := v < 0
	u := uint64(v)
	if neg {
		u = uint64(-v)
	}
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// arena holds the C memory of one call's arguments; free releases it all.
// A string with a NUL byte cannot cross into C: the arena records the first
// such problem in err and the call is refused before it is made.
type arena struct {
	ptrs []unsafe.Pointer
	err  string
}

func (a *arena) fail(msg string) {
	if a.err == "" {
		a.err = msg
	}
}

// str copies s into C memory (also "").
func (a *arena) str(field, s string) *C.char {
	if strings.IndexByte(s, 0) >= 0 {
		a.fail(field + " contains a NUL byte; C strings end at the first NUL, remove it")
	}
	p := C.CString(s)
	a.ptrs = append(a.ptrs, unsafe.Pointer(p))
	return p
}

// ms converts a duration option to whole milliseconds (durationMs). A
// negative duration is refused: it has no meaning, and -1ns would otherwise
// round to 0, the default.
func (a *arena) ms(field string, d time.Duration) C.int64_t {
	if d < 0 {
		a.fail(field + " is negative (" + d.String() + "); pass 0 for the default or a positive duration")
		return 0
	}
	return durationMs(d)
}

// arg is str for a string passed straight as an argument of the native
// call (never stored in a C struct): a NUL-terminated copy in Go memory,
// which cgo lets C read for the time of the call (no malloc, no free).
func (a *arena) arg(field, s string) *C.char {
	if strings.IndexByte(s, 0) >= 0 {
		a.fail(field + " contains a NUL byte; C strings end at the first NUL, remove it")
	}
	b := make([]byte, len(s)+1)
	copy(b, s)
	return (*C.char)(unsafe.Pointer(&b[0]))
}

// optStr is str, except that "" becomes NULL ("the default").
func (a *arena) optStr(field, s string) *C.char {
	if s == "" {
		return nil
	}
	return a.str(field, s)
}

// strArray copies ss into a C array of C strings (NULL when empty).
func (a *arena) strArray(field string, ss []string) **C.char {
	if len(ss) == 0 {
		return nil
	}
	arr := (**C.char)(C.calloc(C.size_t(len(ss)), C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	a.ptrs = append(a.ptrs, unsafe.Pointer(arr))
	slots := unsafe.Slice(arr, len(ss))
	for i, s := range ss {
		slots[i] = a.str(field, s)
	}
	return arr
}

// sizeArray copies ns into a C array of size_t (NULL when empty).
func (a *arena) sizeArray(ns []int) *C.size_t {
	if len(ns) == 0 {
		return nil
	}
	arr := (*C.size_t)(C.calloc(C.size_t(len(ns)), C.size_t(unsafe.Sizeof(C.size_t(0)))))
	a.ptrs = append(a.ptrs, unsafe.Pointer(arr))
	slots := unsafe.Slice(arr, len(ns))
	for i, n := range ns {
		slots[i] = C.size_t(n)
	}
	return arr
}

func (a *arena) free() {
	for _, p := range a.ptrs {
		C.free(p)
	}
	a.ptrs = nil
}
