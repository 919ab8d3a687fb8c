"""A fix that left the flagged line as it was and added what it lacked (the import of an
undefined name) shows that addition: the lesson quoted ``raise PreventUpdate`` as both its
before and its after, no change at all (blind check s2)."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

WEBSITE = """\
import dash
from dash import dcc, html
from dash.dependencies import Input, Output

app = dash.Dash(__name__)
app.layout = html.Div([dcc.Dropdown(id="station"), html.Button(id="button"), html.H5(id="title")])


@app.callback(Output("title", "children"), [Input("station", "value"), Input("button", "n_clicks")])
def set_title(station, n_clicks):
    if n_clicks is None:
        raise PreventUpdate
    return f"Top destinations near {station}"


if __name__ == "__main__":
    app.run_server(debug=True)
"""
IMPORT = "from dash.exceptions import PreventUpdate"


def test_an_undefined_name_fixed_by_an_added_import_shows_the_import(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("website.py", WEBSITE)
    repo.commit("feat: title callback")
    fixed = WEBSITE.replace(
        "from dash.dependencies import Input, Output\n",
        f"from dash.dependencies import Input, Output\n{IMPORT}\n",
    ).replace("app.run_server(debug=True)", "app.run_server(debug=False)")
    repo.write("website.py", fixed)
    sha = repo.commit("fix: NameError when the Submit button was not clicked yet")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == sha]
    assert lesson.found is not None and "`PreventUpdate`" in lesson.found.en
    assert lesson.before != lesson.after
    assert IMPORT in lesson.after and IMPORT not in lesson.before
    assert "from dash.dependencies import Input, Output" in lesson.before
    assert "run_server" not in lesson.after


def test_an_undefined_name_fixed_by_a_definition_below_shows_the_definition(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("report.py", REPORT)
    repo.commit("feat: weekly report")
    repo.write("report.py", REPORT + HELPER)
    sha = repo.commit("fix: the report crashed on its missing helper")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == sha]
    assert lesson.before != lesson.after
    assert "def format_total(" in lesson.after and "def format_total(" not in lesson.before


REPORT = """\
import csv


def weekly(path):
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = sum(float(row["amount"]) for row in rows)
    return format_total(total)


def monthly(path):
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return len(rows)


def yearly(path):
    with open(path, encoding="utf-8") as handle:
        return len(handle.readlines())
"""
HELPER = """\


def format_total(total):
    return f"{total:.2f} EUR"
"""
