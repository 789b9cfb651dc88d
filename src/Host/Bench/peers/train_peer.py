"""PyTorch peer for `gitactors bench train`: the same networks and SGD step, timed the same way.

Never a dependency of GitActors; run by the benchmark when Debian's python3-torch is installed.
Prints one JSON object: {"model": images_per_second, ...}.
With a last argument "same-heap" it first applies the glibc malloc settings GitActors uses (same_heap.py).
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import same_heap


class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.pad = planes // 4 if (stride != 1 or in_planes != planes) else None

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x if self.pad is None else F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad))
        return F.relu(out + shortcut)


class CifarResNet(nn.Module):
    def __init__(self, blocks, channels, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, in_planes = [], 16
        for planes, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(blocks):
                layers.append(BasicBlock(in_planes, planes, stride if i == 0 else 1))
                in_planes = planes
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(64, classes)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.linear(out)


def simple_cnn(channels, classes, size):
    layers, width = [], channels
    for _ in range(4):
        layers += [nn.Conv2d(width, 64, 3, 1, 1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2)]
        width, size = 64, size // 2
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(64 * size * size, classes))


def measure(model, batch, channels, size, classes, warmup, steps):
    torch.manual_seed(0)
    x = torch.randn(batch, channels, size, size)
    y = torch.randint(0, classes, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=2e-4)
    model.train()
    for i in range(warmup + steps):
        if i == warmup:
            start = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss.item()
    return batch * steps / (time.perf_counter() - start)


def main():
    threads, batch, steps, warmup = (int(a) for a in sys.argv[1:5])
    same_heap.apply_if_asked(sys.argv)
    models = sys.argv[5].split(",")
    torch.set_num_threads(threads)
    results = {}
    for name in models:
        torch.manual_seed(0)
        model = simple_cnn(1, 10, 28) if name == "simplecnn" else CifarResNet(3, 1, 10)
        results[name] = measure(model, batch, 1, 28, 10, warmup, steps)
    print(json.dumps({"torch": torch.__version__, "threads": threads, "images_per_second": results}))


if __name__ == "__main__":
    main()
