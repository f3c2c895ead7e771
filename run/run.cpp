#include "run/run.h"

#include "core/error.h"
#include "core/files.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/runtime.h"
#include "data/dataset.h"
#include "loading/run_layout.h"
#include "models/registry.h"
#include "run/checkpoint.h"
#include "run/fit.h"
#include "run/recipes.h"

#include <torch/torch.h>

#include <sstream>
#include <thread>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

struct Session {
  std::shared_ptr<GenerativeModel> model;
  std::unique_ptr<Trainer> trainer;
};

// Data-parallel training runs on the CPU (Gloo), with the machine's threads shared by its ranks.
torch::Device run_device(const TrainConfig& config, const DataParallel* parallel) {
  if (!parallel) return resolve_device(config.device);
  if (config.device == "cuda") {
    throw Error("device: data-parallel training runs on the CPU (c10d with Gloo); use --device cpu or auto");
  }
  return torch::kCPU;
}

void set_threads(const TrainConfig& config, const DataParallel* parallel) {
  if (!parallel) return (void)configure_threads(config.threads);
  const int64_t machine =
      config.threads > 0 ? config.threads : static_cast<int64_t>(std::thread::hardware_concurrency());
  configure_threads(std::max<int64_t>(1, machine / parallel->local_world_size()));
}

Session build(const TrainConfig& config, const DataParallel* parallel) {
  Session s;
  s.model = make_model(config.model, config.model_options);
  s.model->to(run_device(config, parallel));
  s.trainer = find_recipe(config.model).make_trainer(s.model, config.trainer_options);
  return s;
}

struct RunData {
  Dataset train;
  std::unique_ptr<Dataset> test;
};

// What data-parallel ranks compare before the first step: a rank reading other images of the same count is an error.
std::string fingerprint(const Dataset& train, const Dataset* test) {
  return sha256_hex(train.sha256() + (test ? test->sha256() : std::string()));
}

RunData load_run_data(const TrainConfig& config, std::ostream* log) {
  const auto folder = folder_options(config);
  RunData data{load_dataset(config.data, Split::Train, config.data_dir, folder).head(config.train_subset), nullptr};
  if (log && !data.train.skipped.empty()) {
    *log << "note: left out " << data.train.skipped.size() << " bad image(s) of '" << config.data << "', the first "
         << data.train.skipped.front() << "\n";
  }
  if (has_dataset_split(config.data, Split::Test, config.data_dir)) {  // present but broken is an error
    data.test = std::make_unique<Dataset>(load_dataset(config.data, Split::Test, config.data_dir, folder));
  } else if (log) {
    *log << "note: no test split of '" << config.data << "', so no held-out metrics\n";
  }
  return data;
}

RunProgress progress_of(const TrainConfig& config, const RunData& data) {
  RunProgress p;
  p.steps_per_epoch = BatchSampler(data.train.size(), config.batch_size, config.seed).steps_per_epoch();
  p.total_steps = config.steps > 0 ? config.steps : config.epochs * p.steps_per_epoch;
  p.data = data.train.name;
  p.train_images = data.train.size();
  p.images_file = data.train.images_file;
  return p;
}

FitOptions fit_options_for(const TrainConfig& config, const RunProgress& progress, const RunOptions& options) {
  FitOptions fit_options;
  fit_options.total_steps = progress.total_steps;
  fit_options.batch_size = config.batch_size;
  fit_options.seed = config.seed;
  fit_options.log_every = config.log_every;
  fit_options.out_dir = RunLayout(config.out_dir).dir;
  fit_options.grid_nrow = config.grid_nrow;
  fit_options.handle_sigint = options.handle_sigint;
  fit_options.log = options.log;
  fit_options.live_progress = options.live_progress;
  fit_options.eval_every = config.eval_every;
  fit_options.tensorboard = config.tensorboard;
  fit_options.report = true;
  fit_options.parallel = options.parallel;
  return fit_options;
}

// Data-parallel runs end with every rank checking that all hold the same parameters and buffers.
std::string check_ranks_agree(const RunOptions& options, const GenerativeModel& model) {
  return options.parallel ? check_same_state(*options.parallel, model) : std::string();
}

