"""MB109's cases of a route named like the helper it imports: ``async def delete_area`` later in
the module rebinds the name, so ``delete_area(cursor, area_id)`` inside it calls the route
itself and makes a coroutine that never runs; beside the route under another name, which calls
the imported sync helper."""

from __future__ import annotations

AREA_SERVICES = """\
def get_area(cursor, area_id: int) -> dict | None:
    cursor.execute("SELECT * FROM working_area WHERE id = %s", (area_id,))
    return cursor.fetchone()


def delete_area(cursor, area_id: int) -> int:
    cursor.execute("DELETE FROM working_area WHERE id = %s", (area_id,))
    return cursor.rowcount
"""

AREA_VIEWS = """\
from fastapi import APIRouter, Depends, HTTPException
from mysql.connector import connection

from database import get_db
from .services import delete_area, get_area

router = APIRouter()


@router.get("/working_area/{area_id}")
async def read_area(area_id: int, db: connection.MySQLConnection = Depends(get_db)) -> dict:
    cursor = db.cursor(dictionary=True)
    area = get_area(cursor, area_id)
    if area is None:
        raise HTTPException(status_code=404, detail="No working area with this id")
    return area


@router.delete("/working_area/{area_id}")
async def delete_area(area_id: int, db: connection.MySQLConnection = Depends(get_db)) -> dict:
    cursor = db.cursor()
    affected_rows = delete_area(cursor, area_id)
    if affected_rows == 0:
        raise HTTPException(status_code=404, detail="No working area with this id")
    db.commit()
    return {"detail": "Working area deleted"}
"""
AREA_VIEWS_HITS = (22,)

AREA_VIEWS_RENAMED = AREA_VIEWS.replace("async def delete_area(", "async def remove_area(")
