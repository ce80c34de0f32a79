/* milvus-jobs: Ctrl-C (SIGINT) and SIGTERM cancel the call in progress. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <signal.h>
#include <stddef.h>

#include "cli.h"

/* ---------------------------------------------------------------- Ctrl-C */

mj_cancel* g_cancel;
static sigset_t g_signals;

/* SIGINT/SIGTERM are taken by sigwait on this thread, which may call into the
   library (signal handlers may not: mj_cancel_trigger takes a lock). */
static void* signal_thread(void* unused) {
  int sig = 0;
  (void)unused;
  if (sigwait(&g_signals, &sig) == 0) mj_cancel_trigger(g_cancel);
  return NULL;
}

int start_signal_thread(mj_error** err) {
  pthread_t signals;
  if (mj_cancel_new(&g_cancel, err) != MJ_OK) return -1;
  sigemptyset(&g_signals);
  sigaddset(&g_signals, SIGINT);
  sigaddset(&g_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &g_signals, NULL);
  if (pthread_create(&signals, NULL, signal_thread, NULL) == 0) pthread_detach(signals);
  return 0;
}
