"""Loads exported PyTorch models and compares their outputs with the engine's.

Reads from stdin: [{"id", "dir", "class", "inputs": [{"id", "shape", "dtype", "data"}],
                   "outputs": [{"id", "shape", "data"}]}]
Shapes and data are in Keras's (channels-last) layout, as the engine keeps them; the
model's INPUTS and OUTPUTS say which values it holds channels-first.
Writes to stdout: [{"id", "max_diff", "error"}], one per case, so one bad export
does not hide the others.
"""
import importlib.util
import json
import sys
import traceback

import torch

results = []
for i, case in enumerate(json.load(sys.stdin)):
    try:
        spec = importlib.util.spec_from_file_location(f"exported_model_{i}", f"{case['dir']}/model.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = getattr(module, case["class"])()
        module.load_weights(model)
        model.eval()
        args = []
        for port in case["inputs"]:
            info = module.INPUTS[port["id"]]
            x = torch.tensor(port["data"], dtype=info["dtype"]).reshape(port["shape"])
            args.append(x.movedim(-1, 1) if info["layout"] == "channels_first" else x)
        with torch.no_grad():
            ys = model(*args)
        ys = ys if isinstance(ys, tuple) else (ys,)
        worst = 0.0
        for y, port in zip(ys, case["outputs"]):
            if module.OUTPUTS[port["id"]]["layout"] == "channels_first":
                y = y.movedim(1, -1)
            want = torch.tensor(port["data"], dtype=torch.float32).reshape(port["shape"])
            if tuple(y.shape) != tuple(want.shape):
                raise ValueError(f"output {port['id']} has shape {tuple(y.shape)}, the engine's {tuple(want.shape)}")
            worst = max(worst, (y.float() - want).abs().max().item())
        results.append({"id": case["id"], "max_diff": worst, "error": None})
    except Exception:
        results.append({"id": case["id"], "max_diff": None, "error": traceback.format_exc(limit=3)})
json.dump(results, sys.stdout)
