"""build.spec's run-time hooks that wait for their module, checked without building.

PyInstaller runs every run-time hook at each start of a frozen program; PySide6's loads QtCore and ICU, so
`stp-desk-cli --version` paid for Qt it never used. build.spec writes one hook of its own in their place that runs each
of them when its module is first imported. Here that hook runs in a fresh interpreter, with stand-in hooks.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import json as _json, sys
sys.ran = []
exec({hook!r}, {{"__name__": "pyi_rth_stp_desk_later"}})
report = {{"before": list(sys.ran)}}
{then}
report["after"] = list(sys.ran)
print(_json.dumps(report))
"""


def _spec_value(name: str) -> object:
    for node in ast.parse((ROOT / "build.spec").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"build.spec no longer sets {name}")


def _run(hooks: dict[str, list[tuple[str, str]]], then: str) -> dict[str, list[str]]:
    hook = str(_spec_value("_LATER_HOOK")) % (hooks,)
    done = subprocess.run([sys.executable, "-I", "-c", CHECK.format(hook=hook, then=then)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _marks(module: str, mark: str) -> str:
    """A stand-in hook: it sees its module already made, and says that it ran."""
    return f"import sys\nassert {module!r} in sys.modules\nsys.ran.append({mark!r})\n"


def test_a_hook_waits_for_its_module_and_runs_before_the_importer_has_it() -> None:
    report = _run({"csv": [("pyi_rth_csv", _marks("csv", "csv"))]},
                  "assert 'csv' not in sys.modules\nimport csv\nsys.ran.append('imported')\n"
                  "assert csv.__loader__ is csv.__spec__.loader and type(csv.__loader__).__name__ != '_Then'\n"
                  "import csv\nassert csv.reader")
    assert report == {"before": [], "after": ["csv", "imported"]}


def test_a_module_imported_through_its_submodule_still_runs_its_hooks_once() -> None:
    report = _run({"xml": [("pyi_rth_a", _marks("xml", "a")), ("pyi_rth_b", _marks("xml", "b"))]},
                  "from xml.dom import minidom\nassert minidom.parseString('<a/>').documentElement.tagName == 'a'\n"
                  "import xml.etree.ElementTree")
    assert report == {"before": [], "after": ["a", "b"]}


def test_a_module_already_loaded_runs_its_hook_at_once_as_before() -> None:
    report = _run({"os": [("pyi_rth_os", _marks("os", "os"))], "csv": [("pyi_rth_csv", _marks("csv", "csv"))]},
                  "pass")
    assert report == {"before": ["os"], "after": ["os"]}



def _spec_function(name: str) -> object:
    """A function build.spec defines, made here as PyInstaller would make it (with the names the spec imports)."""
    import importlib.util

    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    [node] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    space: dict[str, object] = {"Path": Path, "importlib": importlib, "sys": sys}
    exec(compile(ast.Module(body=[node], type_ignores=[]), "build.spec", "exec"), space)
    return space[name]


def test_the_bundle_reads_pysides_support_code_as_bytecode_instead_of_compiling_it_at_each_start(
        tmp_path: Path) -> None:
    """shiboken holds PySide's support code (shibokensupport) as source text and compiles it at every start, about
    a tenth of a bare window's start, unless it finds the same files unpacked beside itself in `files.dir`. build.spec
    unpacks them, with unchecked-hash bytecode (the bundle's copies get new dates), into the bundle's shiboken6; here
    a copy of shiboken with that folder beside it is started, and nothing of shibokensupport is compiled."""
    import importlib.util
    import shutil

    files = _spec_function("_shiboken_support_files")(tmp_path / "unpacked")  # type: ignore[operator]
    places = {dest for _src, dest in files}
    assert str(Path("shiboken6", "files.dir", "shibokensupport")) in places
    modules = list((tmp_path / "unpacked").rglob("*.py"))
    assert len(modules) >= 10
    for module in modules:
        [cached] = (module.parent / "__pycache__").glob(f"{module.stem}.*.pyc")
        assert int.from_bytes(cached.read_bytes()[4:8], "little") == 1, cached  # hash-based, never checked

    shiboken = Path(importlib.util.find_spec("shiboken6").origin).parent  # type: ignore[arg-type]
    beside = tmp_path / "site" / "shiboken6"
    shutil.copytree(shiboken, beside, ignore=shutil.ignore_patterns("files.dir", "include"))
    shutil.copytree(tmp_path / "unpacked", beside / "files.dir")
    probe = (
        "import builtins, sys\n"
        "compiled = []\n"
        "original = builtins.compile\n"
        "def counted(source, filename, *args, **kwargs):\n"
        "    compiled.append(str(filename))\n"
        "    return original(source, filename, *args, **kwargs)\n"
        "builtins.compile = counted\n"
        "import shiboken6\n"
        "from PySide6.QtCore import QObject\n"
        "QObject().setObjectName('made')\n"
        "print([name for name in compiled if 'shibokensupport' in name])\n"
        "print(sys.modules['shibokensupport'].__file__)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(tmp_path / "site"), "SBK_EMBED": ""}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    compiled, loaded_from = done.stdout.splitlines()[-2:]
    assert compiled == "[]"
    assert Path(loaded_from).is_relative_to(beside / "files.dir")
