"""Code blocks a learner writes in a FastAPI + SQLAlchemy 2.0 project, with and without mistakes.

Each block is one top-level definition. A block that can carry a mistake has two variants: the
mistake (``bug``) and the corrected code (``ok``), so the history can introduce a mistake and a
later fix commit can remove it, exactly as a learner's "fix:" commit would. The mistakes are the
ones the review's own rules detect: ``time.sleep`` in ``async def``, a bare ``except:`` that
swallows the error, SQL built with an f-string, and a route opening its own ``SessionLocal()``.
"""

from __future__ import annotations

from collections.abc import Callable

from bench import templates_routes as routes
from bench.blocks import Block, Names, Variant, imports


def _service_count(n: Names, s: str, path: str) -> Block:
    name = f"count_{n.P}_by_status{s}"
    text = f'''async def {name}(db: AsyncSession, status: str) -> int:
    """Used by the nightly report; the index on status keeps it cheap."""
    query = select(func.count()).select_from({n.E}).where({n.E}.status == status)
    result = await db.execute(query)
    total = int(result.scalar_one())
    logger.info("%s {n.P} with status %s", total, status)
    return total
'''
    return Block(
        name,
        ok=Variant(
            text,
            imports(
                ("sqlalchemy.ext.asyncio", "AsyncSession"),
                ("sqlalchemy", "select"),
                ("sqlalchemy", "func"),
                (f"app.models.{n.e}", n.E),
            ),
        ),
    )


def _service_lookup(n: Names, s: str, path: str) -> Block:
    name = f"find_{n.e}_by_name{s}"
    head = f'''async def {name}(db: AsyncSession, name: str) -> dict[str, object] | None:
    """Exact-name lookup used by the importer."""
'''
    ok = f"""    statement = text("SELECT id, name, status FROM {n.P} WHERE name = :name")
    result = await db.execute(statement, {{"name": name}})
"""
    bug = f"""    statement = text(f"SELECT id, name, status FROM {n.P} WHERE name = '{{name}}'")
    result = await db.execute(statement)
"""
    tail = """    row = result.mappings().first()
    return dict(row) if row is not None else None
"""
    base = imports(("sqlalchemy.ext.asyncio", "AsyncSession"), ("sqlalchemy", "text"))
    return Block(
        name,
        ok=Variant(head + ok + tail, base),
        bug=Variant(head + bug + tail, base),
        bug_kind="sql",
    )


def _service_parse(n: Names, s: str, path: str) -> Block:
    name = f"parse_{n.e}_row{s}"
    head = f'''def {name}(row: dict[str, str]) -> dict[str, object] | None:
    """One CSV row of the bulk import; a bad row is skipped, not fatal."""
    try:
        price = Decimal(row["price"])
        quantity = int(row.get("quantity", "1"))
'''
    ok = """    except (KeyError, ValueError, ArithmeticError):
        logger.warning("skipping bad row: %r", row)
        return None
"""
    bug = """    except:
        return None
"""
    tail = """    return {"name": row["name"].strip(), "price": price, "quantity": quantity}
"""
    base = imports(("decimal", "Decimal"))
    return Block(
        name,
        ok=Variant(head + ok + tail, base),
        bug=Variant(head + bug + tail, base),
        bug_kind="bare-except",
    )


def _service_notify(n: Names, s: str, path: str) -> Block:
    name = f"notify_{n.e}_changed{s}"
    head = f'''async def {name}({n.e}_id: int, attempts: int = 3) -> bool:
    """Tell the search indexer; it is flaky, so back off and retry."""
    for attempt in range(attempts):
        if await push_event("{n.e}.changed", {{"id": {n.e}_id, "attempt": attempt}}):
            return True
'''
    tail = f"""    logger.error("indexer never answered for {n.e} %s", {n.e}_id)
    return False
"""
    base = imports(("app.events", "push_event"))
    return Block(
        name,
        ok=Variant(
            head + "        await asyncio.sleep(0.5 * 2**attempt)\n" + tail,
            base | imports(("asyncio", None)),
        ),
        bug=Variant(
            head + "        time.sleep(0.5 * 2**attempt)\n" + tail, base | imports(("time", None))
        ),
        bug_kind="blocking",
    )


