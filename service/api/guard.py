"""Look at a query before evaluating it: its form, and whether it would reach outside
(SERVICE, LOAD, FROM/FROM NAMED on graphs we do not hold). pyoxigraph federates SERVICE
calls with its own HTTP client and Python has no switch to turn that off, so the refusal
must happen here, before the query reaches the engine.

The lexer drops comments, strings and IRIs' contents so that a keyword inside a literal
or an IRI never counts, and so that 'SERVICE' hidden in a string cannot bypass the check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def inspect(text: str) -> QueryInfo:
    # SPARQL allows \uXXXX escapes anywhere in the query text, keywords included.
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    info = QueryInfo()
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind == "comment":
            continue
        tokens.append((kind, m.group(0)))
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
