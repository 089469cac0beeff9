"""Look at a query before evaluating it: its form, and whether it would reach outside
(SERVICE, LOAD, FROM/FROM NAMED on graphs we do not hold). pyoxigraph federates SERVICE
calls with its own HTTP client and Python has no switch to turn that off, so the refusal
must happen here, before the query reaches the engine.

The lexer drops comments, strings and IRIs' contents so that a keyword inside a literal
or an IRI never counts, and so that 'SERVICE' hidden in a string cannot bypass the check.

The same lexer lets the protocol handler apply an update's dataset parameters
(using-graph-uri, using-named-graph-uri): pyoxigraph's update takes no dataset arguments,
so `USING <g>` / `USING NAMED <g>` clauses are written into each operation that has a
WHERE, at positions found on real keyword tokens only (see `with_using`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<lstring>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*:[^\s{}()\[\];,]*|:[^\s{}()\[\];,]*)
  | (?P<word>[A-Za-z]+)
  | (?P<other>\S)
""", re.VERBOSE)

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass
class QueryInfo:
    form: str | None = None  # SELECT | ASK | CONSTRUCT | DESCRIBE, None if not a query
    update: bool = False
    service: list[str] = field(default_factory=list)  # IRIs or '?var'
    load: list[str] = field(default_factory=list)
    from_default: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    relative_iris: bool = False  # an IRI without a scheme: resolved against the endpoint's URL


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _codepoint(m: re.Match[str]) -> str:
    value = int(m.group(1) or m.group(2), 16)
    # not a character: left as written, so that the engine reports the syntax error
    return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else m.group(0)


def unescape(text: str) -> str:
    """SPARQL allows \\uXXXX and \\UXXXXXXXX escapes anywhere in the text, keywords included;
    they are replaced before parsing (SPARQL 1.1 Query §19.2), by the engine as here."""
    return _ESCAPE.sub(_codepoint, text)


@dataclass(frozen=True)
class Token:
    kind: str  # a group name of _TOKEN
    value: str
    start: int
    end: int


def lex(text: str) -> list[Token]:
    """Tokens of (already unescaped) text with their offsets; comments dropped."""
    return [Token(m.lastgroup or "other", m.group(0), m.start(), m.end())
            for m in _TOKEN.finditer(text) if m.lastgroup != "comment"]


@lru_cache(maxsize=1024)
def inspect(text: str) -> QueryInfo:
    """What the query is and what it reaches. Cached by text: clients repeat the same query
    text (named queries, dashboards), and lexing it is a large share of a small query's cost
    in this process. Callers must not modify the returned QueryInfo."""
    info = QueryInfo()
    lexed = lex(unescape(text))
    info.relative_iris = any(t.kind == "iri" and not _SCHEME.match(t.value[1:-1]) for t in lexed)
    tokens = [(t.kind, t.value) for t in lexed]
    for i, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        word = value.upper()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if word in FORMS and info.form is None and not info.update:
            info.form = word
        elif word in UPDATE_WORDS and info.form is None:
            info.update = True
        if word == "SERVICE":
            target = nxt
            if target[0] == "word" and target[1].upper() == "SILENT":
                target = tokens[i + 2] if i + 2 < len(tokens) else ("", "")
            info.service.append(target[1].strip("<>") if target[0] == "iri" else target[1] or "?")
        elif word == "LOAD":
            target = nxt
            if target[0] == "word" and target[1].upper() == "SILENT":
                target = tokens[i + 2] if i + 2 < len(tokens) else ("", "")
            info.load.append(target[1].strip("<>"))
        elif word == "FROM":
            if nxt[0] == "word" and nxt[1].upper() == "NAMED":
                target = tokens[i + 2] if i + 2 < len(tokens) else ("", "")
                info.from_named.append(target[1].strip("<>"))
            else:
                info.from_default.append(nxt[1].strip("<>"))
    return info


def refusal(info: QueryInfo, *, local_graphs: set[str], allow: tuple[str, ...]) -> str | None:
    """Why the query must not run, or None."""
    for target in info.service:
        if not target.startswith(allow) or not allow:
            return (f"SERVICE <{target}> is not allowed: federated queries are off "
                    "(an operator can allow endpoint prefixes with TTX_SERVICE_ALLOW)")
    for target in info.load:
        return f"LOAD <{target}> is not allowed on this server"
    for target in info.from_default + info.from_named:
        if target not in local_graphs:
            return (f"FROM <{target}> names a graph this server does not hold; remote graphs are never "
                    f"fetched (local graphs: {', '.join(sorted(local_graphs))})")
    return None


class UpdateDatasetError(ValueError):
    """The update's dataset parameters cannot be applied to this update."""


def dataset_clauses(update: str) -> list[str]:
    """The USING / WITH keywords the update itself has (real tokens, not text in strings)."""
    return sorted({t.value.upper() for t in lex(unescape(update))
                   if t.kind == "word" and t.value.upper() in ("USING", "WITH")})


def _is(token: Token | None, word: str) -> bool:
    return token is not None and token.kind == "word" and token.value.upper() == word


def with_using(update: str, default: list[str], named: list[str]) -> str:
    """The update with the protocol's using-graph-uri / using-named-graph-uri applied as
    `USING <g>` / `USING NAMED <g>` before the WHERE of every operation that has one
    (SPARQL 1.1 Protocol §2.2.3). `DELETE WHERE { P }` takes no USING, so it becomes its
    long form `DELETE { P } USING … WHERE { P }`. Operations without WHERE (INSERT DATA,
    CLEAR, DROP, …) are left as they are. An update that has USING or WITH of its own
    conflicts with the parameters: UpdateDatasetError."""
    if not default and not named:
        return update
    for iri in default + named:
        if not iri or any(c in iri for c in '<>"{}|^`\\') or any(ord(c) <= 0x20 for c in iri):
            raise UpdateDatasetError(f"not an IRI: {iri!r}")
    if dataset_clauses(update):
        raise UpdateDatasetError("using-graph-uri / using-named-graph-uri cannot be combined with an update "
                                 f"that has its own {' / '.join(dataset_clauses(update))} clause")
    text = unescape(update)
    using = " ".join([f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named])
    tokens = lex(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) on `text`
    depth = 0
    previous: Token | None = None
    for i, tok in enumerate(tokens):
        if tok.kind == "other" and tok.value == "{":
            depth += 1
        elif tok.kind == "other" and tok.value == "}":
            depth -= 1
        elif depth == 0 and _is(tok, "WHERE"):
            if _is(previous, "DELETE"):
                close = _matching_brace(tokens, i + 1)
                if close is None:
                    return text  # malformed: the engine reports the syntax error
                block = text[tokens[i + 1].start:tokens[close].end]
                edits.append((tok.start, tok.end, f"{block} {using} WHERE"))
            else:
                edits.append((tok.start, tok.start, f"{using} "))
        previous = tok
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def _matching_brace(tokens: list[Token], i: int) -> int | None:
    if i >= len(tokens) or tokens[i].value != "{" or tokens[i].kind != "other":
        return None
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].kind == "other" and tokens[j].value == "{":
            depth += 1
        elif tokens[j].kind == "other" and tokens[j].value == "}":
            depth -= 1
            if depth == 0:
                return j
    return None
