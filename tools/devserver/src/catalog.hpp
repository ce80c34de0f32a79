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
  std::string externalSource;
  std::string externalSpec;
  // Declared with "schema" in the config: import rows are checked against it. Null: no checks.
  std::shared_ptr<const CollectionSchema> schema;

  bool hasPersistedPair() const { return !externalSource.empty() && !externalSpec.empty(); }
};

class Catalog {
 public:
  Catalog();

  void addDatabase(const std::string& db);
  // False when the collection already exists in its database.
  bool addCollection(const Collection& collection);

  bool hasDatabase(const std::string& db) const;
  std::optional<Collection> find(const std::string& db, const std::string& name) const;
  // False when there is no such collection.
  bool setExternalPair(const std::string& db, const std::string& name, const std::string& source,
                       const std::string& spec);

 private:
  std::set<std::string> databases_;
  std::map<std::pair<std::string, std::string>, Collection> collections_;
};

}  // namespace devserver
