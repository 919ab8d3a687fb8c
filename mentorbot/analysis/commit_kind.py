"""What kind of change a commit message describes: fix, feat, refactor, test, docs, chore.

Learners write messages in English, in Chinese, with or without conventional-commit prefixes.
The kind decides which commits ``extract_lessons`` mines for solved problems, so a fix must be
recognised however it is phrased ("fixbug", "forgot to await", "改了个bug", "更正拼写"), and a fix
wins over everything else in the same message ("add the forgotten await" is how people describe
fixing a bug).

Order of decision:

1. ``Merge branch ...`` / ``Merge pull request ...`` messages are ``other``: the commits they
   bring in are classified on their own, and a merge must not count the same fix twice. So is
   ``Revert "..."``: it undoes a commit rather than describing a problem, and so is the
   resolution of merge conflicts ("fix conflicts", "解决冲突").
2. A known conventional-commit type (``fix(api)!:``, ``docs：``) decides alone.
3. Otherwise keywords: any fix word wins; then test / docs / refactor / chore, whichever appears
   first; then feat's generic verbs (add, implement, 新增 ...), which are weak because
   "add tests" is a test commit.
4. The subject decides; the body is read only when the subject says nothing.

Apart from the kind, ``suggests_fix`` tells which other messages describe replacing a mistaken
approach ("replace time.sleep with asyncio.sleep", "避免阻塞事件循环"); the miner looks in those
for problems the rules know, without calling them fixes.
"""

from __future__ import annotations

import re

from mentorbot.domain import CommitKind

_CONVENTIONAL = re.compile(r"^\s*([A-Za-z]+)(?:\([^)]*\))?!?\s*[:：]")
_CONVENTIONAL_TYPES: dict[str, CommitKind] = {
    "fix": "fix",
    "bugfix": "fix",
    "hotfix": "fix",
    "feat": "feat",
    "feature": "feat",
    "refactor": "refactor",
    "perf": "refactor",
    "test": "test",
    "tests": "test",
    "docs": "docs",
    "doc": "docs",
    "chore": "chore",
    "ci": "chore",
    "build": "chore",
    "style": "chore",
    "deps": "chore",
    "release": "chore",
    "revert": "other",
}
_MERGE = re.compile(r"^Merge (?:branch|pull request|remote-tracking branch|tag|commit)\b")


def _english(*words: str) -> str:
    """Whole words: not inside an identifier the message quotes (``create_app`` is a name,
    not the verb "create")."""
    return r"(?<![A-Za-z0-9_])(?:" + "|".join(words) + r")(?![A-Za-z0-9_])"


def _chinese(*words: str) -> str:
    return "(?:" + "|".join(words) + ")"


def _keywords(
    english: tuple[str, ...], chinese: tuple[str, ...], others: tuple[str, ...] = ()
) -> re.Pattern[str]:
    """``others``: words of other languages, each starting a word (``исправ`` of
    ``исправил``)."""
    other = r"|(?<!\w)(?:" + "|".join(others) + ")" if others else ""
    return re.compile(_english(*english) + "|" + _chinese(*chinese) + other, re.IGNORECASE)


