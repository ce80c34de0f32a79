// Command go-binding-bench is peer (6) of bench/peers for Go: our Go binding
// (bindings/go), one Client shared by every goroutine. Protocol:
// ../bench_common.h.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
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
	refreshIDText := flag.String("refresh-id", "", "refresh job id")
	threads := flag.Int("threads", 1, "goroutines")
	seconds := flag.Float64("seconds", 3, "measured seconds")
	warmup := flag.Float64("warmup-seconds", 0.5, "warm-up seconds")
	calls := flag.Int("calls", 0, "> 0: each goroutine makes 10 warm-up calls, then exactly this many (for callgrind)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured phase here (go tool pprof)")
	flag.Parse()
	refreshID, err := strconv.ParseInt(*refreshIDText, 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-binding-bench: --refresh-id:", err)
		os.Exit(2)
	}
	client, err := milvusjobs.NewClient(milvusjobs.Options{URI: *uri})
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-binding-bench:", err)
		os.Exit(1)
	}
	defer client.Close()
	ctx := context.Background()
	call := func() error {
		_, err := client.GetImportProgress(ctx, *importID)
		return err
	}
	if *op == "refresh" {
		call = func() error {
			_, err := client.GetRefreshExternalCollectionProgress(ctx, refreshID)
			return err
		}
	}
	if *calls > 0 {
		*warmup = 0
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
			for n := 0; time.Now().Before(start) || (*calls > 0 && n < 10); n++ {
				if err := call(); err != nil {
					errs[i] = err
					return
				}
			}
			lat := make([]float64, 0, 4096)
			for n := 0; ; n++ {
				t0 := time.Now()
				if *calls > 0 {
					if n >= *calls {
						break
					}
				} else if !t0.Before(stop) {
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
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "go-binding-bench: -cpuprofile:", err)
			os.Exit(2)
		}
		defer f.Close()
	}
	cpu0 := cpuSeconds()
	wg.Wait()
	cpu1 := cpuSeconds()
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	elapsed := time.Since(start).Seconds()
	var all []float64
	for i := range results {
		if errs[i] != nil {
			fmt.Fprintln(os.Stderr, "go-binding-bench:", errs[i])
			os.Exit(1)
		}
		all = append(all, results[i]...)
	}
	if len(all) == 0 {
		fmt.Fprintln(os.Stderr, "go-binding-bench: no call completed")
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
