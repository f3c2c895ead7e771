// genzoo reconstruct | traverse | interpolate: latent-space views of a trained model as image grids.
#include "data/grid.h"
#include "eval/latent_views.h"
#include "loading/provenance.h"
#include "loading/run_layout.h"
#include "loading/source.h"
#include "tools/cli/commands.h"

#include <iomanip>
#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace {

struct ViewArgs {
  std::string source, data, data_dir, out;
  int64_t n = 32, nrow = 8, image_index = 0, steps = 10, rows = 0;
  uint64_t seed = 0;
  double range = 3.0;
  bool linear = false;
};

// Writes a view's grid (never over the model or data it read) and says what it shows, a line per row.
// `view` (view_file::k...) is the one file of a run this command may write.
void write_view(const LatentGrid& grid, const std::string& out, const std::vector<std::filesystem::path>& inputs,
                const char* view, const OpenedModel& opened, const ViewArgs& a) {
  check_output(out, inputs, {std::filesystem::path(out).parent_path() / view});
  const std::string name = std::filesystem::path(view).stem().string();  // "traverse", ...
  save_grid(grid.images, out, GridOptions().nrow(grid.cols).text(view_png_text(opened, a.source, name, grid.note)));
  std::cout << "wrote " << out << ": " << grid.rows << " rows of " << grid.cols << "; " << grid.note << "\n";
  for (size_t r = 0; r < grid.row_labels.size(); ++r) {
    std::cout << "  row " << std::setw(2) << r << "  " << grid.row_labels[r] << "\n";
  }
}

std::string out_or(const ViewArgs& a, const char* fallback) { return a.out.empty() ? fallback : a.out; }

void run_reconstruct(const ViewArgs& a) {
  const auto opened = open_model(a.source);
  auto& vae = require_variational(*opened.model, "reconstruct");
  const auto test = model_dataset(opened, Split::Test, a.data, a.data_dir).head(a.n);
  write_view(reconstruction_grid(vae, to_float(test.images, PixelRange::ZeroOne), a.nrow),
             out_or(a, view_file::kReconstructions), {opened.source.file, test.images_file, test.labels_file},
             view_file::kReconstructions, opened, a);
}

void run_traverse(const ViewArgs& a) {
  const auto opened = open_model(a.source);
  auto options = TraverseOptions().image_index(a.image_index).range(a.range).steps(a.steps).seed(a.seed);
  if (a.rows > 0) options.rows(a.rows);
  std::unique_ptr<Dataset> test;
  if (dynamic_cast<VariationalModel*>(opened.model.get())) {
    test = std::make_unique<Dataset>(model_dataset(opened, Split::Test, a.data, a.data_dir));
  }
  std::vector<std::filesystem::path> inputs = {opened.source.file};
  if (test) inputs.insert(inputs.end(), {test->images_file, test->labels_file});
  write_view(traverse(*opened.model, options, test.get()), out_or(a, view_file::kTraverse), inputs,
             view_file::kTraverse, opened, a);
}

void run_interpolate(const ViewArgs& a) {
  const auto opened = open_model(a.source);
  auto options = InterpolateOptions().steps(a.steps).seed(a.seed).mode(a.linear ? Interpolation::Linear
                                                                                : Interpolation::Slerp);
  if (a.rows > 0) options.rows(a.rows);
  write_view(interpolate(*opened.model, options), out_or(a, view_file::kInterpolate), {opened.source.file},
             view_file::kInterpolate, opened, a);
}

CLI::App* view(CLI::App& app, ViewArgs& a, const char* name, const char* help, const char* default_out) {
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("checkpoint", a.source, "Run dir, checkpoint, .safetensors or pretrained name")->required();
  cmd->add_option("--out", a.out, std::string("PNG file to write (default ") + default_out + ")");
  return cmd;
}

void data_flags(CLI::App* cmd, ViewArgs& a) {
  cmd->add_option("--data", a.data, "Test images from this dataset (default: the one the model trained on)");
  cmd->add_option("--data-dir", a.data_dir, "Directory holding the IDX files");
}

}  // namespace

void add_views(CLI::App& app) {
  auto a = std::make_shared<ViewArgs>();  // one command runs per process, so the three share the arguments
  auto* reconstruct =
      view(app, *a, "reconstruct", "VAEs: test images with their reconstructions beneath", "reconstructions.png");
  data_flags(reconstruct, *a);
  reconstruct->add_option("--n", a->n, "Number of test images (the first n)")->check(positive_integer());
  reconstruct->add_option("--nrow", a->nrow, "Images per row")->check(positive_integer());
  reconstruct->callback([a] { run_reconstruct(*a); });

  auto* traverse_cmd = view(app, *a, "traverse",
                            "Sweep latent dimensions (VAEs, ranked by test KL) or random directions of z (GANs)",
                            "traverse.png");
  data_flags(traverse_cmd, *a);
  traverse_cmd->add_option("--image-index", a->image_index, "VAEs: test image whose posterior mean is the centre")
      ->check(non_negative_integer());
  traverse_cmd->add_option("--range", a->range, "Sweep from -range to +range")->check(positive_number());
  traverse_cmd->add_option("--steps", a->steps, "Images per row")->check(CLI::Range(2, 1000));
  traverse_cmd->add_option("--rows", a->rows, "GANs: number of random directions (default 10)")
      ->check(positive_integer());
  traverse_cmd->add_option("--seed", a->seed, "GANs: seed of the centre and the directions")
      ->check(non_negative_integer());
  traverse_cmd->callback([a] { run_traverse(*a); });

  auto* interpolate_cmd =
      view(app, *a, "interpolate", "Rows of images walking between pairs of random latents", "interpolate.png");
  interpolate_cmd->add_option("--rows", a->rows, "Number of pairs (default 8)")->check(positive_integer());
  interpolate_cmd->add_option("--steps", a->steps, "Images per row, endpoints included")->check(CLI::Range(2, 1000));
  interpolate_cmd->add_option("--seed", a->seed, "Seed of the endpoint latents")->check(non_negative_integer());
  interpolate_cmd->add_flag("--linear", a->linear, "Linear instead of spherical interpolation");
  interpolate_cmd->callback([a] { run_interpolate(*a); });
}

}  // namespace genzoo::cli
