"""MB107's cases of keys written in disguise (blind check h1): base64 or hex that decodes to a
key or a password; and the encoded text, images and hashes that are none. The keys are made
up."""

from __future__ import annotations

from mentorbot.rules.base import Case

ENCODED_STARTER = """\
import base64

import dashscope

dashscope.api_key = base64.b64decode('c2stNGU3YjJjOWExZjhkNDZlMGIzYTVjN2Q5ZTJmMWE2ODQ=').decode()
response = dashscope.Generation.call(model="qwen-plus", prompt="Explain climate change.")
"""
"""A DashScope key base64-encoded to "hide" it: the program, and anyone, decodes it."""

ENCODED_UNNAMED = """\
from openai import OpenAI

key = bytes.fromhex("736b2d3465376232633961316638643436653062336135633764396532663161363834")
client = OpenAI(api_key=key.decode())
"""
"""The same key in hex under a name that says nothing: known by what it decodes to."""

ENCODED_PASSWORD = """\
import base64

import psycopg2

DB_PASSWORD = base64.b64decode("UzNjcmV0LVBhc3MtOTk=").decode("utf-8")
conn = psycopg2.connect(host="db", user="shop", password=DB_PASSWORD)
"""
"""A password decoded where it is set: the name says password, the decoding says its value."""

ENCODED_YAML = """\
llm:
  provider: dashscope
  encoded: c2stNGU3YjJjOWExZjhkNDZlMGIzYTVjN2Q5ZTJmMWE2ODQ=
"""

GOOD_ENCODED = """\
import base64
import os

GREETING = base64.b64decode("SGVsbG8sIHdvcmxkIGZyb20gUXdlbiE=").decode()
API_KEY = base64.b64decode("eW91ci1kYXNoc2NvcGUta2V5LWhlcmU=").decode()
TOKEN = base64.b64decode(os.environ["DASHSCOPE_KEY_B64"]).decode()
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"
BANNER = bytes.fromhex("48656c6c6f2c20776f726c6421212121").decode()
"""
"""Text and an image written in base64, a placeholder key encoded, a key decoded from the
environment, a commit's hash and a banner in hex: nothing decodes to a secret."""

BAD: tuple[Case, ...] = (
    Case(
        files={"starter_code.py": ENCODED_STARTER},
        hits=(("starter_code.py", 5),),
        note="a key base64-encoded and decoded where it is set",
    ),
    Case(
        files={"app/llm.py": ENCODED_UNNAMED},
        hits=(("app/llm.py", 3),),
        note="a key in hex under a neutral name, known by what it decodes to",
    ),
    Case(
        files={"app/db.py": ENCODED_PASSWORD},
        hits=(("app/db.py", 5),),
        note="a password decoded from base64 where its name is set",
    ),
    Case(
        files={"config/settings.yaml": ENCODED_YAML},
        hits=(("config/settings.yaml", 3),),
        note="a base64-encoded key in a committed config file",
    ),
)
GOOD: tuple[Case, ...] = (
    Case(
        files={"app/assets.py": GOOD_ENCODED},
        note="base64 and hex that decode to text, an image or a placeholder",
    ),
)
