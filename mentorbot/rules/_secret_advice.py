"""What MB107's message tells the learner to do with a secret, by where it was found: read it
from the environment (code), write a placeholder (docs, templates), keep the file out of git (a
committed ``.env``), or drop the fallback (a default of a variable read from the environment).
And what a leaked one takes beyond that: a service's key is revoked where it was issued, the
app's own signing key is replaced by a new one (``NEW_SIGNING_KEY``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mentorbot.analysis.languages import is_dotenv_name
from mentorbot.domain import Finding, Text
from mentorbot.rules.secret_paths import is_secret_text_path

READ_IT = {"advice_zh": "请改为从环境变量读取", "advice_en": "read it from the environment"}
DOCS = {
    "advice_zh": "文档里要写占位符（如 `<password>`），并换掉这个已经公开的值",
    "advice_en": "write a placeholder such as `<password>` in the docs, and replace the value, "
    "which has been published",
}
IS_COMMITTED_ENV = "this file is the environment itself"
COMMITTED_ENV = {
    "advice_zh": "这个文件本身就是环境配置：别把它提交进 git"
    "（加进 .gitignore，提交一个 .env.example），并换掉这个已经泄露的值",
    "advice_en": f"{IS_COMMITTED_ENV}: keep it out of git (add it to .gitignore, "
    "commit a .env.example instead) and replace the value, which has leaked",
}
"""What the message tells of a committed dotenv file: the plan's task then is to stop
committing it."""
IS_CREDENTIALS_FILE = "this file holds credentials"
CREDENTIALS_FILE = {
    "advice_zh": "这个文件就是凭据：别把它提交进 git（加进 .gitignore，放在工具自己读取的位置，"
    "如 ~/.kaggle/kaggle.json），并换掉这个已经泄露的值",
    "advice_en": f"{IS_CREDENTIALS_FILE}: keep it out of git (add it to .gitignore and keep it "
    "where its tool looks, such as ~/.kaggle/kaggle.json) and replace the value, which has leaked",
}
"""A file a service hands out to be kept private (Kaggle's API token, Google's OAuth client
secret and service account key): nothing in it can come from the environment (blind check a1)."""
_CREDENTIALS_FILE = re.compile(
    r"kaggle\.json|credentials\.json|client_secrets?[\w.-]*\.json"
    r"|(?:[\w.-]*[-_])?service[-_]?account[\w.-]*\.json|\.pypirc"
)
PYPIRC = {
    "advice_zh": "这个文件就是凭据：别把它提交进 git（加进 .gitignore，放在 twine 自己读取的位置 "
    "~/.pypirc，或在 CI 里用 TWINE_PASSWORD 这个 secret），并换掉这个已经泄露的值",
    "advice_en": f"{IS_CREDENTIALS_FILE}: keep it out of git (add it to .gitignore and keep it "
    "where twine looks, ~/.pypirc, or give CI a TWINE_PASSWORD secret) and replace the value, "
    "which has leaked",
}
"""twine's ``.pypirc``, committed with the PyPI token it uploads with (blind check p1)."""
SECRET_FILE = {
    "advice_zh": "这个文件装的就是密钥本身：别把它提交进 git"
    "（加进 .gitignore，改为从环境变量读取），并换掉这个已经泄露的值",
    "advice_en": f"{IS_CREDENTIALS_FILE}: keep it out of git (add it to .gitignore, and read "
    "the value from the environment instead) and replace the value, which has leaked",
}
"""A ``token.txt`` the code reads its key from: the key moved, still committed (blind check
t1)."""
IS_STREAMLIT_SECRETS = "this file is Streamlit's secret store"
STREAMLIT_SECRETS = {
    "advice_zh": "这个文件是 Streamlit 的密钥文件，代码用 st.secrets 读它：它本身没错，"
    "但别提交进 git"
    "（`git rm --cached` 移出仓库，留在 .gitignore 里；已经列在 .gitignore 里还被跟踪，"
    "说明它是用 `git add -f` 强行加进来的），部署时把值填进 Streamlit Cloud 的 Secrets 设置，"
    "并换掉这个已经泄露的值",
    "advice_en": f"{IS_STREAMLIT_SECRETS}, which st.secrets reads: keep it out of git "
    "(`git rm --cached` it and keep it in .gitignore; listed there and still tracked means "
    "`git add -f` put it in), set the value in the app's Secrets settings on Streamlit Cloud "
    "when you deploy, and replace the value, which has leaked",
}
"""Streamlit's ``.streamlit/secrets.toml``: the place the code reads its keys from already, so
"read it from the environment" was the wrong advice for a force-committed one (blind check h2)."""
TEMPLATE = {
    "advice_zh": "这是给别人照着填的模板：写占位符（如 `<secret>`），并换掉这个已经公开的值",
    "advice_en": "this file is a template others fill in: write a placeholder such as "
    "`<secret>`, and replace the value, which has been published",
}
IS_FALLBACK = "it is the fallback for a missing environment variable"
FALLBACK = {
    "advice_zh": "它是环境变量缺失时的后备值：去掉后备值，变量没设置就直接报错",
    "advice_en": f"{IS_FALLBACK}: drop it, and fail when the variable is unset",
}
"""What the message tells to do: a fallback is read from the environment already."""


