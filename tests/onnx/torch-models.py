"""Writes small PyTorch models as ONNX (Debian's python3-torch 1.13), for the
import tests: models Netwright did not write, channels-first like PyTorch's.
Usage: torch-models.py OUT_DIR; prints the files written as JSON."""
import json
import sys

import torch
from torch import nn

torch.manual_seed(0)
out = sys.argv[1]


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, stride=2, padding=1, bias=False), nn.LeakyReLU(0.1),
            nn.ConvTranspose2d(6, 3, 2, stride=2), nn.Sigmoid(),
        )
        self.head = nn.Linear(3 * 4 * 4, 5)

    def forward(self, x):
        return torch.softmax(self.head(torch.flatten(self.features(x), 1)), dim=1)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Dropout(0.2), nn.Linear(8, 3), nn.ELU(0.5))

    def forward(self, x):
        return self.net(x)


written = []
for name, model, shape, opset in [("cnn", Cnn(), (2, 2, 8, 8), 13), ("cnn17", Cnn(), (2, 2, 8, 8), 17), ("mlp", Mlp(), (2, 6), 11)]:
    model.eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
    path = f"{out}/{name}.onnx"
    torch.onnx.export(model, torch.randn(*shape), path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=opset)
    written.append({"name": name, "path": path, "shape": list(shape)})
print(json.dumps(written))
