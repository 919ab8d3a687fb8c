"""A model's output streamed to a Gradio or Streamlit page, and what only looks like it."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import signals_of


def _streamed(source: str) -> list[tuple[int, str, str]]:
    return [
        (signal.line, signal.name, signal.detail)
        for signal in signals_of(source, "app.py")
        if signal.kind == "streaming-response"
    ]


def test_a_gradio_chat_that_yields_a_streamed_completion_streams_its_output() -> None:
    """An async generator over ``stream=True`` handed to ``gr.ChatInterface`` (blind check l1),
    and a sync one over LangChain's ``.stream()`` handed to a Blocks event."""
    found = _streamed(
        """\
        import gradio as gr
        from openai import AsyncOpenAI

        client = AsyncOpenAI()


        async def chat(message, history):
            stream = await client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": message}], stream=True
            )
            partial = ""
            async for chunk in stream:
                partial += chunk.choices[0].delta.content or ""
                yield partial


        def summarise(text):
            answer = ""
            for chunk in chain.stream({"text": text}):
                answer += chunk
                yield answer


        demo = gr.ChatInterface(chat, type="messages")
        with gr.Blocks() as blocks:
            box = gr.Textbox()
            out = gr.Markdown()
            box.submit(fn=summarise, inputs=box, outputs=out)
        """
    )

    assert found == [(7, "chat", "gr.ChatInterface"), (17, "summarise", "box.submit")]


def test_gradio_handlers_that_stream_nothing_from_the_model_are_not_streaming() -> None:
    """A finished answer yielded word by word, a streamed answer joined before it is returned,
    and a streaming generator no Gradio call is handed."""
    found = _streamed(
        """\
        import time

        import gradio as gr
        from openai import OpenAI

        client = OpenAI()


        def typewriter(message, history):
            reply = client.chat.completions.create(model="m", messages=[])
            for word in reply.choices[0].message.content.split():
                time.sleep(0.05)
                yield word


        def joined(message, history):
            stream = client.chat.completions.create(model="m", messages=[], stream=True)
            return "".join(chunk.choices[0].delta.content or "" for chunk in stream)


        def unused(message):
            for chunk in client.chat.completions.create(model="m", messages=[], stream=True):
                yield chunk


        gr.ChatInterface(typewriter)
        gr.Interface(fn=joined, inputs="text", outputs="text")
        """
    )

    assert found == []


def test_a_streamlit_page_streams_through_write_stream_or_a_placeholder() -> None:
    found = _streamed(
        """\
        import streamlit as st
        from anthropic import Anthropic
        from openai import OpenAI

        client = OpenAI()
        prompt = st.chat_input("Ask")
        if prompt:
            with st.chat_message("assistant"):
                stream = client.chat.completions.create(model="m", messages=[], stream=True)
                st.write_stream(stream)


        def claude_reply(prompt):
            with Anthropic().messages.stream(model="m", max_tokens=512, messages=[]) as stream:
                for text in stream.text_stream:
                    yield text


        placeholder = st.empty()
        answer = ""
        for chunk in client.chat.completions.create(model="m", messages=[], stream=True):
            answer += chunk.choices[0].delta.content or ""
            placeholder.markdown(answer + "▌")
        st.write_stream(claude_reply("hi"))
        """
    )

    assert found == [
        (10, "st.write_stream", ""),
        (21, "placeholder", "st.empty"),
        (24, "st.write_stream", ""),
    ]


def test_a_streamlit_typewriter_over_a_finished_answer_is_no_streamed_output() -> None:
    """Streamlit's own tutorial's fake stream: ``st.write_stream`` of words of a reply that came
    back whole, and a placeholder rewritten over them."""
    found = _streamed(
        """\
        import time

        import streamlit as st


        def words(reply):
            for word in reply.split():
                yield word + " "
                time.sleep(0.05)


        reply = ask_model(st.chat_input("Ask"))
        st.write_stream(words(reply))
        placeholder = st.empty()
        shown = ""
        for word in reply.split():
            shown += word
            placeholder.markdown(shown)
        """
    )

    assert found == []
