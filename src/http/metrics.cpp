#include "http/metrics.h"

#include <charconv>

namespace omg::http {
namespace {

// The shortest text that reads back as the same double ("0.1", not "0.10000000000000001").
std::string number(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void sample(std::string& out, const std::string& name, const std::string& labels, double value) {
    out += name;
    if (!labels.empty()) out += "{" + labels + "}";
    out += ' ';
    out += number(value);
    out += '\n';
}

void histogram(std::string& out, const char* name, const char* help, const jobs::Histogram::Snapshot& h) {
    header(out, name, "histogram", help);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < jobs::Histogram::kBounds.size(); ++i) {
        cumulative += h.counts[i];
        sample(out, std::string(name) + "_bucket", "le=\"" + number(jobs::Histogram::kBounds[i]) + "\"",
               static_cast<double>(cumulative));
    }
    sample(out, std::string(name) + "_bucket", "le=\"+Inf\"", static_cast<double>(h.count));
    sample(out, std::string(name) + "_sum", "", h.sum);
    sample(out, std::string(name) + "_count", "", static_cast<double>(h.count));
}

}  // namespace

std::string prometheus_text(const jobs::QueueStats& queue, const jobs::JobMetrics::Snapshot& jobs,
                            const HttpMetrics& http, const jobs::ClusterState* cluster) {
    std::string out;
    header(out, "omg_jobs", "gauge", "Jobs in the queue, by state.");
    sample(out, "omg_jobs", "state=\"pending\"", queue.pending);
    sample(out, "omg_jobs", "state=\"processing\"", queue.processing);
    header(out, "omg_workers", "gauge", "Jobs this node runs at once.");
    sample(out, "omg_workers", "", queue.workers);
    header(out, "omg_accepting", "gauge", "1 while the queue accepts new jobs.");
    sample(out, "omg_accepting", "", queue.accepting ? 1 : 0);
    header(out, "omg_compute_seconds_per_audio_second", "gauge",
           "Measured generation cost: seconds of work per second of audio (0 until measured).");
    sample(out, "omg_compute_seconds_per_audio_second", "", queue.speed);
    header(out, "omg_job_runs_total", "counter", "Runs of jobs that ended, by outcome, since this node started.");
    for (auto o : {jobs::Outcome::completed, jobs::Outcome::failed, jobs::Outcome::cancelled, jobs::Outcome::requeued})
        sample(out, "omg_job_runs_total", std::string("outcome=\"") + jobs::outcome_name(o) + "\"",
               static_cast<double>(jobs.ended[static_cast<size_t>(o)]));
    histogram(out, "omg_job_wait_seconds", "Time from submission (or recovery) to the start of work.", jobs.wait);
    histogram(out, "omg_job_run_seconds", "Time from the start of work to its end, any outcome.", jobs.run);
    header(out, "omg_http_responses_total", "counter", "HTTP answers given by the routes, by status code.");
    for (int code = HttpMetrics::kFirst; code <= HttpMetrics::kLast; ++code)
        if (const uint64_t n = http.count_of(code); n > 0)
            sample(out, "omg_http_responses_total", "code=\"" + std::to_string(code) + "\"", static_cast<double>(n));
    if (cluster != nullptr) {
        header(out, "omg_database_up", "gauge", "1 when this node's last read of the shared database succeeded.");
        sample(out, "omg_database_up", "", cluster->database_reachable ? 1 : 0);
        header(out, "omg_worker_processes", "gauge", "Worker processes whose heartbeat was seen recently.");
        sample(out, "omg_worker_processes", "", static_cast<double>(cluster->workers.size()));
        double claims = 0, claim_seconds = 0;
        for (const auto& w : cluster->workers) {
            claims += static_cast<double>(w.worker.claims);
            claim_seconds += w.worker.claim_seconds;
        }
        header(out, "omg_claim_seconds", "summary",
               "Time workers' claim statements took (the workers seen recently, since each started).");
        sample(out, "omg_claim_seconds_sum", "", claim_seconds);
        sample(out, "omg_claim_seconds_count", "", claims);
        header(out, "omg_lease_expiries", "gauge",
               "Leases that ran out under a worker that stopped renewing (killed, crashed), over the jobs stored.");
        sample(out, "omg_lease_expiries", "", static_cast<double>(cluster->lease_expiries));
    }
    return out;
}

}  // namespace omg::http
