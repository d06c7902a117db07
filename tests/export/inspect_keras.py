"""Compiles exported Keras code and reads its structure with Python's ast.

Reads from stdin: [{"id", "dir"}]. Writes to stdout, per export:
  {"id", "error", "compiled": [file, ...], "model": "Sequential" | "Functional",
   "layers": [{"class", "args", "kwargs", "inputs"}], "compile": {kwarg: source}, "fit": {kwarg: source},
   "weights": {layer: [[name, shape, sum]]}}
Literal arguments come back as values; anything else (a nested layer, the step function)
as {"source": ...} or, for a nested layers.X(...) call, as a layer of its own.
No Keras is needed: nothing is imported or run.
"""
import ast
import json
import py_compile
import sys
from pathlib import Path

import numpy as np


def value(node):
    if isinstance(node, ast.Call) and layer_class(node):
        return layer(node)
    try:
        return ast.literal_eval(node)
    except ValueError:
        return {"source": ast.unparse(node)}


def layer_class(call):
    f = call.func
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("layers", "keras"):
        return f.attr if f.value.id == "layers" or f.attr == "Input" else None
    return None


def layer(call):
    return {
        "class": layer_class(call),
        "args": [value(a) for a in call.args],
        "kwargs": {k.arg: value(k.value) for k in call.keywords},
    }


def call_kwargs(tree, method):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method:
            return {k.arg: ast.unparse(k.value) for k in node.keywords}
    return None


def inspect(folder):
    folder = Path(folder)
    compiled = []
    for path in sorted(folder.glob("*.py")):
        py_compile.compile(str(path), doraise=True, cfile=str(folder / "__compiled__" / (path.name + "c")))
        compiled.append(path.name)
    tree = ast.parse((folder / "model.py").read_text())
    build = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "build_model")
    kind = None
    layers_found = []
    for node in ast.walk(build):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("Sequential", "Model"):
            kind = "Sequential" if node.func.attr == "Sequential" else "Functional"
    for stmt in build.body:
        # Functional: name = layers.X(...)(inputs); Sequential: the list passed to keras.Sequential.
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            inner = call.func if isinstance(call.func, ast.Call) else call
            found = layer(inner)
            found["inputs"] = [ast.unparse(a) for a in call.args] if inner is not call else []
            layers_found.append(found)
        elif isinstance(stmt, ast.Return) and kind == "Sequential":
            for element in stmt.value.args[0].elts:
                layers_found.append({**layer(element), "inputs": []})
    weights_table = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "WEIGHTS")
    weights = {}
    for name, names in weights_table.items():
        weights[name] = []
        for w in names:
            path = folder / "weights" / f"{name}.{w}.npy"
            if path.exists():
                a = np.load(path)
                weights[name].append([w, list(a.shape), float(a.astype(np.float64).sum()), str(a.dtype)])
            else:
                weights[name].append([w, None, None, None])
    train = ast.parse((folder / "train.py").read_text())
    return {"compiled": compiled, "model": kind, "layers": layers_found, "compile": call_kwargs(train, "compile"), "fit": call_kwargs(train, "fit"), "weights": weights}


results = []
for case in json.load(sys.stdin):
    try:
        results.append({"id": case["id"], "error": None, **inspect(case["dir"])})
    except Exception as e:  # reported per export so one bad file does not hide the others
        results.append({"id": case["id"], "error": f"{type(e).__name__}: {e}"})
json.dump(results, sys.stdout)
