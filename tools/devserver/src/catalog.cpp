#include "catalog.hpp"

namespace devserver {

Catalog::Catalog() { databases_.insert(kDefaultDatabase); }

void Catalog::add_database(const std::string& db) { databases_.insert(db); }

bool Catalog::add_collection(const Collection& collection) {
  databases_.insert(collection.db);
  return collections_.emplace(std::make_pair(collection.db, collection.name), collection).second;
}

bool Catalog::has_database(const std::string& db) const { return databases_.count(db) != 0; }

std::optional<Collection> Catalog::find(const std::string& db, const std::string& name) const {
  auto it = collections_.find({db, name});
  if (it == collections_.end()) return std::nullopt;
  return it->second;
}

bool Catalog::set_external_pair(const std::string& db, const std::string& name, const std::string& source,
                                const std::string& spec) {
  auto it = collections_.find({db, name});
  if (it == collections_.end()) return false;
  it->second.external_source = source;
  it->second.external_spec = spec;
  return true;
}

}  // namespace devserver
