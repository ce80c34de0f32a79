// Reconciliation after an ambiguous create (include/milvus_jobs.h,
// "Ambiguous creates"; docs/protocol.md, "Ambiguous creates"): a create whose
// answer was lost after the request may have reached the server either
// started a job or did not. Refresh asks the server again (a second refresh
// while the first runs answers 703 naming it); import reads the collection's
// recent jobs and looks for one with exactly the request's files.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "common/deadline.hpp"
#include "common/decimal.hpp"
#include "jobs/client.hpp"
#include "protocol/codec.hpp"

namespace mj::jobs {
namespace {

using Clock = std::chrono::steady_clock;

// Server times (createTime, completeTime) are compared with the client's
// clock: a job whose times are more than this before the call began is older
// than the call. Milvus writes createTime in whole seconds; the rest is room
// for the two clocks to disagree.
constexpr int64_t kClockSlackMs = 10000;
// At most this many jobs are read one by one; more recent jobs than that
// leave the answer open (MJ_EAMBIGUOUS).
constexpr size_t kMaxJobsRead = 100;

int64_t ms_left(Clock::time_point deadline) {
  return std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
}

[[noreturn]] void throw_ambiguous(const Error& first, std::string message, std::vector<std::string> candidates,
                                  int32_t attempts) {
  ErrorInfo info;
  info.category = Category::ambiguous;
  info.message = std::move(message);
  info.request_id = first.info().request_id;
  info.trace_id = first.info().trace_id;
  info.attempts = attempts;
  info.candidates = std::move(candidates);
  throw Error(std::move(info));
}

std::string id_list(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// Newest first when every id is a number (Milvus allocates job ids from its
// global id allocator, which only grows); else the server's order.
bool sort_newest_first(std::vector<protocol::ImportJob>& jobs) {
  std::vector<std::pair<int64_t, size_t>> keys;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const auto id = parse_int64(jobs[i].job_id);
    if (!id) return false;
    keys.emplace_back(*id, i);
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<protocol::ImportJob> sorted;
  sorted.reserve(jobs.size());
  for (const auto& k : keys) sorted.push_back(std::move(jobs[k.second]));
  jobs = std::move(sorted);
  return true;
}

// Compares the names a job reports with the names each request group may
// have on the wire: `names_of(group)` lists them. Every reported name must
// belong to a group (else: different files) and every group must be named
// (else, with some named: unknown, the server may not report them all yet).
template <class NamesOf, class Matches>
FileMatch compare_files(const std::vector<std::string>& reported, const std::vector<std::vector<std::string>>& groups,
                        NamesOf&& names_of, Matches&& matches) {
  if (reported.empty()) return FileMatch::unknown;
  std::vector<int> named(groups.size(), 0);
  for (const auto& name : reported) {
    bool found = false;
    for (size_t g = 0; g < groups.size() && !found; ++g) {
      for (const auto& form : names_of(groups[g])) {
        if (matches(name, form)) {
          ++named[g];
          found = true;
          break;
        }
      }
    }
    if (!found) return FileMatch::different;
  }
  const bool all = std::all_of(named.begin(), named.end(), [](int n) { return n > 0; });
  return all ? FileMatch::same : FileMatch::unknown;
}

// "s3://bucket/dir/a.parquet" -> "dir/a.parquet"; "" when not a URL.
std::string object_key(const std::string& url) {
  const size_t sep = url.find("://");
  if (sep == std::string::npos) return {};
  const size_t slash = url.find('/', sep + 3);
  return slash == std::string::npos ? std::string() : url.substr(slash + 1);
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

FileMatch match_milvus_import_files(const protocol::ImportJob& job, const protocol::ImportRequest& req) {
  // GetTaskProgresses (datacoord/import_util.go) reports one detail per file
  // group, fileName = fmt.Sprintf("%v", paths): "[" + paths joined by " " + "]".
  // A group of the request matches each detail that prints the same; a
  // group printed twice (the same files twice) needs two details.
  std::multiset<std::string> expected;
  for (const auto& group : req.files) expected.insert("[" + joined(group, " ") + "]");
  if (job.details.empty()) return FileMatch::unknown;
  std::multiset<std::string> left = expected;
  for (const auto& d : job.details) {
    auto it = left.find(d.file_name);
    if (it == left.end()) return FileMatch::different;  // files the request does not have (or has fewer times)
    left.erase(it);
  }
  return left.empty() ? FileMatch::same : FileMatch::unknown;
}

FileMatch match_cloud_import_files(const protocol::ImportJob& job, const protocol::ImportRequest& req) {
  std::vector<std::string> reported;
  for (const auto& d : job.details) reported.push_back(d.file_name);
  if (reported.empty() && !job.file_name.empty()) {
    // Only the top-level fileName (the first file): it tells files apart,
    // and names them all only for a request of one group.
    const FileMatch first = compare_files(
        {job.file_name}, req.files,
        [](const std::vector<std::string>& g) {
          std::vector<std::string> forms{joined(g, ",")};
          for (const auto& f : g) {
            forms.push_back(f);
            if (auto key = object_key(f); !key.empty()) forms.push_back(key);
          }
          return forms;
        },
        [](const std::string& name, const std::string& form) {
          return name == form || (!form.empty() && form.back() == '/' && name.rfind(form, 0) == 0);
        });
    if (first == FileMatch::different) return first;
    return req.files.size() == 1 && req.files.front().size() == 1 ? FileMatch::same : FileMatch::unknown;
  }
  // A detail names a group's URLs joined by ",", or (a group of one) the URL
  // or its path in the bucket; a folder URL ("s3://b/dir/") names every file
  // under it. With a volume, the data paths.
  return compare_files(
      reported, req.files,
      [](const std::vector<std::string>& g) {
        std::vector<std::string> forms{joined(g, ",")};
        if (g.size() == 1) {
          forms.push_back(g.front());
          if (auto key = object_key(g.front()); !key.empty()) forms.push_back(key);
        } else {
          std::vector<std::string> keys;
          keys.reserve(g.size());
          for (const auto& f : g) keys.push_back(object_key(f));
          forms.push_back(joined(keys, ","));
        }
        return forms;
      },
      [](const std::string& name, const std::string& form) {
        return name == form || (!form.empty() && form.back() == '/' && name.rfind(form, 0) == 0);
      });
}

bool is_ambiguous_create_failure(const ErrorInfo& info) noexcept {
  if (info.never_sent) return false;
  return info.category == Category::timeout || info.category == Category::transport ||
         info.category == Category::protocol;
}

int64_t JobsClient::reconcile_refresh(const std::string& body, const CallContext& ctx, const Error& first,
                                      CreateOutcome& outcome) {
  outcome.attempts = std::max(outcome.attempts, first.info().attempts);
  const std::string lost = "refresh_external_collection: the answer was lost (" + first.info().message + ")";
  CallContext again = ctx;
  again.timeout_ms = timeout_for(ctx);  // a budget of its own: the first one is spent
  int32_t sent = 0;
  try {
    const int64_t id = send_refresh("refresh_external_collection (sent again to reconcile)", body, again, &sent);
    outcome.attempts += sent;
    return id;  // the first attempt started nothing that still runs: this is the job
  } catch (const Error& e) {
    outcome.attempts += sent;
    const ErrorInfo& second = e.info();
    if (second.category == Category::cancelled) throw;
    if (second.category == Category::duplicate_job && second.job_number > 0) {
      outcome.recovered = true;  // the running job: the one the first attempt started
      return second.job_number;
    }
    std::vector<std::string> candidates;
    if (!second.job_id.empty()) candidates.push_back(second.job_id);
    throw_ambiguous(first,
                    lost + "; sending it again to find out whether it started a job failed too (" + second.message +
                        "); list the collection's refresh jobs (list_refresh_external_collection_jobs) before "
                        "refreshing again",
                    std::move(candidates), outcome.attempts);
  }
}

std::string JobsClient::reconcile_import(const protocol::ImportRequest& req, const std::string& body,
                                         const CallContext& ctx, const Error& first, int64_t started_ms,
                                         CreateOutcome& outcome) {
  outcome.attempts = std::max(outcome.attempts, first.info().attempts);
  const std::string lost = "bulk_import: the answer was lost (" + first.info().message + ")";
  const auto deadline = deadline_after(Clock::now(), timeout_for(ctx));
  auto budget = [&] {
    CallContext c = ctx;
    c.timeout_ms = ms_left(deadline);
    return c;
  };
  const std::string advice = "; list the collection's import jobs (list_import_jobs) before importing again";

  std::vector<protocol::ImportJob> jobs;
  try {
    jobs = list_import_jobs(req.collection_name, budget());
  } catch (const Error& e) {
    if (e.info().category == Category::cancelled) throw;
    throw_ambiguous(first,
                    lost + "; listing the collection's jobs to find out whether it started one failed (" +
                        e.info().message + ")" + advice,
                    {}, outcome.attempts);
  }
  jobs.erase(std::remove_if(jobs.begin(), jobs.end(),
                            [&](const protocol::ImportJob& j) {
                              return !j.collection_name.empty() && j.collection_name != req.collection_name;
                            }),
             jobs.end());
  const bool ordered = sort_newest_first(jobs);

  std::vector<std::string> same;
  std::vector<std::string> unknown;
  std::string why_unknown;
  size_t read = 0;
  for (const auto& listed : jobs) {
    if (read == kMaxJobsRead) {
      unknown.push_back(listed.job_id);
      why_unknown = "more than " + std::to_string(kMaxJobsRead) + " recent jobs";
      continue;
    }
    ++read;
    protocol::ImportJob job;
    try {
      job = get_import_progress(listed.job_id, budget());
    } catch (const Error& e) {
      const Category c = e.info().category;
      if (c == Category::cancelled) throw;
      if (c == Category::not_found) continue;  // gone since the list: not a job the call could return
      unknown.push_back(listed.job_id);
      why_unknown = "job " + listed.job_id + " could not be read (" + e.info().message + ")";
      continue;
    }
    const bool older = (job.create_time_ms > 0 && job.create_time_ms < started_ms - kClockSlackMs) ||
                       (job.complete_time_ms > 0 && job.complete_time_ms < started_ms - kClockSlackMs);
    if (older) {
      if (ordered && job.create_time_ms > 0) break;  // every job after this one is older still
      continue;
    }
    switch (dialect_->match_import_files(job, req)) {
      case FileMatch::same: same.push_back(listed.job_id); break;
      case FileMatch::different: break;
      case FileMatch::unknown:
        unknown.push_back(listed.job_id);
        why_unknown = "the server does not report the files of job " + listed.job_id + " yet";
        break;
    }
  }

  if (same.size() == 1 && unknown.empty()) {
    outcome.recovered = true;
    return same.front();
  }
  if (same.empty() && unknown.empty()) {
    // No recent job has these files: the first attempt started none.
    int32_t sent = 0;
    try {
      std::string id = send_import("bulk_import (sent again: the first attempt started no job)", body, budget(), &sent);
      outcome.attempts += sent;
      return id;
    } catch (Error& e) {
      outcome.attempts += sent;
      e.info().attempts = outcome.attempts;
      if (!is_ambiguous_create_failure(e.info())) throw;  // a definite answer: the call's answer
      throw_ambiguous(first,
                      lost + "; it had started no job, so it was sent again, and that answer was lost too (" +
                          e.info().message + ")" + advice,
                      {}, outcome.attempts);
    }
  }
  std::vector<std::string> candidates = same;
  candidates.insert(candidates.end(), unknown.begin(), unknown.end());
  std::string why =
      same.size() > 1 ? std::to_string(same.size()) + " recent jobs have exactly these files" : why_unknown;
  std::string message =
      lost + "; whether it started a job cannot be told: " + why + "; candidate jobs: " + id_list(candidates) + advice;
  throw_ambiguous(first, std::move(message), std::move(candidates), outcome.attempts);
}

}  // namespace mj::jobs
