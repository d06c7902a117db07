"""Runs exported train.py scripts one after another in this one process.

Reads from stdin: [{"id", "dir", "args": [...]}]. Each script runs as `python train.py ARGS`
would, from its own folder, with a fresh `model` and `data` module. Writes to stdout:
[{"id", "error", "output"}] where output is what the script printed.
"""
import contextlib
import io
import json
import os
import runpy
import sys
import traceback

results = []
start = os.getcwd()
for case in json.load(sys.stdin):
    out = io.StringIO()
    error = None
    for name in ("model", "data"):
        sys.modules.pop(name, None)
    sys.path.insert(0, case["dir"])
    os.chdir(case["dir"])
    sys.argv = ["train.py", *case["args"]]
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path("train.py", run_name="__main__")
    except SystemExit as e:
        if e.code not in (None, 0):
            error = f"SystemExit: {e.code}"
    except Exception:
        error = traceback.format_exc(limit=4)
    finally:
        sys.path.remove(case["dir"])
        os.chdir(start)
    results.append({"id": case["id"], "error": error, "output": out.getvalue()})
json.dump(results, sys.stdout)
