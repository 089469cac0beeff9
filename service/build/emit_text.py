"""The decision, its legal bases and articles, and the plan's Sections I–V."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from .context import Context, gyear
from .emit_appendices import dataset_of, emit_target
from .errors import SourceError
from .iris import ELI, QUDT, TTX, slug
from .plantext import Clause, DecisionHeader
from .targets import CATEGORY_NAMES, Value, city_class, phrases

KIND_CLASS = {
    "purpose": TTX.Purpose, "principle": TTX.Principle, "general-objective": TTX.GeneralObjective,
    "specific-objective": TTX.SpecificObjective, "orientation": TTX.Orientation,
    "responsibility": TTX.Responsibility, "responsibility-item": TTX.Responsibility,
    "funding-arrangement": TTX.FundingArrangement, "reporting-duty": TTX.ReportingDuty, "note": TTX.PlanComponent,
}
INSTRUMENT_CLASS = {"QĐ": TTX.Decision, "NĐ": TTX.Decree, "TT": TTX.Circular, "NQ": TTX.Resolution,
                    "TTr": TTX.Submission}
TYPE_EN = {"QĐ": "Decision", "NĐ": "Decree", "TT": "Circular", "NQ": "Resolution", "TTr": "Submission"}
TYPE_VI = {"QĐ": "Quyết định", "NĐ": "Nghị định", "TT": "Thông tư", "NQ": "Nghị quyết", "TTr": "Tờ trình"}
_NUMBER = re.compile(r"^(\d+)/(?:(\d{4})/)?(QĐ|NĐ|TT|NQ|TTr)-([A-Za-zĐđ]+)$")
_REFERENCE = re.compile(r"(Quyết định|Nghị định|Thông tư|Nghị quyết) số (\S+?) ngày (\d{1,2})/(\d{1,2})/(\d{4})")
_DEADLINE = re.compile(r"trước ngày (\d{1,2}) tháng (\d{1,2})")


@dataclass(frozen=True)
class Instrument:
    iri: URIRef
    kind: str


def instrument(ctx: Context, number: str, when: date, line: int | None = None) -> Instrument:
    m = _NUMBER.match(number)
    if not m:
        raise SourceError(f"cannot read the legal instrument number '{number}'", file=ctx.src.path, line=line)
    num, _year, kind, issuer = m.groups()
    iri = ctx.iris.legal(f"{slug(kind)}-{num}-{slug(issuer)}-{when.year}")
    if (iri, ELI.id_local, None) not in ctx.graph:
        ctx.typed(iri, INSTRUMENT_CLASS[kind])
        ctx.add(iri, ELI.id_local, Literal(number))
        ctx.add(iri, ELI.date_document, Literal(when.isoformat(), datatype=XSD.date))
        ctx.labels(iri, f"{TYPE_VI[kind]} số {number} ngày {when.day:02d}/{when.month:02d}/{when.year}",
                   f"{TYPE_EN[kind]} No. {number} of {when.isoformat()}")
    return Instrument(iri, kind)


def emit_decision(ctx: Context, d: DecisionHeader, plan_clauses: list[Clause]) -> URIRef:
    dec = instrument(ctx, d.number, d.date, d.header_line.number).iri
    plan = ctx.iris.plan
    issuer = ctx.actor(d.issuer, d.header_line, "decision")
    ctx.add(dec, ELI.passed_by, issuer)
    ctx.add(dec, ELI.title, Literal(d.title, lang="vi"))
    ctx.add(dec, ELI.title, Literal(ctx.en.en("plan-text", "D.title", d.title), lang="en"))
    ctx.add(dec, TTX.signerBlock, Literal(d.signer_block))
    ctx.note(dec, "the scraped text keeps the signer block 'TM. ỦY BAN NHÂN DÂN' but not the signer's name")
    ctx.add(dec, DCTERMS.spatial, ctx.iris.place("ben-tre"))
    ctx.provenance(dec, d.header_line, "Quyết định, phần đầu")
    ctx.add(dec, TTX.issues, plan)
    ctx.add(plan, TTX.issuedBy, dec)
    for basis in d.bases:
        ctx.add(dec, ELI.based_on, _basis(ctx, basis))
    for art in d.articles:
        node = URIRef(f"{dec}/article/{art.key.split('.', 1)[1]}")
        ctx.typed(node, ELI.LegalResourceSubdivision)
        ctx.add(node, ELI.is_part_of, dec)
        ctx.add(dec, ELI.has_part, node)
        ctx.notation(node, art.key)
        ctx.labels(node, art.text, ctx.en.en(_table(ctx, art.key), art.key, art.text))
        where = f"Điều {art.attrs['number']}" if "number" in art.attrs else "Quyết định, hiệu lực"
        ctx.provenance(node, art.line, where)
        references(ctx, node, art.text)
        if art.key == "D.3":
            focal = ctx.actors.scan_text(art.text)
            if not focal:
                raise ctx.src.error("Điều 3 names no focal agency", art.line, "D.3")
            ctx.add(plan, TTX.focalAgency, focal[0].actor)
        if art.key == "D.effect" and "kể từ ngày ký" in art.text:
            ctx.add(dec, ELI.date_applicability, Literal(d.date.isoformat(), datatype=XSD.date))
        if art.key == "D.1":
            m = re.search(r"(Kế hoạch .+?)\.?$", art.text)
            if not m:
                raise ctx.src.error("Điều 1 does not name the plan it issues", art.line, "D.1")
            title = m.group(1)
            ctx.labels(plan, title[:1].upper() + title[1:],
                       "Green Growth Action Plan of Bến Tre Province for the period 2021 - 2030")
            years = re.search(r"(\d{4})\s*-\s*(\d{4})", title)
            if years:
                ctx.add(plan, TTX.startYear, gyear(int(years.group(1))))
                ctx.add(plan, TTX.endYear, gyear(int(years.group(2))))
    ctx.typed(plan, TTX.Plan)
    ctx.add(plan, DCTERMS.spatial, ctx.iris.place("ben-tre"))
    for c in plan_clauses:
        if c.key.startswith("PLAN.basis"):
            m = re.search(r"số (\S+) ngày (\d+) tháng (\d+) năm (\d{4})", c.text)
            if not m:
                raise ctx.src.error("plan basis without a decision number and date", c.line, c.key)
            inst = instrument(ctx, m.group(1), date(int(m.group(4)), int(m.group(3)), int(m.group(2))), c.line.number)
            ctx.add(plan, ELI.based_on, inst.iri)
            ctx.add(plan, TTX.followsGuidance if "Hướng dẫn" in c.text else TTX.implements, inst.iri)
        elif c.key == "PLAN.title":
            ctx.add(plan, DCTERMS.title, Literal("KẾ HOẠCH " + c.text, lang="vi"))
        elif c.key == "PLAN.intro":
            ctx.add(plan, DCTERMS.description, Literal(c.text, lang="vi"))
            ctx.add(plan, DCTERMS.description, Literal(ctx.en.en("extra", c.key, c.text), lang="en"))
    return dec


def _table(ctx: Context, key: str) -> str:
    return "plan-text" if key in ctx.en.tables.get("plan-text", {}) else "extra"


def _basis(ctx: Context, basis) -> URIRef:
    if basis.kind == "law":
        key = slug(basis.title)
        iri = ctx.iris.legal(f"{key}-{basis.date.year}")
        ctx.typed(iri, TTX.Law)
        ctx.labels(iri, basis.title, ctx.en.en("extra", f"LAW.{key}", basis.title))
        ctx.add(iri, ELI.date_document, Literal(basis.date.isoformat(), datatype=XSD.date))
        ctx.add(iri, ELI.title, Literal(basis.title, lang="vi"))
        ctx.provenance(iri, basis.line, "Quyết định, căn cứ")
        return iri
    inst = instrument(ctx, basis.number, basis.date, basis.line.number)
    issuers = ctx.actors.scan_text(basis.issuer)
    if not issuers:
        raise ctx.src.error(f"unknown issuer '{basis.issuer}'", basis.line, basis.number)
    ctx.add(inst.iri, ELI.passed_by, issuers[0].actor)
    if basis.kind == "decision":
        ctx.add(inst.iri, ELI.title, Literal(basis.title, lang="vi"))
    ctx.provenance(inst.iri, basis.line, "Quyết định, căn cứ")
    return inst.iri


def references(ctx: Context, s: URIRef, text: str) -> None:
    """Legal instruments a text cites ('Nghị định số 06/2022/NĐ-CP ngày 07/01/2022 của Chính phủ')."""
    for m in _REFERENCE.finditer(text):
        when = date(int(m.group(5)), int(m.group(4)), int(m.group(3)))
        inst = instrument(ctx, m.group(2), when).iri
        ctx.add(s, DCTERMS.references, inst)
        after = text[m.end():]
        if after.startswith(" của "):
            issuer = ctx.actors.scan_text(" ".join(after[5:].split()[:5]))
            if issuer and issuer[0].start == 0:
                ctx.add(inst, ELI.passed_by, issuer[0].actor)


# -- Sections I–V ---------------------------------------------------------
def clause_iri(ctx: Context, c: Clause) -> URIRef | None:
    parts = c.key.split(".")
    if c.kind == "purpose":
        return ctx.iris.clause(f"purpose/{parts[1]}")
    if c.kind == "principle":
        return ctx.iris.clause(f"principle/{parts[2]}")
    if c.kind == "general-objective":
        return ctx.iris.clause("objective/general")
    if c.kind == "specific-objective":
        return ctx.iris.clause(f"objective/{c.attrs['year']}/{parts[3]}/{parts[4]}")
    if c.kind == "orientation":
        return ctx.iris.clause(f"orientation/{parts[1]}")
    if c.kind in ("responsibility", "responsibility-item"):
        return ctx.iris.clause("responsibility/" + "/".join(parts[2:] if parts[1] == "1" else parts[1:]))
    if c.kind == "funding-arrangement":
        return ctx.iris.clause(f"funding-arrangement/{parts[2]}")
    if c.kind == "reporting-duty":
        return ctx.iris.clause(f"reporting-duty/{parts[2]}")
    if c.kind == "note":
        return ctx.iris.clause(f"clause/{c.key}")
    return None


def location_of(c: Clause) -> str:
    parts = c.key.split(".")
    if len(parts) > 1 and parts[-1].isdigit():
        return f"Mục {'.'.join(parts[:-1])}, gạch đầu dòng {parts[-1]}"
    return f"Mục {c.key}"


def emit_sections(ctx: Context, clauses: list[Clause], indicators: dict[int, URIRef], curation: Path) -> None:
    by_key = {c.key: c for c in clauses}
    links = _objective_links(ctx, curation)
    themes = [c for c in clauses if c.kind == "theme-count"]
    for i, c in enumerate(themes, start=1):
        theme = ctx.iris.theme(str(i))
        ctx.add(theme, TTX.declaredTaskCount, Literal(c.attrs["count"], datatype=XSD.integer))
        ctx.add(theme, TTX.shortTitle, Literal(c.text, lang="vi"))
        ctx.add(theme, TTX.shortTitle, Literal(ctx.en.en("plan-text", c.key, c.text), lang="en"))
        ctx.add(theme, TTX.sourceLocation, Literal(location_of(c), lang="vi"))
    for c in clauses:
        if c.key == "IV.intro":
            ctx.add(ctx.iris.plan, TTX.declaredThemeCount, Literal(c.attrs["themes"], datatype=XSD.integer))
            ctx.add(ctx.iris.plan, TTX.declaredTaskTotal, Literal(c.attrs["tasks"], datatype=XSD.integer))
        s = clause_iri(ctx, c)
        if s is None:
            continue
        parent = _parent(ctx, c, by_key)
        ctx.component(s, KIND_CLASS[c.kind], c.key, parent)
        ctx.labels(s, c.text, ctx.en.en(_table(ctx, c.key), c.key, c.text))
        ctx.provenance(s, c.line, location_of(c))
        for note in c.notes:
            ctx.note(s, note)
        references(ctx, s, c.text)
        if c.kind == "specific-objective":
            ctx.add(s, TTX.targetYear, gyear(c.attrs["year"]))
            ctx.add(s, TTX.objectiveGroup, ctx.iris.code("objective-group", c.attrs["group"]))
            _objective_targets(ctx, s, c, links.get(c.key, []), indicators)
        elif c.kind in ("responsibility", "responsibility-item", "funding-arrangement", "reporting-duty"):
            _actors(ctx, s, c, by_key)


def _parent(ctx: Context, c: Clause, by_key: dict[str, Clause]) -> URIRef:
    if c.kind in ("responsibility-item",) or (c.kind == "reporting-duty" and c.key.startswith("V.1.")):
        head = by_key.get(c.key.rsplit(".", 1)[0])
        if head is not None:
            iri = clause_iri(ctx, head)
            if iri is not None:
                return iri
    return ctx.iris.plan


ROLE_WORDS = ("chủ trì", "chịu trách nhiệm", "có trách nhiệm", "là cơ quan", "theo chức năng", "căn cứ",
              "định kỳ")
COOPERATION = re.compile(r"phối hợp với\s+(.+?)(?:;|\.|\s+(?:trình|chịu trách nhiệm|triển khai|để|cân đối|"
                         r"bổ sung|tổ chức|tuyên truyền)\b|$)")


def _responsible(ctx: Context, text: str, heading: bool) -> list:
    """Who a clause makes responsible: the names before its first role verb ('chủ trì',
    'chịu trách nhiệm', …); a heading that is only names ('Sở Kế hoạch và Đầu tư') makes all
    of them responsible."""
    mentions = ctx.actors.scan_text(text)
    low = text.casefold()
    cut = min((low.find(w) for w in ROLE_WORDS if w in low), default=-1)
    if cut >= 0:
        return [m for m in mentions if m.end <= cut]
    return mentions if heading else mentions[:1]


def _actors(ctx: Context, s: URIRef, c: Clause, by_key: dict[str, Clause]) -> None:
    head = by_key.get(c.key.rsplit(".", 1)[0]) if c.kind == "responsibility-item" else None
    heading = c.kind == "responsibility" and any(k.startswith(c.key + ".") for k in by_key)
    own = [] if c.kind == "funding-arrangement" and "chủ trì" not in c.text else _responsible(ctx, c.text, heading)
    if head is not None and (not own or own[0].start > 5):
        # an item that starts with a verb ('Nghiên cứu…', 'Tổ chức…') is the heading's duty
        own = _responsible(ctx, head.text, True)
    for m in own:
        ctx.add(s, TTX.responsibleAgency, m.actor)
    cooperating = []
    for seg in COOPERATION.finditer(c.text):
        cooperating += [m for m in ctx.actors.scan_text(seg.group(1)) if all(m.actor != r.actor for r in own)]
    for m in cooperating:
        ctx.add(s, TTX.cooperatingAgency, m.actor)
    duty = c.kind == "reporting-duty" or c.text.startswith("Định kỳ hàng năm, báo cáo")
    if not duty:
        return
    ctx.typed(s, TTX.ReportingDuty)
    for m in own:
        ctx.add(s, TTX.reporter, m.actor)
    recipient = _recipient(ctx, c.text)
    if recipient is None:
        raise ctx.src.error("reporting duty without a recipient ('về …' or 'trình …')", c.line, c.key)
    ctx.add(s, TTX.recipient, recipient)
    if "hàng năm" in c.text:
        ctx.add(s, TTX.periodKind, ctx.iris.code("period-kind", "annual"))
    if m := _DEADLINE.search(c.text):
        ctx.add(s, TTX.deadline, Literal(f"--{int(m.group(2)):02d}-{int(m.group(1)):02d}", datatype=XSD.gMonthDay))


def _recipient(ctx: Context, text: str) -> URIRef | None:
    """The body reported to: the first name after 'về' or 'trình' that follows 'báo cáo'."""
    start = text.find("báo cáo")
    for word in (" về ", " trình "):
        at = text.find(word, max(start, 0))
        if at >= 0:
            found = ctx.actors.scan_text(text[at:])
            if found:
                return found[0].actor
    return None


def _objective_links(ctx: Context, curation: Path) -> dict[str, list[tuple[int, str, int, str, int]]]:
    path = curation / "objective-targets.tsv"
    out: dict[str, list[tuple[int, str, int, str, int]]] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    header_seen = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cols = raw.split("\t")
        if len(cols) != 5 or not cols[1].isdigit() or not cols[3].isdigit():
            raise SourceError("expected objective, phrase, phrase_text, indicator, category", file=path, line=number)
        out.setdefault(cols[0], []).append((int(cols[1]), cols[2], int(cols[3]), cols[4].strip(), number))
    return out


def _objective_targets(ctx: Context, s: URIRef, c: Clause, links, indicators: dict[int, URIRef]) -> None:
    found = phrases(c.text)
    dataset = ctx.iris.clause("objective-targets")
    if links:
        dataset_of(ctx, dataset, "Mục tiêu cụ thể của Mục II (2025, 2030)",
                 "Specific targets of Section II (2025, 2030)")
    for i, (index, text, number, cat, line) in enumerate(links, start=1):
        where = f"data/curation/objective-targets.tsv:{line}"
        if index > len(found) or found[index - 1].text != text:
            got = found[index - 1].text if index <= len(found) else "nothing"
            raise SourceError(f"{where}: phrase {index} of {c.key} is '{got}', not '{text}'",
                              file=ctx.src.path, line=c.line.number, row=c.key)
        if number not in indicators:
            raise SourceError(f"{where}: indicator {number} does not exist", row=c.key)
        value = found[index - 1].value
        if "năm một lần" in c.text and value.comparator == "eq":
            value = Value("frequency", "eq", value.value)
        if cat:
            named = {v[0]: v for v in CATEGORY_NAMES.values()}
            category = named.get(cat) or (city_class(cat.rsplit("-", 1)[1]) if cat.startswith("do-thi-loai-") else None)
            if category is None:
                raise SourceError(f"{where}: unknown category '{cat}'", row=c.key)
            value = Value(value.kind, value.comparator, value.value, value.minimum, value.maximum, category)
        t = URIRef(f"{s}/target/{i}")
        unit = ctx.graph.value(indicators[number], QUDT.unit) if found[index - 1].percent else None
        emit_target(ctx, t, indicators[number], number, c.attrs["year"], value, text, dataset, unit)
        ctx.add(s, TTX.hasTarget, t)
        ctx.add(s, TTX.measuredBy, indicators[number])
