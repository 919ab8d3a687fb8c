"""MB107: a credential written into the code or a committed config file.

Python: string literals assigned (or passed, defaulted, compared) to a secret-looking name,
``os.getenv("SECRET_KEY", "<literal>")`` fallbacks, and literals that are a secret by their
shape (API key formats, private keys, passwords inside URLs), in the code or in a comment.
Text files: ``.env``, YAML, JSON, TOML, INI, ``.pypirc``, Makefiles, a ``token.txt``, and
notebooks (a key pasted into a cell). Placeholders ("changeme", "your-key-here")
and local defaults ("postgres") are not secrets; template files (``.env.example``) only count
real key formats. In test files and seed scripts only values shaped like a real key are
reported: ``"password": "testpass123"`` in a test's request, or a demo account a seed script
creates, is sample data for the app.
The value itself never appears in a finding.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence

from mentorbot.analysis.pytest_runs import is_makefile
from mentorbot.domain import Finding, Signal, Text
from mentorbot.rules import _secret_cases as cases
from mentorbot.rules._ci_services import throwaway_lines
from mentorbot.rules._names import (
    dotted,
    qualified,
    walk_of,
)
from mentorbot.rules._pasted_secrets import pasted_env_lines
from mentorbot.rules._secret_advice import (
    FALLBACK,
    NEW_SIGNING_KEY,
    READ_IT,
    browser_advice,
    is_dotenv_path,
    signs_for_the_app,
    text_advice,
)
from mentorbot.rules._secret_bindings import decoded_literal, literal, named_literals, sentinels
from mentorbot.rules._secret_samples import holds_sample_data, sample_nodes
from mentorbot.rules._stand_in_keys import STAND_IN_KEY, stand_in_signing_key
from mentorbot.rules.base import (
    STRING_LITERAL,
    FileContext,
    FixHints,
    Hit,
    RuffReport,
    Rule,
    TextContext,
)
from mentorbot.rules.project import RUFF_OK_SIGNAL
from mentorbot.rules.redact import query_key_name, value_secret
from mentorbot.rules.redact_hidden import unescape_quotes
from mentorbot.rules.redact_named import noted_password
from mentorbot.rules.secret_aws import paired_secret_lines
from mentorbot.rules.secret_find import (
    MOST_SECRET_FILE_LINES,
    bare_secret,
    find_secrets,
    named_secret,
    uncommented,
)
from mentorbot.rules.secret_paths import (
    is_ini_path,
    is_requirements_path,
    is_secret_text_path,
    is_template_path,
)
from mentorbot.rules.secret_patterns import COMMENT_PASSWORD
from mentorbot.rules.secret_values import (
    is_secret_name,
    is_secret_value,
    random_key,
)

_RUFF_NAME = re.compile(r'"([^"]+)"')
_COMMENT = re.compile(r"#[^\n]*")
"""From a ``#`` to the end of its line: a comment, or a string holding one (checked anyway)."""
_CODE_COMMENT = re.compile(
    r"\s*#\s*[A-Za-z_][\w.]*"
    r"(?:(?:\s*=\s*[A-Za-z_][\w.]*)?\(.*['\"]|\s*=\s*[rbuRBU]?['\"])"
)
"""A whole line of code commented out: a call with a string in it (``# conn = connect("...")``)
or an assignment of one (``# PASSWORD = '...'``, blind check c2), not prose."""


def _plausible(name: str, value: str) -> bool:
    """Kebab-case or spaced keys are labels ("hardcoded-secret": "security"), not variables:
    behind those only a value with a digit or symbol in it is taken for a credential."""
    if not is_secret_value(value, name):
        return False
    return not re.search(r"[-\s]", name) or not value.isalpha()


SIGNING_KEY_ARGUMENTS: dict[str, tuple[int, str]] = {
    "jwt.encode": (1, "key"),
    "jwt.decode": (1, "key"),
    "jose.jwt.encode": (1, "key"),
    "jose.jwt.decode": (1, "key"),
    "hmac.new": (0, "key"),
    "itsdangerous.URLSafeSerializer": (0, "secret_key"),
    "itsdangerous.URLSafeTimedSerializer": (0, "secret_key"),
    "pymysql.connect": (2, "password"),
    "MySQLdb.connect": (2, "passwd"),
}
"""Callables that sign with a key, or log in with a password, handed to them, by the qualified
name: the key's position and parameter (``jwt.encode(payload, "k3y", algorithm="HS256")`` and
``pymysql.connect("localhost", "root", "s3cret", "shop")`` name no variable)."""


