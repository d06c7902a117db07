"""Writes small ONNX models whose ops have no Netwright layer, for
tests/onnx-op.test.ts: the importer keeps them as OnnxOp nodes. Usage:
onnx-op-models.py DIR; prints [{name, path, inputs: [{name, shape}], runs}]
as JSON, where `runs` says whether Netwright's engine can run every op.
Built with onnx.helper (Debian's python3-onnx), checked with onnx.checker."""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.default_rng(7)
models = []


def const(name, array, dtype=np.float32):
    return numpy_helper.from_array(np.asarray(array, dtype=dtype), name)


def save(name, nodes, inputs, outputs, initializers=(), value_info=(), runs=True, opsets=(("", 17),)):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["N", *s]) for n, s in inputs],
        [helper.make_tensor_value_info(n, t, ["N", *s]) for n, t, s in outputs],
        initializer=list(initializers),
        value_info=[helper.make_tensor_value_info(n, TensorProto.FLOAT, ["N", *s]) for n, s in value_info],
    )
    model = helper.make_model(graph, producer_name="netwright-tests", opset_imports=[helper.make_opsetid(d, v) for d, v in opsets])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    path = os.path.join(OUT, f"{name}.onnx")
    onnx.save(model, path)
    models.append({"name": name, "path": path, "inputs": [{"name": n, "shape": s} for n, s in inputs], "runs": runs})


F = TensorProto.FLOAT

# Value-by-value ops the engine runs, with attributes and single-number constants.
save(
    "elementwise",
    [
        helper.make_node("Abs", ["x"], ["a"]),
        helper.make_node("Sqrt", ["a"], ["s"]),
        helper.make_node("Neg", ["s"], ["n"]),
        helper.make_node("HardSigmoid", ["x"], ["hs"], alpha=0.3, beta=0.4),
        helper.make_node("Selu", ["x"], ["se"], alpha=1.2, gamma=0.9),
        helper.make_node("Clip", ["x", "lo", "hi"], ["c"]),
        helper.make_node("Pow", ["x", "two"], ["p"]),
        helper.make_node("Mul", ["p", "w"], ["pw"]),
        helper.make_node("Sub", ["n", "hs"], ["d"]),
        helper.make_node("Add", ["d", "se"], ["e"]),
        helper.make_node("Max", ["e", "c", "pw"], ["y"]),
        helper.make_node("Sign", ["x"], ["z"]),
    ],
    [("x", [4, 5])],
    [("y", F, [4, 5]), ("z", F, [4, 5])],
    [const("lo", -0.4), const("hi", 0.6), const("two", 2.0), const("w", rng.normal(size=[5]))],
)

# Comparisons and Where (booleans as 1 and 0), Not, And.
save(
    "where",
    [
        helper.make_node("Less", ["x", "t"], ["lt"]),
        helper.make_node("Greater", ["x", "u"], ["gt"]),
        helper.make_node("Not", ["gt"], ["ng"]),
        helper.make_node("And", ["lt", "ng"], ["both"]),
        helper.make_node("Exp", ["x"], ["ex"]),
        helper.make_node("Where", ["both", "ex", "x"], ["y"]),
    ],
    [("x", [3, 4])],
    [("y", F, [3, 4])],
    [const("t", 0.5), const("u", -0.5)],
)

# Ops that move or reduce data: they read ONNX's axis order.
save(
    "layout",
    [
        helper.make_node("ReduceSum", ["x", "axes"], ["r"], keepdims=0),
        helper.make_node("Softmax", ["x"], ["sm"], axis=1),
        helper.make_node("Transpose", ["sm"], ["t"], perm=[0, 2, 1]),
        helper.make_node("Pad", ["t", "pads", "pv"], ["pd"], mode="constant"),
        helper.make_node("Slice", ["pd", "st", "en", "ax"], ["sl"]),
        helper.make_node("Gather", ["x", "idx"], ["g"], axis=2),
        helper.make_node("ReduceLogSumExp", ["g"], ["lse"], axes=[1], keepdims=0),
        helper.make_node("Tile", ["lse", "reps"], ["ti"]),
        helper.make_node("MatMul", ["r", "m"], ["mm"]),
    ],
    [("x", [3, 4])],
    [("r", F, [3]), ("sl", F, [3, 2]), ("ti", F, [4, 4]), ("mm", F, [2])],
    [
        const("axes", [2], np.int64), const("pads", [0, 1, 0, 0, 0, 2], np.int64), const("pv", 1.5),
        const("st", [1, 0], np.int64), const("en", [4, 2], np.int64), const("ax", [1, 2], np.int64),
        const("idx", [[0, 3], [1, 1]], np.int64), const("reps", [1, 2, 2], np.int64), const("m", rng.normal(size=[3, 2])),
    ],
)

# Erf has no IR op: kept and exported, but the engine cannot run it.
save(
    "erf",
    [
        helper.make_node("Mul", ["x", "k"], ["xk"]),
        helper.make_node("Erf", ["xk"], ["e"]),
        helper.make_node("Relu", ["e"], ["y"]),
    ],
    [("x", [6])],
    [("y", F, [6])],
    [const("k", 0.7)],
    runs=False,
)

# An op from another domain, with every kind of attribute; its shape comes from value_info.
save(
    "custom",
    [
        helper.make_node(
            "Frobnicate", ["x", "bias"], ["f"], domain="com.example",
            alpha=1.5, count=3, mode="fast", sizes=[1, 2, 3], scales=[0.5, 0.25], names=["a", "b"],
        ),
        helper.make_node("Tanh", ["f"], ["y"]),
    ],
    [("x", [2, 3])],
    [("y", F, [2, 6])],
    [const("bias", rng.normal(size=[3]))],
    value_info=[("f", [2, 6])],
    runs=False,
    opsets=(("", 17), ("com.example", 2)),
)

# A channels-first image: Conv becomes a channels-last Conv2D, the value-by-value
# ops keep its layout, and the reduction over channels reads ONNX's order.
save(
    "nchw",
    [
        helper.make_node("Conv", ["x", "W", "B"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Softsign", ["c"], ["s"]),
        helper.make_node("Mul", ["s", "half"], ["h"]),
        helper.make_node("ReduceMax", ["h"], ["r"], axes=[1], keepdims=1),
        helper.make_node("InstanceNormalization", ["h", "gamma", "beta"], ["i"], epsilon=1e-4),
        helper.make_node("Add", ["i", "r"], ["y"]),
    ],
    [("x", [2, 5, 4])],
    [("y", F, [3, 5, 4])],
    [const("W", rng.normal(size=[3, 2, 3, 3])), const("B", rng.normal(size=[3])), const("half", 0.5),
     const("gamma", rng.normal(size=[3])), const("beta", rng.normal(size=[3]))],
)

print(json.dumps(models))
