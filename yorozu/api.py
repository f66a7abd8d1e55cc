"""The JSON API at /api/ (OpenAPI document at /api/openapi.json). Each app contributes a router."""

from __future__ import annotations

from importlib import import_module

from ninja import NinjaAPI

from yorozu.common.api import BearerAuth, api_docs_decorator

api = NinjaAPI(
    title="yorozu API",
    version="1.0",
    description="よろず相談DX の API。`Authorization: Bearer <token>` で認証します（`yorozu createtoken USERNAME`）。",
    auth=BearerAuth(),
    urls_namespace="api",
    docs_decorator=api_docs_decorator,
)

ROUTERS = {
    "consultations": "yorozu.consultations.api",
    "worksheets": "yorozu.worksheets.api",
    "impacts": "yorozu.impacts.api",
    "training": "yorozu.training.api",
    "regqa": "yorozu.regqa.api",
    "budget": "yorozu.budget.api",
    "analysis": "yorozu.analysis.api",
    "ledgers": "yorozu.ledgers.api",
    "casebook": "yorozu.casebook.api",
}

for prefix, module in ROUTERS.items():
    api.add_router(f"/{prefix}/", import_module(module).router)
