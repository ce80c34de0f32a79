// Cloud mode's second side: the Zilliz Cloud project endpoint
// (https://{project-id}.{region}.api.zillizcloud.com), which serves the
// external-collection refresh routes in the Milvus REST v2 dialect. In cloud
// mode the dev server answers these routes on the same port as the control
// plane's import routes, so one cloud client (its project endpoint pointed
// at the dev server) runs imports and refreshes against one process.
// Differences from Milvus mode: the caller is checked against the cloud
// file's API keys (not --token), the external source is a Zilliz Cloud
// volume (volume://<volume>/path/, read under <data-dir>/volumes/), and, when
// the Host header names a project ("proj-....<region>...."), that project and
// region must be declared in the cloud file.
#pragma once

#include <map>
#include <set>
#include <string>

#include <httplib.h>

#include "cloud.hpp"
#include "handlers.hpp"

namespace devserver {

class ProjectEndpoint {
 public:
  ProjectEndpoint(JobService& service, const CloudConfig& config);

  // Whether `path` is one of the routes the project endpoint serves here.
  static bool serves(const std::string& path);

  // Answers one POST to a path serves() accepted.
  void handle(const httplib::Request& request, httplib::Response& response, const std::string& body);

 private:
  JobService& service_;
  std::set<std::string> api_keys_;
  std::map<std::string, std::set<std::string>> project_regions_;
};

}  // namespace devserver
