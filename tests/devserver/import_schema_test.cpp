// Imports checked against a collection schema, end to end: files written by pymilvus's
// LocalBulkWriter (Parquet, JSON, Numpy; see make_files.py) and hand-written bad rows, imported
// through the C API into a dev server over loopback.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace mjtest;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The schema the BulkWriter files were written for, as a user pastes it from their
// collection-create request.
const char* kBooksSchema = R"({"autoID": false, "enableDynamicField": false, "fields": [
  {"fieldName": "id", "dataType": "Int64", "isPrimary": true},
  {"fieldName": "vector", "dataType": "FloatVector", "elementTypeParams": {"dim": "8"}},
  {"fieldName": "title", "dataType": "VarChar", "elementTypeParams": {"max_length": 64}},
  {"fieldName": "year", "dataType": "Int32"},
  {"fieldName": "rating", "dataType": "Double"},
  {"fieldName": "in_stock", "dataType": "Bool"},
  {"fieldName": "meta", "dataType": "JSON"}]})";

const char* kSmallSchema = R"({"fields": [
  {"fieldName": "id", "dataType": "Int64", "isPrimary": true},
  {"fieldName": "vec", "dataType": "FloatVector", "elementTypeParams": {"dim": 3}},
  {"fieldName": "name", "dataType": "VarChar", "elementTypeParams": {"max_length": "5"}},
  {"fieldName": "note", "dataType": "VarChar", "nullable": true, "elementTypeParams": {"max_length": "20"}}]})";

json bulkwriter_files() {
  std::ifstream in(MJ_BULKWRITER_FILES "/files.json");
  if (!in) throw std::runtime_error("no " MJ_BULKWRITER_FILES "/files.json: run the devserver_bulkwriter_files test");
  return json::parse(in);
}

class ImportSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    files = bulkwriter_files();
    fs::copy(MJ_BULKWRITER_FILES, data(), fs::copy_options::recursive);
    json small = json::parse(kSmallSchema);
    json small_dynamic = small;
    small_dynamic["enableDynamicField"] = true;
    json small_auto = small;
    small_auto["autoID"] = true;
    const json config{
        {"collections",
         {{{"name", "books"}, {"schema", json::parse(kBooksSchema)}},
          {{"name", "small"}, {"schema", small}},
          {{"name", "small_dynamic"}, {"schema", small_dynamic}},
          {{"name", "small_auto"}, {"schema", small_auto}},
          {{"name", "plain"}},
          {{"name", "books_ext"}, {"externalSource", "s3://bucket/books"}, {"externalSpec", R"({"format":"parquet"})"}},
          {{"name", "books_iceberg"},
           {"externalSource", "s3://bucket/iceberg"},
           {"externalSpec", R"({"format":"iceberg-table"})"}}}}};
    dir.write("config.json", config.dump());
    DevServerOptions o;
    o.data_dir = data();
    o.config_file = dir.path() + "/config.json";
    server = std::make_unique<DevServer>(o);
    client = make_client(server->uri());
  }

  std::string data() const { return dir.path() + "/data"; }

  // Imports `groups` (one file group each) into `collection` and waits for the job to end.
  ImportJob import(const char* collection, const std::vector<std::vector<std::string>>& groups,
                   std::vector<std::pair<const char*, const char*>> options = {}) {
    std::vector<const char*> paths;
    std::vector<size_t> sizes;
    for (const auto& group : groups) {
      for (const auto& path : group) paths.push_back(path.c_str());
      sizes.push_back(group.size());
    }
    mj_import_request r = MJ_IMPORT_REQUEST_INIT;
    r.collection_name = collection;
    r.files = paths.data();
    r.file_count = paths.size();
    r.group_sizes = sizes.data();
    r.group_count = sizes.size();
    std::vector<const char*> keys, values;
    for (auto& [k, v] : options) keys.push_back(k), values.push_back(v);
    r.option_keys = keys.data();
    r.option_values = values.data();
    r.option_count = keys.size();
    char* id = nullptr;
    mj_error* e = nullptr;
    if (mj_bulk_import(&id, client.get(), &r, nullptr, &e) != MJ_OK) {
      ADD_FAILURE() << mj_error_message(e);
      mj_error_free(e);
      return nullptr;
    }
    const std::string job_id = id;
    mj_free(id);
    ImportJob job;
    EXPECT_TRUE(eventually([&] {
      mj_import_job* raw = nullptr;
      mj_error* err = nullptr;
      if (mj_get_import_progress(&raw, client.get(), job_id.c_str(), nullptr, &err) != MJ_OK) {
        mj_error_free(err);
        return false;
      }
      job.reset(raw);
      return mj_import_state_is_terminal(job->state) != 0;
    }));
    return job;
  }

  // Each file of `key` in files.json as its own group, or all of them as one (Numpy).
  std::vector<std::vector<std::string>> groups_of(const std::string& key, bool one_group = false) const {
    std::vector<std::vector<std::string>> out;
    for (const auto& path : files.at(key)) {
      if (one_group && !out.empty())
        out.front().push_back(path.get<std::string>());
      else
        out.push_back({path.get<std::string>()});
    }
    return out;
  }

  std::string refresh_manifest(const char* collection) {
    mj_refresh_request r = MJ_REFRESH_REQUEST_INIT;
    r.collection_name = collection;
    int64_t id = 0;
    mj_error* e = nullptr;
    if (mj_refresh_external_collection(&id, client.get(), &r, nullptr, &e) != MJ_OK) {
      ADD_FAILURE() << mj_error_message(e);
      mj_error_free(e);
      return "";
    }
    RefreshJob job;
    EXPECT_TRUE(eventually([&] {
      mj_refresh_job* raw = nullptr;
      mj_error* err = nullptr;
      if (mj_get_refresh_external_collection_progress(&raw, client.get(), id, nullptr, &err) != MJ_OK) {
        mj_error_free(err);
        return false;
      }
      job.reset(raw);
      return mj_refresh_state_is_terminal(job->state) != 0;
    }));
    EXPECT_EQ(job->state, MJ_REFRESH_STATE_COMPLETED) << job->reason;
    std::ifstream in(data() + "/.milvus-jobs/manifests/" + collection + "-" + std::to_string(id) + ".json");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  void write(const std::string& relative, const std::string& content) const { dir.write("data/" + relative, content); }

  TempDir dir;
  json files;
  std::unique_ptr<DevServer> server;
  Client client;
};

