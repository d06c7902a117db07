"""PyTorch on the CPU, the peer for `npm run bench` (bench/peers/pytorch.ts runs it).

Reads one JSON argument: the workload (engine-neutral layers, see bench/workloads.ts),
the data files (raw f32 samples, channels-last, and i32 labels) and the timing protocol.
Prints one JSON object on stdout: {"ok": true, "stepsPerSecond": ..., ...}.
The protocol is bench/report.ts's measureSteps: warm up, calibrate a step count that
takes about `seconds`, time it `repetitions` times, report the median.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def activation(name):
    return {"relu": nn.ReLU(), "tanh": nn.Tanh(), None: nn.Identity()}[name]


def build(workload):
    shape = list(workload["input"])
    layers = []
    for spec in workload["layers"]:
        kind = spec["kind"]
        if kind == "dense":
            layers += [nn.Linear(shape[0], spec["units"]), activation(spec["activation"])]
            shape = [spec["units"]]
        elif kind == "conv2d":
            h, w, c = shape
            k = spec["kernel"]
            layers += [nn.Conv2d(c, spec["filters"], k), activation(spec["activation"])]
            shape = [h - k + 1, w - k + 1, spec["filters"]]
        elif kind == "avgpool2d":
            s = spec["size"]
            layers.append(nn.AvgPool2d(s))
            shape = [shape[0] // s, shape[1] // s, shape[2]]
        elif kind == "flatten":
            layers.append(nn.Flatten())
            shape = [int(np.prod(shape))]
    return nn.Sequential(*layers)


def main():
    args = json.loads(sys.argv[1])
    workload, files, protocol = args["workload"], args["files"], args["protocol"]
    torch.set_num_threads(args.get("threads", 2))
    torch.manual_seed(1)
    model = build(workload)
    params = sum(p.numel() for p in model.parameters())
    if params != workload["params"]:
        raise SystemExit(f"the PyTorch {workload['name']} has {params} parameters, expected {workload['params']}")
    optimizer = torch.optim.Adam(model.parameters(), lr=workload["learningRate"])

    batch = workload["batch"]
    x = torch.from_numpy(np.fromfile(files["x"], dtype="<f4")).reshape(-1, *workload["input"])
    if len(workload["input"]) == 3:
        x = x.permute(0, 3, 1, 2).contiguous()  # PyTorch convolutions want NCHW; converted once, before timing
    y = torch.from_numpy(np.fromfile(files["y"], dtype="<i4").astype(np.int64))
    batches = [(x[i:i + batch], y[i:i + batch]) for i in range(0, len(y), batch)]
    state = {"next": 0, "loss": None}

    def run(steps):
        for _ in range(steps):
            xb, yb = batches[state["next"] % len(batches)]
            state["next"] += 1
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            state["loss"] = loss
        value = state["loss"].item()
        if not np.isfinite(value):
            raise SystemExit(f"the loss became {value}")

    def timed(n):
        start = time.perf_counter()
        run(n)
        return time.perf_counter() - start

    run(3)
    n = 2
    elapsed = timed(n)
    while elapsed < min(0.5, protocol["seconds"] / 2) and n < (1 << 20):
        n *= 2
        elapsed = timed(n)
    steps = max(3, round(n / elapsed * protocol["seconds"]))
    cpu, wall = time.process_time(), time.perf_counter()
    reps = [steps / timed(steps) for _ in range(protocol["repetitions"])]
    cores = (time.process_time() - cpu) / (time.perf_counter() - wall)
    detail = f"PyTorch {torch.__version__} CPU, {torch.get_num_threads()} threads, {blas()}"
    print(json.dumps({"ok": True, "stepsPerSecond": sorted(reps)[len(reps) // 2], "reps": reps, "steps": steps, "detail": detail, "cores": cores}))


def blas():
    """Which BLAS library the process really loaded (Debian's torch reports only "generic")."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    try:
        with open("/proc/self/maps") as maps:
            libraries = {line.split()[-1] for line in maps if "blas" in line.lower()}
    except OSError:
        return "BLAS unknown"
    if any("openblas" in lib for lib in libraries):
        return "OpenBLAS"
    if any("mkl" in lib for lib in libraries):
        return "MKL"
    return "reference BLAS (netlib)" if libraries else "BLAS unknown"


if __name__ == "__main__":
    main()
