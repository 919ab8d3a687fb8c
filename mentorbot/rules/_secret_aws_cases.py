"""MB107's cases of AWS secret access keys, which have no prefix of their own: under an
``aws_secret_access_key``-like name in a notebook's printed output or source, or on the line
under their ``AKIA`` key id; and the environment reads, stand-ins and commit hashes that are
none (blind check s2). The keys are made up."""

from __future__ import annotations

from mentorbot.rules.base import Case

AWS_KEY_ID = "AKIA4HZQ7WBN2RXL5T3M"
AWS_SECRET_KEY = "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"
"""A secret access key's shape: 40 characters of base64, made up."""
COMMIT_SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8"

PRINTED_NOTEBOOK = f"""\
{{
 "cells": [
  {{
   "cell_type": "code",
   "execution_count": 1,
   "id": "a1",
   "metadata": {{}},
   "outputs": [
    {{
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "AWS_SECRET_KEY: {AWS_SECRET_KEY}\\n",
      "AWS_REGION: ca-central-1\\n"
     ]
    }}
   ],
   "source": [
    "import os\\n",
    "AWS_SECRET_KEY = os.getenv(\\"AWS_SECRET_ACCESS_KEY\\")\\n",
    "print(\\"AWS_SECRET_KEY:\\", AWS_SECRET_KEY)\\n"
   ]
  }},
  {{
   "cell_type": "code",
   "execution_count": 2,
   "id": "a2",
   "metadata": {{}},
   "outputs": [],
   "source": [
    "s3 = boto3.client(\\n",
    "    \\"s3\\",\\n",
    "    aws_secret_access_key=\\"{AWS_SECRET_KEY}\\",\\n",
    ")\\n"
   ]
  }}
 ],
 "metadata": {{}},
 "nbformat": 4,
 "nbformat_minor": 5
}}
"""
"""A key printed in a cell's output (line 13), and written into ``boto3.client`` (line 33)."""
PAIRED_NOTEBOOK = PRINTED_NOTEBOOK.replace(
    f"AWS_SECRET_KEY: {AWS_SECRET_KEY}\\n", f'{AWS_KEY_ID}\\n",\n      "{AWS_SECRET_KEY}\\n'
)
"""The key id and the key printed one under the other (lines 13 and 14), no name beside; the
``boto3.client`` call below moves to line 34."""
PAIRED_MODULE = f"""\
import boto3

CREDENTIALS = (
    "{AWS_KEY_ID}",
    "{AWS_SECRET_KEY}",
)
s3 = boto3.client("s3", aws_access_key_id=CREDENTIALS[0], aws_secret_access_key=CREDENTIALS[1])
"""
GOOD_NOTEBOOK = (
    PRINTED_NOTEBOOK.replace(f"AWS_SECRET_KEY: {AWS_SECRET_KEY}", "AWS_SECRET_KEY: None")
    .replace(f'\\"{AWS_SECRET_KEY}\\"', "AWS_SECRET_KEY")
    .replace("AWS_REGION: ca-central-1", f"GIT_SHA: {COMMIT_SHA}")
)
"""The key read from the environment, nothing printed; a commit's hash under its own name."""
GOOD_SETTINGS = f"""\
AWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_ID
AWS_SECRET_ACCESS_KEY=YOUR_SECRET_KEY
AWS_DEFAULT_REGION=eu-west-1
DEPLOYED_COMMIT={COMMIT_SHA}
"""
GOOD_DOCS = """\
# Uploads

Set your keys first (these are AWS's documentation examples):

    aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
"""

BAD: tuple[Case, ...] = (
    Case(
        files={"notebooks/ingest.ipynb": PRINTED_NOTEBOOK},
        hits=(("notebooks/ingest.ipynb", 13), ("notebooks/ingest.ipynb", 33)),
        note="an AWS secret key printed in a cell's output, and written into boto3.client",
    ),
    Case(
        files={"notebooks/ingest.ipynb": PAIRED_NOTEBOOK, "app/storage.py": PAIRED_MODULE},
        hits=(
            ("app/storage.py", 4),
            ("app/storage.py", 5),
            ("notebooks/ingest.ipynb", 13),
            ("notebooks/ingest.ipynb", 14),
            ("notebooks/ingest.ipynb", 34),
        ),
        note="an AWS secret key on the line under its key id, no name beside it",
    ),
)
GOOD: tuple[Case, ...] = (
    Case(
        files={
            "notebooks/ingest.ipynb": GOOD_NOTEBOOK,
            ".env.example": GOOD_SETTINGS,
            "README.md": GOOD_DOCS,
        },
        note="keys read from the environment, stand-ins, AWS's documented example key, and a "
        "commit's hash",
    ),
)
