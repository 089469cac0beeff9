"""`python -m bench`: every benchmark side by side in one run, written to bench/REPORT.md
(+ bench/results.json, bench/report.png). Loopback only, bounded counts and durations.

Sections: named-query latency (embedded pyoxigraph vs an rdflib in-memory Dataset, N = 1 and
63, and pyoxigraph at 630); HTTP throughput and latency with wrk (ttx serve, raw
`oxigraph serve`, rdflib-endpoint, Virtuoso; flagship and an aggregate query; concurrency 1
and 8); load time and memory (N = 1, 63, 630); SHACL validation time vs N; build time; a
py-spy profile of `ttx serve` under load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from service.config import paths
from service.queries import Catalogue
from service.search import LabelIndex
from service.search.resolve import make_resolver
from service.store import EmbeddedStore, dataset_files
from service.synth import synth_files

from . import engines

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGSHIP = "high-priority-tasks-by-lead-and-funding"
AGGREGATE = "funding-mix-per-theme"
PER_PROVINCE = [FLAGSHIP, "tasks-by-agency", "indicators-by-agency", "projects-by-district",
                "tasks-behind-an-indicator"]
# Parameters for queries whose default is "everything": bound here so that they ask about one
# agency of one province at every N (indicators-by-agency's default lists every indicator).
BOUND = {"indicators-by-agency": {"agency": "TN&MT"}}
TTX_MEMORY = "ttx serve (2 query workers, graph in memory)"
TTX_DISK = "ttx serve (2 query workers, graph on disk)"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def quantiles(samples: list[float]) -> dict[str, float]:
    data = sorted(samples)
    return {"median_ms": statistics.median(data) * 1000, "p99_ms": data[min(len(data) - 1, int(0.99 * len(data)))] * 1000,
            "n": len(data)}


def prepared_queries() -> dict[str, str]:
    """Every named query with its default parameters, resolved on the real (N = 1) graph: a query
    about one agency or place binds the Bến Tre IRI, which is the same at every N."""
    p = paths()
    emb = EmbeddedStore()
    emb.load(dataset_files(p))
    resolve = make_resolver(LabelIndex.from_store(emb))
    catalogue = Catalogue.load(p.queries_dir)
    out = {}
    for q in catalogue:
        try:
            out[q.name], _ = q.prepare(BOUND.get(q.name, {}), resolve)
        except Exception as exc:  # noqa: BLE001 - a query the bench cannot prepare is reported
            log(f"skip {q.name}: {exc}")
    return out


# -- 1. named queries in process -------------------------------------------------------------------

def time_pyoxigraph(files, queries: dict[str, str], reps: int, per_query: float = 60.0) -> tuple[dict, float, int]:
    """The embedded store as the service runs it (ServedStore: on-disk pyoxigraph, one worker
    process), so a query slower than `per_query` seconds is cancelled and reported as such.
    Repetitions stop early once a query has used 5 s."""
    from service.store.served import ServedStore
    from service.store.worker import Job
    start = time.perf_counter()
    store = ServedStore(files, workers=1, in_memory_max=0)  # on disk at every N: comparable
    load = time.perf_counter() - start
    out = {}
    try:
        for name, text in queries.items():
            samples: list[float] = []
            rows = 0
            note = None
            for _ in range(reps):
                t = time.perf_counter()
                try:
                    answer = store.run(Job(text, "json", "turtle", 10_000_000), per_query)
                except Exception as exc:  # noqa: BLE001 - QueryTimeout: cancelled
                    note = f"cancelled after {per_query:.0f} s ({type(exc).__name__})"
                    break
                samples.append(time.perf_counter() - t)
                rows = answer.rows if answer.rows >= 0 else len(json.loads(answer.body)["results"]["bindings"])
                if sum(samples) > 5.0:
                    break
            out[name] = {**quantiles(samples), "rows": rows} if samples else \
                {"median_ms": None, "p99_ms": None, "n": 0, "rows": None}
            if note:
                out[name]["note"] = note
        triples = store.triples
    finally:
        store.close()
    return out, load, triples


RDFLIB_CHILD = r"""
import json, signal, sys, time, rdflib
files = json.loads(sys.argv[1]); queries = json.loads(sys.argv[2]); reps = int(sys.argv[3])
per_query = float(sys.argv[4])
t = time.perf_counter()
ds = rdflib.Dataset(default_union=True)
for graph, path in files:
    ds.graph(rdflib.URIRef(graph)).parse(path, format="nt" if path.endswith(".nt") else "turtle")
