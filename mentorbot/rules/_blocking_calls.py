"""The calls that block the event loop when made from ``async def``, for MB101.

``time.sleep``, ``requests.get``, sync file and subprocess I/O (temporary files and OpenCV's
readers too), ``shutil``'s copies, whole-document readers (a PDF or Word file, a spreadsheet),
OCR and converters that run an external tool (tesseract, poppler, pandoc), the schema made or
dropped through a sync engine (``Base.metadata.create_all(bind=engine)``),
a mail server's ``smtplib.SMTP``, a RabbitMQ broker's ``pika.BlockingConnection``,
cloudinary's uploads, requests through a synchronous LLM, Redis, MongoDB or boto3 client
(``_llm_clients``, ``_sync_clients``), waiting on a Celery result, and file I/O through
pathlib (``_path_io``). A call inside the arguments of ``asyncio.to_thread(...)`` and friends
runs elsewhere.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorbot.analysis.python_facts_support import keyword as keyword_value
from mentorbot.domain import Signal
from mentorbot.rules._llm_clients import sync_llm_request
from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    last_part,
    last_parts,
    may_resolve_to,
    own_nodes_of,
    qualified,
    walk_of,
)
from mentorbot.rules._path_io import path_io_call, upload_file_io
from mentorbot.rules._sync_clients import client_request
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import RUFF_OK_SIGNAL

DOCUMENT_READERS = frozenset(
    {"pdfplumber.open", "fitz.open", "pymupdf.open", "pypdf.PdfReader", "PyPDF2.PdfReader"}
    | {"docx.Document", "openpyxl.load_workbook", "PIL.Image.open", "docxtpl.DocxTemplate"}
    | {f"unstructured.partition.{kind}.partition_{kind}" for kind in ("pdf", "docx", "html")}
    | {"unstructured.partition.auto.partition"}
    | {f"pandas.read_{kind}" for kind in ("csv", "excel", "json", "parquet", "table", "sql")}
)
"""Readers that open and parse a whole document (a PDF or Word resume, a spreadsheet, an
uploaded photo, a Word template; unstructured's partitioners, which lay out every page): file
I/O and seconds of parsing on the loop's thread."""
CLOUDINARY_REQUESTS = frozenset(
    {f"cloudinary.uploader.{name}" for name in ("upload", "upload_large", "destroy", "rename")}
    | {
        "cloudinary.uploader.explicit",
        "cloudinary.uploader.add_tag",
        "cloudinary.uploader.remove_tag",
    }
    | {f"cloudinary.api.{name}" for name in ("resources", "resource", "delete_resources", "ping")}
)
"""What cloudinary's SDK sends to its API (an upload sends the whole file); building an
image's URL (``CloudinaryImage(...).build_url()``) is local."""
_AUTO_CLASSES = (
    "AutoTokenizer",
    "AutoModel",
    "AutoConfig",
    "AutoProcessor",
    "AutoModelForCausalLM",
    "AutoModelForSeq2SeqLM",
    "AutoModelForSequenceClassification",
    "AutoModelForTokenClassification",
    "AutoModelForQuestionAnswering",
)
MODEL_LOADERS = frozenset(
    {f"transformers.{name}.from_pretrained" for name in _AUTO_CLASSES}
    | {"transformers.pipeline", "sentence_transformers.SentenceTransformer"}
    | {"sentence_transformers.CrossEncoder"}
)
"""What reads a model's weights from disk (downloading them first, the first time): seconds of
work on the loop's thread (a reranker loaded inside ``async def``, blind check c2)."""
_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
BLOCKING_CALLS = frozenset(
    {"time.sleep", "urllib.request.urlopen", "os.system", "os.popen", "io.open"}
    | {f"requests.{verb}" for verb in _HTTP_VERBS}
    | {f"httpx.{verb}" for verb in (*_HTTP_VERBS, "stream")}
    | {f"subprocess.{name}" for name in ("run", "call", "check_call", "check_output", "Popen")}
    | {"subprocess.getoutput", "subprocess.getstatusoutput"}
    | {"sqlite3.connect", "psycopg2.connect", "pymysql.connect", "mysql.connector.connect"}
    | {"smtplib.SMTP", "smtplib.SMTP_SSL"}  # connect to the mail server when given a host
    | {f"shutil.{name}" for name in ("copyfileobj", "copyfile", "copy", "copy2", "copytree")}
    | {"shutil.move", "shutil.rmtree", "shutil.make_archive", "shutil.unpack_archive"}
    | {"tempfile.NamedTemporaryFile", "tempfile.TemporaryFile", "tempfile.mkstemp"}
    | {"cv2.VideoCapture", "cv2.imread", "cv2.imwrite", "yfinance.download"}
    | {f"pytesseract.image_to_{kind}" for kind in ("string", "data", "boxes", "pdf_or_hocr")}
    | {"pdf2image.convert_from_path", "pdf2image.convert_from_bytes"}
    | {"pypandoc.convert_file", "pypandoc.convert_text", "docx2txt.process"}
    | {"rq.job.Job.fetch", "rq.Job.fetch"}  # reads the job from Redis
    | {"pika.BlockingConnection", "pika.adapters.blocking_connection.BlockingConnection"}
    | CLOUDINARY_REQUESTS
    | DOCUMENT_READERS
    | MODEL_LOADERS
)
STRIPE_REQUESTS = frozenset(
    {"create", "retrieve", "modify", "update", "list", "search", "delete", "cancel", "confirm"}
    | {"capture", "expire", "pay", "finalize_invoice", "void_invoice", "send_invoice"}
)
"""What stripe-python's resources ask its API (``stripe.PaymentIntent.create(...)``, through a
``StripeClient`` too): an HTTPS round trip each; its webhook check is local."""
LAZY_IMAGE_OPEN = "PIL.Image.open"
"""Reads only the image's header until its pixels are asked for: from bytes in memory
(``Image.open(io.BytesIO(data))``) it waits on nothing; what is done with the image next is
judged on its own (``_client_kinds.IMAGE``)."""
SCHEMA_DDL = frozenset({"create_all", "drop_all"})
"""``MetaData``'s own DDL runs on a sync engine only (an async one takes it through
``conn.run_sync(Base.metadata.create_all)``): called in ``async def``, every table's CREATE
waits on the loop's thread."""
THREAD_WRAPPERS = frozenset(
    {"run_in_threadpool", "to_thread", "run_in_executor", "run_sync"}
    | {"sync_to_async", "database_sync_to_async"}
)
_BLOCKING_ENDINGS = last_parts(BLOCKING_CALLS)


def blocking_name(call: ast.Call, ctx: FileContext, function: FunctionNode) -> str | None:
    """What ``call`` (made in ``function``) is, when it is one of the blocking calls; else None."""
    func = call.func
    name = qualified(func, ctx.imports) if may_resolve_to(func, _BLOCKING_ENDINGS) else ""
    if name in BLOCKING_CALLS:
        return None if name == LAZY_IMAGE_OPEN and _in_memory(call, ctx) else name
    if isinstance(func, ast.Name) and func.id == "open" and "open" not in ctx.imports:
        return None if _harmless_open(call, ctx, function) else "open"
    if not isinstance(func, ast.Attribute):
        return sync_llm_request(call, ctx) if isinstance(func, ast.Name) else None
    if func.attr in SCHEMA_DDL and last_part(dotted(func.value)) == "metadata":
        return f"metadata.{func.attr}"
    return (
        path_io_call(call, ctx, function)
        or upload_file_io(call, ctx, function)
        or sync_llm_request(call, ctx)
        or client_request(call, ctx, function)
        or _stripe_request(func, ctx)
        or _django_query(func, ctx)
    )


DJANGO_QUERIES = frozenset(
    {"get", "create", "count", "first", "last", "exists", "update", "delete", "aggregate"}
    | {"get_or_create", "update_or_create", "bulk_create", "bulk_update", "latest", "earliest"}
    | {"in_bulk"}
)
"""Django ORM calls that run their query then and there (``filter`` and ``all`` only build one);
their ``a``-prefixed twins (``aget``, ``acreate``) are the async ones."""


def _django_query(func: ast.Attribute, ctx: FileContext) -> str | None:
    """``Room.objects.get(name=...)`` in a Channels consumer or an async Django view: Django
    refuses it there (SynchronousOnlyOperation), and it would block the loop if it did not
    (blind check d1). Only in a module that imports Django or Channels."""
    if func.attr not in DJANGO_QUERIES:
        return None
    chain = _query_chain(func.value)
    if "objects" not in chain.split("."):
        return None
    if not any(target.split(".")[0] in {"django", "channels"} for target in ctx.imports.values()):
        return None
    return f"{chain}.{func.attr}"


def _query_chain(node: ast.expr) -> str:
    """``Room.objects.filter`` of ``Room.objects.filter(a=1).order_by("b")``: the names of a
    chain of attributes and calls, each call left out (``Room.objects`` of itself)."""
    parts: list[str] = []
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        else:
            node = node.func
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _harmless_open(call: ast.Call, ctx: FileContext, function: FunctionNode) -> bool:
    """An ``open`` that waits on no I/O of real size: handed to an awaited send, writing down
    an error, or a small text file at a path the code writes down."""
    return (
        _handed_to_a_coroutine(call, ctx)
        or _in_an_except_handler(call, ctx)
        or _opens_a_fixed_small_file(call, ctx, function)
    )


def _in_an_except_handler(node: ast.AST, ctx: FileContext) -> bool:
    """Whether ``node`` runs in an ``except`` clause of its function: a file opened there writes
    down the error (``with open("utils.log", "a") as log: log.write(f"{e}")``), a few bytes on
    the rare path, not I/O of real size (corpus 83)."""
    parent = ctx.parents.get(id(node))
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(parent, ast.ExceptHandler):
            return True
        parent = ctx.parents.get(id(parent))
    return False


def _handed_to_a_coroutine(call: ast.Call, ctx: FileContext) -> bool:
    """``await message.answer_photo(photo=open("logo.jpg", "rb"))`` in an aiogram bot: opening
    reads nothing, and aiogram's send reads the file as it uploads (aiohttp, in a thread),
    corpus 82. python-telegram-bot reads it whole on the spot, so only aiogram's count."""
    if not any(target.split(".")[0] == "aiogram" for target in ctx.imports.values()):
        return False
    parent = ctx.parents.get(id(call))
    if isinstance(parent, ast.keyword):
        parent = ctx.parents.get(id(parent))
    if not (isinstance(parent, ast.Call) and call is not parent.func):
        return False
    return isinstance(ctx.parents.get(id(parent)), ast.Await)


SMALL_FILE_SUFFIXES = (".txt", ".json", ".md", ".yaml", ".yml", ".toml", ".ini", ".prompt")
"""Files a program ships and reads whole: a prompt, a help text, a small JSON of settings."""
GROWING_FILE = re.compile(r"(?i)embed|cache|vector|index|data|dump|store|histor|log|record")
"""Names of files that grow with use (``embeddings.json``, ``chat_history.txt``): of real
size, whatever folder they sit in."""


def fixed_small_reads(ctx: FileContext) -> Iterator[Signal]:
    """A ``RUFF_OK_SIGNAL`` at each ``open`` of a fixed small file in a function, handed to an
    awaited call or writing down an error: ruff's ASYNC230 says the same of every ``open`` in a
    coroutine."""
    if "open" in ctx.imports:
        return
    for function in functions(ctx.tree):
        for call in own_nodes_of(function, ast.Call):
            func = call.func
            opens = isinstance(func, ast.Name) and func.id == "open"
            if opens and _harmless_open(call, ctx, function):
                yield Signal(kind=RUFF_OK_SIGNAL, line=call.lineno, name="blocking-call-in-async")


def _opens_a_fixed_small_file(
    call: ast.Call, ctx: FileContext, function: FunctionNode | None = None
) -> bool:
    """``open("text/help.txt")``, ``open(f"prompts/{name}.txt")``, ``open(PRICES_FILE)`` with
    ``PRICES_FILE = os.path.join("data", "prices.json")``: a text file of the program's own at
    a path written in the code, read whole. Reading a bot's help text takes microseconds and is
    no upload (blind checks corpus 61, 65, 67, 68, 72 counted such reads). So is writing back a
    file the module also reads, ``open("users.json", "w")`` beside ``open("users.json")``: the
    few users, polls or counters a bot keeps in JSON (corpus 85 counted 36 such writes next to
    unreported reads of the same files). A file only written (an export of every post), a
    binary one and names of files that grow with use stay reported."""
    mode = _text_mode(call)
    name = _fixed_small_name(call, ctx, function) if mode else ""
    return bool(name) and (set(mode) <= READ_MODES or name in _read_back(ctx))


TEXT_MODES = frozenset("rwax+t")
"""The letters of a text mode: reading, writing, appending, creating, updating."""
READ_MODES = frozenset("rt")
_READ_BACK = "_mentor_read_back"


def _text_mode(call: ast.Call) -> str:
    """The mode ``open`` is given ("r" when none), "" when it is not a text mode written out."""
    mode = call.args[1] if len(call.args) > 1 else keyword_value(call, "mode")
    if mode is None:
        return "r"
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and mode.value:
        return mode.value if set(mode.value) <= TEXT_MODES else ""
    return ""


def _fixed_small_name(call: ast.Call, ctx: FileContext, function: FunctionNode | None) -> str:
    """The lower-case name of the small file ``open`` is given at a path the code writes down,
    "" for any other path."""
    path = call.args[0] if call.args else keyword_value(call, "file")
    if isinstance(path, ast.Name):
        path = _bound_once(path.id, function) or _bound_once(path.id, ctx.tree)
    name = _written_tail(path).replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name if name.endswith(SMALL_FILE_SUFFIXES) and not GROWING_FILE.search(name) else ""


def _read_back(ctx: FileContext) -> frozenset[str]:
    """Names of the small files the module opens for reading somewhere, kept on its tree."""
    cached: frozenset[str] | None = ctx.tree.__dict__.get(_READ_BACK)
    if cached is not None:
        return cached
    opened = [(call, None) for call in walk_of(ctx.tree, ast.Call)] + [
        (call, function)
        for function in functions(ctx.tree)
        for call in own_nodes_of(function, ast.Call)
    ]
    names = frozenset(
        name
        for call, function in opened
        if isinstance(call.func, ast.Name)
        and call.func.id == "open"
        and set(_text_mode(call) or "x") <= READ_MODES
        and (name := _fixed_small_name(call, ctx, function))
    )
    setattr(ctx.tree, _READ_BACK, names)
    return names


def _written_tail(path: ast.expr | None) -> str:
    """The end of a path as the code writes it: a literal, an f-string's last literal part, the
    last part joined (``os.path.join(..., "prices.json")``, ``base / "help.txt"``); "" when the
    code does not write it."""
    if isinstance(path, ast.Constant) and isinstance(path.value, str):
        return path.value
    if isinstance(path, ast.JoinedStr) and path.values:
        return _written_tail(path.values[-1])
    if isinstance(path, ast.Call) and dotted(path.func).endswith("path.join") and path.args:
        return _written_tail(path.args[-1])
    if isinstance(path, ast.BinOp) and isinstance(path.op, ast.Div):
        return _written_tail(path.right)
    return ""


def _bound_once(name: str, scope: ast.AST | None) -> ast.expr | None:
    """The value a name is bound to in ``scope``'s own statements, if it is bound once only."""
    if scope is None:
        return None
    body = scope.body if isinstance(scope, ast.Module) else own_nodes_of(scope, ast.Assign)
    bound = [
        node.value
        for node in body
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
    ]
    return bound[0] if len(bound) == 1 else None


def _stripe_request(func: ast.Attribute, ctx: FileContext) -> str | None:
    """``stripe.PaymentIntent.create`` (``stripe.Webhook.construct_event`` checks a signature
    locally; ``create_async`` and friends are awaited)."""
    if func.attr not in STRIPE_REQUESTS:
        return None
    name = qualified(func, ctx.imports)
    parts = name.split(".")
    return name if len(parts) > 2 and parts[0] == "stripe" and "Webhook" not in parts else None


def _in_memory(call: ast.Call, ctx: FileContext) -> bool:
    source = call.args[0] if call.args else None
    return isinstance(source, ast.Call) and qualified(source.func, ctx.imports) == "io.BytesIO"


def wrapped_in_thread(node: ast.AST, ctx: FileContext, stop: ast.AST) -> bool:
    """Whether the call sits inside the arguments of ``asyncio.to_thread(...)`` and friends."""
    current = ctx.parents.get(id(node))
    while current is not None and current is not stop:
        if isinstance(current, ast.Call) and last_part(dotted(current.func)) in THREAD_WRAPPERS:
            return True
        current = ctx.parents.get(id(current))
    return False
