"""MB101's cases of yfinance in async routes: a ``Ticker``'s price history and
``yfinance.download`` each wait on Yahoo's servers (history 51); from a plain ``def`` route, or
in a thread, they wait on a worker's."""

from __future__ import annotations

from mentorbot.rules.base import Case

ANALYTICS = """\
import asyncio

import yfinance as yf
from fastapi import FastAPI

app = FastAPI()


@app.get("/analytics/{symbol}")
async def advanced_analytics(symbol: str) -> dict:
    market = yf.Ticker("^GSPC")
    history = market.history(period="1y")["Close"]
    prices = yf.download(symbol, period="1mo")
    return {"last": float(history.iloc[-1]), "days": len(prices)}


@app.get("/analytics/{symbol}/threaded")
async def threaded_analytics(symbol: str) -> dict:
    prices = await asyncio.to_thread(yf.download, symbol, period="1mo")
    return {"days": len(prices)}


@app.get("/analytics/{symbol}/plain")
def plain_analytics(symbol: str) -> dict:
    return {"days": len(yf.Ticker(symbol).history(period="1y"))}
"""
ANALYTICS_HITS = (12, 13)

BAD = (
    Case(
        files={"app/main.py": ANALYTICS},
        hits=tuple(("app/main.py", line) for line in ANALYTICS_HITS),
        note="yfinance's requests in an async route; a thread or a plain def route is fine",
    ),
)
