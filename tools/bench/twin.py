#!/usr/bin/env python3
"""PyTorch-Python twin of genzoo's networks and training steps, for side-by-side speed comparison.

The networks are python/genzoo_twin.py's (written the way a PyTorch user would: nn.ConvTranspose2d, NCHW, no
torchvision); batch sizes, optimisers, losses and update schedule are genzoo's registry recipes. Prints one JSON
line like `genzoo bench`.

  python3 tools/bench/twin.py gan --data-dir /usr/share/datasets/fashion-mnist --threads 2 --steps 50

With --samples N --samples-out FILE it also draws N images after training into an IDX file, so that genzoo's own
scorer can compare a twin trained for the same steps (scripts/dev/results/twin_parity.sh).
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import torch
import torch.nn.functional as F

# The networks come from the repository's one Python copy of them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from genzoo_twin import BetaVae, DcganCritic, DcganGenerator, Vae, dcgan_init  # noqa: E402


def read_idx_images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    assert magic in (0x803, 0x804), f"{path}: wrong magic {magic:#x}"
    if magic == 0x803:  # [N,H,W]: grayscale
        n, h, w = struct.unpack(">III", data[4:16])
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(n, 1, h, w)
    n, c, h, w = struct.unpack(">IIII", data[4:20])  # [N,C,H,W], as genzoo writes colour
    return torch.frombuffer(bytearray(data[20:]), dtype=torch.uint8).reshape(n, c, h, w)


def write_idx_images(path, images):
    """Float images [N,C,H,W] in [0,1] -> an IDX file of uint8 round(v*255), as `genzoo sample --format idx`:
    [N,H,W] for one channel, [N,C,H,W] for colour."""
    n, c, h, w = images.shape
    pixels = images.clamp(0, 1).mul(255).round().to(torch.uint8).contiguous()
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, h, w) if c == 1 else struct.pack(">IIIII", 0x804, n, c, h, w))
        f.write(pixels.numpy().tobytes())
    os.replace(path + ".tmp", path)


def find_images(data_dir):
    for name in ("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{data_dir}: no train-images-idx3-ubyte[.gz]")


def vae_family_setup(model, beta, lr=None):  # model built for the data's shape
    """Adam (1e-3 unless given) on recon + beta*KL (beta 1: the plain negative ELBO), batch 128, data in [0,1]."""
    lr = 1e-3 if lr is None else lr
    opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999))

    def step(x, i):
        logits, mean, logvar = model(x)
        b = x.shape[0]
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / b
        kl = -0.5 * torch.sum(1 + logvar - mean.pow(2) - logvar.exp()) / b
        loss = recon + kl if beta == 1.0 else recon + beta * kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        return torch.stack([loss.detach(), recon.detach(), kl.detach()]).tolist()

    def draw(n):  # [n,C,H,W] in [0,1]
        model.eval()
        with torch.no_grad():
            return model.generate(torch.randn(n, model.latent))

    return step, draw, 128, (0.0, 1.0), {"lr": lr}


def gan_setup(loss, shape, lr=None, n_critic=None):
    wgan = loss == "wgan-gp"
    G, D = DcganGenerator(**shape), DcganCritic(batch_norm=not wgan, **shape)
    G.apply(dcgan_init)
    D.apply(dcgan_init)
    # genzoo's recipes (run/recipes.cpp) unless given: Adam 2e-4, one critic update per generator update
    lr = 2e-4 if lr is None else lr
    n_critic = 1 if n_critic is None else n_critic
    betas = (0.5, 0.9) if wgan else (0.5, 0.999)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=betas)
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=betas)

    def critic_loss(real, fake):
        r, f = D(real), D(fake)
        if loss == "gan":
            return (F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) +
                    F.binary_cross_entropy_with_logits(f, torch.zeros_like(f)))
        if loss == "lsgan":
            return 0.5 * (r - 1).pow(2).mean() + 0.5 * f.pow(2).mean()
        alpha = torch.rand(real.shape[0], 1, 1, 1)
        x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
        grad, = torch.autograd.grad(D(x_hat).sum(), x_hat, create_graph=True)
        gp = 10.0 * (grad.reshape(grad.shape[0], -1).norm(2, dim=1) - 1).pow(2).mean()
        return f.mean() - r.mean() + gp

    def generator_loss(f):
        if loss == "gan":
            return F.binary_cross_entropy_with_logits(f, torch.ones_like(f))
        if loss == "lsgan":
            return 0.5 * (f - 1).pow(2).mean()
        return -f.mean()

    def step(real, i):
        G.train()
        D.train()
        generator_turn = (i + 1) % n_critic == 0
        z = torch.randn(real.shape[0], 100)
        if generator_turn:
            fake = G(z)
        else:
            with torch.no_grad():
                fake = G(z)
        d = critic_loss(real, fake.detach())
        opt_d.zero_grad()
        d.backward()
        opt_d.step()
        out = [d.item()]
        if generator_turn:
            for p in D.parameters():
                p.requires_grad_(False)
            g = generator_loss(D(fake))
            opt_g.zero_grad()
            g.backward()
            opt_g.step()
            for p in D.parameters():
                p.requires_grad_(True)
            out.append(g.item())
        return out

    def draw(n):  # [n,C,H,W] in [0,1], the trained generator in eval mode (running BatchNorm statistics)
        G.eval()
        with torch.no_grad():
            return torch.cat([G(torch.randn(min(1000, n - i), 100)) for i in range(0, n, 1000)]).add(1).div(2)

    return step, draw, 64, (-1.0, 1.0), {"lr": lr, "n_critic": n_critic}


SETUPS = {  # (shape, lr, n_critic) -> step, draw, batch, pixel range, the trainer options it runs
    "vae": lambda shape, lr, n_critic: vae_family_setup(Vae(**shape), 1.0, lr),
    "beta-vae": lambda shape, lr, n_critic: vae_family_setup(BetaVae(**shape), 4.0, lr),
    "gan": lambda shape, lr, n_critic: gan_setup("gan", shape, lr, n_critic),
    "lsgan": lambda shape, lr, n_critic: gan_setup("lsgan", shape, lr, n_critic),
    "wgan-gp": lambda shape, lr, n_critic: gan_setup("wgan-gp", shape, lr, n_critic),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=sorted(SETUPS))
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seed", type=int, default=0, help="initialisation and noise (data order: by epoch)")
    parser.add_argument("--samples", type=int, default=0, help="after training, draw this many images ...")
    parser.add_argument("--samples-out", help="... into this IDX file (genzoo eval --samples FILE scores it)")
    parser.add_argument("--lr", type=float, help="Adam's learning rate (default: genzoo's recipe)")
    parser.add_argument("--n-critic", type=int, help="GANs: critic updates per generator update (default: 1)")
    parser.add_argument("--recipe", type=json.loads, default={},
                        help="genzoo's trainer options as JSON (a run's config.json or bench line): its lr and "
                             "n_critic, where --lr / --n-critic are not given")
    parser.add_argument("--bf16", action="store_true",
                        help="train under CPU autocast to bfloat16 (float32 weights and losses; samples in float32)")
    args = parser.parse_args()
    if bool(args.samples) != bool(args.samples_out):
        parser.error("--samples and --samples-out go together")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images = read_idx_images(find_images(args.data_dir))
    args.lr = args.recipe.get("lr") if args.lr is None else args.lr
    args.n_critic = args.recipe.get("n_critic") if args.n_critic is None else args.n_critic
    if args.n_critic is not None and (args.model not in ("gan", "lsgan", "wgan-gp") or args.n_critic < 1):
        parser.error(f"--n-critic: expected a count >= 1 for a GAN, found {args.n_critic} for {args.model}")
    _, channels, side, width = images.shape
    if side != width or side not in (28, 32, 64) or channels not in (1, 3):
        raise SystemExit(f"{args.data_dir}: expected 1 or 3 channels of 28, 32 or 64 px squares, found "
                         f"{channels}x{side}x{width}")
    shape = {"channels": channels, "image_size": side}
    step, draw, batch, (low, high), trainer_options = SETUPS[args.model](shape, args.lr, args.n_critic)
    n = images.shape[0]
    steps_per_epoch = n // batch
    perm = None

    def run(i):
        nonlocal perm
        if i % steps_per_epoch == 0:
            perm = torch.randperm(n, generator=torch.Generator().manual_seed(i // steps_per_epoch))
        idx = perm[(i % steps_per_epoch) * batch:(i % steps_per_epoch + 1) * batch]
        x = images.index_select(0, idx).float().div_(255.0)
        if low < 0:
            x = x.mul_(2).sub_(1)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            step(x, i)

    for i in range(args.warmup):
        run(i)
    t0 = time.perf_counter()
    for i in range(args.warmup, args.warmup + args.steps):
        run(i)
    seconds = time.perf_counter() - t0
    if args.samples:
        write_idx_images(args.samples_out, draw(args.samples))
    print(json.dumps({"model": args.model, "seed": args.seed, "impl": "python", "steps": args.steps, "batch_size": batch,
                      "threads": torch.get_num_threads(),
                      "blas_threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")),
                      "seconds": seconds, "images_per_s": args.steps * batch / seconds,
                      "trainer_options": trainer_options, "bf16": args.bf16,
                      "image_shape": [channels, side, side]}))


if __name__ == "__main__":
    main()
