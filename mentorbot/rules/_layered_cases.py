"""MB101's example projects that block through layers of their own: a chat service behind a
controller, and a mailer sending over SMTP, each with routes that block and routes that do not."""

CHAT_SERVICE = """\
import os

from openai import OpenAI


class ChatService:
    def __init__(self) -> None:
        self.client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
        self.history: list[dict[str, str]] = []

    def reply(self, message: str) -> str:
        self.history.append({"role": "user", "content": message})
        answer = self.client.chat.completions.create(model="gpt-4o-mini", messages=self.history)
        text = answer.choices[0].message.content or ""
        self.history.append({"role": "assistant", "content": text})
        return text

    def clear(self) -> None:
        self.history.clear()
"""

CHAT_CONTROLLER = """\
from app.services.chat_service import ChatService


class ChatController:
    def __init__(self) -> None:
        self.service = ChatService()

    def send(self, message: str) -> dict[str, str]:
        if not message.strip():
            return {"error": "empty message"}
        return {"reply": self.service.reply(message)}

    def reset(self) -> dict[str, str]:
        self.service.clear()
        return {"status": "cleared"}
"""

BAD_CHAT_ROUTES = """\
from fastapi import FastAPI

from app.controllers.chat_controller import ChatController

app = FastAPI()
controller = ChatController()


@app.post("/chat")
async def chat(message: str) -> dict[str, str]:
    return controller.send(message)


@app.post("/chat/reset")
async def reset() -> dict[str, str]:
    return controller.reset()
"""

GOOD_CHAT_ROUTES = """\
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from app.controllers.chat_controller import ChatController

app = FastAPI()
controller = ChatController()


@app.post("/chat")
async def chat(message: str) -> dict[str, str]:
    return await run_in_threadpool(controller.send, message)


@app.post("/chat/reset")
async def reset() -> dict[str, str]:
    return controller.reset()


@app.post("/chat/sync")
def chat_sync(message: str) -> dict[str, str]:
    return controller.send(message)
"""

MAILER = """\
import smtplib
from email.message import EmailMessage

SMTP_HOST = "smtp.example.org"


def welcome_message(address: str) -> EmailMessage:
    message = EmailMessage()
    message["To"] = address
    message["Subject"] = "Welcome aboard"
    message.set_content("Your account is ready.")
    return message


def send_welcome_mail(address: str) -> None:
    with smtplib.SMTP_SSL(SMTP_HOST, 465) as server:
        server.send_message(welcome_message(address))
"""

BAD_MAIL_ROUTES = """\
import smtplib

from fastapi import APIRouter

from app.mailer import SMTP_HOST, send_welcome_mail, welcome_message

router = APIRouter()


@router.post("/signup")
async def signup(email: str) -> dict[str, str]:
    send_welcome_mail(email)
    return {"email": email}


@router.post("/invite")
async def invite(email: str) -> dict[str, str]:
    with smtplib.SMTP(SMTP_HOST, 587) as server:
        server.starttls()
        server.send_message(welcome_message(email))
    return {"invited": email}
"""

GOOD_MAIL_ROUTES = """\
from fastapi import APIRouter, BackgroundTasks

from app.mailer import send_welcome_mail

router = APIRouter()


@router.post("/signup")
async def signup(email: str, background_tasks: BackgroundTasks) -> dict[str, str]:
    background_tasks.add_task(send_welcome_mail, email)
    return {"email": email}


@router.post("/invite")
def invite(email: str) -> dict[str, str]:
    send_welcome_mail(email)
    return {"invited": email}
"""
