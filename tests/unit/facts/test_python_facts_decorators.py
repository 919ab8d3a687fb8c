"""Decorators of the learner's own: the plan ticks "can write a small decorator" only from them."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import names, signals_of

DECORATORS = """
import functools
import time
from collections.abc import Callable


def admin_only(handler):
    @functools.wraps(handler)
    async def wrapper(message, *args, **kwargs):
        if message.from_user.id not in ADMINS:
            return await message.answer("Admins only")
        return await handler(message, *args, **kwargs)

    return wrapper


def timed(func: Callable) -> Callable:
    def inner(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            print(f"{func.__name__} took {time.perf_counter() - started:.3f}s")

    return inner


def retry(times: int):
    def decorate(func):
        def attempt(*args, **kwargs):
            for _ in range(times - 1):
                try:
                    return func(*args, **kwargs)
                except ConnectionError:
                    continue
            return func(*args, **kwargs)

        return attempt

    return decorate


def logged():
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args):
            return func(*args)

        return wrapper

    return decorator


def make_adder(step: int):
    def add(value: int) -> int:
        return value + step

    return add


def test_timed_runs_the_function():
    def wrapped():
        return 1

    return wrapped
"""


def test_functions_that_wrap_what_they_are_given_are_decorators() -> None:
    """A closure that only adds (``make_adder``) wraps nothing; a test is a test."""
    found = names(signals_of(DECORATORS, "utils/decorators.py"), "decorator-def")

    assert found == ["admin_only", "timed", "retry", "logged"]
