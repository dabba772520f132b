"""The layers of DESIGN.md, checked from the source: Qt only in ui/, SQL only in store/."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "stp_desk"
SOURCES = sorted(PACKAGE.rglob("*.py"))
SQL = re.compile(r"\b(SELECT\s|INSERT\s+INTO\b|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER|VIRTUAL)\b|DELETE\s+FROM\b|"
                 r"UPDATE\s+\S+\s+SET\b|DROP\s+TABLE\b|ALTER\s+TABLE\b|PRAGMA\s)")


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value, node))
    return found


def _top_level(tree: ast.Module) -> set[int]:
    """ids of import nodes that run when the module is imported (not inside a function)."""
    lazy = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
            for n in ast.walk(f)}
    return {id(n) for n in ast.walk(tree)} - lazy


def test_the_package_is_where_we_think() -> None:
    names = {_relative(p) for p in SOURCES}
    assert {"stp_desk/store/db.py", "stp_desk/domain/record.py", "stp_desk/domain/expectations.py"} <= names


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in SOURCES:
        rel = _relative(path)
        if rel.startswith("stp_desk/ui/"):
            continue
        tree = _tree(path)
        eager = _top_level(tree)
        for name, node in _imports(tree):
            if name.split(".")[0] not in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                continue
            if rel.startswith("stp_desk/cli/") and id(node) not in eager:
                continue  # the CLI starts the GUI lazily, inside a function
            offenders.append(f"{rel}:{node.lineno} imports {name}")
    assert offenders == []


def test_store_domain_and_exports_do_not_import_the_ui() -> None:
    offenders = [f"{_relative(p)}:{node.lineno} imports {name}" for p in SOURCES
                 if _relative(p).startswith(("stp_desk/store/", "stp_desk/domain/", "stp_desk/exports/"))
                 for name, node in _imports(_tree(p)) if name.startswith(("stp_desk.ui", "stp_desk.cli"))]
    assert offenders == []


def test_store_does_not_import_the_layers_above_it() -> None:
    offenders = [f"{_relative(p)}:{node.lineno} imports {name}" for p in SOURCES
                 if _relative(p).startswith("stp_desk/store/")
                 for name, node in _imports(_tree(p)) if name.startswith(("stp_desk.domain", "stp_desk.exports"))]
    assert offenders == []


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    found = [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for node in ast.walk(tree):  # f-strings: their literal parts joined, so "SELECT {cols} FROM" is seen whole
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            found.append((node.lineno, text))
    return found


def test_no_sql_outside_the_store() -> None:
    offenders = []
    for path in SOURCES:
        rel = _relative(path)
        if rel.startswith("stp_desk/store/"):
            continue
        tree = _tree(path)
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant | ast.JoinedStr) or id(node) in docstrings:
                continue
            for line, text in _strings(node) if isinstance(node, ast.JoinedStr) else [(node.lineno, node.value)]:
                if isinstance(text, str) and SQL.search(text):
                    offenders.append(f"{rel}:{line}: {text[:60]!r}")
    assert offenders == []


@pytest.mark.parametrize(("source", "caught"), [
    ('q = "SELECT * FROM people"', True),
    ('q = f"INSERT INTO {table} (a) VALUES (?)"', True),
    ('q = "CREATE TABLE x (a)"', True),
    ('q = "PRAGMA user_version"', True),
    ('q = "Select a board"', False),
    ('q = "Please update the table settings"', False),
])
def test_the_sql_detector_itself(source: str, caught: bool) -> None:
    texts = [t for _, t in _strings(ast.parse(source))]
    assert any(SQL.search(t) for t in texts) == caught


def test_the_qt_detector_sees_lazy_and_eager_imports() -> None:
    tree = ast.parse("import os\nfrom PySide6.QtWidgets import QApplication\n"
                     "def main():\n    from PySide6 import QtCore\n")
    eager = _top_level(tree)
    qt = [(name, id(node) in eager) for name, node in _imports(tree) if name.startswith("PySide6")]
    assert qt == [("PySide6.QtWidgets", True), ("PySide6", False)]


def test_the_ui_reaches_the_store_only_through_the_domain() -> None:
    """Every page and dialog, and the bootstrap that opens the record before there is a window, go through the
    domain (Record, domain/keeping.py)."""
    offenders = [f"{_relative(p)}:{node.lineno} imports {name}" for p in SOURCES
                 if _relative(p).startswith("stp_desk/ui/")
                 for name, node in _imports(_tree(p)) if name.startswith("stp_desk.store")]
    assert offenders == []


def _private_names_of_the_domain() -> set[str]:
    """Names with one leading underscore defined by the domain's classes: their methods and attributes."""
    names: set[str] = set()
    for path in SOURCES:
        if not _relative(path).startswith("stp_desk/domain/"):
            continue
        for cls in (n for n in ast.walk(_tree(path)) if isinstance(n, ast.ClassDef)):
            for node in ast.walk(cls):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(node.name)
                elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                    names.add(node.attr)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _private_uses(tree: ast.AST, private: set[str]) -> list[tuple[int, str]]:
    """`something._name` where `_name` is a domain object's own and `something` is not the code's own self or cls;
    and `from stp_desk.domain... import _name`."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in private
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stp_desk.domain"):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("_")]
    return found


def test_nothing_outside_the_domain_uses_a_private_name_of_a_domain_object() -> None:
    private = _private_names_of_the_domain()
    assert {"_writing", "_save"} <= private
    offenders = [f"{_relative(p)}:{line} uses {name}" for p in SOURCES
                 if not _relative(p).startswith("stp_desk/domain/")
                 for line, name in _private_uses(_tree(p), private)]
    assert offenders == []


def test_the_private_name_detector_itself() -> None:
    tree = ast.parse("with record._writing('x') as w:\n    record._save(w, e)\nself._save()\n"
                     "from stp_desk.domain.record import _content\nrecord.save(e)\n")
    assert sorted(_private_uses(tree, {"_writing", "_save"})) == [(1, "_writing"), (2, "_save"), (4, "_content")]


def _through_the_record(tree: ast.AST) -> list[int]:
    """Lines that reach the store beneath a `Record`: `record.store`, `self.record.store`, `self._record().store`."""
    def is_record(node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            node = node.func
        return (isinstance(node, ast.Name) and node.id == "record") or (
            isinstance(node, ast.Attribute) and node.attr in ("record", "_record"))

    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr == "store" and is_record(n.value)]


def test_the_ui_does_not_reach_beneath_the_record() -> None:
    offenders = [f"{_relative(p)}:{line}" for p in SOURCES
                 if _relative(p).startswith("stp_desk/ui/")
                 for line in _through_the_record(_tree(p))]
    assert offenders == []


def test_the_record_store_detector_itself() -> None:
    tree = ast.parse("a = record.store\nb = self.record.store\nc = self._record().store\nd = self.store\n"
                     "e = record.find(X)\n")
    assert sorted(_through_the_record(tree)) == [1, 2, 3]
