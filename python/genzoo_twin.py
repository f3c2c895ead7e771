#!/usr/bin/env python3
"""genzoo's five networks in PyTorch, with genzoo's tensor names, and safetensors read/write with numpy + json.

The one Python copy of the networks: tools/bench/twin.py imports them to train the same models for comparison.

The supported path between Python and C++: train or edit in PyTorch, save with `write_safetensors` and the
metadata genzoo rebuilds the model from, then `genzoo sample model.safetensors` or `genzoo::load` in C++; and back:
`load_genzoo("model.safetensors")` gives a PyTorch module with genzoo's weights.

    python3 python/genzoo_twin.py check WEIGHTS IO        # decode IO's "z" with WEIGHTS, compare with IO's "images"
    python3 python/genzoo_twin.py make NAME WEIGHTS IO [OPTIONS]   # random NAME weights for genzoo (OPTIONS: model
                                                                  # options as JSON), and z -> images to check
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
          "BOOL": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}


def read_safetensors(path):
    """-> (dict name -> tensor, metadata dict). Checks offsets and sizes; executes nothing."""
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    if n > 100_000_000 or 8 + n > len(data):
        raise ValueError(f"{path}: bad header length {n}")
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    buffer, tensors, end = data[8 + n:], {}, 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, stop = e["data_offsets"]
        dtype = DTYPES[e["dtype"]]
        count = int(np.prod(e["shape"], dtype=np.int64))
        if begin != end or stop - begin != count * torch.tensor([], dtype=dtype).element_size():
            raise ValueError(f"{path}: tensor {name}: bad data_offsets {e['data_offsets']}")
        raw = bytearray(buffer[begin:stop])
        t = torch.frombuffer(raw, dtype=dtype) if count else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(e["shape"]).clone()
        end = stop
    if end != len(buffer):
        raise ValueError(f"{path}: tensors cover {end} of {len(buffer)} bytes")
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        blob = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class VariationalTwin(nn.Module):
    """encode/decode in the subclass; forward draws z = mean + eps*std as genzoo's VariationalModel does."""

    def forward(self, x):  # -> logits [N,C,H,W], mean, logvar
        mean, logvar = self.encode(x)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * logvar)
        return self.decode(z), mean, logvar

    def generate(self, z):  # -> [N,C,H,W] in [0,1]
        return torch.sigmoid(self.decode(z))


class Vae(VariationalTwin):  # models/vae.h
    def __init__(self, hidden=400, latent=20, channels=1, image_size=28):
        super().__init__()
        self.latent, self.shape = latent, (channels, image_size, image_size)
        pixels = channels * image_size * image_size
        self.fc1, self.fc21, self.fc22 = nn.Linear(pixels, hidden), nn.Linear(hidden, latent), nn.Linear(hidden, latent)
        self.fc3, self.fc4 = nn.Linear(latent, hidden), nn.Linear(hidden, pixels)

    def encode(self, x):
        h = torch.relu(self.fc1(x.flatten(1)))
        return self.fc21(h), self.fc22(h)

    def decode(self, z):  # -> logits [N,C,H,W]
        return self.fc4(torch.relu(self.fc3(z))).reshape(-1, *self.shape)


class BetaVae(VariationalTwin):  # models/beta_vae.h: a third stride-2 block (conv3, deconv0) at 64 pixels
    def __init__(self, latent=10, channels=1, image_size=28):
        super().__init__()
        self.latent = latent
        self.side = 8 if image_size == 64 else image_size // 4
        features = 64 * self.side * self.side
        self.conv1, self.conv2 = nn.Conv2d(channels, 32, 4, 2, 1), nn.Conv2d(32, 64, 4, 2, 1)
        self.conv3 = nn.Conv2d(64, 64, 4, 2, 1) if image_size == 64 else None
        self.fc1, self.fc2 = nn.Linear(features, 256), nn.Linear(256, 2 * latent)
        self.fc3, self.fc4 = nn.Linear(latent, 256), nn.Linear(256, features)
        self.deconv0 = nn.ConvTranspose2d(64, 64, 4, 2, 1) if image_size == 64 else None
        self.deconv1, self.deconv2 = nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ConvTranspose2d(32, channels, 4, 2, 1)

    def encode(self, x):
        h = torch.relu(self.conv2(torch.relu(self.conv1(x))))
        if self.conv3 is not None:
            h = torch.relu(self.conv3(h))
        return self.fc2(torch.relu(self.fc1(h.flatten(1)))).chunk(2, 1)

    def decode(self, z):
        h = torch.relu(self.fc4(torch.relu(self.fc3(z)))).reshape(-1, 64, self.side, self.side)
        if self.deconv0 is not None:
            h = torch.relu(self.deconv0(h))
        return self.deconv2(torch.relu(self.deconv1(h)))


def dcgan_blocks(image_size):
    """Hidden blocks of generator and critic (models/dcgan.cpp): 3 below 64 pixels, 4 at 64."""
    return 4 if image_size == 64 else 3


