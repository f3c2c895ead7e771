#pragma once
/// genzoo in one include: load trained generative models, sample them, write image grids, train new ones.
///
///   #include <genzoo/genzoo.h>
///   auto m = genzoo::load("runs/vae/checkpoint.pt");
///   auto x = m->sample(64);                 // [64,1,28,28] in [0,1]
///   genzoo::save_grid(x, "grid.png", 8);
#include "data/dataset.h"
#include "data/error.h"
#include "data/fetch.h"
#include "data/grid.h"
#include "data/idx.h"
#include "data/sha256.h"
#include "eval/classifier.h"
#include "eval/evaluate.h"
#include "eval/likelihood.h"
#include "eval/sample_metrics.h"
#include "models/beta_vae.h"
#include "models/checkpoint.h"
#include "models/safetensors.h"
#include "models/dcgan.h"
#include "models/generative_model.h"
#include "models/latent_views.h"
#include "models/transposed_conv.h"
#include "models/vae.h"
#include "models/variational_model.h"
#include "trainers/bench.h"
#include "trainers/fit.h"
#include "trainers/gan_losses.h"
#include "trainers/gan_trainer.h"
#include "trainers/pretrained.h"
#include "trainers/registry.h"
#include "trainers/run.h"
#include "trainers/runtime.h"
#include "trainers/trainer.h"
#include "trainers/vae_trainer.h"