TrainOutcome run_fit(const TrainConfig& config, Session& session, FitState& state, const RunData& data,
                     const RunProgress& progress, const RunOptions& options, ScoreSamples score) {
  const RunLayout run(config.out_dir);
  if (!options.command.empty()) {
    const std::string before = fs::exists(run.commands()) ? read_file(run.commands()) : "";
    write_file_atomic(run.commands(), before + options.command + "\n");
  }
  auto fit_options = fit_options_for(config, progress, options);
  fit_options.score = std::move(score);
  if (options.parallel) {  // the other ranks start from exactly this: weights, optimiser, RNG, step
    options.parallel->broadcast_bytes(
        training_checkpoint_bytes({config, *session.model, *session.trainer, state, progress}));
    options.parallel->broadcast_bytes(fingerprint(data.train, data.test.get()));
    options.parallel->broadcast_bytes(options.command);  // every rank was started with the same arguments
  }
  if (options.log) {
    *options.log << config.model << ": " << session.model->parameter_count() << " parameters, " << data.train.size()
                 << " " << data.train.name << " training images, " << progress.total_steps << " steps of "
                 << config.batch_size << " on " << session.model->device() << " with " << torch::get_num_threads()
                 << " threads" << (options.parallel ? " in each of " + std::to_string(options.parallel->world_size()) +
                                                          " data-parallel processes" : std::string())
                 << " -> " << run.dir.string() << "\n";
  }
  const auto save = [&](const FitState& s) {
    write_training_checkpoint(run.checkpoint(), {config, *session.model, *session.trainer, s, progress});
  };
  fit_options.save_best = [&](const FitState& s) {
    write_training_checkpoint(run.best(), {config, *session.model, *session.trainer, s, progress});
  };
  auto result = fit(*session.model, *session.trainer, data.train, data.test.get(), fit_options, state, save);
  return {run.dir, result.step, progress.total_steps, result.interrupted, check_ranks_agree(options, *session.model)};
}

void require_no_run(const RunLayout& run) {
  if (fs::exists(run.checkpoint())) {
    throw Error(run.dir.string() + ": already holds a run; continue it with --resume " + run.dir.string() +
                " or choose another --out");
  }
}

// The scorer of --eval-every, built before anything of the run is written: a missing classifier or test labels it
// cannot use fail here, leaving the run as it was.
ScoreSamples build_scorer(const TrainConfig& config, const RunOptions& options) {
  if (config.eval_every <= 0) return {};
  if (!options.make_score) {
    throw Error("eval_every: " + std::to_string(config.eval_every) +
                " asks for scores, but no scorer was given (RunOptions::make_score; eval/scorer.h's training_scorer)");
  }
  return options.make_score(config);
}

// The best score on record: the checkpoint's, or best.pt's when a crash came between writing it and the next save.
nlohmann::json best_on_record(const RunLayout& run, const FitState& state) {
  if (!fs::exists(run.best())) return state.best;
  return better_best(state.best, TrainingCheckpoint(run.best()).meta().best);
}

// The metrics of steps after `step` describe training a killed run did not save; the resumed run logs them anew.
void drop_metrics_after(const RunLayout& run, int64_t step) {
  if (!fs::exists(run.metrics())) return;
  std::istringstream lines(read_file(run.metrics()));
  std::string kept;
  for (std::string line; std::getline(lines, line);) {
    const auto j = try_parse_json(line);
    if (j.is_object() && j.value(metrics_key::kStep, int64_t{0}) <= step) kept += line + "\n";
  }
  write_file_atomic(run.metrics(), kept);
}

}  // namespace

TrainOutcome train(const TrainConfig& asked, const RunOptions& options) {
  asked.validate();
  const RunLayout run(asked.out_dir);
  require_no_run(run);  // early, before the model and data are built; again under the lock
  set_threads(asked, options.parallel);
  const auto data = load_run_data(asked, options.log);  // before the run directory: bad data leaves nothing behind
  auto config = asked;
  adopt_data_shape(config, data.train);  // the architecture is sized by its data
  torch::manual_seed(config.seed);
  auto session = build(config, options.parallel);
  FitState state;
  state.fixed_z = session.model->sample_latent(config.grid_n, config.seed);  // [grid_n,latent]
  const auto progress = progress_of(config, data);
  auto score = build_scorer(config, options);
  DirectoryLock lock(run.dir);  // held until training ends; a second train or resume here fails at once
  require_no_run(run);
  remove_temporary_files(run.dir);
  remove_temporary_files(run.dir / "samples");  // grids of a process killed mid-write
  drop_metrics_after(run, -1);  // a run killed before its first checkpoint left only lines of steps it redoes
  write_file_atomic(run.config(), config.to_json().dump(2) + "\n");
  return run_fit(config, session, state, data, progress, options, std::move(score));
}

