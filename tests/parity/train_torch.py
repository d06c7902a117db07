"""Trains exported PyTorch models on given batches and reports the loss at every step.

Reads from stdin: [{"id", "dir", "class", "optimizer": {...}, "batches": [{"x": [...], "y": [...]}],
                   "x_shape": [...], "input": "<input id>"}]
The optimizer settings are Keras's (Netwright's); they are mapped to PyTorch's
equivalents here. Labels are class ids (sparse categorical cross-entropy on logits).
Writes to stdout: [{"id", "losses": [...], "error"}].
"""
import importlib.util
import json
import sys
import traceback

import torch

torch.use_deterministic_algorithms(True)


def optimizer_for(spec, params):
    kind = spec["type"]
    lr = spec["learningRate"]
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)), eps=spec.get("epsilon", 1e-7))
    if kind == "sgd":
        # Keras: v = m·v − lr·g; p += v  ≡  PyTorch: b = m·b + g; p −= lr·b (constant lr)
        return torch.optim.SGD(params, lr=lr, momentum=spec.get("momentum", 0.0), nesterov=spec.get("nesterov", False))
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=spec.get("rho", 0.9), eps=spec.get("epsilon", 1e-7))
    raise ValueError(f"no mapping for optimizer {kind}")


results = []
for i, case in enumerate(json.load(sys.stdin)):
    try:
        spec = importlib.util.spec_from_file_location(f"parity_model_{i}", f"{case['dir']}/model.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = getattr(module, case["class"])()
        module.load_weights(model)
        model.train()
        opt = optimizer_for(case["optimizer"], model.parameters())
        layout = module.INPUTS[case["input"]]["layout"]
        losses = []
        for batch in case["batches"]:
            x = torch.tensor(batch["x"], dtype=torch.float32).reshape(case["x_shape"])
            if layout == "channels_first":
                x = x.movedim(-1, 1)
            y = torch.tensor(batch["y"], dtype=torch.long)
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            if case["optimizer"].get("clipNorm"):
                # Keras's clipnorm clips each weight's gradient on its own.
                for p in model.parameters():
                    torch.nn.utils.clip_grad_norm_([p], case["optimizer"]["clipNorm"])
            opt.step()
            losses.append(loss.item())
        results.append({"id": case["id"], "losses": losses, "error": None})
    except Exception:
        results.append({"id": case["id"], "losses": None, "error": traceback.format_exc(limit=4)})
json.dump(results, sys.stdout)
