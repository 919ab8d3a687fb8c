"""MB101's cases of a sync OpenAI client a function of the same module makes and returns
(``def get_openai_client(api_key): return OpenAI(api_key=api_key)``), bound to a local of an
async Gradio handler that streams a completion through it (blind check l1), and of another
handler that awaits its request; beside the same app whose factory returns an
``AsyncOpenAI``, every request awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

SYNC_CHAT_APP = """\
import gradio as gr
from openai import OpenAI


def get_openai_client(api_key) -> OpenAI:
    return OpenAI(api_key=api_key)


async def chat(prompt, history, api_key):
    history = history + [{"role": "user", "content": prompt}]
    client = get_openai_client(api_key)
    answer = {"role": "assistant", "content": ""}
    for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=history, stream=True):
        answer["content"] += chunk.choices[0].delta.content or ""
        yield history + [answer]


with gr.Blocks() as demo:
    api_key = gr.Textbox(label="API Key", type="password")
    chatbot = gr.Chatbot(type="messages")
    prompt = gr.Textbox(label="Message")
    prompt.submit(chat, inputs=[prompt, chatbot, api_key], outputs=[chatbot])

demo.launch()
"""
TITLE_HANDLER = """\


async def title(prompt, api_key):
    namer = get_openai_client(api_key)
    named = await namer.chat.completions.create(model="gpt-4o-mini", messages=[])
    return named.choices[0].message.content
"""
SYNC_FACTORY_APP = SYNC_CHAT_APP.replace("\n\nwith gr.Blocks", TITLE_HANDLER + "\n\nwith gr.Blocks")
SYNC_FACTORY_HITS = (13, 20)


def on_async_client(app: str) -> str:
    """The same app whose factory returns an ``AsyncOpenAI``, its stream awaited."""
    return (
        app.replace("OpenAI", "AsyncOpenAI")
        .replace(
            "    for chunk in client.chat.completions.create(",
            "    stream = await client.chat.completions.create(",
        )
        .replace(
            "messages=history, stream=True):\n",
            "messages=history, stream=True)\n    async for chunk in stream:\n",
        )
    )


ALIASED_ASYNC_FACTORY_APP = (
    SYNC_CHAT_APP.replace("from openai import OpenAI", "from openai import Client")
    .replace(
        "def get_openai_client(api_key) -> OpenAI:\n    return OpenAI(api_key=api_key)\n",
        "async def get_openai_client(api_key) -> Client | None:\n"
        "    try:\n"
        "        client = Client(api_key=api_key)\n"
        "        return client\n"
        "    except Exception as e:\n"
        "        print(e)\n"
        "    return None\n",
    )
    .replace("client = get_openai_client(api_key)", "client = await get_openai_client(api_key)")
)
"""The shape the real app had: the SDK's ``Client`` (its other name for ``OpenAI``) made in
an ``async def`` factory the handler awaits."""


BAD = (
    Case(
        files={"gradio_app.py": ALIASED_ASYNC_FACTORY_APP},
        hits=(("gradio_app.py", 18),),
        note="the SDK's Client made by an async factory the handler awaits, its stream iterated",
    ),
    Case(
        files={"gradio_app.py": SYNC_FACTORY_APP},
        hits=tuple(("gradio_app.py", line) for line in SYNC_FACTORY_HITS),
        note="a sync OpenAI client a function of the module returns, asked from async handlers",
    ),
)
GOOD = (
    Case(
        files={
            "gradio_app.py": on_async_client(ALIASED_ASYNC_FACTORY_APP).replace(
                "from openai import Client", "from openai import AsyncClient as Client"
            )
        },
        note="an async factory of the SDK's AsyncClient, its stream awaited",
    ),
    Case(
        files={"gradio_app.py": on_async_client(SYNC_FACTORY_APP)},
        note="the same handlers on the AsyncOpenAI client their factory returns, awaited",
    ),
)