void expect_completed(const ImportJob& job, int64_t rows) {
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_COMPLETED) << job->reason;
  EXPECT_EQ(job->total_rows, rows);
  EXPECT_EQ(job->imported_rows, rows);
}

// The job failed, and its reason holds every one of `parts`.
void expect_failed(const ImportJob& job, const std::vector<std::string>& parts) {
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, MJ_IMPORT_STATE_FAILED);
  for (const auto& part : parts) EXPECT_NE(std::string(job->reason).find(part), std::string::npos) << job->reason;
  ASSERT_EQ(job->detail_count, 1u);
  EXPECT_STREQ(job->details[0]->reason, job->reason);
}

}  // namespace

TEST_F(ImportSchema, BulkWriterParquetImportsWithItsExactRowCount) {
  const int64_t rows = files.at("rows");
  ASSERT_GT(rows, 0);
  ImportJob job = import("books", groups_of("parquet"));
  expect_completed(job, rows);
  ASSERT_EQ(job->detail_count, 1u);
  EXPECT_EQ(job->details[0]->total_rows, rows);
  EXPECT_EQ(job->details[0]->imported_rows, rows);
}

TEST_F(ImportSchema, BulkWriterJsonImportsWithItsExactRowCount) {
  expect_completed(import("books", groups_of("json")), files.at("rows"));
}

TEST_F(ImportSchema, BulkWriterNumpyGroupIsOneSegmentOfFilesPerField) {
  const auto groups = groups_of("numpy", /*one_group=*/true);
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_EQ(groups[0].size(), 7u) << "one .npy file per field";
  ImportJob job = import("books", groups);
  expect_completed(job, files.at("rows"));
  ASSERT_EQ(job->detail_count, 1u);
  EXPECT_EQ(job->details[0]->total_rows, files.at("rows").get<int64_t>()) << "rows of the segment, not a sum per file";
}

