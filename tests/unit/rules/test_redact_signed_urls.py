"""Signed URLs (S3's and GCS's presigned links, CloudFront's, an Azure SAS): a scraper's output
holds them by the thousand. They are no key of the learner's, so none is reported; but where one
is quoted its signature is hidden as well as the key id (blind check s1)."""

from __future__ import annotations

from mentorbot.rules._secret_file_name_cases import SIGNED_COVER, SIGNED_POSTER
from mentorbot.rules.redact import redact_text, value_secret
from mentorbot.rules.secret_find import find_secrets
from mentorbot.rules.secret_patterns import MARK
from tests.unit.rules._helpers import AWS_KEY

S3_SIGNATURE = "9c1f4e7a2b5d8c3f6a9e2d5b8c1f4a7e0d3b6c9f2a5e8d1b4c7f0a3e6d9c2b5f"
GCS_LINK = (
    "https://storage.googleapis.com/shop-media/a.png?X-Goog-Algorithm=GOOG4-RSA-SHA256"
    "&X-Goog-Credential=uploader%40shop.iam.gserviceaccount.com%2F20240302%2Fauto%2Fstorage"
    "&X-Goog-Date=20240302T101500Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host"
    "&X-Goog-Signature=5b8c1f4a7e0d3b6c9f2a5e8d1b4c7f0a3e6d9c2b5f9c1f4e7a2b5d8c3f6a9e2d"
)
AZURE_LINK = (
    "https://shop.blob.core.windows.net/media/a.png?sv=2022-11-02&se=2024-03-02T10%3A15%3A00Z"
    "&sr=b&sp=r&sig=Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2Sa9Po0Iu%2BQm9vS3Rv%3D"
)
SESSION_LINK = (
    SIGNED_COVER.format(n=7) + "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEFakeSessionToken0123456789"
)


def test_a_presigned_link_in_scraped_data_is_no_secret_of_the_learner() -> None:
    record = f'  {{"title": "Book 1", "image": "{SIGNED_COVER.format(n=1)}"}},'
    poster = f'  "poster": "{SIGNED_POSTER.format(n=1)}",'

    assert find_secrets(f"{record}\n{poster}\n{GCS_LINK}\n") == []
    assert value_secret(SIGNED_COVER.format(n=1)) is None


def test_every_signature_of_a_signed_link_is_hidden_with_its_key_id() -> None:
    for link, hidden in (
        (SIGNED_COVER.format(n=1), ("ASIAQ3EGRTZ712345678", S3_SIGNATURE)),
        (SIGNED_POSTER.format(n=1), ("Qm9vS3Rv~U2NyYXBl",)),
        (GCS_LINK, ("5b8c1f4a7e0d3b6c9f2a",)),
        (AZURE_LINK, ("Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2",)),
        (SESSION_LINK, ("IQoJb3JpZ2luX2VjEFakeSessionToken",)),
    ):
        shown = redact_text(f'"image": "{link}"')
        assert all(value not in shown for value in hidden), shown
        assert MARK in shown
    assert f"X-Amz-Signature={MARK}" in redact_text(SIGNED_COVER.format(n=1))
    assert f"X-Goog-Signature={MARK}" in redact_text(GCS_LINK)


def test_a_key_the_learner_put_in_a_link_is_still_reported() -> None:
    """Only a signed link's signature and key id are the signing server's: the learner's own
    key in a query string, a ``signature`` no expiry goes with, or an AWS key outside a signed
    link's ``X-Amz-Credential``, is reported as before."""
    key = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    assert value_secret(f"https://api.example.com/v1?api_key={key}") == "url-key"
    assert value_secret(f"https://hooks.example.com/in?signature={key}") == "url-key"
    assert value_secret(f"aws_access_key_id = {AWS_KEY}") == "aws-access-key"
    assert value_secret(f"https://api.example.com/v1?AWSAccessKeyId={AWS_KEY}") == "aws-access-key"


def test_a_slot_for_a_signature_is_left_as_code() -> None:
    code = 'url = f"{base}?Expires={expires}&Signature={signature}&Key-Pair-Id={pair_id}"'
    assert redact_text(code) == code
