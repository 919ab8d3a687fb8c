"""Call facts about configuration read from the environment: ``os.getenv``,
``os.environ.get``, a check of ``"KEY" in os.environ``, python-decouple's ``config()``,
python-dotenv's ``load_dotenv()``, and the typed readers of environs and envparse
(``env.str("SECRET_KEY")``, ``env("DEBUG", cast=bool)``); a copy of ``os.environ`` a config
wrapper keeps; Streamlit's ``st.secrets["KEY"]``; and configparser's parsers of an INI file."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import (
    FileState,
    SignalSink,
    dotted,
    first_arg,
    str_literal,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


def getenv(site: CallSite) -> None:
    is_os = site.func_path == "os.getenv" or (
        site.func_path == "getenv" and site.state.imported_from("getenv") == "os"
    )
    if is_os:
        env_read(site.sink, site.line, first_arg(site.call, "key"))


def decouple_config(site: CallSite) -> None:
    """python-decouple's ``config("SECRET_KEY")``: a setting read from the environment or .env."""
    if site.func_path == "decouple.config" or (
        site.func_path == "config" and site.state.imported_from("config") == "decouple"
    ):
        env_read(site.sink, site.line, first_arg(site.call, "option"))


DOTENV_LOAD = ".env"
"""The name of the env-config signal ``load_dotenv()`` gives: no one variable is read there."""


def load_dotenv(site: CallSite) -> None:
    """python-dotenv's ``load_dotenv()`` or ``dotenv_values()``: the app's settings come from
    a .env file."""
    if (
        site.func_path == f"dotenv.{site.callee}"
        or site.state.imported_from(site.callee) == "dotenv"
    ):
        site.sink.emit("env-config", site.line, DOTENV_LOAD)
        if site.callee == "dotenv_values" and site.target:
            site.state.dotenv_maps.add(site.target)  # ``config = dotenv_values(".env")``


def environ_get(site: CallSite) -> None:
    """``os.environ.get("X")``, and ``.get("X")`` on python-dotenv's values, bound or not (a
    bot's ``dotenv_values(".env").get("TOKEN")``, blind check t1)."""
    receiver = site.call.func.value if isinstance(site.call.func, ast.Attribute) else None
    if is_environ(receiver, site.state) or (
        receiver is not None and _dotenv_values(receiver, site.state)
    ):
        env_read(site.sink, site.line, first_arg(site.call, "key"))
    elif receiver is not None and streamlit_secrets(receiver, site.state):
        secret_read(site.sink, site.line, first_arg(site.call, "key"))


def is_environ(node: ast.AST | None, state: FileState) -> bool:
    """``os.environ``, or a bare ``environ`` imported from os."""
    path = dotted(node)
    return path == "os.environ" or (path == "environ" and state.imported_from("environ") == "os")


def env_read(sink: SignalSink, line: int, key: ast.AST | None) -> None:
    name = str_literal(key)
    sink.emit("env-config", line, name if name is not None else "")


STREAMLIT_SECRET = "streamlit-secret"


def streamlit_secrets(node: ast.AST, state: FileState) -> bool:
    """Streamlit's ``st.secrets`` (or ``secrets`` imported from streamlit): the settings and
    keys of ``.streamlit/secrets.toml`` or of the host's secrets, read from outside the code.
    A Streamlit app reading its key there had "no configuration code" (blind check l1)."""
    path = dotted(node)
    if path == "secrets":
        return state.imports.get(path) == ("streamlit", "secrets")
    head, _, rest = path.partition(".")
    return rest == "secrets" and state.imports.get(head) == ("streamlit", "")


def secret_read(sink: SignalSink, line: int, key: ast.AST | None) -> None:
    name = str_literal(key)
    sink.emit(STREAMLIT_SECRET, line, name if name is not None else "")


def classify_subscript(node: ast.Subscript, state: FileState, sink: SignalSink) -> None:
    """``os.environ["X"]`` read (not written) -> env-config; so is a key of python-dotenv's
    ``dotenv_values(".env")``, read at once or through the name it was bound to (a bot's
    ``dotenv_values(".env")["BOT_TOKEN"]`` had been "no config or secret handling", corpus
    89)."""
    if not isinstance(node.ctx, ast.Load):
        return
    if is_environ(node.value, state) or _dotenv_values(node.value, state):
        env_read(sink, node.lineno, node.slice)
    elif streamlit_secrets(node.value, state):
        secret_read(sink, node.lineno, node.slice)


