"""Sample secrets of known token shapes, shared by the redaction tests."""

from __future__ import annotations

OPENAI_KEY = "sk-proj-Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2Sa9Po0Iu"
AWS_KEY = "AKIAIOSFODNN7SAMPLE1"
GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SLACK_TOKEN = "xoxb-2048-4096-Gh7Jk9Lm1Np3Qr5St"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJleHAiOjE3MDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU"
