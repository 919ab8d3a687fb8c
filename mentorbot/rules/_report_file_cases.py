"""MB101 cases on reports written to disk: a pandas frame's ``to_csv(path)`` and a reportlab
canvas's ``save()`` write a file on the calling thread; a frame written to no path only makes a
string."""

from __future__ import annotations

from mentorbot.rules.base import Case

REPORT_SERVICE = """\
import os

import pandas as pd
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

REPORTS = "static/reports"


class ReportService:
    @staticmethod
    def transactions_csv(rows: list[dict]) -> str:
        frame = pd.DataFrame(rows)
        path = os.path.join(REPORTS, "transactions.csv")
        frame.to_csv(path, index=False)
        return path

    @staticmethod
    def users_pdf(users: list[dict]) -> str:
        path = os.path.join(REPORTS, "users.pdf")
        page = canvas.Canvas(path, pagesize=letter)
        for offset, user in enumerate(users):
            page.drawString(100, 750 - 20 * offset, user["name"])
        page.save()
        return path
"""

REPORT_ROUTES = """\
import pandas as pd
from fastapi import APIRouter

from app.reports import ReportService

router = APIRouter()


@router.get("/reports/transactions")
async def export_transactions(rows: list[dict]) -> dict:
    return {"path": ReportService.transactions_csv(rows)}


@router.get("/reports/users")
async def export_users(users: list[dict]) -> dict:
    return {"path": ReportService.users_pdf(users)}


@router.get("/reports/balances")
async def export_balances(rows: list[dict]) -> dict:
    pd.DataFrame(rows).to_excel("static/reports/balances.xlsx")
    return {"path": "static/reports/balances.xlsx"}
"""
REPORT_HITS = (11, 16, 21)

GOOD_REPORT_ROUTES = """\
import io

import pandas as pd
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse

from app.reports import ReportService

router = APIRouter()


@router.get("/reports/transactions")
async def export_transactions(rows: list[dict]) -> dict:
    return {"path": await run_in_threadpool(ReportService.transactions_csv, rows)}


@router.get("/reports/preview", response_class=PlainTextResponse)
async def preview(rows: list[dict]) -> str:
    frame = pd.DataFrame(rows)
    buffer = io.StringIO()
    frame.to_csv(buffer)
    return frame.to_csv(index=False) + buffer.getvalue()


@router.get("/reports/excel")
async def export_excel(rows: list[dict]) -> bytes:
    bio = io.BytesIO()
    with pd.ExcelWriter(bio, engine="openpyxl") as writer:
        pd.DataFrame(rows).to_excel(writer, index=False, sheet_name="Report")
    return bio.getvalue()
"""
LOADED_RATES = """\
import pandas as pd
import redis
from fastapi import FastAPI

app = FastAPI()
cache = redis.Redis()
rates = pd.read_csv("rates.csv")


@app.get("/rates/{currency}")
async def rate(currency: str) -> dict[str, float]:
    live = cache.get(f"rate:{currency}")
    return {"stored": float(rates.loc[currency, "rate"]), "live": float(live or 0)}
"""
"""A frame loaded at import: the module's clients had no signal for a frame, and the rule
failed on the whole file."""

BAD = (
    Case(
        files={"app/main.py": LOADED_RATES},
        hits=(("app/main.py", 12),),
        note="a module that loads a frame at import still has its blocking call found",
    ),
    Case(
        files={"app/reports.py": REPORT_SERVICE, "app/routes.py": REPORT_ROUTES},
        hits=tuple(("app/routes.py", line) for line in REPORT_HITS),
        note="a CSV and a PDF written by a service's static methods, and a spreadsheet written "
        "in the route",
    ),
)
GOOD = (
    Case(
        files={"app/reports.py": REPORT_SERVICE, "app/routes.py": GOOD_REPORT_ROUTES},
        note="the writing service run in a thread; a frame written to a string, to a buffer and "
        "through an ExcelWriter on a buffer",
    ),
)
