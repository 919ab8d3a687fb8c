"""Route handlers of a learner's router module; four of them can carry a mistake."""

from __future__ import annotations

from bench.blocks import DB, Block, Names, Variant, imports


def route_list(n: Names, s: str, path: str) -> Block:
    name = f"list_{n.P}{s}"
    head = f'''@router.get("{path}/", response_model=list[{n.E}Read])
async def {name}(
    skip: int = 0,
    limit: int = 50,
    db: AsyncSession = Depends(get_db),
) -> list[{n.E}Read]:
    """Newest {n.P} first, one page at a time."""
'''
    tail = f"""    query = select({n.E}).order_by({n.E}.created_at.desc()).offset(skip).limit(limit)
    result = await db.execute(query)
    rows = result.scalars().all()
    return [{n.E}Read.model_validate(row) for row in rows]
"""
    base = DB | imports(
        ("sqlalchemy", "select"), (f"app.models.{n.e}", n.E), (f"app.schemas.{n.e}", f"{n.E}Read")
    )
    return Block(
        name,
        ok=Variant(
            head + "    await asyncio.sleep(0.05)  # let the replica catch up\n" + tail,
            base | imports(("asyncio", None)),
        ),
        bug=Variant(
            head + "    time.sleep(0.05)  # let the replica catch up\n" + tail,
            base | imports(("time", None)),
        ),
        bug_kind="blocking",
    )


def route_get(n: Names, s: str, path: str) -> Block:
    name = f"get_{n.e}{s}"
    decorator = f'@router.get("{path}/{{{n.e}_id}}", response_model={n.E}Read)\n'
    after = f"""    if row is None:
        raise HTTPException(status_code=404, detail="{n.e} not found")
    return {n.E}Read.model_validate(row)
"""
    base = imports(
        ("fastapi", "HTTPException"),
        (f"app.models.{n.e}", n.E),
        (f"app.schemas.{n.e}", f"{n.E}Read"),
    )
    ok = (
        decorator
        + f"async def {name}({n.e}_id: int, db: AsyncSession = Depends(get_db)) -> {n.E}Read:\n"
        + f'    """One {n.e} by id, or 404."""\n'
        + f"    row = await db.get({n.E}, {n.e}_id)\n"
        + after
    )
    bug = (
        decorator
        + f"async def {name}({n.e}_id: int) -> {n.E}Read:\n"
        + f'    """One {n.e} by id, or 404."""\n'
        + "    db = SessionLocal()\n"
        + "    try:\n"
        + f"        row = await db.get({n.E}, {n.e}_id)\n"
        + "    finally:\n"
        + "        await db.close()\n"
        + after
    )
    return Block(
        name,
        ok=Variant(ok, base | DB),
        bug=Variant(bug, base | imports(("app.db", "SessionLocal"))),
        bug_kind="session",
    )


def route_create(n: Names, s: str, path: str) -> Block:
    name = f"create_{n.e}{s}"
    head = f'''@router.post("{path}/", response_model={n.E}Read, status_code=201)
async def {name}(payload: {n.E}Create, db: AsyncSession = Depends(get_db)) -> {n.E}Read:
    """Store a new {n.e}; a duplicate name is a 409, not a 500."""
    row = {n.E}(**payload.model_dump())
    db.add(row)
    try:
        await db.commit()
'''
    ok_handler = f"""    except IntegrityError:
        await db.rollback()
        raise HTTPException(status_code=409, detail="{n.e} already exists") from None
"""
    bug_handler = f"""    except:
        await db.rollback()
        print("could not save {n.e}")
"""
    tail = f"""    await db.refresh(row)
    return {n.E}Read.model_validate(row)
"""
    base = DB | imports(
        (f"app.models.{n.e}", n.E),
        (f"app.schemas.{n.e}", f"{n.E}Create"),
        (f"app.schemas.{n.e}", f"{n.E}Read"),
    )
    return Block(
        name,
        ok=Variant(
            head + ok_handler + tail,
            base | imports(("fastapi", "HTTPException"), ("sqlalchemy.exc", "IntegrityError")),
        ),
        bug=Variant(head + bug_handler + tail, base),
        bug_kind="bare-except",
    )


