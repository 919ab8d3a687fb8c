"""AWS secret access keys, which have no prefix of their own: hidden by the name beside them or
by the key id on the line before, wherever a snippet quotes them (blind check s2)."""

from __future__ import annotations

import pytest

from mentorbot.rules._secret_aws_cases import AWS_KEY_ID, AWS_SECRET_KEY, COMMIT_SHA
from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_find import find_secrets
from mentorbot.rules.secret_patterns import MARK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Printed in a notebook cell's output, as the notebook's JSON holds it.
        (f'      "AWS_SECRET_KEY: {AWS_SECRET_KEY}\\n",', f'      "AWS_SECRET_KEY: {MARK}\\n",'),
        (
            f'    "s3 = boto3.client(\\"s3\\", aws_secret_access_key=\\"{AWS_SECRET_KEY}\\")\\n"',
            f'    "s3 = boto3.client(\\"s3\\", aws_secret_access_key=\\"{MARK}\\")\\n"',
        ),
        (f'    "SecretAccessKey": "{AWS_SECRET_KEY}",', f'    "SecretAccessKey": "{MARK}",'),
        (f"aws_secret_access_key = {AWS_SECRET_KEY}", f"aws_secret_access_key = {MARK}"),
        (f"awsSecretAccessKey: '{AWS_SECRET_KEY}'", f"awsSecretAccessKey: '{MARK}'"),
        # Beside its key id, on the line or the next, no name said.
        (f"{AWS_KEY_ID},{AWS_SECRET_KEY}", f"{MARK},{MARK}"),
        (f'"{AWS_KEY_ID}\\n",\n"{AWS_SECRET_KEY}\\n",', f'"{MARK}\\n",\n"{MARK}\\n",'),
    ],
)
def test_an_aws_secret_key_is_hidden_by_its_name_or_its_key_id(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        f'      "GIT_SHA: {COMMIT_SHA}\\n",',
        'AWS_SECRET_ACCESS_KEY = os.getenv("AWS_SECRET_ACCESS_KEY")',
        f'"{AWS_SECRET_KEY[::-1]}\\n",',
    ],
)
def test_other_values_of_that_length_are_shown(text: str) -> None:
    """A commit's hash, an environment read; a value of a key's shape with neither a name nor
    a key id beside it says nothing of AWS."""
    assert redact_text(text) == text


def test_a_commit_hash_under_a_key_id_is_no_key() -> None:
    """Hex in lower case, as git writes a commit, is no base64 key."""
    text = f"{AWS_KEY_ID}\nbuilt from {COMMIT_SHA}"
    assert redact_text(text) == f"{MARK}\nbuilt from {COMMIT_SHA}"


def test_a_value_under_a_signed_urls_key_id_is_no_key() -> None:
    """A scraped link an S3 bucket signed for its page's visitors names the server's key id;
    the value on the next line is the scraper's data."""
    url = (
        f"https://covers.s3.amazonaws.com/b1.jpg?AWSAccessKeyId={AWS_KEY_ID}"
        "&Expires=1717171717&Signature=q2Lm9Xr8VbN4cYt1HsJe6Qa%3D"
    )
    text = f'{{"cover": "{url}",\n "thumb": "{AWS_SECRET_KEY}"}}\n'
    assert find_secrets(text) == []
