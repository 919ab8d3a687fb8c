"""Signed URLs: a link to one object that a server signed for a while (S3's and Google Cloud
Storage's presigned URLs, CloudFront's and S3's older ``Signature=`` with ``Expires=``, an
Azure SAS's ``sig=``). A scraper's output holds thousands (blind check s1): they are data,
handed to every visitor of a page, not a key the learner wrote in; but the signature still
opens the object until it expires, so wherever such a URL is quoted its signature is hidden.
"""

from __future__ import annotations

import re

from mentorbot.rules.secret_patterns import MARK

SIGNATURE_PARAM = re.compile(
    r"(?P<lead>[?&](?i:x-amz-signature|x-goog-signature|x-amz-security-token|signature|sig)=)"
    r"(?P<value>[^&#\s'\"]{16,})"
)
"""A signed URL's signature, and the session token an S3 link signed with temporary
credentials carries."""
_SIGNED_FOR_A_WHILE = re.compile(
    r"[?&](?i:x-amz-signature|x-goog-signature|x-amz-expires|x-goog-expires|expires)="
)
"""What a URL a server signed for its visitors holds: S3's or GCS's ``X-Amz-``/``X-Goog-``
parameters, or CloudFront's and S3's older ``Expires=`` beside its ``Signature=``."""
_KEY_ID_PARAM = re.compile(r"[?&](?i:x-amz-credential|awsaccesskeyid)=$")
"""The parameter a signed URL names the signing key by: the key's id, which opens nothing."""
_URL_CHARACTERS = re.compile(r"[^\s'\"<>`]+")


def hide_signatures(text: str) -> str:
    """``text`` with every signed URL's signature replaced by the marker."""
    lowered = text.lower()
    if "sig" not in lowered and "token" not in lowered:
        return text
    return SIGNATURE_PARAM.sub(_hidden_signature, text)


def _hidden_signature(match: re.Match[str]) -> str:
    if any(mark in match["value"] for mark in "{}<>$"):
        return match[0]  # a slot filled in by the code: ``&sig={signature}``
    return f"{match['lead']}{MARK}"


def _url_around(text: str, position: int) -> str:
    """The URL (the run of characters no quote or space ends) ``position`` lies in."""
    for run in _URL_CHARACTERS.finditer(text):
        if run.start() <= position < run.end():
            return run[0]
    return ""


def signed_for_visitors(text: str, position: int) -> bool:
    """Whether the URL around ``position`` is one a server signed for a while: its signature
    and key id are no credential of the learner's."""
    return _SIGNED_FOR_A_WHILE.search(_url_around(text, position)) is not None


def named_signing_key(text: str, start: int) -> bool:
    """Whether an AWS key id at ``start`` is the ``X-Amz-Credential`` (or ``AWSAccessKeyId``)
    of a signed URL: the id of the key that signed it, no secret by itself."""
    named = _KEY_ID_PARAM.search(text[max(0, start - 20) : start]) is not None
    return named and signed_for_visitors(text, start)
