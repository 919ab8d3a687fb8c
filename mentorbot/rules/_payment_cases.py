"""MB101 cases on a payments SDK: stripe-python's resources ask Stripe's API over HTTPS on the
calling thread; its webhook check is local, and its ``*_async`` methods are awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

STRIPE_SERVICE = """\
import stripe
from fastapi import APIRouter, HTTPException, Request

from app.config import settings

router = APIRouter()
stripe.api_key = settings.stripe_secret_key


async def create_intent(amount: int, currency: str = "eur") -> dict:
    intent = stripe.PaymentIntent.create(
        amount=amount,
        currency=currency,
        automatic_payment_methods={"enabled": True},
    )
    return {"client_secret": intent.client_secret}


@router.post("/payments")
async def start_payment(amount: int) -> dict:
    return await create_intent(amount)


@router.post("/refunds/{intent_id}")
async def refund(intent_id: str) -> dict:
    refund = stripe.Refund.create(payment_intent=intent_id)
    return {"status": refund.status}


@router.post("/webhook")
async def webhook(request: Request) -> dict:
    payload = await request.body()
    signature = request.headers.get("stripe-signature", "")
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.webhook_secret)
    except stripe.error.SignatureVerificationError as error:
        raise HTTPException(status_code=400, detail="bad signature") from error
    return {"type": event["type"]}
"""
STRIPE_HITS = (11, 26)

ASYNC_STRIPE_SERVICE = """\
import asyncio

import stripe
from fastapi import APIRouter

router = APIRouter()


@router.post("/payments")
async def start_payment(amount: int) -> dict:
    intent = await stripe.PaymentIntent.create_async(amount=amount, currency="eur")
    return {"client_secret": intent.client_secret}


@router.post("/refunds/{intent_id}")
async def refund(intent_id: str) -> dict:
    refund = await asyncio.to_thread(stripe.Refund.create, payment_intent=intent_id)
    return {"status": refund.status}


@router.get("/customers/{customer_id}")
def customer(customer_id: str) -> dict:
    return {"email": stripe.Customer.retrieve(customer_id).email}
"""

BAD = (
    Case(
        files={"app/payments.py": STRIPE_SERVICE},
        hits=tuple(("app/payments.py", line) for line in STRIPE_HITS),
        note="Stripe's API asked from an async helper the route awaits and from a route; the "
        "webhook's signature check is local",
    ),
)
GOOD = (
    Case(
        files={"app/payments.py": ASYNC_STRIPE_SERVICE},
        note="stripe's async methods awaited, a call in a thread, and a sync route",
    ),
)
