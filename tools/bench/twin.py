#!/usr/bin/env python3
"""PyTorch-Python twin of genzoo's networks and training steps, for side-by-side speed comparison.

Same networks, batch sizes, optimisers, losses and update schedule as genzoo's registry recipes, written the way a
PyTorch user would (nn.ConvTranspose2d, no torchvision). Prints one JSON line like `genzoo bench`.

  python3 tools/bench/twin.py gan --data-dir /usr/share/datasets/fashion-mnist --threads 2 --steps 50
"""
import argparse
import gzip
import json
import os
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx_images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, n, h, w = struct.unpack(">IIII", data[:16])
    assert magic == 0x803, f"{path}: wrong magic {magic:#x}"
    return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(n, 1, h, w)


def find_images(data_dir):
    for name in ("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{data_dir}: no train-images-idx3-ubyte[.gz]")


# --- VAE (pytorch/examples vae/main.py) ---------------------------------------------------------------------
class Vae(nn.Module):
    def __init__(self, hidden=400, latent=20):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, hidden), nn.Linear(hidden, latent), nn.Linear(hidden, latent)
        self.fc3, self.fc4 = nn.Linear(latent, hidden), nn.Linear(hidden, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x.reshape(-1, 784)))
        mean, logvar = self.fc21(h), self.fc22(h)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * logvar)
        return self.fc4(F.relu(self.fc3(z))).reshape(-1, 1, 28, 28), mean, logvar


def vae_family_setup(model, beta):
    """Adam 1e-3 on recon + beta*KL (beta 1: the plain negative ELBO), batch 128, data in [0,1]."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999))

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

    return step, 128, (0.0, 1.0)


# --- beta-VAE (conv, latent 10, objective H with beta 4) ---------------------------------------------------------
class BetaVae(nn.Module):
    def __init__(self, latent=10):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 32, 4, 2, 1), nn.Conv2d(32, 64, 4, 2, 1)
        self.fc1, self.fc2 = nn.Linear(3136, 256), nn.Linear(256, 2 * latent)
        self.fc3, self.fc4 = nn.Linear(latent, 256), nn.Linear(256, 3136)
        self.deconv1, self.deconv2 = nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ConvTranspose2d(32, 1, 4, 2, 1)

    def forward(self, x):
        h = F.relu(self.fc1(F.relu(self.conv2(F.relu(self.conv1(x)))).flatten(1)))
        mean, logvar = self.fc2(h).chunk(2, 1)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * logvar)
        h = F.relu(self.fc4(F.relu(self.fc3(z)))).reshape(-1, 64, 7, 7)
        return self.deconv2(F.relu(self.deconv1(h))), mean, logvar


# --- DCGAN (pytorch/examples cpp/dcgan, 28x28) --------------------------------------------------------------
class Generator(nn.Module):
    def __init__(self, latent=100, w=64):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(latent, 4 * w, 4, 1, 0, bias=False), nn.BatchNorm2d(4 * w), nn.ReLU(True),
            nn.ConvTranspose2d(4 * w, 2 * w, 3, 2, 1, bias=False), nn.BatchNorm2d(2 * w), nn.ReLU(True),
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(True),
            nn.ConvTranspose2d(w, 1, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.main(z.reshape(z.shape[0], z.shape[1], 1, 1))


class Critic(nn.Module):
    def __init__(self, w=64, batch_norm=True):
        super().__init__()
        norm = (lambda c: nn.BatchNorm2d(c)) if batch_norm else (lambda c: nn.Identity())
        self.main = nn.Sequential(
            nn.Conv2d(1, w, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, 4, 2, 1, bias=False), norm(2 * w), nn.LeakyReLU(0.2),
            nn.Conv2d(2 * w, 4 * w, 4, 2, 1, bias=False), norm(4 * w), nn.LeakyReLU(0.2),
            nn.Conv2d(4 * w, 1, 3, 1, 0, bias=False))

    def forward(self, x):
        return self.main(x).reshape(-1)


def dcgan_init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def gan_setup(loss):
    wgan = loss == "wgan-gp"
    G, D = Generator(), Critic(batch_norm=not wgan)
    G.apply(dcgan_init)
    D.apply(dcgan_init)
    lr, betas, n_critic = (1e-4, (0.5, 0.9), 5) if wgan else (2e-4, (0.5, 0.999), 1)
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

    return step, 64, (-1.0, 1.0)


SETUPS = {
    "vae": lambda: vae_family_setup(Vae(), 1.0),
    "beta-vae": lambda: vae_family_setup(BetaVae(), 4.0),
    "gan": lambda: gan_setup("gan"),
    "lsgan": lambda: gan_setup("lsgan"),
    "wgan-gp": lambda: gan_setup("wgan-gp"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=sorted(SETUPS))
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    images = read_idx_images(find_images(args.data_dir))
    step, batch, (low, high) = SETUPS[args.model]()
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
        step(x, i)

    for i in range(args.warmup):
        run(i)
    t0 = time.perf_counter()
    for i in range(args.warmup, args.warmup + args.steps):
        run(i)
    seconds = time.perf_counter() - t0
    print(json.dumps({"model": args.model, "impl": "python", "steps": args.steps, "batch_size": batch,
                      "threads": torch.get_num_threads(),
                      "blas_threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")),
                      "seconds": seconds, "images_per_s": args.steps * batch / seconds}))


if __name__ == "__main__":
    main()
