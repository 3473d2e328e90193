"""The load test's locustfile imports, and every page its tasks ask for is one of the project's URLs.

Not a load run (`make loadtest` is): the file is imported in a separate process, because importing Locust
patches the standard library with gevent, which must not happen inside the test run.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from django.urls import resolve

LOCUSTFILE = Path(__file__).resolve().parents[3] / "loadtest" / "locustfile.py"

IMPORT = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("locustfile", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
from locust import HttpUser
users = {name: sorted(t.__name__ for t in cls.tasks) for name, cls in vars(module).items()
         if isinstance(cls, type) and issubclass(cls, HttpUser) and not cls.abstract}
print(json.dumps({"paths": module.PATHS, "examples": module.EXAMPLES, "users": users}))
"""


def _loaded() -> dict:
    done = subprocess.run([sys.executable, "-c", IMPORT, str(LOCUSTFILE)], capture_output=True, text=True,
                          timeout=120, env={"LOADTEST_ACCOUNTS": "", "PATH": ""}, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_locustfile_imports_and_every_path_resolves_to_its_named_page():
    loaded = _loaded()
    assert set(loaded["users"]) == {"Resident", "Person", "Practitioner"}
    assert all(loaded["users"].values())
    for key, (url_name, template) in loaded["paths"].items():
        match = resolve(template.format(**loaded["examples"]))
        assert match.view_name == url_name, (key, template, match.view_name)


def test_the_tasks_ask_only_for_pages_in_paths():
    tree = ast.parse(LOCUSTFILE.read_text())
    paths = next(node.value for node in ast.walk(tree) if isinstance(node, ast.AnnAssign)
                 and getattr(node.target, "id", "") == "PATHS")
    keys = {k.value for k in paths.keys}
    asked = {call.args[0].value for call in ast.walk(tree) if isinstance(call, ast.Call)
             and getattr(call.func, "attr", getattr(call.func, "id", "")) in ("page", "send", "path")
             and call.args and isinstance(call.args[0], ast.Constant)}
    assert asked and asked <= keys, asked - keys
    # Requests go through page()/send() only: no other get or post names a URL of its own.
    literal_urls = [call for call in ast.walk(tree) if isinstance(call, ast.Call)
                    and getattr(call.func, "attr", "") in ("get", "post")
                    and getattr(getattr(call.func, "value", None), "attr", "") == "client"
                    and call.args and isinstance(call.args[0], ast.Constant)]
    assert not literal_urls


def test_the_load_test_sign_ins_are_refused_outside_a_fictional_area(settings, tmp_path):
    import pytest
    from django.core.management import CommandError, call_command

    settings.CARECOMMONS = {**settings.CARECOMMONS, "FICTIONAL": False}
    with pytest.raises(CommandError, match="not a fictional area"):
        call_command("loadtest_users", "--out", str(tmp_path / "accounts.json"))
    assert not (tmp_path / "accounts.json").exists()