print(json.dumps({"load": time.perf_counter() - t, "triples": len(ds)}), flush=True)
def alarm(*_):
    raise TimeoutError
signal.signal(signal.SIGALRM, alarm)
for name, text in queries.items():
    samples = []
    rows = None
    try:
        for _ in range(reps):
            signal.setitimer(signal.ITIMER_REAL, per_query)
            t = time.perf_counter()
            rows = len(list(ds.query(text)))
            samples.append(time.perf_counter() - t)
            signal.setitimer(signal.ITIMER_REAL, 0)
            if sum(samples) > 5.0:
                break
    except TimeoutError:
        print(json.dumps({"name": name, "samples": samples, "rows": rows,
                          "note": f"cancelled after {per_query:.0f} s"}), flush=True)
        continue
    print(json.dumps({"name": name, "samples": samples, "rows": rows}), flush=True)
"""


def time_rdflib(files, queries: dict[str, str], reps: int, budget: float,
                per_query: float = 20.0) -> tuple[dict, float | None, int]:
    """rdflib in a child process: each query interrupted after `per_query` s (SIGALRM; rdflib is
    pure Python), the child killed when the whole budget is spent."""
    args = [sys.executable, "-c", RDFLIB_CHILD, json.dumps([[f.graph, str(f.path)] for f in files]),
            json.dumps(queries), str(reps), str(per_query)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    out: dict[str, dict] = {}
    load = None
    triples = 0
    deadline = time.monotonic() + budget
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    while time.monotonic() < deadline:
        if not sel.select(timeout=max(0.1, deadline - time.monotonic())):
            continue
        line = proc.stdout.readline()
        if not line:
            break
        doc = json.loads(line)
        if "load" in doc:
            load, triples = doc["load"], doc["triples"]
        elif doc["samples"]:
            out[doc["name"]] = {**quantiles(doc["samples"]), "rows": doc["rows"]}
            if doc.get("note"):
                out[doc["name"]]["note"] = doc["note"]
        else:
            out[doc["name"]] = {"median_ms": None, "p99_ms": None, "n": 0, "rows": None,
                                "note": doc.get("note", "")}
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for name in queries:
        out.setdefault(name, {"median_ms": None, "p99_ms": None, "n": 0, "rows": None,
                              "note": f"not finished within the {budget:.0f} s budget"})
    return out, load, triples


def section_queries(queries: dict[str, str], quick: bool, previous: dict | None = None) -> dict:
    res: dict[str, dict] = {}
    if previous and "630" in previous and os.environ.get("TTX_BENCH_SKIP_630_QUERIES"):
        res["630"] = previous["630"]  # kept from the last full run
    for n, reps, rreps, budget, per_query in ((1, 20, 3, 600, 20.0), (63, 7, 1, 900 if not quick else 120, 30.0)):
        files = synth_files(paths(), n)
        log(f"queries at N={n}: pyoxigraph")
        ox, ox_load, ox_triples = time_pyoxigraph(files, queries, reps if not quick else 3)
        log(f"queries at N={n}: rdflib (budget {budget} s)")
        rd, rd_load, rd_triples = time_rdflib(files, queries, rreps, budget, per_query)
        res[str(n)] = {"pyoxigraph": ox, "rdflib": rd, "load_s": {"pyoxigraph": ox_load, "rdflib": rd_load},
                       "triples": ox_triples}
    if not quick and not os.environ.get("TTX_BENCH_SKIP_630_QUERIES"):
        files = synth_files(paths(), 630)
        log("queries at N=630: pyoxigraph (per-province queries and the aggregate)")
        subset = {k: v for k, v in queries.items() if k in PER_PROVINCE or k == AGGREGATE}
        ox, ox_load, ox_triples = time_pyoxigraph(files, subset, 3, per_query=30.0)
        res["630"] = {"pyoxigraph": ox, "load_s": {"pyoxigraph": ox_load}, "triples": ox_triples}
    return res


def section_per_province(queries: dict[str, str]) -> dict:
    """The one-province goal on its own: a fresh store per N and only the queries about one agency
    or place, nine repetitions each. In the catalogue run above they share a worker with the
    whole-graph scans, some of which are cancelled (the worker is then killed and replaced)."""
    subset = {k: queries[k] for k in PER_PROVINCE if k in queries}
    res = {}
    for n in (1, 63):
        log(f"one-province queries at N={n}")
        ox, _, triples = time_pyoxigraph(synth_files(paths(), n), subset, 9)
        res[str(n)] = {"pyoxigraph": ox, "triples": triples}
    return res


def section_rows(queries: dict[str, str]) -> dict:
    """Rows of each named query's answer on the N = 1 dataset (the served store's native
    serialization does not count them)."""
    emb = EmbeddedStore()
    emb.load(synth_files(paths(), 1))
    return {name: len(list(emb.query(text).rows())) for name, text in queries.items()}


# -- 2. HTTP ---------------------------------------------------------------------------------------

WRK_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/sparql-results+json"
wrk.body = {body}
"""


