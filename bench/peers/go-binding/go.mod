module milvus-jobs/bench/peers/go-binding

go 1.22

require github.com/milvus-jobs/milvus-jobs/bindings/go v0.0.0

replace github.com/milvus-jobs/milvus-jobs/bindings/go => ../../../bindings/go
