// ApiServer: `omg serve`'s HTTP layer in-process for tests: the real queue, event bus, artifact
// store and Api on a real socket at 127.0.0.1 (port 0), over an engine the test supplies (usually
// FakeJobEngine) and an in-memory job store. `start` begins serving; the destructor stops
// everything and removes the artifact folder. One per test; not copyable.
#pragma once

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "http/api.h"
#include "http/server.h"
#include "jobs/event_bus.h"
#include "jobs/job_queue.h"
#include "jobs/show_queue.h"
#include "storage/artifact_store.h"
#include "storage/ids.h"
#include "storage/job_store.h"

namespace omg::testing {

class ApiServer {
public:
    explicit ApiServer(jobs::JobEngine& engine) : engine_(engine) {}
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // False (with the reason in *why) when the server could not start.
    bool start(http::ApiOptions api_options = {}, jobs::QueueOptions queue_options = {},
               size_t max_body_bytes = 64 * 1024, std::string* why = nullptr) {
        dir_ = std::filesystem::temp_directory_path() / ("omg-api-" + storage::new_uuid());
        auto artifacts = storage::ArtifactStore::open(dir_);
        if (!artifacts) return failed(why, "artifact store: " + artifacts.error().message);
        artifacts_.emplace(std::move(*artifacts));
        queue_ = std::make_unique<jobs::JobQueue>(store_, *artifacts_, engine_, bus_,
                                                  queue_options);
        if (!queue_->recover()) return failed(why, "queue recovery failed");
        queue_->start();
        if (assemble_) {
            auto show_files = storage::ArtifactStore::open(dir_ / "shows");
            if (!show_files) return failed(why, "show files: " + show_files.error().message);
            show_files_.emplace(std::move(*show_files));
            shows_ = std::make_unique<jobs::ShowQueue>(store_, *queue_, *show_files_, bus_, assemble_);
            if (!shows_->recover()) return failed(why, "show recovery failed");
            shows_->start(std::chrono::milliseconds(20));
            api_options.shows = shows_.get();
        }
        api_ = std::make_unique<http::Api>(*queue_, bus_, *artifacts_, engine_,
                                           std::move(api_options));
        api_->install(router_);
        http::ServerOptions so;
        so.port = 0;
        so.handler_threads = 8;
        so.max_body_bytes = max_body_bytes;
        server_ = std::make_unique<http::HttpServer>(so, router_);
        auto port = server_->bind();
        if (!port) return failed(why, port.error().message);
        port_ = *port;
        thread_ = std::jthread([this] { server_->run(); });
        return true;
    }

    ~ApiServer() {
        stop();
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }

    // Stops serving and the queue (what the destructor does first); safe to call twice.
    void stop() {
        if (api_) api_->begin_shutdown();
        if (shows_) shows_->stop();
        if (queue_) queue_->shutdown(std::chrono::milliseconds(0));
        bus_.close();
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
    }

    // A new client of this server, with a 10 s read timeout.
    std::unique_ptr<httplib::Client> client() const {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
        c->set_read_timeout(10, 0);
        return c;
    }
    int port() const { return port_; }
    // The routes without a socket: what the server would answer `req`.
    http::Reply handle(http::Request req) const { return router_.handle(std::move(req)); }
    std::vector<http::RouteInfo> routes() const { return router_.routes(); }
    jobs::JobQueue& queue() { return *queue_; }
    // Before start: serve /api/v1/shows, assembling shows with `assemble` (a fake, usually).
    void enable_shows(jobs::AssembleFn assemble) { assemble_ = std::move(assemble); }
    jobs::ShowQueue* shows() { return shows_.get(); }

private:
    static bool failed(std::string* why, const std::string& message) {
        if (why) *why = message;
        return false;
    }

    jobs::JobEngine& engine_;
    std::filesystem::path dir_;
    storage::MemoryJobStore store_;
    std::optional<storage::ArtifactStore> artifacts_;
    jobs::EventBus bus_{4096, 1};
    std::unique_ptr<jobs::JobQueue> queue_;
    jobs::AssembleFn assemble_;
    std::optional<storage::ArtifactStore> show_files_;
    std::unique_ptr<jobs::ShowQueue> shows_;
    std::unique_ptr<http::Api> api_;
    http::Router router_;
    std::unique_ptr<http::HttpServer> server_;
    std::jthread thread_;
    int port_ = 0;
};

}  // namespace omg::testing
