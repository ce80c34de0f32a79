module github.com/milvus-jobs/milvus-jobs/bench/peers/go-cgo-block

go 1.22
