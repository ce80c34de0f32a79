module milvus-jobs/bench/peers/go-sdk

go 1.24.11

require github.com/milvus-io/milvus/client/v2 v2.6.2