def classify_compare(node: ast.Compare, state: FileState, sink: SignalSink) -> None:
    """``"OPENAI_API_KEY" in os.environ`` (or ``not in``): a check that the environment sets a
    variable, as LangChain's tutorials make before their SDK reads it (blind check h1)."""
    if len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn):
        if is_environ(node.comparators[0], state):
            env_read(sink, node.lineno, node.left)


ENVIRON_COPY = "os.environ"
"""The name of the env-config signal a copy of the whole environment gives."""


def copies_environ(value: ast.expr, state: FileState) -> bool:
    """``dict(os.environ)``, ``os.environ.copy()`` or ``{**os.environ, ...}``."""
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name) and func.id == "dict":
            return len(value.args) == 1 and is_environ(value.args[0], state)
        return (
            isinstance(func, ast.Attribute)
            and func.attr == "copy"
            and not value.args
            and is_environ(func.value, state)
        )
    if isinstance(value, ast.Dict):
        return any(
            key is None and is_environ(item, state)
            for key, item in zip(value.keys, value.values, strict=True)
        )
    return False


def environ_copy_reads(tree: ast.Module, state: FileState, sink: SignalSink) -> None:
    """A copy of the environment kept in a name or attribute (a config wrapper's
    ``self._env = dict(os.environ)``, then ``config.env.get("JWT_SECRET")``): the settings are
    read from the environment (blind check c1). Not in a test, and not a copy handed to a
    process (``env=env``) or put back (``os.environ.update(saved)``): that configures
    nothing."""
    if state.in_tests:
        return
    handed: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "env":
            handed.add(dotted(node.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and is_environ(node.func.value, state)
        ):
            handed.update(dotted(argument) for argument in node.args)
    for line, name in state.environ_copies:
        if name not in handed:
            sink.emit("env-config", line, ENVIRON_COPY)


def _dotenv_values(node: ast.expr, state: FileState) -> bool:
    if isinstance(node, ast.Name):
        return node.id in state.dotenv_maps
    if not isinstance(node, ast.Call):
        return False
    path = dotted(node.func)
    return path == "dotenv.dotenv_values" or (
        path == "dotenv_values" and state.imported_from("dotenv_values") == "dotenv"
    )


ENV_LIBRARIES = frozenset({"environs", "envparse"})
ENV_CASTS = frozenset(
    {"str", "int", "bool", "float", "list", "dict", "json", "url", "path", "decimal", "date"}
    | {"datetime", "timedelta", "uuid", "log_level", "dj_db_url", "db"}
)
"""The typed readers of an environs or envparse ``Env`` (``env.int("PORT")``)."""


def env_object(site: CallSite) -> None:
    """``env = Env()`` of environs or envparse: a reader of the environment."""
    if site.target and site.state.library_of(site.func_path) in ENV_LIBRARIES:
        site.state.env_readers.add(site.target)


def env_typed_read(site: CallSite) -> None:
    """``env.str("SECRET_KEY")`` or ``env("SECRET_KEY")`` on an ``Env`` (envparse's ``env`` is
    one, imported as it is)."""
    owner = site.func_path.rsplit(".", 1)[0] if site.callee in ENV_CASTS else site.func_path
    if owner in site.state.env_readers or site.state.library_of(owner) == "envparse":
        env_read(site.sink, site.line, first_arg(site.call, "var"))


CONFIG_FILE = "config-file"
CONFIG_PARSERS = ("ConfigParser", "RawConfigParser", "SafeConfigParser")


def config_parser(site: CallSite) -> None:
    """``configparser.ConfigParser()``: settings read from an INI file rather than written in
    the code. An ETL reading ``config.ini`` had "no configuration code" (blind check s2)."""
    if site.func_path == f"configparser.{site.callee}" or (
        site.state.imported_from(site.callee) == "configparser"
    ):
        site.sink.emit(CONFIG_FILE, site.line, site.callee)
