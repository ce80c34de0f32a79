module github.com/milvus-jobs/milvus-jobs/bindings/go

go 1.22
