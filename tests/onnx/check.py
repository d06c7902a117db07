"""Checks ONNX files with Debian's python3-onnx: the full checker and strict,
type-checking shape inference. Reads file paths as a JSON list on stdin and
prints {path: null | "error"} as JSON."""
import json
import sys

import onnx
from onnx import shape_inference

results = {}
for path in json.load(sys.stdin):
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        # Every graph output must keep the shape the exporter declared.
        declared = {o.name: o.type for o in model.graph.output}
        for o in inferred.graph.output:
            if o.type != declared[o.name]:
                raise ValueError(f"output {o.name}: inferred {o.type} but declared {declared[o.name]}")
        results[path] = None
    except Exception as e:  # noqa: BLE001 - every failure is reported, not raised
        results[path] = f"{type(e).__name__}: {e}"
print(json.dumps(results))
