"""GET /api/search?q=…: labels and abbreviations, diacritics and case ignored."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", summary="Search labels (vi/en), abbreviations and notations")
async def search(request: Request, q: str = Query(..., min_length=1, max_length=200),
                 limit: int = Query(20, ge=1, le=100)) -> JSONResponse:
    state = request.app.state.ttx
    index = await state.label_index()
    hits = index.search(q, limit=limit)
    return JSONResponse({"query": q, "results": [
        {"iri": h.iri, "label": index.names.get(h.iri, h.label), "matched": h.label, "score": h.score,
         "types": list(h.types), "page": state.page_url(h.iri)} for h in hits]})