def wrk(url: str, body: str | None, connections: int, seconds: int, folder: Path) -> dict:
    """wrk against url: POST form `body` (a SPARQL query) or GET when body is None."""
    args = ["wrk", "-t", "1" if connections == 1 else "2", "-c", str(connections), "-d", f"{seconds}s", "--latency",
            "--timeout", "30s"]
    if body is not None:
        script = folder / f"post-{abs(hash(body))}.lua"
        from urllib.parse import urlencode
        script.write_text(WRK_LUA.format(body=json.dumps(urlencode({"query": body}))))
        args += ["-s", str(script)]
    else:
        args += ["-H", "Accept: application/sparql-results+json"]
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for q in ("50", "99"):
        m = re.search(rf"\s{q}%\s+([\d.]+)(us|ms|s)\b", out)
        if m:
            value = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            lat[f"p{q}_ms"] = value
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {"rps": rps, **lat, "non_2xx": int(errors.group(1)) if errors else 0,
            "requests": int(total.group(1)) if total else None}


def check(url: str, body: str | None) -> int:
    """Rows of one answer (and that the server answers 200)."""
    if body is None:
        r = httpx.get(url, headers={"Accept": "application/sparql-results+json"}, timeout=120)
    else:
        r = httpx.post(url, data={"query": body}, headers={"Accept": "application/sparql-results+json"}, timeout=120)
    r.raise_for_status()
    return len(r.json()["results"]["bindings"])


def tree_pids(pid: int) -> set[int]:
    """A process and all its descendants (from /proc)."""
    pids, changed = {pid}, True
    while changed:
        changed = False
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) not in pids:
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid in pids:
                    pids.add(int(entry.name))
                    changed = True
    return pids


def cpu_seconds(pids: set[int]) -> float:
    """User + system CPU seconds of processes (those still alive)."""
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def http_matrix(name: str, url: str, queries: dict[str, str], seconds: int, folder: Path,
                named_base: str | None = None, pid: int | None = None) -> dict:
    """wrk cells; with the server's pid, also the server's CPU time per request (its main process
    and its children apart): a measure the machine's other load disturbs less than req/s."""
    out = {}
    for qname in (FLAGSHIP, AGGREGATE):
        rows = check(url, queries[qname])
        for c in (1, 8):
            log(f"wrk {name} {qname} c={c}")
            children = tree_pids(pid) - {pid} if pid else set()
            before = (cpu_seconds({pid}), cpu_seconds(children)) if pid else None
            cell = {**wrk(url, queries[qname], c, seconds, folder), "rows": rows}
            if before and cell.get("requests"):
                n = cell["requests"]
                cell["cpu_ms_per_request"] = {"main": (cpu_seconds({pid}) - before[0]) / n * 1000,
                                              "children": (cpu_seconds(children) - before[1]) / n * 1000}
            out[f"{qname}|{c}"] = cell
        if named_base:
            named = f"{named_base}/api/queries/{qname}"
            rows = check(named, None)
            for c in (1, 8):
                out[f"{qname} (named API)|{c}"] = {**wrk(named, None, c, seconds, folder), "rows": rows}
    return out


def tree_memory(pid: int) -> dict[str, float]:
    """RSS and PSS (MiB) of a process and all its descendants."""
    pids = tree_pids(pid)
    rss = pss = 0.0
    for p in pids:
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        rss += int(re.search(r"^Rss:\s+(\d+)", text, re.M).group(1)) / 1024
        pss += int(re.search(r"^Pss:\s+(\d+)", text, re.M).group(1)) / 1024
    return {"rss_mib": rss, "pss_mib": pss, "processes": len(pids)}


