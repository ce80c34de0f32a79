// The databases and collections the dev server pretends to have (declared by --config).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "schema.hpp"

namespace devserver {

inline constexpr const char* kDefaultDatabase = "default";

struct Collection {
  std::string db;
  std::string name;
  bool external = false;
  // The persisted (external_source, external_spec) pair; both empty means "none persisted".
  std::string external_source;
  std::string external_spec;
  // Declared with "schema" in the config: import rows are checked against it. Null: no checks.
  std::shared_ptr<const CollectionSchema> schema;
  // The schema as the config gave it (JSON text), for snapshot exports; "" without one.
  std::string schema_json;

  bool has_persisted_pair() const { return !external_source.empty() && !external_spec.empty(); }
};

class Catalog {
 public:
  Catalog();

  void add_database(const std::string& db);
  // False when the collection already exists in its database.
  bool add_collection(const Collection& collection);

  bool has_database(const std::string& db) const;
  std::optional<Collection> find(const std::string& db, const std::string& name) const;
  // False when there is no such collection.
  bool set_external_pair(const std::string& db, const std::string& name, const std::string& source,
                         const std::string& spec);

 private:
  std::set<std::string> databases_;
  std::map<std::pair<std::string, std::string>, Collection> collections_;
};

}  // namespace devserver
