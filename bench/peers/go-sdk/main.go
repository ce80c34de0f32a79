// Command go-sdk-bench is peer (5) of bench/peers: the official Go SDK's
// bulkwriter.GetImportProgress (github.com/milvus-io/milvus/client/v2,
// pinned in go.mod). Protocol: ../bench_common.h. "Threads" are goroutines;
// the SDK has no client object for these calls: each call makes an
// http.Client over http.DefaultTransport, whose pool keeps connections alive.
// The SDK has no refresh-progress call.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/milvus-io/milvus/client/v2/bulkwriter"
)

func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func main() {
	uri := flag.String("uri", "", "server")
	op := flag.String("op", "", "import|refresh")
	importID := flag.String("import-id", "", "import job id")
	flag.String("refresh-id", "", "refresh job id (unused: no SDK call)")
	threads := flag.Int("threads", 1, "goroutines")
	seconds := flag.Float64("seconds", 3, "measured seconds")
	warmup := flag.Float64("warmup-seconds", 0.5, "warm-up seconds")
	flag.Parse()
	if *op != "import" {
		fmt.Fprintln(os.Stderr, "go-sdk-bench: the Go SDK has no refresh-progress call")
		os.Exit(2)
	}
	// The SDK makes an http.Client per call over http.DefaultTransport, which
	// keeps at most 2 idle connections per host: with more goroutines, every
	// other call would open (and leave in TIME_WAIT) a new connection. Let the
	// transport keep one connection per goroutine, as a Go service doing many
	// concurrent calls would configure it.
	http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost = *threads
	// The SDK sets no deadline of its own: 30 s per call, like the library's default.
	call := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := bulkwriter.GetImportProgress(ctx, bulkwriter.NewGetImportProgressOption(*uri, *importID))
		return err
	}
	start := time.Now().Add(time.Duration(*warmup * float64(time.Second)))
	stop := start.Add(time.Duration(*seconds * float64(time.Second)))
	results := make([][]float64, *threads)
	errs := make([]error, *threads)
	var wg sync.WaitGroup
	for i := 0; i < *threads; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for time.Now().Before(start) {
				if err := call(); err != nil {
					errs[i] = err
					return
				}
			}
			lat := make([]float64, 0, 4096)
			for {
				t0 := time.Now()
				if !t0.Before(stop) {
					break
				}
				if err := call(); err != nil {
					errs[i] = err
					return
				}
				lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e3)
			}
			results[i] = lat
		}(i)
	}
	time.Sleep(time.Until(start))
	cpu0 := cpuSeconds()
	wg.Wait()
	cpu1 := cpuSeconds()
	elapsed := time.Since(start).Seconds()
	var all []float64
	for i := range results {
		if errs[i] != nil {
			fmt.Fprintln(os.Stderr, "go-sdk-bench:", errs[i])
			os.Exit(1)
		}
		all = append(all, results[i]...)
	}
	if len(all) == 0 {
		fmt.Fprintln(os.Stderr, "go-sdk-bench: no call completed")
		os.Exit(1)
	}
	sort.Float64s(all)
	n := len(all)
	p99 := int(float64(n) * 0.99)
	if p99 >= n {
		p99 = n - 1
	}
	fmt.Printf("{\"calls\":%d,\"elapsed_s\":%.6f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"cpu_s\":%.6f,\"errors\":0}\n",
		n, elapsed, all[n/2], all[p99], cpu1-cpu0)
}
