#include "catalog.hpp"

namespace devserver {

Catalog::Catalog() { databases_.insert(kDefaultDatabase); }

void Catalog::addDatabase(const std::string& db) { databases_.insert(db); }

bool Catalog::addCollection(const Collection& collection) {
  databases_.insert(collection.db);
  return collections_.emplace(std::make_pair(collection.db, collection.name), collection).second;
}

bool Catalog::hasDatabase(const std::string& db) const { return databases_.count(db) != 0; }

std::optional<Collection> Catalog::find(const std::string& db, const std::string& name) const {
  auto it = collections_.find({db, name});
  if (it == collections_.end()) return std::nullopt;
  return it->second;
}

bool Catalog::setExternalPair(const std::string& db, const std::string& name, const std::string& source,
                              const std::string& spec) {
  auto it = collections_.find({db, name});
  if (it == collections_.end()) return false;
  it->second.externalSource = source;
  it->second.externalSpec = spec;
  return true;
}

}  // namespace devserver
