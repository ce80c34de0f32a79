// Command go-cgo-block measures what a blocking cgo call costs the Go
// runtime, apart from any library: 16 goroutines each make 1,000 cgo calls
// that block 1 ms in poll(2) ("go"), against 16 pthreads doing the same in C
// ("c"), and against a pool of C threads that run the blocking call while
// the goroutine waits on a channel, woken through a pipe the netpoller
// watches ("pool"). Prints ops/s and CPU µs per op (getrusage, all threads).
//
//	go build -o /tmp/cgo-block . && /tmp/cgo-block c && /tmp/cgo-block go && /tmp/cgo-block pool
//
// See bench/README.md, "Go under concurrency".
package main

/*
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
static void blk(int ms) { poll(NULL, 0, ms); }
static int per;
static void* loop(void* a) { for (int i = 0; i < per; i++) poll(NULL, 0, 1); return NULL; }
static void cthreads(int n, int calls) {
  per = calls; pthread_t t[64];
  for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, loop, NULL);
  for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
}
*/
import "C"

import (
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

func cpu() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-cgo-block c|go|pool")
		os.Exit(2)
	}
	n, calls := 16, 1000
	c0, t0 := cpu(), time.Now()
	if len(os.Args) > 1 && os.Args[1] == "pool" {
		poolInit(n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < calls; j++ {
					poolCall()
				}
			}()
		}
		wg.Wait()
	} else if len(os.Args) > 1 && os.Args[1] == "c" {
		C.cthreads(C.int(n), C.int(calls))
	} else {
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < calls; j++ {
					C.blk(1)
				}
			}()
		}
		wg.Wait()
	}
	el := time.Since(t0).Seconds()
	fmt.Printf("%s: %.0f ops/s, %.1f us CPU/op\n", os.Args[1:], float64(n*calls)/el, (cpu()-c0)/float64(n*calls)*1e6)
}
