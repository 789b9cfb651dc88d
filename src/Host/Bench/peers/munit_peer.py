"""PyTorch peer for `gitactors bench munit`: the same MUNIT networks, losses and training step, timed the same way.

Mirrors src/Models/Networks/Munit and MunitTrainer.Step (the paper's setup, SPEC 6): AdaINGen (dim 64, style 8,
mlp 256, 2 downsamplings, 4 residual blocks, reflect padding), single-scale LSGAN discriminator (4 layers), loss weights
gan 1, recon_x 10, recon_s 1, recon_c 1, cycle 0; Adam lr 1e-4 betas (0.5, 0.999) weight decay 1e-4; batch 1.
Never a dependency of GitActors; run by the benchmark when Debian's python3-torch is installed.
Prints one JSON object: {"iterations_per_second": ...}. With a last argument "same-heap" it first applies the glibc
malloc settings GitActors uses (same_heap.py).
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import same_heap


class LayerNorm(nn.Module):
    """MUNIT's LayerNorm: per sample over (C, H, W), unbiased std, eps added to the std, per-channel affine."""

    def __init__(self, channels, eps=1e-5):
        super().__init__()
        self.gamma = nn.Parameter(torch.rand(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x):
        b, c = x.shape[0], x.shape[1]
        flat = x.reshape(b, -1)
        std, mean = torch.std_mean(flat, dim=1, unbiased=True, keepdim=True)
        scale = self.gamma.view(1, c) / (std + self.eps)
        shift = self.beta.view(1, c) - mean * scale
        return torch.addcmul(shift.view(b, c, 1, 1), x, scale.view(b, c, 1, 1))


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, k, stride, pad, norm="none", act="relu"):
        super().__init__()
        self.pad = pad
        self.conv = nn.Conv2d(cin, cout, k, stride, 0, bias=True)
        self.norm = nn.InstanceNorm2d(cout) if norm == "in" else LayerNorm(cout) if norm == "ln" else None
        self.act = act

    def forward(self, x):
        if self.pad > 0:
            x = F.pad(x, (self.pad,) * 4, mode="reflect")
        y = self.conv(x)
        if self.norm is not None:
            y = self.norm(y)
        if self.act == "relu":
            return F.relu(y, inplace=True)
        if self.act == "lrelu":
            return F.leaky_relu(y, 0.2, inplace=True)
        if self.act == "tanh":
            return torch.tanh(y)
        return y


class ResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.first = ConvBlock(c, c, 3, 1, 1, "in", "relu")
        self.second = ConvBlock(c, c, 3, 1, 1, "in", "none")

    def forward(self, x):
        return self.second(self.first(x)) + x


def adain(x, mean, std, eps=1e-5):
    b, c, h, w = x.shape
    y = F.batch_norm(x.reshape(1, b * c, h, w), None, None, std.reshape(-1), mean.reshape(-1), True, 0.1, eps)
    return y.view(b, c, h, w)


class AdaInResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.first = nn.Conv2d(c, c, 3)
        self.second = nn.Conv2d(c, c, 3)

    def forward(self, x, p):
        c = self.c
        h = F.relu(adain(self.first(F.pad(x, (1,) * 4, mode="reflect")), p[:, :c], p[:, c:2 * c]))
        return adain(self.second(F.pad(h, (1,) * 4, mode="reflect")), p[:, 2 * c:3 * c], p[:, 3 * c:4 * c]) + x


class Generator(nn.Module):
    def __init__(self, channels, dim=64, style_dim=8, mlp_dim=256, downs=2, res=4):
        super().__init__()
        content = [ConvBlock(channels, dim, 7, 1, 3, "in")]
        d = dim
        for _ in range(downs):
            content.append(ConvBlock(d, 2 * d, 4, 2, 1, "in"))
            d *= 2
        content += [ResBlock(d) for _ in range(res)]
        self.enc_content = nn.Sequential(*content)
        style = [ConvBlock(channels, dim, 7, 1, 3)]
        s = dim
        for _ in range(2):
            style.append(ConvBlock(s, 2 * s, 4, 2, 1))
            s *= 2
        for _ in range(2):
            style.append(ConvBlock(s, s, 4, 2, 1))
        self.enc_style = nn.Sequential(*style, nn.AdaptiveAvgPool2d(1), nn.Conv2d(s, style_dim, 1))
        self.res = nn.ModuleList(AdaInResBlock(d) for _ in range(res))
        up = []
        for _ in range(downs):
            up.append(ConvBlock(d, d // 2, 5, 1, 2, "ln"))
            d //= 2
        self.up = nn.ModuleList(up)
        self.to_image = ConvBlock(d, channels, 7, 1, 3, "none", "tanh")
        self.per_block = 4 * (dim << downs)
        self.mlp = nn.Sequential(nn.Linear(style_dim, mlp_dim), nn.ReLU(), nn.Linear(mlp_dim, mlp_dim), nn.ReLU(),
                                 nn.Linear(mlp_dim, res * self.per_block))

    def encode(self, x):
        return self.enc_content(x), self.enc_style(x)

    def decode(self, content, style):
        p = self.mlp(style.reshape(style.shape[0], -1))
        y = content
        for i, block in enumerate(self.res):
            y = block(y, p[:, i * self.per_block:(i + 1) * self.per_block])
        for block in self.up:
            y = block(F.interpolate(y, scale_factor=2, mode="nearest"))
        return self.to_image(y)


class Discriminator(nn.Module):
    def __init__(self, channels, dim=64, layers=4):
        super().__init__()
        blocks, d = [ConvBlock(channels, dim, 4, 2, 1, "none", "lrelu")], dim
        for _ in range(1, layers):
            blocks.append(ConvBlock(d, 2 * d, 4, 2, 1, "none", "lrelu"))
            d *= 2
        self.net = nn.Sequential(*blocks, nn.Conv2d(d, 1, 1))

    def forward(self, x):
        return self.net(x)

    def dis_loss(self, fake, real):
        out = self(torch.cat([fake, real], 0))
        b = fake.shape[0]
        return (out[:b] ** 2).mean() + ((out[b:] - 1) ** 2).mean()

    def gen_loss(self, fake):
        return ((self(fake) - 1) ** 2).mean()


def kaiming(module):
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, a=0, mode="fan_in")
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def gaussian(module):
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)


