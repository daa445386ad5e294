#include "jobs/show_queue.h"

#include <algorithm>
#include <condition_variable>

#include <nlohmann/json.hpp>

#include "storage/ids.h"

namespace omg::jobs {

using storage::JobStatus;

std::string show_status(const std::vector<std::optional<JobStatus>>& cues, bool assembled) {
    bool any_started = false;
    bool all_completed = true;
    bool any_cancelled = false;
    for (const auto& s : cues) {
        if (!s || *s == JobStatus::failed) return storage::kShowFailed;
        if (*s == JobStatus::cancelled) any_cancelled = true;
        if (*s == JobStatus::processing || *s == JobStatus::completed) any_started = true;
        if (*s != JobStatus::completed) all_completed = false;
    }
    if (any_cancelled) return storage::kShowCancelled;
    if (all_completed) return assembled ? storage::kShowCompleted : storage::kShowRunning;
    return any_started ? storage::kShowRunning : storage::kShowQueued;
}

namespace {

bool finished(const std::string& status) {
    return status == storage::kShowCompleted || status == storage::kShowFailed || status == storage::kShowCancelled;
}

}  // namespace

ShowQueue::ShowQueue(storage::JobStore& store, JobService& jobs, storage::ArtifactStore& show_files,
                     EventBus& events, AssembleFn assemble)
    : store_(store), jobs_(jobs), show_files_(show_files), events_(events), assemble_(std::move(assemble)) {}

ShowQueue::~ShowQueue() { stop(); }

Status ShowQueue::recover() {
    auto shows = store_.load_shows();
    if (!shows) return tl::unexpected(shows.error());
    std::lock_guard lock(mutex_);
    for (auto& s : *shows) {
        order_.push_back(s.id);
        shows_[s.id] = std::move(s);
    }
    return {};
}

void ShowQueue::start(std::chrono::milliseconds interval) {
    thread_ = std::jthread([this, interval](std::stop_token stop) {
        std::mutex m;
        std::condition_variable_any cv;
        while (!stop.stop_requested()) {
            tick(stop);
            std::unique_lock lock(m);
            cv.wait_for(lock, stop, interval, [] { return false; });
        }
    });
}

void ShowQueue::stop() {
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void ShowQueue::publish(const storage::ShowRecord& record) {
    events_.publish("show", nlohmann::json{{"id", record.id}, {"status", record.status}}.dump());
}

bool ShowQueue::commit(const storage::ShowRecord& updated) {
    {
        std::lock_guard lock(mutex_);
        if (shows_.count(updated.id) == 0) return false;
    }
    if (auto st = store_.update_show(updated); !st) return st.error().code != Errc::not_found;
    {
        std::lock_guard lock(mutex_);
        auto it = shows_.find(updated.id);
        if (it == shows_.end()) return false;
        it->second = updated;
    }
    publish(updated);
    return true;
}

void ShowQueue::tick(std::stop_token stop) {
    std::vector<storage::ShowRecord> open;
    {
        std::lock_guard lock(mutex_);
        for (const auto& id : order_)
            if (!finished(shows_.at(id).status)) open.push_back(shows_.at(id));
    }
    for (storage::ShowRecord& show : open) {
        if (stop.stop_requested()) return;
        std::vector<std::optional<JobStatus>> statuses;
        std::vector<std::optional<JobView>> views;
        for (const auto& cue : show.cues) {
            views.push_back(jobs_.get(cue.job_id));
            statuses.push_back(views.back() ? std::optional(views.back()->record.status) : std::nullopt);
        }
        storage::ShowRecord updated = show;
        updated.status = show_status(statuses, false);
        if (updated.status == storage::kShowFailed) {
            for (size_t i = 0; i < statuses.size(); ++i) {
                if (statuses[i] && *statuses[i] != JobStatus::failed) continue;
                updated.error = "cue " + std::to_string(i + 1) + " (" + show.show.cues[i].title + "): " +
                                (views[i] ? views[i]->record.error.value_or("its job failed") : "its job was deleted");
                break;
            }
        }
        const bool all_done = std::all_of(statuses.begin(), statuses.end(),
                                          [](const auto& s) { return s && *s == JobStatus::completed; });
        if (all_done) {
            std::vector<JobView> done;
            for (auto& v : views) done.push_back(std::move(*v));
            auto assembled = assemble_(show, done, show_files_, stop);
            if (!assembled && assembled.error().code == Errc::cancelled) return;
            if (assembled) {
                updated.status = storage::kShowCompleted;
                updated.starts_s = assembled->starts_s;
                updated.files = assembled->files;
            } else {
                updated.status = storage::kShowFailed;
                updated.error = "assembling the show mix: " + assembled.error().message;
            }
        }
        if (finished(updated.status)) updated.finished_at = storage::now_iso();
        if (updated == show) continue;
        if (!commit(updated) && all_done) (void)show_files_.remove_job(show.id);
    }
}

Result<ShowView> ShowQueue::create(model::Show show, std::vector<bool> adjusted) {
    storage::ShowRecord record;
    record.id = storage::new_uuid();
    record.title = show.title;
    record.created_at = storage::now_iso();
    ShowView view;
    auto roll_back = [&] {
        for (const auto& cue : record.cues) {
            (void)jobs_.remove_from_queue(cue.job_id);
            (void)jobs_.erase(cue.job_id);
        }
    };
    for (size_t i = 0; i < show.cues.size(); ++i) {
        auto job = jobs_.submit(show.cues[i].request);
        if (!job) {
            roll_back();
            return tl::unexpected(job.error());
        }
        record.cues.push_back({job->record.id, i < adjusted.size() && adjusted[i]});
        view.jobs.push_back(std::move(*job));
    }
    record.show = std::move(show);
    if (auto st = store_.insert_show(record); !st) {
        roll_back();
        return tl::unexpected(st.error());
    }
    {
        std::lock_guard lock(mutex_);
        shows_[record.id] = record;
        order_.push_back(record.id);
    }
    publish(record);
    view.record = std::move(record);
    return view;
}

std::optional<ShowView> ShowQueue::get(const std::string& show_id) const {
    ShowView view;
    {
        std::lock_guard lock(mutex_);
        auto it = shows_.find(show_id);
        if (it == shows_.end()) return std::nullopt;
        view.record = it->second;
    }
    for (const auto& cue : view.record.cues) view.jobs.push_back(jobs_.get(cue.job_id));
    return view;
}

std::vector<storage::ShowRecord> ShowQueue::list() const {
    std::lock_guard lock(mutex_);
    std::vector<storage::ShowRecord> out;
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) out.push_back(shows_.at(*it));
    return out;
}

Status ShowQueue::erase(const std::string& show_id) {
    storage::ShowRecord record;
    {
        std::lock_guard lock(mutex_);
        auto it = shows_.find(show_id);
        if (it == shows_.end()) return fail(Errc::not_found, "Show " + show_id + " not found");
        record = it->second;
    }
    for (const auto& cue : record.cues) {
        auto job = jobs_.get(cue.job_id);
        if (job && !storage::is_terminal(job->record.status)) (void)jobs_.remove_from_queue(cue.job_id);
    }
    if (auto st = store_.erase_show(show_id); !st && st.error().code != Errc::not_found) return st;
    {
        std::lock_guard lock(mutex_);
        shows_.erase(show_id);
        order_.erase(std::remove(order_.begin(), order_.end(), show_id), order_.end());
    }
    return show_files_.remove_job(show_id);
}

Result<std::filesystem::path> ShowQueue::file_path(const std::string& show_id, const std::string& name) const {
    {
        std::lock_guard lock(mutex_);
        if (shows_.count(show_id) == 0) return fail(Errc::not_found, "Show " + show_id + " not found");
    }
    return show_files_.file_path(show_id, name);
}

}  // namespace omg::jobs
