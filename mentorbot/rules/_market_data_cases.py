"""MB101's cases of yfinance in async routes: a ``Ticker``'s price history and
``yfinance.download`` each wait on Yahoo's servers (history 51); from a plain ``def`` route, or
in a thread, they wait on a worker's. And yt-dlp in a music bot's commands, which asks the video
site for each search (corpus 85), and PyJWT's key-set client in an async auth dependency, which
fetches the issuer's keys (blind check e1)."""

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

MUSIC_COG = """\
import yt_dlp
from discord.ext import commands

YDL_OPTIONS = {"format": "bestaudio", "noplaylist": True}
bot = commands.Bot(command_prefix="!")


class Music(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.ytdl = yt_dlp.YoutubeDL(YDL_OPTIONS)

    def search_yt(self, item: str) -> dict:
        return self.ytdl.extract_info(f"ytsearch:{item}", download=False)["entries"][0]

    @commands.command()
    async def play(self, ctx: commands.Context, *, query: str) -> None:
        song = self.search_yt(query)
        await ctx.send(song["title"])


@bot.command()
async def search(ctx: commands.Context, *, text: str) -> None:
    with yt_dlp.YoutubeDL(YDL_OPTIONS) as ydl:
        info = ydl.extract_info(f"ytsearch1:{text}", download=False)
    await ctx.send(info["title"])
"""
MUSIC_COG_HITS = (18, 25)

AUTH0_VERIFY = """\
import asyncio

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPBearer

JWKS_URL = "https://example.eu.auth0.com/.well-known/jwks.json"
bearer = HTTPBearer()


class VerifyToken:
    def __init__(self) -> None:
        self.jwks_client = jwt.PyJWKClient(JWKS_URL)

    async def verify(self, credentials=Depends(bearer)) -> dict:
        token = credentials.credentials
        try:
            key = self.jwks_client.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as error:
            raise HTTPException(status_code=401, detail=str(error)) from error
        return jwt.decode(token, key, algorithms=["RS256"], audience="api")

    async def verify_threaded(self, credentials=Depends(bearer)) -> dict:
        token = credentials.credentials
        signing = await asyncio.to_thread(self.jwks_client.get_signing_key_from_jwt, token)
        return jwt.decode(token, signing.key, algorithms=["RS256"], audience="api")
"""
AUTH0_VERIFY_HITS = (18,)

BAD = (
    Case(
        files={"app/auth.py": AUTH0_VERIFY},
        hits=tuple(("app/auth.py", line) for line in AUTH0_VERIFY_HITS),
        note="PyJWT's key-set client fetching the issuer's keys in an async dependency; not "
        "in a thread",
    ),
    Case(
        files={"cogs/music.py": MUSIC_COG},
        hits=tuple(("cogs/music.py", line) for line in MUSIC_COG_HITS),
        note="yt-dlp's searches in a bot's commands, through a helper and a with block",
    ),
    Case(
        files={"app/main.py": ANALYTICS},
        hits=tuple(("app/main.py", line) for line in ANALYTICS_HITS),
        note="yfinance's requests in an async route; a thread or a plain def route is fine",
    ),
)
