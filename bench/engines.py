"""Start the engines we compare against, on 127.0.0.1 only, each in its own temporary
directory, and stop exactly the processes started here (by PID).

- `oxigraph_server(files)`: PyPI `oxigraph` (`oxigraph load` then `oxigraph serve`);
- `virtuoso_server(files)`: Debian `virtuoso-opensource` (`virtuoso-t -f` with a generated
  virtuoso.ini: HTTP and SQL ports bound to 127.0.0.1, DirsAllowed = its own folder, the
  `dba` password replaced by a random one before any data is loaded);
- `rdflib_endpoint_server(files)`: PyPI `rdflib-endpoint` over an in-memory rdflib Graph;
- `ttx_server(*args)`: `ttx serve` (tests/servers.py has the same for the test suite).

Used by tests/test_engines.py, tests/test_load_faults.py and `python -m bench`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tool(name: str) -> str | None:
    local = BIN / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def have_oxigraph() -> bool:
    return _tool("oxigraph") is not None


def have_virtuoso() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def have_rdflib_endpoint() -> bool:
    return _tool("rdflib-endpoint") is not None


@dataclass
class Engine:
    name: str
    url: str  # the SPARQL query endpoint
    process: subprocess.Popen
    folder: Path
    options: dict[str, str] = field(default_factory=dict)  # RemoteStore options (auth, engine…)
    log: Path | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        _stop(self.process)

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


def _stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    try:
        os.kill(proc.pid, signal.SIGCONT)
    except ProcessLookupError:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def _wait_http(url: str, proc: subprocess.Popen, startup: float, log: Path | None = None,
               ok: tuple[int, ...] = (200,)) -> None:
    deadline = time.monotonic() + startup
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}: {tail}")
        try:
            if httpx.get(url, timeout=2).status_code in ok:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    _stop(proc)
    raise RuntimeError(f"{url} did not answer within {startup:g} s")


def nquads_of(files) -> bytes:
    """The dataset files as one N-Quads document (each file in its named graph)."""
    from service.store import EmbeddedStore
    store = EmbeddedStore()
    store.load(files)
    return store.dump("nquads")


# -- Oxigraph server ---------------------------------------------------------------------------

def oxigraph_load(location: Path, files, *, data: Path | None = None) -> float:
    """`oxigraph load` the dataset into `location`; seconds taken."""
    folder = location.parent
    nq = data or folder / "data.nq"
    if data is None:
        nq.write_bytes(nquads_of(files))
    start = time.perf_counter()
    subprocess.run([_tool("oxigraph"), "load", "--location", str(location), "--file", str(nq)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


@contextmanager
def oxigraph_server(files=None, *, location: Path | None = None, timeout_s: float | None = None,
                    port: int | None = None, union: bool = False, startup: float = 60.0,
                    data: Path | None = None, in_memory: bool = False) -> Iterator[Engine]:
    """`oxigraph serve` on 127.0.0.1 over a store loaded with `files` (or an existing
    `location`); with union=False the default graph is the (empty) default graph, as the
    server ships — RemoteStore then sends default-graph-uri for each named graph. With
    in_memory, the server runs without --location (its in-memory store) and `files` are
    POSTed to its /store after it starts."""
    folder = Path(tempfile.mkdtemp(prefix="ttx-oxigraph-"))
    loc = location or folder / "store"
    if (files is not None or data is not None) and not in_memory:
        oxigraph_load(loc, files, data=data)
    port = port or free_port()
    args = [_tool("oxigraph"), "serve", "--bind", f"127.0.0.1:{port}"]
    if not in_memory:
        args += ["--location", str(loc)]
    if timeout_s:
        args += ["--timeout-s", str(int(timeout_s))]
    if union:
        args.append("--union-default-graph")
    log = folder / "server.log"
    proc = subprocess.Popen(args, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    engine = Engine("oxigraph", url + "/query", proc, folder, {"engine": "oxigraph"}, log)
    try:
        _wait_http(url + "/query?query=ASK%7B%7D", proc, startup, log)
        if in_memory and files is not None:
            import httpx
            httpx.post(url + "/store", content=nquads_of(files), headers={"Content-Type": "application/n-quads"},
                       timeout=600).raise_for_status()
        yield engine
    finally:
        _stop(engine.process)  # the process now serving (a test may have restarted it)
        _stop(proc)
        if location is None:
            shutil.rmtree(folder, ignore_errors=True)


def restart_oxigraph(engine: Engine, startup: float = 60.0) -> None:
    """Start the same server again on the same port and store (after a kill)."""
    _stop(engine.process)
    args = list(engine.process.args)
    engine.process = subprocess.Popen(args, stdout=open(engine.log, "ab"), stderr=subprocess.STDOUT)
    _wait_http(engine.url + "?query=ASK%7B%7D", engine.process, startup, engine.log)


# -- Virtuoso open source ----------------------------------------------------------------------

VIRTUOSO_INI = """\
; generated by ttx-kg bench/engines.py: loopback only, its own folder only
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 20
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = {d}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 1G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 1
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = {buffers}
MaxDirtyBuffers          = {dirty}

[HTTPServer]
ServerPort                  = 127.0.0.1:{http}
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 20
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
DefaultMailServer           = localhost:25
ServerThreads               = 20
MaxKeepAlives               = 20
KeepAliveTimeout            = 10
MaxCachedProxyConnections   = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[VDB]
ArrayOptimization           = 0
NumArrayParameters          = 10
VDBDisconnectTimeout        = 1000
KeepConnectionOnFixedThread = 0

