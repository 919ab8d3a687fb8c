"""MB101's cases for Django's ORM in async code: a Channels consumer and an async view that query
with the sync ORM, and the same with the ORM's async methods and ``database_sync_to_async``."""

from mentorbot.rules.base import Case

MODELS = """\
from django.db import models


class Room(models.Model):
    name = models.CharField(max_length=50)
"""

SYNC_CONSUMER = """\
from channels.generic.websocket import AsyncWebsocketConsumer

from .models import Room


class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.room = Room.objects.get(name=self.scope["url_route"]["kwargs"]["name"])
        await self.accept()

    async def receive(self, text_data):
        Room.objects.filter(name=text_data).order_by("id").first()
        await self.send(text_data=text_data)
"""
SYNC_CONSUMER_HITS = (8, 12)

SYNC_VIEW = """\
from django.http import JsonResponse

from .models import Room


async def room_count(request):
    rooms = Room.objects.filter(name__startswith="a")
    return JsonResponse({"rooms": Room.objects.count(), "some": str(rooms.query)})
"""
SYNC_VIEW_HITS = (8,)

ASYNC_CONSUMER = """\
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from .models import Room


class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.room = await Room.objects.aget(name=self.scope["url_route"]["kwargs"]["name"])
        await self.accept()

    async def receive(self, text_data):
        await database_sync_to_async(lambda: Room.objects.create(name=text_data))()
        await self.send(text_data=text_data)


def count_rooms():
    return Room.objects.count()


async def cached_room(name, cache_objects):
    return cache_objects.get(name)
"""

BAD = (
    Case(
        files={
            "chat/models.py": MODELS,
            "chat/consumers.py": SYNC_CONSUMER,
            "chat/views.py": SYNC_VIEW,
        },
        hits=(
            *(("chat/consumers.py", line) for line in SYNC_CONSUMER_HITS),
            *(("chat/views.py", line) for line in SYNC_VIEW_HITS),
        ),
        note="the sync Django ORM queried in a Channels consumer and an async view (blind "
        "check d1); building a query runs none",
    ),
)
GOOD = (
    Case(
        files={"chat/models.py": MODELS, "chat/consumers.py": ASYNC_CONSUMER},
        note="the ORM's async methods, a sync query in database_sync_to_async, a sync helper, "
        "a dict whose name only ends in objects",
    ),
)