class Trainer:
    def __init__(self, channels):
        self.gen_a, self.gen_b = Generator(channels), Generator(channels)
        self.dis_a, self.dis_b = Discriminator(channels), Discriminator(channels)
        for g in (self.gen_a, self.gen_b):
            kaiming(g)
        for d in (self.dis_a, self.dis_b):
            gaussian(d)
        self.dis_params = list(self.dis_a.parameters()) + list(self.dis_b.parameters())
        self.gen_opt = torch.optim.Adam(list(self.gen_a.parameters()) + list(self.gen_b.parameters()),
                                        lr=1e-4, betas=(0.5, 0.999), weight_decay=1e-4)
        self.dis_opt = torch.optim.Adam(self.dis_params, lr=1e-4, betas=(0.5, 0.999), weight_decay=1e-4)

    def style(self, b):
        return torch.randn(b, 8, 1, 1)

    def step(self, xa, xb):
        # dis_update: translations without a graph; only content codes are needed.
        self.dis_opt.zero_grad()
        sa, sb = self.style(xa.shape[0]), self.style(xb.shape[0])
        with torch.no_grad():
            x_ba = self.gen_a.decode(self.gen_b.enc_content(xb), sa)
            x_ab = self.gen_b.decode(self.gen_a.enc_content(xa), sb)
        dis = self.dis_a.dis_loss(x_ba, xa) + self.dis_b.dis_loss(x_ab, xb)
        dis.backward()
        self.dis_opt.step()

        # gen_update, with each generator's two decodes batched as in MunitTrainer.
        self.gen_opt.zero_grad()
        b = xa.shape[0]
        sa, sb = self.style(b), self.style(xb.shape[0])
        ca, sa_prime = self.gen_a.encode(xa)
        cb, sb_prime = self.gen_b.encode(xb)
        da = self.gen_a.decode(torch.cat([ca, cb], 0), torch.cat([sa_prime, sa], 0))
        db = self.gen_b.decode(torch.cat([cb, ca], 0), torch.cat([sb_prime, sb], 0))
        xa_recon, x_ba = da[:b], da[b:]
        xb_recon, x_ab = db[:b], db[b:]
        cb_recon, sa_recon = self.gen_a.encode(x_ba)
        ca_recon, sb_recon = self.gen_b.encode(x_ab)
        for p in self.dis_params:
            p.requires_grad_(False)
        total = (self.dis_a.gen_loss(x_ba) + self.dis_b.gen_loss(x_ab)) \
            + 10 * (F.l1_loss(xa_recon, xa) + F.l1_loss(xb_recon, xb)) \
            + (F.l1_loss(sa_recon, sa) + F.l1_loss(sb_recon, sb)) \
            + (F.l1_loss(ca_recon, ca) + F.l1_loss(cb_recon, cb))
        total.backward()
        for p in self.dis_params:
            p.requires_grad_(True)
        self.gen_opt.step()
        return float(dis.item()), float(total.item())


def main():
    threads, size, warmup, steps = (int(a) for a in sys.argv[1:5])
    same_heap.apply_if_asked(sys.argv)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    trainer = Trainer(1)
    xa = torch.rand(1, 1, size, size) * 2 - 1
    xb = torch.rand(1, 1, size, size) * 2 - 1
    for i in range(warmup + steps):
        if i == warmup:
            start = time.perf_counter()
        trainer.step(xa, xb)
    rate = steps / (time.perf_counter() - start)
    params = sum(p.numel() for p in trainer.gen_a.parameters())
    print(json.dumps({"torch": torch.__version__, "threads": threads, "generator_parameters": params,
                      "iterations_per_second": rate}))


if __name__ == "__main__":
    main()