class DcganGenerator(nn.Module):  # models/dcgan.h: deconv1.., bn1..
    def __init__(self, latent=100, width=64, channels=1, image_size=28):
        super().__init__()
        blocks = dcgan_blocks(image_size)
        # kernel, stride, padding: 1 -> 4 -> 7 -> 14 -> 28, or 1 -> 4 -> 8 -> ... doubling to 32 or 64
        geometry = [(4, 1, 0)] + [(3, 2, 1) if image_size == 28 and i == 0 else (4, 2, 1) for i in range(blocks)]
        self.blocks = blocks
        c_in = latent
        for i in range(blocks):
            c_out = width << (blocks - 1 - i)
            setattr(self, f"deconv{i + 1}", nn.ConvTranspose2d(c_in, c_out, *geometry[i], bias=False))
            setattr(self, f"bn{i + 1}", nn.BatchNorm2d(c_out))
            c_in = c_out
        setattr(self, f"deconv{blocks + 1}", nn.ConvTranspose2d(c_in, channels, *geometry[blocks], bias=False))

    def forward(self, z):  # -> [N,C,H,W] in [-1,1]
        x = z.reshape(z.shape[0], -1, 1, 1)
        for i in range(1, self.blocks + 1):
            x = torch.relu(getattr(self, f"bn{i}")(getattr(self, f"deconv{i}")(x)))
        return torch.tanh(getattr(self, f"deconv{self.blocks + 1}")(x))


class DcganCritic(nn.Module):  # models/dcgan.h; training only, so exports and Dcgan leave it out
    def __init__(self, width=64, batch_norm=True, channels=1, image_size=28):
        super().__init__()
        blocks = dcgan_blocks(image_size)
        self.blocks = blocks
        c_in, side = channels, image_size
        for i in range(blocks):
            c_out = width << i
            setattr(self, f"conv{i + 1}", nn.Conv2d(c_in, c_out, 4, 2, 1, bias=False))
            side //= 2
            if i > 0:
                setattr(self, f"norm{i + 1}", nn.BatchNorm2d(c_out) if batch_norm else nn.Identity())
            c_in = c_out
        setattr(self, f"conv{blocks + 1}", nn.Conv2d(c_in, 1, side, 1, 0, bias=False))

    def forward(self, x):  # [N,C,H,W] in [-1,1] -> [N]
        h = F.leaky_relu(self.conv1(x), 0.2)
        for i in range(2, self.blocks + 1):
            h = F.leaky_relu(getattr(self, f"norm{i}")(getattr(self, f"conv{i}")(h)), 0.2)
        return getattr(self, f"conv{self.blocks + 1}")(h).reshape(-1)


def dcgan_init(m):
    """models/dcgan.h's dcgan_init: convolutions N(0, 0.02), BatchNorm weight N(1, 0.02) and bias 0."""
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


class Dcgan(nn.Module):
    def __init__(self, latent=100, width=64, channels=1, image_size=28):
        super().__init__()
        self.latent = latent
        self.generator = DcganGenerator(latent, width, channels, image_size)

    def generate(self, z):
        return (self.generator(z) + 1) / 2


def build(name, options):
    shape = {"channels": options.get("channels", 1), "image_size": options.get("image_size", 28)}
    if name == "vae":
        return Vae(options.get("hidden", 400), options.get("latent", 20), **shape)
    if name == "beta-vae":
        return BetaVae(options.get("latent", 10), **shape)
    if name in ("gan", "lsgan", "wgan-gp"):
        return Dcgan(options.get("latent", 100), options.get("width", 64), **shape)
    raise ValueError(f"unknown genzoo model '{name}'")


def load_genzoo(path):
    """A genzoo .safetensors file (genzoo export, or written here) -> the PyTorch twin in eval mode."""
    tensors, metadata = read_safetensors(path)
    model = build(metadata["genzoo.model"], json.loads(metadata["genzoo.model_options"]))
    tensors = {k: v for k, v in tensors.items() if not k.startswith("critic.")}
    model.load_state_dict(tensors, strict=True)
    return model.eval()


def save_genzoo(model, name, options, path):
    """Weights genzoo loads: genzoo::load(path), `genzoo sample path`."""
    metadata = {"genzoo.model": name, "genzoo.model_options": json.dumps(options), "format": "pt"}
    if isinstance(model, Dcgan):
        metadata["genzoo.omitted"] = "critic."
    write_safetensors(path, model.state_dict(), metadata)


def main(argv):
    torch.set_grad_enabled(False)
    if len(argv) == 4 and argv[1] == "check":
        model = load_genzoo(argv[2])
        io, _ = read_safetensors(argv[3])
        diff = (model.generate(io["z"]) - io["images"]).abs().max().item()
        print(json.dumps({"max_abs_diff": diff}))
        return 0 if diff <= 1e-5 else 1
    if len(argv) in (5, 6) and argv[1] == "make":
        torch.manual_seed(0)
        name = argv[2]
        options = json.loads(argv[5]) if len(argv) == 6 else {}
        model = build(name, options)
        for m in model.modules():  # running statistics that matter, so a wrong BatchNorm would show
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
        model.eval()
        save_genzoo(model, name, options, argv[3])
        z = torch.randn(8, model.latent)
        write_safetensors(argv[4], {"z": z, "images": model.generate(z)})
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