_FIX = _keywords(
    (
        r"fix(?:es|ed|ing|up)?",
        r"fixbugs?",
        r"bug(?:s|fix(?:es)?)?",
        r"hotfix(?:es)?",
        r"resolve[sd]?",
        r"solve[sd]?",
        r"solving",
        r"correct(?:s|ed)?",
        r"repair(?:s|ed)?",
        r"patch(?:es|ed)?",
        r"typos?",
        r"workarounds?",
        r"crash(?:es|ed|ing)?",
        r"broken",
        r"wrong(?:ly)?",
        r"forg[eo]t(?:ten)?",
        r"(?:does|did|do)(?:n't| not) work",
        r"not working",
    ),
    (
        "修复",
        "修復",
        "修正",
        "修改bug",
        "修bug",
        "解决",
        "解決",
        "纠正",
        "糾正",
        "更正",
        "改正",
        "问题",
        "問題",
        "报错",
        "報錯",
        "错误(?!处理|页|提示|码|信息|日志)",
        "錯誤(?!處理|頁|提示|碼|信息|訊息|日誌)",
        "错别字",
        "錯別字",
        "笔误",
        "筆誤",
        "忘记",
        "忘記",
        "忘了",
        "遗漏",
        "遺漏",
        "漏了",
        "崩溃",
        "崩潰",
        "🐛",
        "🚑",
        ":ambulance:",
    ),
    (
        r"исправ\w*",  # Russian: исправил, исправление
        r"(?:по)?фикс\w*",  # фикс, фиксы, пофиксил
        r"починил\w*",
        r"виправ\w*",  # Ukrainian: виправив, виправлення
        r"фікс\w*",
        r"arregl\w*",  # Spanish: arreglar, arreglado
        r"correg\w*",  # corregir, corregido
        r"corrij\w*",
        r"corrig\w*",  # Portuguese and French: corrigido, corrigé
        r"corre[çc][ãa]o",
        r"consert\w*",
        r"répar\w*",
        r"behoben",  # German
        r"korrigiert",
        r"버그",  # Korean: a bug; 수정 alone is any edit
        r"(?:오류|에러) ?수정",
        r"고[침쳤쳐]\w*",
        r"バグ",  # Japanese
        r"不具合",
    ),
)
_REVERT = re.compile(r"^Revert\b", re.IGNORECASE)
_CONFLICTS = re.compile(
    r"(?<![A-Za-z])merge\s+conflicts?(?![A-Za-z])"
    r"|(?<![A-Za-z])(?:resolv|fix|solv)\w*\s+(?:the\s+|all\s+)?conflicts?"
    r"(?:\s*$|\s+(?:in|with|after|from|on)\b|\s*[(:,;])"
    r"|合并冲突|(?:解决|处理)了?冲突(?:$|[\s，,：:；;（(]|后)",
    re.IGNORECASE,
)
"""Git's conflicts: "merge conflicts", or "resolve(d) conflicts" alone or "in"/"with"/"after"
something. "resolve conflict between two routes" is a fix of the code."""


def _merges_or_reverts(subject: str) -> bool:
    """A merge, a revert, or the resolution of a merge's conflicts: its message describes other
    commits, not a change of its own ("Resolve merge conflicts" fixes no mistake in the code)."""
    return bool(_MERGE.match(subject) or _REVERT.match(subject) or _CONFLICTS.search(subject))


