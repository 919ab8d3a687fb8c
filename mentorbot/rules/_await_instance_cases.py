"""MB109's cases of a coroutine method reached through an object: a service injected through a
module's ``Annotated`` alias, an instance another module makes at its top, one the route makes
itself or on the spot, of a class private to the module (blind checks corpus 83, history 51);
beside the same calls awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

REPOSITORY = """\
class UtilsRepository:
    async def delete_year(self, year: int) -> None:
        return None


class _Counter:
    async def bump(self, key: str) -> str:
        return key


utils_repository = UtilsRepository()
counter = _Counter()
"""
ROUTES = """\
from typing import Annotated

from fastapi import APIRouter, Depends

from app.repository import UtilsRepository, _Counter, counter, utils_repository


class AdminServices:
    async def register_admin(self, name: str) -> dict[str, str]:
        return {"name": name}


AdminServiceDep = Annotated[AdminServices, Depends(AdminServices)]
router = APIRouter()


@router.post("/admins")
async def register(name: str, services: AdminServiceDep) -> dict[str, bool]:
    new_admin = services.register_admin(name)
    return {"ok": bool(new_admin)}


@router.delete("/years/{year}")
async def delete_year(year: int) -> None:
    utils_repository.delete_year(year)
    UtilsRepository().delete_year(year)
    local = _Counter()
    local.bump(str(year))
"""
ROUTES_HITS = (19, 25, 26, 28)
AWAITED_ROUTES = (
    ROUTES.replace("new_admin = services", "new_admin = await services")
    .replace("    utils_repository.delete_year", "    await utils_repository.delete_year")
    .replace("    UtilsRepository().delete_year", "    await UtilsRepository().delete_year")
    .replace("    local.bump", "    await local.bump")
)

BAD = (
    Case(
        files={"app/repository.py": REPOSITORY, "app/routes.py": ROUTES},
        hits=tuple(("app/routes.py", line) for line in ROUTES_HITS),
        note="coroutine methods of objects injected, imported, made here or on the spot",
    ),
)
GOOD = (
    Case(
        files={"app/repository.py": REPOSITORY, "app/routes.py": AWAITED_ROUTES},
        note="the same calls awaited",
    ),
)
