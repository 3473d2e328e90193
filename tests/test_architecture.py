"""No app imports another app's private names: what starts with `_` is its own business.

import-linter (pyproject.toml, `make lint`) checks which packages may import which; it cannot see the
names imported, so this test reads every module under carecommons/ with `ast`. An app that needs
another's private helper should ask for a public one (a selector, a service, an `access_<kind>`).
Test modules and migrations are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "carecommons"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_of(path: Path) -> list[str]:
    parts = ["carecommons", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def private_imports_from_other_apps(source: str, path: Path) -> list[str]:
    """Each import in `source` (the module at `path`) of a private name, or from a private module, of another
    app, as "file:line: what"."""
    here = _module_of(path)
    app = here[1] if len(here) > 1 else None
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = [*base, *(node.module.split(".") if node.module else [])]
            targets = [(module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [(alias.name.split(".")[:-1], alias.name.split(".")[-1]) for alias in node.names]
        else:
            continue
        for module, name in targets:
            if len(module) < 2 or module[0] != "carecommons" or module[1] == app:
                continue
            private = [part for part in [*module[2:], name] if _private(part)]
            if private:
                where = path.relative_to(PACKAGE.parent)
                found.append(f"{where}:{node.lineno}: imports {private[0]!r} from {'.'.join(module)}")
    return found


def _modules() -> list[Path]:
    return [
        path for path in sorted(PACKAGE.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    ]


def test_no_module_imports_a_private_name_from_another_app() -> None:
    found = [line for path in _modules() for line in private_imports_from_other_apps(path.read_text(), path)]
    assert not found, "Private names imported from another app (make them public there):\n" + "\n".join(found)


def test_the_check_finds_private_names_and_modules_and_allows_the_apps_own() -> None:
    directory_views = PACKAGE / "directory" / "views.py"
    source = (
        "from carecommons.conversations.views import _conversation_for, public\n"
        "from carecommons.market._internal import thing\n"
        "import carecommons.budgets._ledger\n"
        "from carecommons.directory.services import _own_helper\n"
        "from .services import _also_own\n"
        "from carecommons.people.access import access_person\n"
        "from carecommons.rules import __version__\n"
    )
    assert private_imports_from_other_apps(source, directory_views) == [
        "carecommons/directory/views.py:1: imports '_conversation_for' from carecommons.conversations.views",
        "carecommons/directory/views.py:2: imports '_internal' from carecommons.market._internal",
        "carecommons/directory/views.py:3: imports '_ledger' from carecommons.budgets",
    ]
    assert len(_modules()) > 100