_FIX_HINT = _keywords(
    (
        r"instead of",
        r"replac(?:e|es|ed|ing)",
        r"switch(?:es|ed)? to",
        r"avoid(?:s|ed|ing)?",
        r"prevent(?:s|ed|ing)?",
        r"missing",
        r"(?:don't|do not|never)",
        r"handl(?:e|es|ed|ing)",
        r"leak(?:s|ed|ing)?",
        r"errors?",
        r"fail(?:s|ed|ing|ure|ures)?",
        r"hard-?coded",
        r"secure|security|safe(?:ly|r)?",
        r"properly|correctly",
    ),
    (
        "改用",
        "改为",
        "改成",
        "换成",
        "替换",
        "避免",
        "防止",
        "不再",
        "不要",
        "缺少",
        "缺失",
        "失败",
        "异常",
        "无法",
        "泄露",
        "硬编码",
        "安全",
        "正确",
        "优化",
        "🔒",
        ":lock:",
    ),
)
_STRONG: tuple[tuple[CommitKind, re.Pattern[str]], ...] = (
    (
        "test",
        _keywords(
            (r"tests?", r"testing", r"pytest", r"unittests?", r"coverage"),
            ("测试", "单测", "用例"),
        ),
    ),
    (
        "docs",
        _keywords(
            (
                r"docs?",
                r"readme",
                # "Document the API" and "documentation", not a RAG app's documents ("add
                # document storage", blind check h2).
                r"^\s*document(?:s|ed)?",
                r"document(?:ed|ation)",
                r"docstrings?",
                r"changelog",
            ),
            # 文档 is also a RAG app's stored documents: 文档上传, 文档列表接口 (blind check z1).
            (
                "文档(?!上传|存储|解析|检索|切分|分块|加载|入库|向量|列表|接口|管理|删除|查询|详情"
                "|下载|处理|摘要|问答|索引|分类|标签|表)",
                "注释",
                "说明",
            ),
        ),
    ),
    (
        "refactor",
        _keywords(
            (
                r"refactor(?:s|ed|ing)?",
                r"clean[ -]?up",
                r"restructure[sd]?",
                r"renam(?:e|es|ed|ing)",
                r"mov(?:e|es|ed|ing)",
                r"extract(?:s|ed)?",
                r"simplif(?:y|ies|ied)",
                r"reorgani[sz]e[sd]?",
            ),
            ("重构", "优化结构", "整理", "拆分", "重命名"),
        ),
    ),
    (
        "chore",
        _keywords(
            (
                r"chore",
                r"bump(?:s|ed)?",
                r"upgrade[sd]?",
                r"dependenc(?:y|ies)",
                r"deps",
                r"gitignore",
                r"lint(?:ing)?",
                r"formatting",
            ),
            ("依赖", "升级", "格式化"),
        ),
    ),
)
_FEAT = _keywords(
    (
        r"add(?:s|ed|ing)?",
        r"implement(?:s|ed|ing)?",
        r"introduc(?:e|es|ed|ing)",
        r"creat(?:e|es|ed|ing)",
        r"support(?:s|ed)?",
        r"new",
        r"initial (?:commit|project|version|setup|skeleton|import)",
        r"init",
    ),
    ("新增", "添加", "增加", "实现", "完成", "加入", "支持", "初始化"),
)


_HTTP_METHODS = re.compile(r"(?<![A-Za-z])(?:get|post|put|delete)(?![A-Za-z])", re.IGNORECASE)


def _has_fix_word(text: str) -> bool:
    # PATCH is the HTTP method in upper case ("Add PATCH /tasks/{id}") or beside another
    # method ("patch and delete"), not a patch.
    http = _HTTP_METHODS.search(text) is not None
    return any(
        match.group(0) != "PATCH" and not (http and match.group(0).lower() == "patch")
        for match in _FIX.finditer(text)
    )


def _from_keywords(text: str) -> CommitKind:
    if _has_fix_word(text):
        return "fix"
    earliest: tuple[int, CommitKind] | None = None
    for kind, pattern in _STRONG:
        match = pattern.search(text)
        if match is not None and (earliest is None or match.start() < earliest[0]):
            earliest = (match.start(), kind)
    if earliest is not None and earliest[1] == "refactor":
        # "add wait endpoint and a cleanup task" adds a feature that cleans up (blind check
        # h3); "add tests", "add README" and "add .gitignore" are what they add.
        feature = _FEAT.search(text)
        return "feat" if feature is not None and feature.start() < earliest[0] else "refactor"
    if earliest is not None:
        return earliest[1]
    return "feat" if _FEAT.search(text) else "other"


def classify_commit(subject: str, body: str = "") -> CommitKind:
    """The kind of change a commit message describes (see the module docstring for the order)."""
    subject = subject.strip()
    if _merges_or_reverts(subject):
        return "other"
    prefix = _CONVENTIONAL.match(subject)
    if prefix is not None:
        conventional = _CONVENTIONAL_TYPES.get(prefix.group(1).lower())
        if conventional is not None:
            return conventional
    kind = _from_keywords(subject)
    if kind == "other" and body.strip():
        kind = _from_keywords(body)
    return kind


def suggests_fix(subject: str) -> bool:
    """Whether a message that is not a fix still describes changing a mistaken approach
    ("use asyncio.sleep instead of time.sleep", "避免阻塞事件循环").

    Such commits are mined for problems the rules know that the change made disappear; unlike a
    fix, one whose change no rule explains yields no lesson, as the message alone does not say
    what was wrong.
    """
    subject = subject.strip()
    if _merges_or_reverts(subject):
        return False
    return _FIX_HINT.search(subject) is not None