def profile(pid: int, seconds: int, out: Path) -> list[tuple[str, float]]:
    """py-spy samples of the process tree; the top functions by share of samples (self time)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        return []
    subprocess.run([spy, "record", "-p", str(pid), "--subprocesses", "-d", str(seconds), "-r", "250", "-f", "raw",
                    "-o", str(out), "--nonblocking"], capture_output=True, timeout=seconds + 60)
    if not out.exists():
        return []
    counts: dict[str, int] = {}
    total = 0
    for line in out.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        frames = stack.split(";")
        leaf = frames[-1]
        proc = frames[0][:40]
        key = f"{'worker' if 'spawn_main' in stack else 'http'}: {leaf}"
        counts[key] = counts.get(key, 0) + int(n)
        total += int(n)
        del proc
    return [(k, 100.0 * v / total) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:20]]


def section_http(queries: dict[str, str], seconds: int, quick: bool) -> dict:
    files = synth_files(paths(), 1)
    folder = Path(tempfile.mkdtemp(prefix="ttx-bench-"))
    res: dict[str, dict] = {}
    try:
        db = folder / "db"
        subprocess.run([sys.executable, "-m", "service.cli.main", "load", "--store", str(db), "--provinces", "1"],
                       cwd=ROOT, check=True, capture_output=True)
        # ttx's default (a graph this small is copied into each worker's memory) and the same on
        # disk (RocksDB, as `oxigraph serve --location` reads it): like-for-like pairs below
        configs = [(TTX_MEMORY, ["--workers", "2", "--http-workers", "1"]),
                   (TTX_DISK, ["--workers", "2", "--http-workers", "1", "--in-memory-max", "0"])]
        if quick:
            configs = configs[:1]
        for label, args in configs:
            with engines.ttx_server("--store", str(db), "--timeout", "30", *args) as t:
                base = t.url.rsplit("/", 1)[0]
                res[label] = http_matrix(label, t.url, queries, seconds, folder, named_base=base, pid=t.pid)
                if label == TTX_MEMORY:
                    log("py-spy profile of ttx serve under wrk c=8 (flagship)")
                    from urllib.parse import urlencode
                    script = folder / "prof.lua"
                    script.write_text(WRK_LUA.format(body=json.dumps(urlencode({"query": queries[FLAGSHIP]}))))
                    load = subprocess.Popen(["wrk", "-t", "2", "-c", "8", "-d", "8s", "-s", str(script), t.url],
                                            stdout=subprocess.DEVNULL)
                    time.sleep(1)
                    res["_profile"] = {"top": profile(t.pid, 5, folder / "profile.txt")}
                    load.wait()
                    res["_memory_ttx_N1"] = tree_memory(t.pid)
        with engines.oxigraph_server(files, union=True) as ox:
            res["oxigraph serve"] = http_matrix("oxigraph", ox.url, queries, seconds, folder, pid=ox.pid)
            res["_memory_oxigraph_N1"] = tree_memory(ox.pid)
        with engines.oxigraph_server(files, union=True, in_memory=True) as ox:
            res["oxigraph serve (in memory)"] = http_matrix("oxigraph-memory", ox.url, queries, seconds, folder,
                                                           pid=ox.pid)
        with engines.rdflib_endpoint_server(files) as re_:
            res["rdflib-endpoint"] = http_matrix("rdflib-endpoint", re_.url, queries, seconds, folder, pid=re_.pid)
        if engines.have_virtuoso() and not quick:
            with engines.virtuoso_server(files) as v:
                from service.store.remote import RemoteStore
                graphs = RemoteStore(v.url, base="https://w3id.org/ttx-kg", **engines.remote_options(v))
                graphs.refresh_counts()
                # Virtuoso: the same query text, with the dataset named in the URL (its default graph
                # holds its system graphs)
                from urllib.parse import urlencode
                url = v.url + "?" + urlencode([("default-graph-uri", g) for g in graphs.dataset])
                res["Virtuoso 7.2"] = http_matrix("virtuoso", url, queries, seconds, folder)
                graphs.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return res


# -- 3. load time and memory -----------------------------------------------------------------------

def timed_child(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a child process: its VmHWM, sampled every 0.1 s (ru_maxrss
    would include the bench's own memory, which a forked child inherits before exec)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while proc.poll() is None:
        try:
            m = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{proc.pid}/status").read_text())
            if m:
                peak = max(peak, int(m.group(1)) / 1024)
        except OSError:
            pass
        time.sleep(0.1)
    if proc.returncode != 0:
        raise RuntimeError(f"{args}: {proc.stderr.read().decode()[-1000:]}")
    return time.perf_counter() - start, peak


def section_scale(queries: dict[str, str], sizes: list[int]) -> dict:
    res: dict[str, dict] = {}
    folder = Path(tempfile.mkdtemp(prefix="ttx-bench-scale-"))
    try:
        for n in sizes:
            log(f"scale N={n}: synth, embedded load, oxigraph load, serving memory")
            t0 = time.perf_counter()
            files = synth_files(paths(), n)
            synth_s = time.perf_counter() - t0
            db = folder / f"db-{n}"
            load_s, load_rss = timed_child([sys.executable, "-m", "service.cli.main", "load", "--store", str(db),
                                            "--provinces", str(n)])
            nq = folder / f"data-{n}.nq"
            t0 = time.perf_counter()
            nq.write_bytes(engines.nquads_of(files))
            ox_load_s, ox_rss = timed_child([str(Path(sys.executable).parent / "oxigraph"), "load", "--location",
                                             str(folder / f"ox-{n}"), "--file", str(nq)])
            nq.unlink()
            entry = {"synth_s": synth_s, "embedded_load_s": load_s, "embedded_load_peak_rss_mib": load_rss,
                     "oxigraph_load_s": ox_load_s, "oxigraph_load_peak_rss_mib": ox_rss,
                     "disk_mib": sum(f.stat().st_size for f in db.rglob("*") if f.is_file()) / 2**20}
            with engines.ttx_server("--store", str(db), "--timeout", "60") as t:
                entry["triples"] = httpx.get(t.url.rsplit("/", 1)[0] + "/healthz").json()["triples"]
                lat = {}
                with httpx.Client(timeout=120) as client:  # one kept-alive connection, as a real client
                    for qname in (FLAGSHIP, AGGREGATE, "tasks-by-agency"):
                        samples = []
                        for _ in range(5):
                            s = time.perf_counter()
                            client.post(t.url, data={"query": queries[qname]},
                                        headers={"Accept": "application/sparql-results+json"}).raise_for_status()
                            samples.append(time.perf_counter() - s)
                        lat[qname] = quantiles(samples)
                entry["http_latency"] = lat
                entry["serving_memory"] = tree_memory(t.pid)
            shutil.rmtree(db, ignore_errors=True)
            shutil.rmtree(folder / f"ox-{n}", ignore_errors=True)
            res[str(n)] = entry
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return res


# -- 4. SHACL and build ----------------------------------------------------------------------------

def section_shacl(sizes: list[int]) -> dict:
    res = {}
    try:
        from service.validate import validate
    except ImportError as exc:
        return {"error": f"service.validate unavailable: {exc}"}
    for n in sizes:
        files = [f.path for f in synth_files(paths(), n) if "/graph/ontology" not in f.graph]
        log(f"SHACL (fast engine) N={n}")
        t0 = time.perf_counter()
        try:
            report = validate(paths(), files=files, engine="fast")
            res[str(n)] = {"seconds": time.perf_counter() - t0, "triples": report.triples,
                           "results": len(report.results), "timings": report.seconds}
        except Exception as exc:  # noqa: BLE001
            res[str(n)] = {"error": str(exc)[:300]}
    return res


def section_build() -> dict:
    out = Path(tempfile.mkdtemp(prefix="ttx-bench-build-")) / "plan.ttl"
    samples = []
    for _ in range(2):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "service.cli.main", "build", "--output", str(out), "--no-docs"],
                       cwd=ROOT, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    same = out.read_bytes() == paths().plan_out.read_bytes()
    shutil.rmtree(out.parent, ignore_errors=True)
    return {"seconds": samples, "identical_to_committed": same}


# -- main -------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--quick", action="store_true", help="small counts, no N = 630 (a smoke run)")
    ap.add_argument("--seconds", type=int, default=5, help="wrk duration per cell")
    ap.add_argument("--sections", default="queries,http,scale,shacl,build,per_province,rows")
    args = ap.parse_args(argv)
    sections = set(args.sections.split(","))
    results_path = HERE / "results.json"
    results: dict = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform(), "date": time.strftime("%Y-%m-%d %H:%M")}
    queries = prepared_queries()
    sizes = [1, 63] if args.quick else [1, 63, 630]
    from .report import write_report
    # HTTP last: the throughput ratios are the figures most sensitive to other load on the machine
    steps = [("queries", lambda: section_queries(queries, args.quick, results.get("queries"))),
             ("scale", lambda: section_scale(queries, sizes)),
             ("shacl", lambda: section_shacl([1, 2, 4, 8, 16, 63] if not args.quick else [1, 2])),
             ("build", section_build),
             ("per_province", lambda: section_per_province(queries)),
             ("rows", lambda: section_rows(queries)),
             ("http", lambda: section_http(queries, args.seconds, args.quick))]
    for name, step in steps:
        if name not in sections:
            continue
        results[name] = step()
        results_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        write_report(results, HERE / "REPORT.md", HERE / "report.png")
    log(f"wrote {HERE / 'REPORT.md'}")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    raise SystemExit(main())
