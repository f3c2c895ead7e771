#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/): small valid inputs and near misses, so the
fuzzers start inside each format. Deterministic; run it again after changing a format:
    python3 tests/fuzz/make_corpus.py"""
import gzip, json, os, struct

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    os.makedirs(os.path.join(root, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(root, target, name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, mtime=0)


# IDX: images (magic 0x803, N, H, W) and labels (magic 0x801, N), raw and gzip.
images = struct.pack(">IIII", 0x803, 2, 3, 3) + bytes(range(18))
labels = struct.pack(">II", 0x801, 4) + bytes([0, 1, 9, 3])
put("idx", "images", images)
put("idx", "images.gz", gz(images))
put("idx", "labels", labels)
put("idx", "labels.gz", gz(labels))
put("idx", "images-truncated", images[:-4])
put("idx", "images-trailing.gz", gz(images + b"\0") + b"x")
put("idx", "empty-images", struct.pack(">IIII", 0x803, 0, 28, 28))
# Found by fuzz_idx: no images of 4,177,599,488 x 2,298,478,620 pixels made LibTorch's stride computation overflow
# and terminate the process; now refused by the size limit.
put("idx", "regression-empty-huge-shape", struct.pack(">IIII", 0x803, 0, 0xF9001C00, 0x8900001C))


def safetensors(tensors, metadata=None):
    header, blob = {}, b""
    for name, (dtype, shape, data) in sorted(tensors.items()):
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + blob


put("safetensors", "two", safetensors({"fc.weight": ("F32", [2, 2], struct.pack("<4f", 1, 2, 3, 4)),
                                       "fc.bias": ("F32", [2], struct.pack("<2f", 0, 1))},
                                      {"genzoo.model": "vae", "genzoo.steps": "4"}))
put("safetensors", "dtypes", safetensors({"a": ("BF16", [2], b"\x80\x3f\x00\x40"), "b": ("U8", [3], b"\x01\x02\x03"),
                                          "c": ("I64", [1], struct.pack("<q", -7)), "d": ("BOOL", [2], b"\x00\x01"),
                                          "e": ("F16", [0], b"")}))
put("safetensors", "empty", safetensors({}))
# The class fuzz_idx found, in this format: an empty tensor whose other sizes overflow the strides.
put("safetensors", "regression-empty-huge-shape", safetensors({"a": ("U8", [0, 2**62, 2**62], b"")}))
duplicate = b'{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}'
put("safetensors", "duplicate-name", struct.pack("<Q", len(duplicate)) + duplicate + b"\x05")

# Training checkpoint metadata (genzoo_meta), as run/checkpoint.cpp writes it.
config = {"batch_size": 64, "data": "mnist", "data_dir": "", "device": "auto", "epochs": 25, "eval_classifier": "",
          "eval_every": 500, "eval_samples": 2000, "grid_n": 64, "grid_nrow": 8, "log_every": 100, "model": "gan",
          "model_options": {"critic_norm": "batch", "ema_decay": 0.999, "ema_warmup": 10.0, "kernels": "auto",
                            "latent": 100, "width": 64},
          "out_dir": "runs/gan", "seed": 0, "steps": 8000, "threads": 0, "train_subset": 0,
          "trainer_options": {"beta1": 0.5, "beta2": 0.999, "gp_weight": 10.0, "label_smoothing": 0.0, "loss": "bce",
                              "lr": 0.0002, "n_critic": 1}}
meta = {"model": "gan", "model_options": config["model_options"], "config": config,
        "state": {"step": 1400, "steps_per_epoch": 140, "total_steps": 8000},
        "data": {"name": "mnist", "train_images": 9003, "file": "data/mnist/train-images-idx3-ubyte.gz"},
        "metrics": {"type": "epoch", "epoch": 10, "step": 1400, "train/d_loss": 1.1},
        "best": {"step": 1000, "fld": 3.5}, "genzoo_version": "0.1.0"}
put("checkpoint_meta", "gan", json.dumps(meta))
vae = {"model": "vae", "model_options": {"hidden": 400, "latent": 20},
       "config": {"model": "vae", "epochs": 10, "batch_size": 128, "model_options": {"hidden": 400, "latent": 20},
                  "trainer_options": {"lr": 0.001}},
       "state": {"step": 0}, "best": None}
put("checkpoint_meta", "vae", json.dumps(vae))
put("checkpoint_meta", "no-state", json.dumps({"model": "vae", "config": {}}))

# Options JSON: config files, and --set assignments (the same input is tried as both).
put("options_json", "config", json.dumps({"epochs": 2, "model_options": {"latent": 8}, "trainer_options": {"lr": 3e-4}}))
put("options_json", "config-full", json.dumps(config))
put("options_json", "set-lr", "trainer_options.lr=1e-7")
put("options_json", "set-object", 'model_options={"width":32}')
put("options_json", "set-string", "data=fashion-mnist")
put("options_json", "bad-type", json.dumps({"batch_size": "64", "seed": -1}))

# JSON, for the one parser: valid documents, deep nesting at and past the bound, a repeated key, a NUL inside.
put("json", "config", json.dumps(config))
put("json", "depth-64", "[" * 64 + "]" * 64)
put("json", "depth-65", "[" * 65 + "]" * 65)
put("json", "deep-objects", '{"a":' * 70 + "1" + "}" * 70)
put("json", "twice", '{"a": 1, "b": {"c": 2, "c": 3}}')
put("json", "nul", b'{"a": 1}\0{"b": 2}')
put("json", "brackets-in-strings", json.dumps(["[[[[", "\\\"{{{", {"k": "]]]]"}]))

# Tensor records: one byte per data record of a small VAE checkpoint, its kept share out of 255 (255: whole).
put("tensor_records", "whole", bytes([255] * 16))
put("tensor_records", "all-empty", bytes([0] * 16))
put("tensor_records", "one-short", bytes([255, 1] + [255] * 14))

# PNG text chunks: a 2x2 grey PNG with genzoo's tEXt chunks, without any, with a bad CRC, a repeated keyword and a
# chunk whose length runs past the end.
import zlib


def chunk(kind, data, good_crc=True):
    crc = zlib.crc32(kind + data) ^ (0 if good_crc else 1)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(*extra):
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"\0\x10\x20\0\x30\x40"))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(extra) + pixels + chunk(b"IEND", b"")


text = [chunk(b"tEXt", k + b"\0" + v) for k, v in [(b"Software", b"genzoo 0.1.0"), (b"genzoo.model", b"gan"),
                                                   (b"genzoo.seed", b"0"), (b"genzoo.truncation", b"1.5")]]
put("png_text", "grid", png(*text))
put("png_text", "plain", png())
put("png_text", "bad-crc", png(chunk(b"tEXt", b"k\0v", good_crc=False)))
put("png_text", "twice", png(text[1], text[1]))
put("png_text", "no-separator", png(chunk(b"tEXt", b"keyword")))
put("png_text", "long-length", png()[:33] + struct.pack(">I", 0x7FFFFFF0) + b"tEXt")
