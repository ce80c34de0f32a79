#include "config.hpp"

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "json_depth.hpp"

namespace devserver {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw std::runtime_error("config " + file.string() + ": " + what);
}

std::string optional_string(const std::filesystem::path& file, const json& object, const char* key,
                            const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) fail(file, where + "." + key + " must be a string");
  return it->get<std::string>();
}

}  // namespace

Catalog load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot open the file (check the --config path)");
  std::stringstream buffer;
  buffer << in.rdbuf();

  if (auto deep = json_depth_error(buffer.str())) fail(file, "not valid JSON: " + *deep);
  json root;
  try {
    root = json::parse(buffer.str());
  } catch (const json::exception& e) {
    fail(file, std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) fail(file, "the top level must be an object like {\"collections\":[...]}");

  Catalog catalog;
  if (auto dbs = root.find("databases"); dbs != root.end()) {
    if (!dbs->is_array()) fail(file, "\"databases\" must be an array of names");
    for (const auto& db : *dbs) {
      if (!db.is_string() || db.get<std::string>().empty())
        fail(file, "\"databases\" entries must be non-empty strings");
      catalog.add_database(db.get<std::string>());
    }
  }

  auto collections = root.find("collections");
  if (collections == root.end()) return catalog;
  if (!collections->is_array()) fail(file, "\"collections\" must be an array of objects");
  std::size_t index = 0;
  for (const auto& entry : *collections) {
    const std::string where = "collections[" + std::to_string(index++) + "]";
    if (!entry.is_object()) fail(file, where + " must be an object with at least \"name\"");
    Collection collection;
    collection.name = optional_string(file, entry, "name", where);
    if (collection.name.empty()) fail(file, where + ".name is required");
    collection.db = optional_string(file, entry, "dbName", where);
    if (collection.db.empty()) collection.db = kDefaultDatabase;
    collection.external = entry.contains("externalSource");
    collection.external_source = optional_string(file, entry, "externalSource", where);
    if (auto spec = entry.find("externalSpec"); spec != entry.end() && spec->is_object()) {
      // Convenience: a spec written as an object is stored as its JSON text, as Milvus stores it.
      collection.external_spec = spec->dump();
    } else {
      collection.external_spec = optional_string(file, entry, "externalSpec", where);
    }
    if (auto schema = entry.find("schema"); schema != entry.end() && !schema->is_null()) {
      try {
        collection.schema = std::make_shared<const CollectionSchema>(parse_collection_schema(*schema));
        collection.schema_json = schema->dump();
      } catch (const SchemaError& e) {
        fail(file, where + " (" + collection.name + "): " + e.what());
      }
    }
    if (!collection.external && !collection.external_spec.empty())
      fail(file, where + " has externalSpec but no externalSource; add externalSource to make it external");
    if (!catalog.add_collection(collection))
      fail(file, where + " duplicates collection " + collection.name + " in database " + collection.db);
  }
  return catalog;
}

}  // namespace devserver
