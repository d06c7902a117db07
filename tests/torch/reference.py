"""Runs PyTorch modules named in a JSON list and reports what PyTorch says.

Reads from stdin: [{"id": str, "module": "nn.Conv2d(3, 8, 3)", "input": [N, C, H, W], "dtype": "float"|"long"}]
Writes to stdout: [{"id": str, "output": [...shape], "params": int, "error": str|null}]

The module expression is evaluated with `torch` and `nn` in scope. A module
returning a tuple (nn.LSTM, nn.GRU, nn.RNN) reports the first element.
"""
import json
import sys

import torch
from torch import nn

torch.manual_seed(0)
results = []
for case in json.load(sys.stdin):
    try:
        module = eval(case["module"], {"torch": torch, "nn": nn})
        shape = case["input"]
        if case.get("dtype") == "long":
            x = torch.zeros(shape, dtype=torch.long)
        else:
            x = torch.randn(shape)
        module.eval()
        with torch.no_grad():
            y = module(x)
        if isinstance(y, tuple):
            y = y[0]
        params = sum(p.numel() for p in module.parameters())
        results.append({"id": case["id"], "output": list(y.shape), "params": params, "error": None})
    except Exception as e:  # reported per case so one bad row does not hide the others
        results.append({"id": case["id"], "output": None, "params": None, "error": f"{type(e).__name__}: {e}"})
json.dump(results, sys.stdout)