def _signing_keys(ctx: FileContext) -> Iterator[tuple[ast.Call, ast.expr, str]]:
    """(call, key literal, parameter) of each call signing with a key written in the call."""
    for call in walk_of(ctx.tree, ast.Call):
        spec = SIGNING_KEY_ARGUMENTS.get(qualified(call.func, ctx.imports))
        if spec is None:
            continue
        position, parameter = spec
        given = call.args[position] if len(call.args) > position else None
        for keyword in call.keywords:
            if keyword.arg == parameter:
                given = keyword.value
        if given is not None and literal(given) is not None:
            yield call, given, parameter


_BINDING_NODES = (
    ast.Assign,
    ast.AnnAssign,
    ast.Call,
    ast.Dict,
    ast.arguments,
    ast.Compare,
    ast.BoolOp,
)
"""The node types ``named_literals`` can find a name bound to a literal in."""
SHORTEST_SHAPED_SECRET = 8
"""No key format or URL with a password (``a://u:p@``) is shorter: shorter strings are not
scanned for one."""


def _passed_to(tree: ast.Module) -> dict[int, str]:
    """Strings handed to a call as positional arguments -> the call (``bot.run()``): what a
    key passed straight in is named by."""
    return {
        id(argument): f"{dotted(call.func)}()"
        for call in walk_of(tree, ast.Call)
        if dotted(call.func)
        for argument in call.args
        if isinstance(argument, ast.Constant)
    }