def route_update(n: Names, s: str, path: str) -> Block:
    name = f"update_{n.e}{s}"
    text = f'''@router.patch("{path}/{{{n.e}_id}}", response_model={n.E}Read)
async def {name}(
    {n.e}_id: int,
    payload: {n.E}Update,
    db: AsyncSession = Depends(get_db),
) -> {n.E}Read:
    """Change only the fields the client sent."""
    row = await db.get({n.E}, {n.e}_id)
    if row is None:
        raise HTTPException(status_code=404, detail="{n.e} not found")
    for field, value in payload.model_dump(exclude_unset=True).items():
        setattr(row, field, value)
    await db.commit()
    await db.refresh(row)
    return {n.E}Read.model_validate(row)
'''
    return Block(
        name,
        ok=Variant(
            text,
            DB
            | imports(
                ("fastapi", "HTTPException"),
                (f"app.models.{n.e}", n.E),
                (f"app.schemas.{n.e}", f"{n.E}Read"),
                (f"app.schemas.{n.e}", f"{n.E}Update"),
            ),
        ),
    )


def route_delete(n: Names, s: str, path: str) -> Block:
    name = f"delete_{n.e}{s}"
    text = f'''@router.delete("{path}/{{{n.e}_id}}", status_code=204)
async def {name}({n.e}_id: int, db: AsyncSession = Depends(get_db)) -> None:
    """Delete one {n.e}; deleting twice is a 404 the second time."""
    row = await db.get({n.E}, {n.e}_id)
    if row is None:
        raise HTTPException(status_code=404, detail="{n.e} not found")
    await db.delete(row)
    await db.commit()
'''
    return Block(
        name,
        ok=Variant(text, DB | imports(("fastapi", "HTTPException"), (f"app.models.{n.e}", n.E))),
    )


def route_search(n: Names, s: str, path: str) -> Block:
    name = f"search_{n.P}{s}"
    head = f'''@router.get("{path}/search", response_model=list[{n.E}Read])
async def {name}(q: str, db: AsyncSession = Depends(get_db)) -> list[{n.E}Read]:
    """Name search for the admin page."""
'''
    ok = f"""    statement = text("SELECT * FROM {n.P} WHERE name ILIKE :pattern LIMIT 20")
    result = await db.execute(statement, {{"pattern": f"%{{q}}%"}})
"""
    bug = f"""    statement = text(f"SELECT * FROM {n.P} WHERE name ILIKE '%{{q}}%' LIMIT 20")
    result = await db.execute(statement)
"""
    tail = f"    return [{n.E}Read.model_validate(row) for row in result.mappings().all()]\n"
    base = DB | imports(("sqlalchemy", "text"), (f"app.schemas.{n.e}", f"{n.E}Read"))
    return Block(
        name,
        ok=Variant(head + ok + tail, base),
        bug=Variant(head + bug + tail, base),
        bug_kind="sql",
    )


def route_stats(n: Names, s: str, path: str) -> Block:
    name = f"{n.e}_stats{s}"
    text = f'''@router.get("{path}/stats")
async def {name}(db: AsyncSession = Depends(get_db)) -> dict[str, int]:
    """How many {n.P} there are per status, for the dashboard."""
    query = select({n.E}.status, func.count()).group_by({n.E}.status)
    result = await db.execute(query)
    counts = {{status: int(total) for status, total in result.all()}}
    counts["total"] = sum(counts.values())
    return counts
'''
    return Block(
        name,
        ok=Variant(
            text,
            DB
            | imports(("sqlalchemy", "select"), ("sqlalchemy", "func"), (f"app.models.{n.e}", n.E)),
        ),
    )
