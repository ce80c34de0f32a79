// The "pool" variant: blocking calls on C threads, completions through a
// pipe read by one goroutine (the netpoller), handed to the waiting
// goroutine on a channel.
package main

/*
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>
typedef struct { pthread_mutex_t mu; pthread_cond_t cv; int64_t q[4096]; int head, tail; int wfd; } pool_t;
static pool_t P = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
static void* worker(void* a) {
  for (;;) {
    pthread_mutex_lock(&P.mu);
    while (P.head == P.tail) pthread_cond_wait(&P.cv, &P.mu);
    int64_t id = P.q[P.head++ % 4096];
    pthread_mutex_unlock(&P.mu);
    poll(NULL, 0, 1);
    (void)!write(P.wfd, &id, 8);
  }
  return NULL;
}
static void pool_start(int n, int wfd) { P.wfd = wfd; for (int i = 0; i < n; i++) { pthread_t t; pthread_create(&t, NULL, worker, NULL); } }
static void pool_submit(int64_t id) { pthread_mutex_lock(&P.mu); P.q[P.tail++ % 4096] = id; pthread_cond_signal(&P.cv); pthread_mutex_unlock(&P.mu); }
*/
import "C"

import (
	"encoding/binary"
	"os"
	"sync"
)

var (
	waitMu  sync.Mutex
	waiters = map[int64]chan struct{}{}
	nextID  int64
)

func poolInit(n int) {
	r, w, _ := os.Pipe()
	C.pool_start(C.int(n), C.int(w.Fd()))
	go func() {
		buf := make([]byte, 8*256)
		for {
			k, err := r.Read(buf)
			if err != nil {
				return
			}
			waitMu.Lock()
			for i := 0; i+8 <= k; i += 8 {
				id := int64(binary.LittleEndian.Uint64(buf[i:]))
				close(waiters[id])
				delete(waiters, id)
			}
			waitMu.Unlock()
		}
	}()
}

func poolCall() {
	ch := make(chan struct{})
	waitMu.Lock()
	nextID++
	id := nextID
	waiters[id] = ch
	waitMu.Unlock()
	C.pool_submit(C.int64_t(id))
	<-ch
}