TrainOutcome resume(const fs::path& run_dir, const std::vector<std::string>& sets, const TrainOverrides& overrides,
                    const RunOptions& options) {
  const auto checkpoint = resolve_checkpoint_path(run_dir);
  if (!fs::exists(checkpoint)) throw Error(checkpoint.string() + ": no such checkpoint to resume");
  DirectoryLock lock(checkpoint.has_parent_path() ? checkpoint.parent_path() : fs::path("."));
  remove_temporary_files(checkpoint.has_parent_path() ? checkpoint.parent_path() : fs::path("."));
  remove_temporary_files((checkpoint.has_parent_path() ? checkpoint.parent_path() : fs::path(".")) / "samples");
  TrainingCheckpoint saved(checkpoint);
  const auto& path = saved.path();
  refuse_stepping_back(saved);
  const auto& before = saved.config();
  nlohmann::json j = before.to_json();
  for (const auto& s : sets) apply_set(j, s);
  auto config = TrainConfig::from_json(j, "config");
  apply_budget_rule(config, sets_key(sets, "epochs"), sets_key(sets, "steps"));
  overrides.apply(config);
  config.validate();
  if (config.model != before.model) {
    throw Error(path.string() + ": cannot resume a '" + before.model + "' run as '" + config.model + "'");
  }
  auto requested = before.model_options;
  requested.update(config.model_options);
  if (requested != before.model_options) {
    throw Error(path.string() + ": model options differ from the checkpoint's: expected " +
                before.model_options.dump() + ", found " + requested.dump());
  }
  if (config.out_dir != before.out_dir) {
    throw Error("out_dir: a resumed run continues in its own directory (" + path.parent_path().string() +
                "); to branch a run, copy its directory and resume the copy");
  }
  config.out_dir = path.has_parent_path() ? path.parent_path().string() : ".";
  complete_options(config);

  set_threads(config, options.parallel);
  auto session = build(config, options.parallel);
  auto state = saved.restore(*session.model, *session.trainer);
  state.best = best_on_record(RunLayout(config.out_dir), state);
  const auto data = load_run_data(config, options.log);
  const auto progress = progress_of(config, data);
  if (progress.total_steps < state.step) {
    throw Error(path.string() + ": the run is at step " + std::to_string(state.step) + " and the budget is " +
                std::to_string(progress.total_steps) + " steps; ask for more with --steps or --epochs");
  }
  if (progress.total_steps == state.step) {  // a finished run: nothing to train, nothing rewritten
    if (options.log) *options.log << path.string() << ": already at step " << state.step << " of its budget\n";
    if (options.parallel) options.parallel->broadcast_bytes("");  // nor for the other ranks
    return {path.parent_path(), state.step, progress.total_steps, false, ""};
  }
  auto score = build_scorer(config, options);
  write_file_atomic(RunLayout(config.out_dir).config(), config.to_json().dump(2) + "\n");
  drop_metrics_after(RunLayout(config.out_dir), state.step);
  if (options.log) *options.log << "resuming " << path.string() << " at step " << state.step << "\n";
  return run_fit(config, session, state, data, progress, options, std::move(score));
}

TrainOutcome join_run(const RunOptions& options) {
  if (!options.parallel || options.parallel->rank() == 0) {
    throw Error("join_run: for the ranks other than 0 of a data-parallel run (rank 0 calls train or resume)");
  }
  auto& group = *options.parallel;
  const auto bytes = group.broadcast_bytes("");
  if (bytes.empty()) return {};  // rank 0 had nothing to train
  const std::string source = "rank " + std::to_string(group.rank()) + ": the run rank 0 sent";
  auto saved = TrainingCheckpoint::from_bytes(bytes, source);
  const auto& config = saved.config();
  set_threads(config, &group);
  auto session = build(config, &group);
  auto state = saved.restore(*session.model, *session.trainer);
  const auto data = load_run_data(config, nullptr);  // every rank reads the data where rank 0's config says
  const auto progress = progress_of(config, data);
  if (progress.total_steps != saved.meta().total_steps) {
    throw Error("rank " + std::to_string(group.rank()) + ": its copy of '" + config.data + "' (" +
                std::to_string(data.train.size()) + " images) gives " + std::to_string(progress.total_steps) +
                " steps, rank 0's " + std::to_string(saved.meta().total_steps) + ": every machine needs the same data");
  }
  const auto expected = group.broadcast_bytes("");
  if (const auto mine = fingerprint(data.train, data.test.get()); mine != expected) {
    throw Error("rank " + std::to_string(group.rank()) + ": its copy of '" + config.data + "' (" +
                std::to_string(data.train.size()) + " images) differs from rank 0's (SHA-256 " + mine.substr(0, 16) +
                "... against " + expected.substr(0, 16) + "...): every machine needs the same data");
  }
  const auto command = group.broadcast_bytes("");
  if (!command.empty() && !options.command.empty() && command != options.command) {
    throw Error("rank " + std::to_string(group.rank()) + ": started as '" + options.command +
                "', rank 0 as '" + command + "': every rank takes the same arguments");
  }
  auto fit_options = fit_options_for(config, progress, options);
  fit_options.log = nullptr;
  auto result = fit(*session.model, *session.trainer, data.train, data.test.get(), fit_options, state,
                    [](const FitState&) {});
  return {config.out_dir, result.step, progress.total_steps, result.interrupted,
          check_ranks_agree(options, *session.model)};
}

}  // namespace genzoo