def _bytes_literal(node: ast.AST) -> str | None:
    """A bytes key as text: ``app.secret_key = b'_5#y2L"F4Q8z\\n\\xec]/'``, as Flask's
    quickstart writes it, signs sessions as much as a string does (blind check f1)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        return node.value.decode("latin-1")
    return None


def _check(ctx: FileContext) -> Iterator[Hit]:
    reported: set[int] = set()
    bound_to: dict[int, str] = {}
    # A test's "password": "testpass123" is sample data for the app under test, not a
    # credential of anything: in tests and seed scripts only values shaped like a real key count.
    if not holds_sample_data(ctx.path, ctx.source):
        documentation = sample_nodes(ctx.tree, ctx.imports)
        fallback_flags = sentinels(ctx)
        for node in walk_of(ctx.tree, *_BINDING_NODES):
            if id(node) in documentation:
                continue
            for name, value_node, fallback in named_literals(node, ctx.imports):
                bound_to[id(value_node)] = name
                value = literal(value_node) or _bytes_literal(value_node)
                decoded = decoded_literal(value_node) if value is None else None
                if decoded is not None:
                    bound_to[id(decoded[0])] = name  # ``api_key = b64decode("...").decode()``
                    value = decoded[1]
                if value is None or not name or value in fallback_flags:
                    continue
                if not (is_secret_name(name) or random_key(name, value)):
                    continue
                if value_node.lineno in reported:
                    continue
                if _plausible(name, value):
                    reported.add(value_node.lineno)
                    advice = FALLBACK if fallback else READ_IT
                    yield Hit(value_node.lineno, {"name": name, **advice})
                elif not fallback and stand_in_signing_key(node, name, value):
                    reported.add(value_node.lineno)
                    yield Hit(value_node.lineno, {"name": name, **STAND_IN_KEY})
        for call, key, parameter in _signing_keys(ctx):
            value = literal(key) or ""
            if is_secret_value(value, parameter) and key.lineno not in reported:
                reported.add(key.lineno)
                yield Hit(key.lineno, {"name": f"{dotted(call.func)}()", **READ_IT})
    # Every string of a key's shape, named or not (by the name it is bound to, else by the
    # call it is passed to, else by its kind); a secret-like name found it first where both
    # would.
    passed_to: dict[int, str] | None = None
    for constant in walk_of(ctx.tree, ast.Constant):
        text = constant.value
        if type(text) is not str or len(text) < SHORTEST_SHAPED_SECRET:
            continue
        kind = value_secret(text)
        if kind is not None and constant.lineno not in reported:
            reported.add(constant.lineno)
            called = bound_to.get(id(constant))
            if called is None and kind == "url-key":
                called = query_key_name(text)
            if called is None:
                passed_to = _passed_to(ctx.tree) if passed_to is None else passed_to
                called = passed_to.get(id(constant))
            yield Hit(constant.lineno, {"name": called or kind, **READ_IT})
    for number in sorted(paired_secret_lines(ctx.source) - reported):
        reported.add(number)  # an AWS key on the line under its key id's
        yield Hit(number, {"name": "aws-secret-key", **READ_IT})
    yield from _commented_out(ctx, reported)
    yield from pasted_env_lines(ctx, reported)


def _commented_out(ctx: FileContext, reported: set[int]) -> Iterator[Hit]:
    """Keys in comments: ``# openai_api_key = "sk-..."`` left behind when the code moved to the
    environment is in the history all the same. Values shaped like a key count, and a secret
    named in code commented out whole (``#  conn = connect(user="app", password="...")``)."""
    number, counted = 1, 0
    for comment in _COMMENT.finditer(ctx.source):
        number += ctx.source.count("\n", counted, comment.start())
        counted = comment.start()
        if number in reported:
            continue
        text = comment.group()
        kind = value_secret(text)
        if kind is None and _CODE_COMMENT.match(ctx.lines[number - 1]):
            named = named_secret(text)
            kind = named[1] if named is not None else None
        if kind is None and any(map(noted_password, COMMENT_PASSWORD.finditer(text))):
            kind = "password"
        if kind is not None:
            reported.add(number)
            yield Hit(number, {"name": kind, **READ_IT})


def _collect(ctx: FileContext) -> Iterator[Signal]:
    """Sample data in API examples, and a sentinel an environment read's value is compared
    with: ruff's password warnings there are false alarms."""
    documentation = sample_nodes(ctx.tree, ctx.imports)
    lines = {node.lineno for node in walk_of(ctx.tree, ast.Constant) if id(node) in documentation}
    fallback_flags = sentinels(ctx)
    if fallback_flags:
        lines |= {
            node.lineno
            for node in walk_of(ctx.tree, ast.Compare)
            if any(literal(value) in fallback_flags for value in node.comparators)
        }
    for line in sorted(lines):
        yield Signal(kind=RUFF_OK_SIGNAL, line=line, name="hardcoded-secret")


def _check_text(ctx: TextContext) -> Iterator[Hit]:
    if ctx.path.lower().endswith(".ipynb"):
        # A cell's ``KEY = "value"`` stands in the notebook's JSON as ``KEY = \"value\"``.
        lines = tuple(map(unescape_quotes, ctx.lines))
        ctx = TextContext(path=ctx.path, source=unescape_quotes(ctx.source), lines=lines)
    template = is_template_path(ctx.path)
    docs = ctx.path.lower().endswith((".md", ".rst"))
    secret_file = is_secret_text_path(ctx.path)
    if secret_file and len(ctx.lines) > MOST_SECRET_FILE_LINES:
        return  # a word list or notes, whatever the name says
    # Prose says "password: hash it"; in docs only values shaped like secrets count. A
    # Makefile's ``DB_PASSWORD ?= postgres`` is a local default; a key of a known shape on a
    # recipe's command line (``twine upload -p pypi-...``) is a key (blind check p1).
    assignments = not (is_requirements_path(ctx.path) or docs or is_makefile(ctx.path))
    advice = text_advice(ctx.path, docs=docs, template=template)
    dotenv, ini = is_dotenv_path(ctx.path), is_ini_path(ctx.path)
    found = find_secrets(ctx.source, template=template, named=assignments, dotenv=dotenv, ini=ini)
    bare = bare_secret(ctx.source) if secret_file and not found else None
    throwaway = throwaway_lines(ctx.path, ctx.source, found)
    for number, kind in [*found, *([bare] if bare else [])]:
        if number in throwaway:
            continue
        code = uncommented(ctx.code(number)) if dotenv else ctx.code(number)
        named = named_secret(code, template=template, dotenv=dotenv, ini=ini)
        name = named[1] if named is not None else kind
        if secret_file and named in (None, (name, name)):
            name = ctx.path.rsplit("/", 1)[-1]  # the token alone: the file names it
        bundled = None if docs else browser_advice(name)
        yield Hit(number, {"name": name, **(bundled or advice)})


def _keep_ruff(report: RuffReport) -> bool:
    """Ruff's S105-S107 fire on any string bound to a password-ish name ("bearer", "/token");
    in a test file, where such names hold sample data, only a value shaped like a key counts."""
    quoted = _RUFF_NAME.findall(report.message)
    literals = [match.group(2) for match in STRING_LITERAL.finditer(report.source_line)]
    statement = "\n".join(report.lines)
    if holds_sample_data(report.path, statement):
        return any(value_secret(value) is not None for value in literals)
    bound = [
        (match.group(2), name)
        for name in quoted
        for match in _boundliteral(name).finditer(statement)
    ]
    if bound:
        # The literal the flagged name is given, not the host or user beside it on the line.
        return any(is_secret_value(value, name) and is_secret_name(name) for value, name in bound)
    return any(
        is_secret_value(value, name) and (not quoted or is_secret_name(name))
        for value in literals
        for name in quoted or [""]
    )


def _boundliteral(name: str) -> re.Pattern[str]:
    """``name = "value"`` or ``name: str = "value"`` (an argument, a default, an assignment)."""
    return re.compile(
        rf"(?<![\w.]){re.escape(name)}\s*(?::[^=\n]*)?=\s*[rbuRBU]?(['\"])((?:\\.|(?!\1).)*)\1"
    )


_ASSIGNED = r"^\s*{name}\s*(?::[^=]+)?=(?!=)"
"""A line assigning a name (annotated or not), the name given as a pattern."""

FIX_HINTS = FixHints(
    removed=(
        r"(?i:secret|passw|pwd|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|_url\b)",
        r"://[^/\s:@]*:[^@\s/]+@",
        r"\b(?:sk-|ghp_|xox[abp]-|AKIA)\w{8,}",
    ),
    replaced_by=(
        (_ASSIGNED.format(name=r"(?P<name>[A-Za-z_]\w*)"), _ASSIGNED.format(name=r"(?P=name)")),
    ),
)
"""Its fixes take the literal out of the line that names the credential, or assign that name
anew elsewhere in the file (``DB_PASS = os.getenv("DB_PASS")`` in another class)."""

_APART = Text(
    zh="配置和代码要分开：代码说明“怎么做”，配置决定“连到哪里、用什么身份”。这也是十二要素应用的第三条。"
    "从代码里拿掉密钥并不会把它从 git 历史里拿掉",
    en="Keep configuration apart from code: code says how, configuration says where to "
    "connect and as whom. It is the third factor of the twelve-factor app. Taking a key "
    "out of the code does not take it out of the git history",
)


def _teach(solved: Sequence[Finding]) -> Text | None:
    """Signing keys of the app's own have no provider to revoke them: they are replaced."""
    if not signs_for_the_app(solved):
        return None
    return Text(zh=f"{_APART.zh}。{NEW_SIGNING_KEY.zh}", en=f"{_APART.en}. {NEW_SIGNING_KEY.en}")


RULE = Rule(
    id="MB107",
    name="hardcoded-secret",
    category="hardcoded-secret",
    severity="high",
    test_severity="low",
    area="security",
    title=Text(zh="代码里写死了密钥或密码", en="Hardcoded secret"),
    explanation=Text(
        zh="密钥、密码一旦写进代码或提交进仓库，就会出现在每一份克隆、每一条 git 历史里，"
        "删掉那一行也收不回来。任何能看到仓库的人——包括将来把它设为公开的你——都能直接拿去用。",
        en="Once a key or password is written into code or committed in a config file, it lives "
        "in every clone and in the git history for good; deleting the line does not take it "
        "back. Anyone who can read the repository — including you the day you make it "
        "public — can use it.",
    ),
    fix=Text(
        zh="把值挪到环境变量里，用 pydantic-settings 读取，并把 `.env` 加进 `.gitignore`；"
        "仓库里只保留一个写着占位值的 `.env.example`。已经提交过的密钥要当作泄露，"
        "立即去服务商那里作废重建。",
        en="Move the value into an environment variable read with pydantic-settings, add `.env` "
        "to `.gitignore`, and keep only a `.env.example` with placeholder values in the repo. "
        "Treat any key that was already committed as leaked: revoke and rotate it now.",
    ),
    lesson=Text(
        zh=_APART.zh + "：提交过的密钥要去服务商那里作废，换一个新的。",
        en=_APART.en + ": revoke a key that was ever committed, and use a new one.",
    ),
    message=Text(
        zh="`{name}` 的值写死在这里（已隐去），{advice_zh}",
        en="hardcoded secret in `{name}` (value redacted); {advice_en}",
    ),
    ruff_codes=("S105", "S106", "S107"),
    check_file=_check,
    check_text=_check_text,
    collect_signals=_collect,
    keep_ruff=_keep_ruff,
    bad=cases.BAD,
    good=cases.GOOD,
    fix_hints=FIX_HINTS,
    teach=_teach,
)
