/* milvus-jobs: the terminal (its size, frames redrawn in place) and number formats. */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "cli.h"

/* ---------------------------------------------------------------- size and clocks */

void term_size(int fd, int* rows, int* cols) {
  struct winsize ws;
  *rows = 24;
  *cols = 80;
  memset(&ws, 0, sizeof ws);
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0) {
    if (ws.ws_row > 0) *rows = ws.ws_row;
    if (ws.ws_col > 0) *cols = ws.ws_col;
  }
}

static int64_t clock_ms(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t now_mono_ms(void) { return clock_ms(CLOCK_MONOTONIC); }
int64_t now_wall_ms(void) { return clock_ms(CLOCK_REALTIME); }

/* ---------------------------------------------------------------- formats */

void format_duration(char* buf, size_t size, int64_t ms) {
  int64_t s;
  if (ms < 0) {
    snprintf(buf, size, "-");
    return;
  }
  s = ms / 1000;
  if (s >= 3600) {
    snprintf(buf, size, "%" PRId64 ":%02d:%02d", s / 3600, (int)(s / 60 % 60), (int)(s % 60));
  } else {
    snprintf(buf, size, "%d:%02d", (int)(s / 60), (int)(s % 60));
  }
}

void format_count(char* buf, size_t size, int64_t n) {
  char digits[32];
  char out[48];
  size_t len, i, o = 0;
  const int negative = n < 0;
  snprintf(digits, sizeof digits, "%" PRIu64, negative ? (uint64_t)0 - (uint64_t)n : (uint64_t)n);
  len = strlen(digits);
  if (negative) out[o++] = '-';
  for (i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out[o++] = ',';
    out[o++] = digits[i];
  }
  out[o] = '\0';
  snprintf(buf, size, "%s", out);
}

void format_bar(char* buf, int width, int64_t progress) {
  int filled, k;
  if (progress < 0) progress = 0;
  if (progress > 100) progress = 100;
  filled = (int)(progress * width / 100);
  for (k = 0; k < width; ++k) buf[k] = k < filled ? '#' : '-';
  buf[width] = '\0';
}

/* ---------------------------------------------------------------- frames */

void term_sanitize(char* text) {
  unsigned char* p;
  for (p = (unsigned char*)text; *p; ++p) {
    if (*p < 0x20 || *p == 0x7f) *p = ' ';
  }
}

void term_cut(char* text, int width) {
  size_t at = 0, chars = 0;
  if (width < 1) width = 1;
  /* Count characters, not bytes (UTF-8), and never cut one in two. */
  while (text[at]) {
    size_t next = at + 1;
    while (((unsigned char)text[next] & 0xC0) == 0x80) ++next;
    if (++chars > (size_t)width) {
      text[at] = '\0';
      return;
    }
    at = next;
  }
}

void frame_begin(struct frame* f, int cols) {
  f->cols = cols;
  f->lines = 0;
  /* Back to the first line of the frame on screen. */
  if (f->prev_lines > 0) printf("\r\033[%dA", f->prev_lines);
}

void frame_line(struct frame* f, const char* fmt, ...) {
  char line[1024];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0) line[0] = '\0';
  term_sanitize(line);
  /* One column short of the width: a line that filled the last column would
     leave some terminals in the "wrap pending" state and shift the redraw. */
  term_cut(line, f->cols - 1);
  printf("\r\033[K%s\n", line);
  ++f->lines;
}

void frame_end(struct frame* f) {
  /* Clears what a longer previous frame left below this one. */
  if (f->prev_lines > f->lines) fputs("\033[J", stdout);
  f->prev_lines = f->lines;
  fflush(stdout);
}