def _service_total(n: Names, s: str, path: str) -> Block:
    name = f"total_value{s}"
    text = f'''def {name}(rows: list[dict[str, object]]) -> Decimal:
    """Sum of price x quantity, rounded the way the invoices are."""
    total = Decimal("0")
    for row in rows:
        price = Decimal(str(row.get("price", "0")))
        quantity = int(str(row.get("quantity", "1")))
        total += price * quantity
    return total.quantize(Decimal("0.01"))
'''
    return Block(name, ok=Variant(text, imports(("decimal", "Decimal"))))


def _model(n: Names, s: str, path: str) -> Block:
    cls = n.E + s.replace("_v", "Event")
    table = n.P + s
    text = f'''class {cls}(Base):
    __tablename__ = "{table}"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    quantity: Mapped[int] = mapped_column(default=1)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    def __repr__(self) -> str:
        return f"<{cls} id={{self.id}} name={{self.name!r}}>"

    @property
    def is_active(self) -> bool:
        return self.status == "active"
'''
    return Block(
        cls,
        ok=Variant(
            text,
            imports(
                ("datetime", "datetime"),
                ("decimal", "Decimal"),
                ("sqlalchemy", "DateTime"),
                ("sqlalchemy", "ForeignKey"),
                ("sqlalchemy", "Numeric"),
                ("sqlalchemy", "String"),
                ("sqlalchemy", "Text"),
                ("sqlalchemy", "func"),
                ("sqlalchemy.orm", "Mapped"),
                ("sqlalchemy.orm", "mapped_column"),
                ("app.db", "Base"),
            ),
        ),
    )


def _schemas(n: Names, s: str, path: str) -> Block:
    suffix = s.replace("_v", "V")
    text = f"""class {n.E}Base{suffix}(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    status: Literal["active", "archived"] = "active"
    price: Decimal = Field(default=Decimal("0"), ge=0)
    quantity: int = Field(default=1, ge=1)
    notes: str | None = None

    @field_validator("name")
    @classmethod
    def strip_name(cls, value: str) -> str:
        cleaned = value.strip()
        if not cleaned:
            raise ValueError("name must not be blank")
        return cleaned


class {n.E}Create{suffix}({n.E}Base{suffix}):
    pass


class {n.E}Update{suffix}(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    status: Literal["active", "archived"] | None = None
    price: Decimal | None = Field(default=None, ge=0)


class {n.E}Read{suffix}({n.E}Base{suffix}):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
"""
    return Block(
        f"{n.E}Base{suffix}",
        ok=Variant(
            text,
            imports(
                ("datetime", "datetime"),
                ("decimal", "Decimal"),
                ("typing", "Literal"),
                ("pydantic", "BaseModel"),
                ("pydantic", "ConfigDict"),
                ("pydantic", "Field"),
                ("pydantic", "field_validator"),
            ),
        ),
    )


def _tests(n: Names, s: str, path: str) -> Block:
    name = f"test_create_and_fetch_{n.e}{s}"
    text = f'''def {name}(client: TestClient) -> None:
    created = client.post("{path}/", json={{"name": "{n.e}{s}", "price": "9.50"}})
    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "{n.e}{s}"
    assert body["status"] == "active"
    fetched = client.get(f"{path}/{{body['id']}}")
    assert fetched.status_code == 200
    assert fetched.json()["price"] == "9.50"


def test_missing_{n.e}_is_404{s}(client: TestClient) -> None:
    response = client.get("{path}/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "{n.e} not found"
'''
    return Block(name, ok=Variant(text, imports(("fastapi.testclient", "TestClient"))))


Template = Callable[[Names, str, str], Block]

TEMPLATES: dict[str, tuple[Template, ...]] = {
    "router": (
        routes.route_list,
        routes.route_get,
        routes.route_create,
        routes.route_update,
        routes.route_search,
        routes.route_delete,
        routes.route_stats,
    ),
    "service": (_service_count, _service_lookup, _service_parse, _service_notify, _service_total),
    "model": (_model,),
    "schema": (_schemas,),
    "test": (_tests,),
}
