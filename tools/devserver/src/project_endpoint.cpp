#include "project_endpoint.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "api_error.hpp"

namespace devserver {
namespace {

using nlohmann::json;

// The gateway's answers for the caller and the project: the control plane's codes.
constexpr int kTokenIllegal = 80001;
constexpr int kApiKeyIllegal = 21119;
constexpr int kNoProjectPermission = 96012;
constexpr int kInvalidRegionId = 96001;

void send_json(httplib::Response& response, const json& body) {
  response.status = 200;
  response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

}  // namespace

ProjectEndpoint::ProjectEndpoint(JobService& service, const CloudConfig& config)
    : service_(service), api_keys_(config.api_keys), project_regions_(config.project_regions) {}

bool ProjectEndpoint::serves(const std::string& path) {
  return path.rfind("/v2/vectordb/jobs/external_collection/", 0) == 0 && JobService::route(path) != nullptr;
}

void ProjectEndpoint::handle(const httplib::Request& request, httplib::Response& response, const std::string& body) {
  try {
    std::string key = request.get_header_value("Authorization");
    if (key.rfind("Bearer ", 0) == 0) key.erase(0, 7);
    if (key.empty()) throw ApiError(kTokenIllegal, "The token is illegal");
    // Only API keys: a project endpoint takes no user:password.
    if (api_keys_.count(key) == 0) throw ApiError(kApiKeyIllegal, "The apikey is illegal.");

    // "proj-xxx.aws-us-west-2.api.zillizcloud.com[:port]": the host names the project.
    const std::string host = request.get_header_value("Host");
    if (host.rfind("proj-", 0) == 0) {
      const std::size_t first = host.find('.');
      const std::size_t second = first == std::string::npos ? std::string::npos : host.find('.', first + 1);
      const std::string project = host.substr(0, first);
      const std::string region =
          second == std::string::npos ? std::string() : host.substr(first + 1, second - first - 1);
      auto regions = project_regions_.find(project);
      if (regions == project_regions_.end())
        throw ApiError(kNoProjectPermission,
                       "You don't have permission for this project. Project org and Apikey org does not match.");
      if (regions->second.count(region) == 0)
        throw ApiError(kInvalidRegionId,
                       "Invalid RegionId. Please use the ListCloudRegions API to obtain a list of supported "
                       "regionIds.");
    }

    RequestContext context;
    context.body = body;
    context.db_header = request.get_header_value("DB-Name");
    context.volume_sources = true;
    const JobService::Route route = JobService::route(request.path);
    send_json(response, json{{"code", kSuccess}, {"data", (service_.*route)(context)}});
  } catch (const ApiError& e) {
    send_json(response, json{{"code", e.code()}, {"message", e.message()}});
  } catch (const std::exception& e) {
    std::cerr << "milvus-jobs-devserver: project endpoint " << request.path << ": unexpected error: " << e.what()
              << std::endl;
    response.status = 500;
    response.set_content(R"({"code":500,"message":"internal error"})", "application/json; charset=utf-8");
  }
}

}  // namespace devserver
