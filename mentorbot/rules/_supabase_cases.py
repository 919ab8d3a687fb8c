"""MB101's cases on Supabase: its Python client is sync, and every query it builds waits on the
server when ``execute()`` sends it, in the route or in a helper the route hands the client to;
``acreate_client`` gives the async client, whose ``execute()`` is awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

SUPABASE_DB = """\
import os

from supabase import Client, create_client

supabase: Client = create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_KEY"])
"""
STATIONS = """\
from supabase import Client


class ChargingStation:
    @staticmethod
    def nearby(lat: float, lon: float, supabase: Client) -> list[dict]:
        response = supabase.rpc("get_nearest_chargers", {"lat": lat, "lon": lon}).execute()
        return response.data
"""
ROUTES = """\
from fastapi import APIRouter

from app.db import supabase
from app.stations import ChargingStation

router = APIRouter()


@router.get("/attractions")
async def attractions(limit: int = 10) -> list[dict]:
    rows = supabase.table("attractions").select("*").limit(limit).execute()
    return rows.data


@router.get("/stations")
async def stations(lat: float, lon: float) -> list[dict]:
    return ChargingStation.nearby(lat, lon, supabase)
"""
ROUTES_HITS = (11, 17)
ASYNC_ROUTES = """\
import os

from fastapi import APIRouter
from supabase import acreate_client

router = APIRouter()


@router.get("/attractions")
async def attractions(limit: int = 10) -> list[dict]:
    client = await acreate_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_KEY"])
    rows = await client.table("attractions").select("*").limit(limit).execute()
    return rows.data
"""

BAD = (
    Case(
        files={"app/db.py": SUPABASE_DB, "app/stations.py": STATIONS, "app/routes.py": ROUTES},
        hits=tuple(("app/routes.py", line) for line in ROUTES_HITS),
        note="Supabase's sync client queried in the route and through a helper it is handed to",
    ),
)
GOOD = (Case(files={"app/routes.py": ASYNC_ROUTES}, note="the async client, awaited"),)