TEST_F(ImportSchema, AllThreeFormatsInOneJobCountEachGroup) {
  auto groups = groups_of("parquet");
  for (auto& g : groups_of("json")) groups.push_back(g);
  groups.push_back(groups_of("numpy", true).front());
  const int64_t rows = files.at("rows");
  ImportJob job = import("books", groups);
  expect_completed(job, 3 * rows);
  ASSERT_EQ(job->detail_count, 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(job->details[i]->imported_rows, rows) << i;
}

TEST_F(ImportSchema, WithoutASchemaParquetAndNumpyAreCountedOnly) {
  expect_completed(import("plain", groups_of("missing_field_parquet")), 10);
  expect_completed(import("plain", groups_of("wrong_dim_numpy", true)), 10);
}

TEST_F(ImportSchema, ParquetMissingAFieldFailsNamingFileAndField) {
  const std::string path = files.at("missing_field_parquet")[0];
  expect_failed(import("books", groups_of("missing_field_parquet")),
                {"\"" + path + "\"", "field 'title' not in arrow schema"});
}

TEST_F(ImportSchema, JsonRowMissingAFieldFailsNamingFileRowAndField) {
  const std::string path = files.at("missing_field_json")[0];
  expect_failed(import("books", groups_of("missing_field_json")),
                {"\"" + path + "\"", "row 1: value of field 'title' is missed"});
}

TEST_F(ImportSchema, ParquetVectorOfWrongDimensionFailsNamingRowAndField) {
  expect_failed(import("books", groups_of("wrong_dim_parquet")),
                {"dim_parquet/", "row 1: length of vector is not aligned: expected 8 but got 4",
                 "data type: FloatVector", "field 'vector'"});
}

TEST_F(ImportSchema, NumpyVectorOfWrongDimensionFailsNamingFileAndField) {
  const std::string vector_file = files.at("wrong_dim_numpy")[1];
  ASSERT_NE(vector_file.find("vector.npy"), std::string::npos);
  expect_failed(import("books", groups_of("wrong_dim_numpy", true)),
                {"\"" + vector_file + "\"", "expected dim '8' for FloatVector field 'vector', got dim '4'"});
}

TEST_F(ImportSchema, TruncatedParquetFooterFailsWithTheLibrarysReason) {
  expect_failed(import("books", groups_of("truncated_parquet")), {"truncated/cut.parquet", "magic bytes"});
  expect_failed(import("plain", groups_of("truncated_parquet")), {"truncated/cut.parquet", "not a readable Parquet"});
}

TEST_F(ImportSchema, NumpyGroupMissingAFieldFileFails) {
  auto group = groups_of("numpy", true).front();
  group.erase(group.begin() + 2);  // title.npy
  expect_failed(import("books", {group}), {"no file for field: title"});
}

TEST_F(ImportSchema, JsonRowsAreCheckedLikeMilvus) {
  write("j/wrong_type.json", R"([{"id":1,"vec":[1,2,3],"name":"a"},{"id":"2","vec":[1,2,3],"name":"b"}])");
  write("j/long.json", R"({"rows":[{"id":1,"vec":[1,2,3],"name":"abcdef"}]})");
  write("j/dim.jsonl", "{\"id\":1,\"vec\":[1,2,3],\"name\":\"a\"}\n\n{\"id\":2,\"vec\":[1,2],\"name\":\"b\"}\n");
  write("j/extra.json", R"([{"id":1,"vec":[1,2,3],"name":"a","color":"red"}])");
  write("j/no_pk.json", R"([{"vec":[1,2,3],"name":"a"}])");
  write("j/ok.json", R"([{"id":1,"vec":[1,2,3],"name":"abcde","note":null},{"id":2,"vec":[0,0,0],"name":""}])");

  expect_failed(
      import("small", {{"j/wrong_type.json"}}),
      {"\"j/wrong_type.json\"", "row 2: expected type 'Int64' for field 'id', got type 'string' with value '2'"});
  expect_failed(import("small", {{"j/long.json"}}), {"row 1: value length 6 exceeds max_length 5 of field 'name'"});
  expect_failed(import("small", {{"j/dim.jsonl"}}),
                {"row 2 (line 3): expected dim '3' for field 'vec' with type 'FloatVector', got dim '2'"});
  expect_failed(import("small", {{"j/extra.json"}}), {"row 1: the field 'color' is not defined in schema"});
  expect_completed(import("small_dynamic", {{"j/extra.json"}}), 1);
  expect_failed(import("small_auto", {{"j/ok.json"}}), {"the primary key 'id' is auto-generated, no need to provide"});
  expect_completed(import("small_auto", {{"j/no_pk.json"}}), 1);
  expect_failed(import("small", {{"j/no_pk.json"}}), {"value of field 'id' is missed"});
  expect_completed(import("small", {{"j/ok.json"}}), 2);
}

TEST_F(ImportSchema, CsvRowsAreCheckedLikeMilvus) {
  write("c/ok.csv", "id,vec,name,note\n1,\"[1,2,3]\",ab,\n2,\"[0.5,0,1]\",\"a,b\",hello\n");
  write("c/header.csv", "id,vec\n1,\"[1,2,3]\"\n");
  write("c/dim.csv", "id,vec,name\n1,\"[1,2,3]\",a\n2,\"[1,2,3,4]\",b\n");
  write("c/int.csv", "id,vec,name\nx1,\"[1,2,3]\",a\n");
  expect_completed(import("small", {{"c/ok.csv"}}), 2);
  expect_failed(import("small", {{"c/header.csv"}}), {"\"c/header.csv\"", "value of field is missed: 'name'"});
  expect_failed(import("small", {{"c/dim.csv"}}),
                {"row 2 (line 3): expected dim '3' for field 'vec' with type 'FloatVector', got dim '4'"});
  expect_failed(import("small", {{"c/int.csv"}}), {"row 1 (line 2): expected type 'Int64' for field 'id'"});
  expect_failed(import("small_auto", {{"c/ok.csv"}}), {"the primary key 'id' is auto-generated"});
}

TEST_F(ImportSchema, RefreshManifestCarriesParquetRowsAndColumns) {
  const std::string parquet = files.at("parquet")[0];
  fs::create_directories(data() + "/bucket/books");
  fs::copy_file(data() + "/" + parquet, data() + "/bucket/books/part-0.parquet");
  fs::copy_file(data() + "/truncated/cut.parquet", data() + "/bucket/books/part-1.parquet");
  fs::create_directories(data() + "/bucket/iceberg/data");
  fs::create_directories(data() + "/bucket/iceberg/metadata");
  fs::copy_file(data() + "/" + parquet, data() + "/bucket/iceberg/data/00000-0.parquet");
  write("bucket/iceberg/metadata/v1.metadata.json", "{}");

  const json manifest = json::parse(refresh_manifest("books_ext"));
  ASSERT_EQ(manifest.at("files").size(), 2u) << manifest.dump();
  const json& good = manifest.at("files")[0];
  EXPECT_EQ(good.at("path"), "part-0.parquet");
  EXPECT_EQ(good.at("rows"), files.at("rows"));
  EXPECT_EQ(good.at("columns"), json::parse(R"(["id","vector","title","year","rating","in_stock","meta"])"));
  const json& cut = manifest.at("files")[1];
  EXPECT_EQ(cut.at("rows"), -1);
  EXPECT_NE(cut.at("error").get<std::string>().find("magic bytes"), std::string::npos) << cut.dump();
  EXPECT_EQ(manifest.at("totalRows"), -1);

  const json iceberg = json::parse(refresh_manifest("books_iceberg"));
  ASSERT_EQ(iceberg.at("files").size(), 1u) << iceberg.dump();
  EXPECT_EQ(iceberg.at("files")[0].at("rows"), files.at("rows"));
  EXPECT_EQ(iceberg.at("totalRows"), files.at("rows"));
}

TEST(ImportSchemaConfig, ABadSchemaStopsTheServerNamingCollectionAndKey) {
  TempDir dir;
  dir.write("config.json", R"({"collections":[{"name":"ok"},{"name":"books","schema":{"fields":[
    {"fieldName":"id","dataType":"Int64","isPrimary":true},
    {"fieldName":"vector","dataType":"FloatVector","elementTypeParams":{}}]}}]})");
  dir.write("types.json", R"({"collections":[{"name":"books","schema":{"fields":[
    {"fieldName":"id","dataType":"int64","isPrimary":true}]}}]})");
  for (const auto& [file, expected] :
       {std::pair<std::string, std::string>{
            "config.json", "collections[1] (books): schema.fields[1].elementTypeParams.dim is required"},
        {"types.json", "data type int64 is invalid(case sensitive)"}}) {
    const std::string command = std::string(MJ_DEVSERVER_PATH) + " --port 0 --data-dir " + dir.path() + " --config " +
                                dir.path() + "/" + file + " 2>&1";
    FILE* out = popen(command.c_str(), "r");
    ASSERT_NE(out, nullptr);
    std::string text;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, out) != nullptr) text += buffer;
    const int status = pclose(out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << text;
    EXPECT_NE(text.find(expected), std::string::npos) << text;
  }
}
