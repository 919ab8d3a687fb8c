"""MB107's cases of keys written in disguise (blind check h1): base64 or hex that decodes to a
key or a password, and a Zhipu AI key (``<32 hex>.<16 letters and digits>``) under a name
that does not say key; and the encoded text, images, hashes and dotted hex that are none. The
keys are made up."""

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

ZHIPU_CONFIG = """\
# apiKey
key = "8c4f1e2a9b7d46e3a5f0c2d8e6b1a937.Lm3Qx8Rt2Vw9Kp4Z"
# 文件
filepath = '/Users/yy/Downloads/招聘信息.docx'
"""
"""Zhipu AI's key as its console shows it, under ``key`` in a config module (blind check h1)."""

ZHIPU_ENV = """\
GLM=8c4f1e2a9b7d46e3a5f0c2d8e6b1a937.Lm3Qx8Rt2Vw9Kp4Z
DEBUG=1
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

GOOD_DOTTED_HEX = """\
CHECKSUM = "d41d8cd98f00b204e9800998ecf8427e.0123456789abcdef"
THUMBNAIL = "8c4f1e2a9b7d46e3a5f0c2d8e6b1a937.thumbnailversion"
UPLOAD = "8c4f1e2a9b7d46e3a5f0c2d8e6b1a937.png"
CACHE_FILE = "cache/8c4f1e2a9b7d46e3a5f0c2d8e6b1a937.Lm3Qx8Rt2Vw9Kp4Z.json"
"""
"""Hex before a dot that is no Zhipu key: a hash's second half, a word, an extension, and a
cache file's name whose second part is followed by another."""

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
    Case(
        files={"Configs.py": ZHIPU_CONFIG},
        hits=(("Configs.py", 2),),
        note="a Zhipu AI key by its shape, under a name that does not say key",
    ),
    Case(
        files={".env": ZHIPU_ENV},
        hits=((".env", 1),),
        note="a Zhipu AI key in a committed .env under a short name",
    ),
)
GOOD: tuple[Case, ...] = (
    Case(
        files={"app/assets.py": GOOD_ENCODED},
        note="base64 and hex that decode to text, an image or a placeholder",
    ),
    Case(
        files={"app/files.py": GOOD_DOTTED_HEX},
        note="32 hex digits and a dot before a hash, a word, an extension",
    ),
)
