"""Validation speed: plain pyshacl vs the fast path (shapes compiled to SPARQL on Oxigraph), on the
shipped dataset and on a synthetic national-scale graph (63 provinces), in one run, checking that
both engines give identical results (focus node, shape, severity, component, path, value).
Writes bench/VALIDATION.md.  Usage: python bench/validation.py [--provinces 63]"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.config import paths  # noqa: E402
from service.validate import validate  # noqa: E402
from service.validate.synth import write as synth  # noqa: E402


def run(p, files, engine, registry=True, cache=False):
    t = time.perf_counter()
    r = validate(p, files, engine=engine, registry=registry, cache_queries=cache)
    return r, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", type=int, default=63)
    ap.add_argument("--output", type=Path, default=Path(__file__).with_name("VALIDATION.md"))
    args = ap.parse_args()
    p = paths()
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as tmp:
        big = synth(p, Path(tmp) / "national.nt", args.provinces)
        for label, files in (("shipped dataset", None), (f"synthetic, {args.provinces} provinces", [big])):
            fast, tf = run(p, files, "fast")
            slow, ts = run(p, files, "pyshacl")
            same = fast.keys() == slow.keys()
            ok &= same
            rows.append((label, fast.triples, slow.seconds, ts, fast.seconds, tf, same, len(fast.results)))
            print(label, fast.triples, f"pyshacl {ts:.1f}s", f"fast {tf:.1f}s", f"x{ts / tf:.1f}", same, flush=True)
    out = ["# Validation benchmark", "", f"`python bench/validation.py` on {platform.machine()}, "
           f"Python {platform.python_version()}, {platform.node() and 'this machine'}. Plain pyshacl "
           "(rdflib graph, no query cache) vs the fast path (service/validate/fast.py: shapes compiled to "
           "SPARQL, run on Oxigraph). Times include loading the files.", "",
           "| data | triples | pyshacl load | pyshacl validate | pyshacl total | fast load | fast validate | "
           "fast total | speed-up | identical results | results |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for label, n, ss, ts, fs, tf, same, k in rows:
        out.append(f"| {label} | {n} | {ss['load']:.1f} s | {ss['validate']:.1f} s | {ts:.1f} s | {fs['load']:.1f} s | "
                   f"{fs['validate']:.1f} s | {tf:.1f} s | {ts / tf:.1f}× | {'yes' if same else 'NO'} | {k} |")
    args.output.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(args.output)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
