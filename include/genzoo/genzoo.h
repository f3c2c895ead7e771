#pragma once
/// genzoo for inference in one include: load trained generative models (run directories, checkpoints, exported
/// .safetensors, pretrained names), sample them, write image grids. Nothing here trains; for that and for the
/// evaluation tools, include <genzoo/all.h>.
///
///   #include <genzoo/genzoo.h>
///   auto m = genzoo::load("runs/vae/checkpoint.pt");   // or genzoo::load_pretrained("gan")
///   auto x = m->sample(64);                             // [64,1,28,28] in [0,1]
///   genzoo::save_grid(x, "grid.png", 8);
#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/runtime.h"
#include "core/text.h"
#include "data/dataset.h"
#include "data/grid.h"
#include "data/idx.h"
#include "formats/safetensors.h"
#include "loading/export.h"
#include "loading/pretrained.h"
#include "loading/provenance.h"
#include "loading/run_layout.h"
#include "loading/source.h"
#include "models/beta_vae.h"
#include "models/dcgan.h"
#include "models/generative_model.h"
#include "models/registry.h"
#include "models/vae.h"
#include "models/variational_model.h"
