"""The table an Alembic operation works on, so a revision that creates a table and its indexes
is told apart from one that changes a table an earlier revision made."""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_support import SignalSink, first_arg, keyword, str_literal

TABLE_ARGUMENT: dict[str, tuple[int, str]] = {
    "create_table": (0, "table_name"),
    "drop_table": (0, "table_name"),
    "rename_table": (0, "old_table_name"),
    "add_column": (0, "table_name"),
    "drop_column": (0, "table_name"),
    "alter_column": (0, "table_name"),
    "batch_alter_table": (0, "table_name"),
    "create_index": (1, "table_name"),
    "drop_index": (1, "table_name"),
    "create_unique_constraint": (1, "table_name"),
    "create_check_constraint": (1, "table_name"),
    "create_primary_key": (1, "table_name"),
    "create_foreign_key": (1, "source_table"),
    "drop_constraint": (1, "table_name"),
}
"""Operation -> (position, keyword) of its table argument."""


def operation_table(call: ast.Call, operation: str) -> str:
    """The table's name when the call spells it as a string, else ""."""
    where = TABLE_ARGUMENT.get(operation)
    if where is None:
        return ""
    position, name = where
    if len(call.args) > position and not any(
        isinstance(arg, ast.Starred) for arg in call.args[: position + 1]
    ):
        node: ast.expr | None = call.args[position]
    else:
        node = keyword(call, name)
    return str_literal(node) or ""


DJANGO_OPERATIONS = {
    "CreateModel": "create_table",
    "DeleteModel": "drop_table",
    "AddField": "add_column",
    "RemoveField": "drop_column",
    "AlterField": "alter_column",
    "RenameField": "alter_column",
    "RenameModel": "rename_table",
    "AddIndex": "create_index",
    "RemoveIndex": "drop_index",
    "AddConstraint": "create_constraint",
    "RemoveConstraint": "drop_constraint",
    "RunSQL": "execute",
}
"""A Django migration's operations, as the Alembic operation doing the same: the migrations
area judged Django revisions that add and alter fields "only create or drop tables" (blind
check d1)."""


def django_operation(call: ast.Call, operation: str, sink: SignalSink) -> None:
    """``migrations.AddField(model_name="post", name="is_notice", ...)``: an operation on the
    model's table, named by the model (Django's table names add the app's)."""
    model = first_arg(call, "name") if operation.endswith("Model") else keyword(call, "model_name")
    table = (str_literal(model) or "").lower()
    sink.emit(
        "alembic-op",
        call.lineno,
        DJANGO_OPERATIONS[operation],
        data={"table": table} if table else {},
    )
