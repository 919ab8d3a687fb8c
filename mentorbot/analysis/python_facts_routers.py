"""Call facts about which routers an app serves: ``app.include_router(users.router)`` names the
router it mounts, so a review can tell a router no app includes (its routes answer nothing)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import dotted, first_arg, flag
from mentorbot.rules._names import module_of

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


def include_router(site: CallSite) -> None:
    """``include_router(X)``, recorded as the router's variable (the signal's name) and where it
    is defined: ``module`` (dotted, from an absolute import or this file) or only ``stem`` (the
    file name a relative import gives: ``from .routes import users`` then ``users.router``).
    ``resolved`` is false where neither is known (a router imported relatively by its own name,
    a loop variable): whoever reads these then cannot tell which routers are served."""
    reference = dotted(first_arg(site.call) or ast.Constant(value=None))
    head, _, rest = reference.partition(".")
    module, stem, name = "", "", ""
    if head and head in site.state.imports:
        imported_module, original = site.state.imports[head]
        if rest and "." not in rest:
            name = rest
            if imported_module:
                module = f"{imported_module}.{original}" if original else imported_module
            else:
                stem = original
        elif not rest and imported_module:
            module, name = imported_module, original
    elif head and not rest and site.state.apps.get(head) == "APIRouter":
        module, name = module_of(site.state.path), head
    resolved = bool(name and (module or stem))
    data = {"module": module, "stem": stem, "resolved": flag(resolved)}
    site.sink.emit("include-router", site.line, name or reference, data=data)