def text_advice(path: str, *, docs: bool, template: bool) -> dict[str, str]:
    if docs:
        return DOCS
    if template:
        return TEMPLATE
    if is_dotenv_path(path):
        return COMMITTED_ENV
    if path.rsplit("/", 1)[-1].lower() == ".pypirc":
        return PYPIRC
    if is_streamlit_secrets_path(path):
        return STREAMLIT_SECRETS
    if is_secret_text_path(path):
        return SECRET_FILE
    return CREDENTIALS_FILE if is_credentials_path(path) else READ_IT


def is_credentials_path(path: str) -> bool:
    """A credentials file a service hands out (``kaggle.json``, ``client_secret_123.json``)."""
    return _CREDENTIALS_FILE.fullmatch(path.rsplit("/", 1)[-1].lower()) is not None


def is_streamlit_secrets_path(path: str) -> bool:
    """Streamlit's secret store, ``.streamlit/secrets.toml`` (of the app's folder, any depth)."""
    return path.lower() == ".streamlit/secrets.toml" or path.lower().endswith(
        "/.streamlit/secrets.toml"
    )


def is_dotenv_path(path: str) -> bool:
    """A dotenv file (``.env``, ``backend/.env``, ``.env-non-dev``, ``prod.env``): the
    environment itself."""
    name = path.rsplit("/", 1)[-1].lower()
    return is_dotenv_name(name) or name.endswith(".env")


BROWSER_PREFIXES = (
    *("VITE_", "REACT_APP_", "NEXT_PUBLIC_", "EXPO_PUBLIC_", "VUE_APP_", "NUXT_PUBLIC_"),
    *("GATSBY_", "PUBLIC_"),
)
"""Prefixes a frontend's build tool compiles into the bundle it serves (Vite, Create React
App, Next.js, Expo, Vue CLI, Nuxt, Gatsby, SvelteKit and Astro): every such variable is read
by every visitor (blind check m1)."""
IS_BUNDLED = "the JavaScript every visitor's browser downloads"


def browser_advice(name: str) -> dict[str, str] | None:
    """What to do with a key under a name the frontend's build ships to the browser: keeping
    the ``.env`` out of git would still publish it, so the key has to stay on the server."""
    prefix = next((prefix for prefix in BROWSER_PREFIXES if name.startswith(prefix)), None)
    if prefix is None:
        return None
    return {
        "advice_zh": f"`{prefix}` 开头的变量会在构建时打包进每个访客浏览器下载的 JavaScript，"
        "不提交 .env 也挡不住：把密钥留在服务器上（换一个不带这个前缀、只有后端读取的变量），"
        "让浏览器调用你的后端、由后端去调用这个服务，并换掉这个已经泄露的值",
        "advice_en": f"`{prefix}` variables are built into {IS_BUNDLED}, so keeping the .env "
        "out of git would not hide it: keep the key on the server (a variable without the "
        "prefix, read by your backend only), have the browser call your backend, which calls "
        "the service, and replace the value, which has leaked",
    }


_APP_SIGNING_KEY = re.compile(
    r"(?i)(?:(?:django|flask|app)_)?secret_key|signing_key"
    r"|(?:jwt|token|session|auth)_(?:secret|secret_key|signing_key|key)"
    r"|(?:[\w.]*\.)?(?:jwt\.(?:encode|decode)|URLSafe(?:Timed)?Serializer)\(\)"
)
"""Names of a key the app itself signs its sessions or tokens with: Django's and Flask's
``SECRET_KEY`` (``app.secret_key``), a JWT's secret, one passed to ``jwt.encode()``. Not an
``APP_SECRET`` or a ``WEBHOOK_SECRET``, which a service (WeChat, Stripe) issues."""
_NAMED = re.compile(r"hardcoded secret in `([^`]+)`")
NEW_SIGNING_KEY = Text(
    zh="`SECRET_KEY` 这样的签名密钥是你的应用自己用的，没有服务商可以去作废：生成一个新的随机值"
    '（`python -c "import secrets; print(secrets.token_urlsafe(50))"`）放进环境变量换掉它，'
    "用旧密钥签发的会话和令牌随之失效，大家需要重新登录。",
    en="A signing key such as `SECRET_KEY` is your app's own, with no provider to revoke it at: "
    'generate a new random one (`python -c "import secrets; print(secrets.token_urlsafe(50))"`) '
    "and put it in the environment instead; the sessions and tokens signed with the old one stop "
    "being valid, and everyone signs in again.",
)
"""What a leaked key the app signs with takes: a new one, not a provider's revocation (a Django
``SECRET_KEY`` was to be "revoked at the provider", blind check c1)."""


def signs_for_the_app(findings: Iterable[Finding]) -> bool:
    """Whether every secret of ``findings`` is a key the app signs with itself."""
    names = [_NAMED.search(finding.message.en) for finding in findings]
    return bool(names) and all(
        found is not None and _APP_SIGNING_KEY.fullmatch(found[1]) for found in names
    )
