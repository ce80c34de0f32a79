package milvusjobs

// Production connectivity: the log hook as a log/slog.Logger, the client's
// counters (Stats) and per-call headers (WithHeader). Mutual TLS and proxy
// settings are fields of Options.

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <milvus_jobs.h>

extern void mjgoLog(mj_log_record *record, uintptr_t handle);

static void mjgo_log(const mj_log_record *record, void *user_data) {
  mjgoLog((mj_log_record *)record, (uintptr_t)user_data);
}

// Sets the hook: the handle travels as an integer (a cgo.Handle is not a pointer).
static void mjgo_set_log(mj_client_options *o, uintptr_t handle, int32_t level) {
  o->log_fn = mjgo_log;
  o->log_user_data = (void *)handle;
  o->log_level = level;
}

static int64_t mjgo_answers(const mj_client_stats *s, int i) { return s->answers_by_status[i]; }
*/
import "C"

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/cgo"
	"sort"
	"time"
	"unsafe"
)

// logState is what the native log hook reaches through its cgo.Handle.
type logState struct {
	logger *slog.Logger
}

var slogLevels = [5]slog.Level{slog.LevelInfo, slog.LevelError, slog.LevelWarn, slog.LevelInfo, slog.LevelDebug}

// nativeLogLevel is the most detailed mj_log_level the logger is enabled
// for (0: none): records below it are never formatted.
func nativeLogLevel(l *slog.Logger) C.int32_t {
	for level := 4; level >= 1; level-- {
		if l.Enabled(context.Background(), slogLevels[level]) {
			return C.int32_t(level)
		}
	}
	return 0
}

// setLogger installs the hook on o; the returned handle is deleted by Close.
func setLogger(o *C.mj_client_options, l *slog.Logger) (cgo.Handle, bool) {
	level := nativeLogLevel(l)
	if level == 0 {
		return 0, false
	}
	h := cgo.NewHandle(&logState{logger: l})
	C.mjgo_set_log(o, C.uintptr_t(h), level)
	return h, true
}

//export mjgoLog
func mjgoLog(r *C.mj_log_record, h C.uintptr_t) {
	s := cgo.Handle(h).Value().(*logState)
	defer func() { _ = recover() }() // a handler's panic must not cross into C
	level := slog.LevelInfo
	if r.level >= 1 && r.level <= 4 {
		level = slogLevels[r.level]
	}
	attrs := []slog.Attr{
		slog.String("event", C.GoString(r.event)),
		slog.String("operation", C.GoString(r.operation)),
		slog.String("route", C.GoString(r.route)),
		slog.Int("attempt", int(r.attempt)),
		slog.Int("status", int(r.status)),
		slog.Int("http_status", int(r.http_status)),
		slog.Int("server_code", int(r.server_code)),
		slog.Duration("duration", time.Duration(r.duration_us)*time.Microsecond),
		slog.String("request_id", C.GoString(r.request_id)),
		slog.String("trace_id", C.GoString(r.trace_id)),
		slog.Bool("connection_reused", r.connection_reused != 0),
	}
	if r.backoff_ms > 0 {
		attrs = append(attrs, slog.Duration("backoff", time.Duration(r.backoff_ms)*time.Millisecond))
	}
	s.logger.LogAttrs(context.Background(), level, C.GoString(r.message), attrs...)
}

// Stats are a client's counters since NewClient (mj_client_stats).
type Stats struct {
	Requests           int64 // calls that made at least one attempt (watcher polls too)
	Attempts           int64
	RetriesTransport   int64
	RetriesTimeout     int64
	RetriesRateLimited int64
	RetriesServer      int64
	BytesSent          int64
	BytesReceived      int64
	ConnectionsOpened  int64
	ConnectionsReused  int64
	// Answers counts how calls ended, by category (CategoryOK for successes).
	Answers map[Category]int64
}

// Retries is the sum of the retries of every reason.
func (s Stats) Retries() int64 {
	return s.RetriesTransport + s.RetriesTimeout + s.RetriesRateLimited + s.RetriesServer
}

// Stats reads the client's counters: cheap (relaxed atomic reads in the
// library), safe from any goroutine while calls run.
func (c *Client) Stats() (Stats, error) {
	const op = "Stats"
	c.mu.Lock()
	ptr := c.ptr
	if ptr == nil || c.closing {
		c.mu.Unlock()
		return Stats{}, &Error{Op: op, Category: CategoryInvalidArgument, Message: "the Client is closed", cause: ErrClosed}
	}
	c.inFlight++
	c.mu.Unlock()
	defer c.release(nil, false)
	st := (*C.mj_client_stats)(C.calloc(1, C.size_t(unsafe.Sizeof(C.mj_client_stats{}))))
	defer C.free(unsafe.Pointer(st))
	st.struct_size = C.uint32_t(unsafe.Sizeof(*st))
	var cerr *C.mj_error
	if rc := C.mj_client_stats_get(st, ptr, &cerr); rc != C.MJ_OK {
		return Stats{}, takeError(op, rc, cerr)
	}
	out := Stats{
		Requests: int64(st.requests), Attempts: int64(st.attempts),
		RetriesTransport: int64(st.retries_transport), RetriesTimeout: int64(st.retries_timeout),
		RetriesRateLimited: int64(st.retries_rate_limited), RetriesServer: int64(st.retries_server),
		BytesSent: int64(st.bytes_sent), BytesReceived: int64(st.bytes_received),
		ConnectionsOpened: int64(st.connections_opened), ConnectionsReused: int64(st.connections_reused),
		Answers: map[Category]int64{},
	}
	for i := 0; i < 32; i++ {
		if n := int64(C.mjgo_answers(st, C.int(i))); n > 0 {
			out.Answers[Category(i)] = n
		}
	}
	return out, nil
}

// WithHeader adds a header to this call's requests only, e.g. a W3C
// traceparent; may be given more than once.
func WithHeader(name, value string) CallOption {
	return func(s *callSettings) { s.headers = append(s.headers, name+": "+value) }
}

// WithHeaders adds every header of h to this call's requests (sorted by name).
func WithHeaders(h http.Header) CallOption {
	return func(s *callSettings) {
		names := make([]string, 0, len(h))
		for name := range h {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, v := range h[name] {
				s.headers = append(s.headers, name+": "+v)
			}
		}
	}
}
