"""Liveness (``/health``: the process answers, no dependency checked, no token needed) and
readiness (``/ready``: the database answers and its migrations are current)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import CallerDep, ServiceDep
from api.schemas import ERROR_RESPONSES, Ready

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


@router.get("/health", summary="Liveness check")
async def health() -> Health:
    return Health()


@router.get(
    "/ready", summary="Readiness: database reachable, migrations current", responses=ERROR_RESPONSES
)
async def ready(_: CallerDep, service: ServiceDep) -> Ready:
    """503 with code ``database`` or ``migrations`` when not ready; retried on every call."""
    return Ready(revision=await service.ready_revision())
