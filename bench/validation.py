"""Validation speed: the fast path (service/validate/fast.py: shapes compiled to SPARQL on Oxigraph) on
the shipped dataset and on N synthetic provinces (`ttx synth --provinces N`, service/synth: the data
`python -m bench --sections shacl` validates), plain pyshacl (rdflib graph, no query cache) where it
finishes in reasonable time (`--pyshacl`: up to that N), and whether both engines give identical results
(focus node, shape, severity, component, path, value). Times include loading the files, not generating
them. The table replaces the one between the markers in bench/VALIDATION.md (printed if they are absent).

Usage: python bench/validation.py [--provinces 1,2,4,8,16,63] [--pyshacl 2] [--output bench/VALIDATION.md]"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.config import paths  # noqa: E402
from service.synth import synth_files  # noqa: E402
from service.validate import validate  # noqa: E402

BEGIN, END = "<!-- bench/validation.py: begin -->", "<!-- bench/validation.py: end -->"


def run(p, files, engine):
    t = time.perf_counter()
    r = validate(p, files, engine=engine, cache_queries=False)
    return r, time.perf_counter() - t


def row(label, fast, tf, slow=None, ts=None) -> str:
    s = fast.seconds
    cells = [label, f"{fast.triples:,}", f"{s['load']:.1f} s", f"{s['validate']:.1f} s", f"{tf:.1f} s",
             f"{len(fast.results):,}"]
    if slow is None:
        cells += ["not run", "—", "not checked"]
    else:
        same = fast.keys() == slow.keys()
        cells += [f"{ts:.1f} s", f"{ts / tf:.0f}×", "yes" if same else f"**NO** ({len(slow.results):,} results)"]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", default="1,2,4,8,16,63", help="comma-separated numbers of provinces")
    ap.add_argument("--pyshacl", type=int, default=2, help="run pyshacl up to this many provinces (0: never)")
    ap.add_argument("--no-shipped", action="store_true", help="skip the shipped dataset")
    ap.add_argument("--output", type=Path, default=Path(__file__).with_name("VALIDATION.md"))
    args = ap.parse_args()
    p = paths()
    rows, ok = [], True
    if not args.no_shipped:
        fast, tf = run(p, None, "fast")
        slow, ts = run(p, None, "pyshacl")
        ok &= fast.keys() == slow.keys()
        rows.append(row("shipped dataset", fast, tf, slow, ts))
        print(rows[-1], flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.provinces.split(",")]:
            files = [f.path for f in synth_files(p, n, Path(tmp)) if "/graph/ontology" not in f.graph]
            fast, tf = run(p, files, "fast")
            slow, ts = run(p, files, "pyshacl") if n <= args.pyshacl else (None, None)
            ok &= slow is None or fast.keys() == slow.keys()
            rows.append(row(f"synthetic, {n} province{'s' if n > 1 else ''}", fast, tf, slow, ts))
            print(rows[-1], flush=True)
    table = "\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python {platform.python_version()}:", "",
        "| data | triples | fast load | fast validate | fast total | results | pyshacl total | speed-up | "
        "identical results |", "|---|---:|---:|---:|---:|---:|---:|---:|---|", *rows])
    text = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: f"{BEGIN}\n{table}\n{END}", text, flags=re.S)
        args.output.write_text(text, encoding="utf-8")
        print(args.output)
    else:
        print(table)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