[Replication]
ServerName   = ttx
ServerEnable = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:{http}

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = {max_seconds}
"""


def _isql(sql_port: int, password: str, statements: str, timeout: float = 600) -> str:
    out = subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", password, "VERBOSE=OFF", "BANNER=OFF",
                          "PROMPT=OFF", "ERRORS=STDOUT"], input=statements + "\n", capture_output=True,
                         text=True, timeout=timeout)
    if "*** Error" in out.stdout or out.returncode != 0:
        raise RuntimeError(f"isql failed: {out.stdout[-2000:]} {out.stderr[-1000:]}")
    return out.stdout


@contextmanager
def virtuoso_server(files=None, *, startup: float = 120.0, max_rows: int = 1_000_000, max_seconds: int = 60,
                    memory_mb: int = 1024, bulk: bool = False) -> Iterator[Engine]:
    """Virtuoso with a fresh database in a temporary folder, loaded with `files` over the
    Graph Store HTTP Protocol (RemoteStore.replace), or with `bulk=True` by ld_dir/rdf_loader_run
    from its DirsAllowed folder (faster for big inputs)."""
    folder = Path(tempfile.mkdtemp(prefix="ttx-virtuoso-"))
    sql, http = free_port(), free_port()
    buffers = max(10000, memory_mb * 1024 * 1024 // 8192 * 2 // 3)
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
        d=folder, sql=sql, http=http, buffers=buffers, dirty=buffers * 3 // 4, max_rows=max_rows,
        max_seconds=max_seconds))
    log = folder / "stdout.log"
    proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http}"
    password = "t" + secrets.token_hex(16)  # letters and digits only: isql takes it as a bare word
    try:
        _wait_http(url + "/sparql?query=ASK%7B%7D", proc, startup, folder / "virtuoso.log")
        # A fresh database has dba/dba: replace it before anything else (the ports are loopback-only).
        _isql(sql, "dba", f"set password dba {password};")
        engine = Engine("virtuoso", url + "/sparql", proc, folder,
                        {"engine": "virtuoso", "user": "dba", "password": password, "auth": "digest"},
                        folder / "virtuoso.log")
        engine.options["sql_port"] = str(sql)
        if files is not None:
            if bulk:
                virtuoso_bulk_load(engine, files)
            else:
                from service.store.remote import RemoteStore
                store = RemoteStore(engine.url, **_remote_options(engine))
                store.replace(files)
                store.close()
        yield engine
    finally:
        _stop(proc, grace=30)
        shutil.rmtree(folder, ignore_errors=True)


def virtuoso_bulk_load(engine: Engine, files) -> float:
    """Virtuoso's own bulk loader (ld_dir + rdf_loader_run), one N-Quads file per graph in its
    DirsAllowed folder. Seconds taken."""
    start = time.perf_counter()
    by_graph: dict[str, list] = {}
    for f in files:
        by_graph.setdefault(f.graph, []).append(f)
    staging = engine.folder / "load"
    staging.mkdir(exist_ok=True)
    for i, (graph, group) in enumerate(by_graph.items()):
        (staging / f"g{i}.nq").write_bytes(nquads_of(group))
    sql_port = int(engine.options["sql_port"])
    _isql(sql_port, engine.options["password"],
          f"ld_dir('{staging}', '*.nq', 'http://example.org/unused');\nrdf_loader_run();\ncheckpoint;")
    return time.perf_counter() - start


def _remote_options(engine: Engine) -> dict[str, str]:
    return {k: v for k, v in engine.options.items() if k in ("engine", "user", "password", "auth")}


def remote_options(engine: Engine) -> dict[str, str]:
    """The RemoteStore keyword options for this engine (auth, engine kind)."""
    return _remote_options(engine)


# -- rdflib-endpoint ---------------------------------------------------------------------------

@contextmanager
def rdflib_endpoint_server(files, *, startup: float = 300.0) -> Iterator[Engine]:
    """rdflib-endpoint over the union of the dataset (one N-Triples file; it has no named graphs)."""
    folder = Path(tempfile.mkdtemp(prefix="ttx-rdflib-endpoint-"))
    from service.store import EmbeddedStore
    store = EmbeddedStore()
    store.load(files)
    union = folder / "union.nt"
    union.write_bytes(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize("ntriples"))
    del store
    port = free_port()
    log = folder / "server.log"
    proc = subprocess.Popen([_tool("rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port),
                             str(union)], stdout=open(log, "wb"), stderr=subprocess.STDOUT, cwd=folder)
    url = f"http://127.0.0.1:{port}/"  # rdflib-endpoint serves SPARQL at its root
    try:
        _wait_http(url + "?query=ASK%7B%7D", proc, startup, log)
        yield Engine("rdflib-endpoint", url, proc, folder, {"engine": "generic"}, log)
    finally:
        _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


# -- ttx serve ---------------------------------------------------------------------------------

@contextmanager
def ttx_server(*args: str, env: dict[str, str] | None = None, startup: float = 600.0) -> Iterator[Engine]:
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="ttx-serve-"))
    log = folder / "server.log"
    cmd = [sys.executable, "-m", "service.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url + "/healthz", proc, startup, log)
        yield Engine("ttx", url + "/sparql", proc, folder, {}, log)
    finally:
        _stop_group(proc)
        shutil.rmtree(folder, ignore_errors=True)


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop `ttx serve` and the worker processes it started (its own session, by its PID)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # leftover workers of that session, if any
    except (ProcessLookupError, PermissionError):
        pass
