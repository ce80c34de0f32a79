/*
 * curl_bench -- peer (2), the floor for a libcurl client: a minimal loop on
 * one easy handle per thread (libcurl easy handles cannot be shared between
 * threads) that sends the very request this library sends (same route, body,
 * headers, User-Agent, a fresh X-Request-Id per call), collects the answer
 * into a reused buffer and checks only that it is HTTP 200 with "code":0. No
 * JSON decoding, no result objects. Protocol: see bench_common.h.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

typedef struct buf {
  char* data;
  size_t len;
  size_t cap;
} buf;

typedef struct curl_ctx {
  CURL* easy;
  char url[512];
  char body[128];
  buf answer;
  uint64_t rng;
} curl_ctx;

static size_t on_body(char* data, size_t size, size_t count, void* user) {
  buf* b = (buf*)user;
  size_t n = size * count;
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->len + n + 1) * 2;
    char* p = (char*)realloc(b->data, cap);
    if (!p) return 0;
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = '\0';
  return n;
}

static int call_once(void* p) {
  static const char hex[] = "0123456789abcdef";
  curl_ctx* c = (curl_ctx*)p;
  struct curl_slist* h = NULL;
  struct curl_slist* next;
  char request_id[48];
  uint64_t v;
  int i;
  long status = 0;
  CURLcode rc;
  /* xorshift64*: a fresh request id per call, as the library sends. */
  c->rng ^= c->rng >> 12;
  c->rng ^= c->rng << 25;
  c->rng ^= c->rng >> 27;
  v = c->rng * 2685821657736338717ULL;
  memcpy(request_id, "X-Request-Id: mj-", 17);
  for (i = 0; i < 16; i++, v >>= 4) request_id[17 + i] = hex[v & 0xf];
  request_id[33] = '\0';
#define APPEND(s)                     \
  do {                                \
    next = curl_slist_append(h, (s)); \
    if (!next) {                      \
      curl_slist_free_all(h);         \
      return 1;                       \
    }                                 \
    h = next;                         \
  } while (0)
  APPEND("Content-Type: application/json");
  APPEND("Accept: application/json");
  APPEND(request_id);
  APPEND("Request-Timeout: 30");
  APPEND("DB-Name: default");
  APPEND("Expect:");
#undef APPEND
  c->answer.len = 0;
  curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, h);
  rc = curl_easy_perform(c->easy);
  curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all(h);
  if (rc != CURLE_OK || status != 200 || !c->answer.data || !strstr(c->answer.data, "\"code\":0")) {
    fprintf(stderr, "curl_bench: %s: HTTP %ld: %.200s\n", curl_easy_strerror(rc), status,
            c->answer.data ? c->answer.data : "");
    return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  bench_args a;
  curl_ctx* ctx;
  void** ctxs;
  int i;
  int rc;
  int is_import;
  bench_parse_args(&a, argc, argv);
  is_import = strcmp(a.op, "import") == 0;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  ctx = (curl_ctx*)calloc((size_t)a.threads, sizeof *ctx);
  ctxs = (void**)malloc((size_t)a.threads * sizeof *ctxs);
  if (!ctx || !ctxs) return 1;
  for (i = 0; i < a.threads; i++) {
    curl_ctx* c = &ctx[i];
    c->rng = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(i + 1) ^ (uint64_t)time(NULL);
    snprintf(c->url, sizeof c->url, "%s/v2/vectordb/jobs/%s/describe", a.uri,
             is_import ? "import" : "external_collection");
    if (is_import) {
      snprintf(c->body, sizeof c->body, "{\"jobId\":\"%s\"}", a.import_id);
    } else {
      snprintf(c->body, sizeof c->body, "{\"jobId\":%s}", a.refresh_id);
    }
    c->easy = curl_easy_init();
    if (!c->easy) return 1;
    curl_easy_setopt(c->easy, CURLOPT_URL, c->url);
    curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c->easy, CURLOPT_POST, 1L);
    curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, c->body);
    curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(c->body));
    curl_easy_setopt(c->easy, CURLOPT_USERAGENT, "milvus-jobs/" MJ_BENCH_VERSION);
    curl_easy_setopt(c->easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(c->easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, &c->answer);
    ctxs[i] = c;
  }
  rc = bench_run(&a, call_once, ctxs);
  for (i = 0; i < a.threads; i++) {
    curl_easy_cleanup(ctx[i].easy);
    free(ctx[i].answer.data);
  }
  free(ctx);
  free(ctxs);
  curl_global_cleanup();
  return rc;
}
