"""The rules package is pure: it imports nothing from Django, the clock, settings or I/O."""

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "carecommons" / "rules"
FORBIDDEN_MODULES = {"django", "carecommons.config", "requests", "urllib", "socket", "sqlite3", "psycopg", "os", "time"}
FORBIDDEN_CALLS = {"now", "today", "utcnow", "open"}


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_rules_files_exist():
    assert len(list(RULES.glob("*.py"))) >= 5


def test_rules_import_nothing_from_django_or_io():
    for path in RULES.glob("*.py"):
        for name in _imports(ast.parse(path.read_text())):
            top = name.split(".")[0]
            assert name not in FORBIDDEN_MODULES and top not in FORBIDDEN_MODULES, f"{path.name} imports {name}"


def test_rules_never_read_the_clock_or_open_files():
    for path in RULES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in FORBIDDEN_CALLS, f"{path.name} calls {name}() at line {node.lineno}"
