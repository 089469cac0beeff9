"""GET /api/search?q=…: labels and abbreviations, diacritics and case ignored."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from ..store.served import PoolUnavailable, QueryTimeout
from .errors import busy_error, documented, timeout_error

router = APIRouter(prefix="/api", tags=["search"])


class Hit(BaseModel):
    iri: str
    label: str
    matched: str
    score: float
    types: list[str]
    page: str


class SearchResults(BaseModel):
    query: str
    results: list[Hit]


# q or limit missing or out of range answers 400 bad_parameter (app.validation_error), not 422;
# 503 and 504 while the label index is first built
@router.get("/search", summary="Search labels (vi/en), abbreviations and notations", response_class=JSONResponse,
            responses={200: {"model": SearchResults}, **documented(400, 503, 504)})
async def search(request: Request, q: str = Query(..., min_length=1, max_length=200),
                 limit: int = Query(20, ge=1, le=100)) -> Response:
    state = request.app.state.ttx
    try:
        index = await state.label_index()
    except QueryTimeout as exc:
        return timeout_error(state, exc)
    except PoolUnavailable as exc:
        return busy_error(exc)
    hits = index.search(q, limit=limit)
    return JSONResponse({"query": q, "results": [
        {"iri": h.iri, "label": index.names.get(h.iri, h.label), "matched": h.label, "score": h.score,
         "types": list(h.types), "page": state.page_url(h.iri)} for h in hits]})
