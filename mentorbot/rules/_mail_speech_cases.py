"""MB101's cases for clients kept on an object: a mail service that opens its SMTP connection
once in ``__init__`` and sends through it per call, and Google's Speech-to-Text client; both
wait on their servers in every call an async route makes."""

from __future__ import annotations

from mentorbot.rules.base import Case

MAIL_SERVICE = """\
import os
import smtplib
from email.message import EmailMessage


class MailService:
    def __init__(self) -> None:
        self.smtp = smtplib.SMTP_SSL(os.environ["SMTP_HOST"], 465)
        self.smtp.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])

    def send_summary(self, to: str, summary: str) -> None:
        message = EmailMessage()
        message["To"] = to
        message.set_content(summary)
        self.smtp.send_message(message)
"""
TRANSCRIBER = """\
from google.cloud import speech


class Transcriber:
    def __init__(self) -> None:
        self.client = speech.SpeechClient()

    def transcribe(self, audio: bytes) -> str:
        config = speech.RecognitionConfig(language_code="ko-KR")
        recording = speech.RecognitionAudio(content=audio)
        response = self.client.recognize(config=config, audio=recording)
        return " ".join(result.alternatives[0].transcript for result in response.results)
"""
MEETING_ROUTES = """\
from fastapi import APIRouter, UploadFile

from app.mail import MailService
from app.speech import Transcriber

router = APIRouter()
mail_service = MailService()
transcriber = Transcriber()


@router.post("/meetings/{meeting_id}/close")
async def close_meeting(meeting_id: int, audio: UploadFile, to: str) -> dict[str, str]:
    summary = transcriber.transcribe(await audio.read())
    mail_service.send_summary(to, summary)
    return {"summary": summary}
"""
MEETING_HITS = (13, 14)
THREADED_ROUTES = (
    MEETING_ROUTES.replace("from fastapi", "import asyncio\n\nfrom fastapi", 1)
    .replace(
        "transcriber.transcribe(await audio.read())",
        "await asyncio.to_thread(transcriber.transcribe, await audio.read())",
    )
    .replace(
        "    mail_service.send_summary(to, summary)",
        "    await asyncio.to_thread(mail_service.send_summary, to, summary)",
    )
)
_FILES = {"app/mail.py": MAIL_SERVICE, "app/speech.py": TRANSCRIBER}
BAD = (
    Case(
        files={**_FILES, "app/routes.py": MEETING_ROUTES},
        hits=tuple(("app/routes.py", line) for line in MEETING_HITS),
        note="an SMTP connection and a Speech client kept on objects, used from an async route",
    ),
)
GOOD = (
    Case(
        files={**_FILES, "app/routes.py": THREADED_ROUTES},
        note="the same calls handed to a thread",
    ),
)
