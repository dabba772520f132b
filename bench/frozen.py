"""The frozen programs' rows (issue 22), measured only when asked: `python -m bench --only frozen`.

PyInstaller builds them from build.spec (about a minute of CPU each; PyInstaller is in the `build` extra), cached
under the bench's cache folder by a hash of everything that goes into them, and rebuilt only when that changes.

- **the frozen commands**: the bundle's `stp-desk-cli --version`, `search` and `list` against the same commands
  unfrozen (`python -m stp_desk`, the script the bundle is frozen from), whole processes alternating as the commands
  rows do; each frozen command is run once more with the dynamic loader reporting every library it starts
  (LD_DEBUG=libs, Linux), and a row whose command started any Qt, PySide6 or ICU library does not meet its target.
- **the frozen window's first paint**: bench/first_paint.py frozen with build.spec's options, only its entry script
  changed, run as `ours RECORD` (the real command line, `stp-desk --db RECORD`) and as `bare` (a bare QMainWindow):
  the same bootloader, archive, libraries and run-time hooks on both sides, the same first-paint detector as the
  unfrozen start row; and as `overview RECORD`, until the Overview paints its figures (for reading: the
  1.5x target is the unfrozen start's, but this is the start a clerk's laptop makes).
"""

import hashlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.run import INFORMATION, ROOT, Row, _first_paint
from bench.waits import SEARCH_WORD, _process, alternate

EXE = ".exe" if sys.platform == "win32" else ""
# The libraries a command without a window must never start (their file names, lower case).
QT_LIBRARIES = ("libqt6", "qt6core", "libpyside6", "pyside6.abi3", "libshiboken6", "shiboken6.abi3", "libicu",
                "qtcore.abi3")
PAINT_ROUNDS = 3  # first paints of 150–300 ms: three rounds a repetition, each way round
_ENTRY = '[str(ROOT / "stp_desk" / "__main__.py")]'
_ROOT_LINE = "ROOT = Path(SPECPATH).resolve()"


def _inputs_hash() -> str:
    import PyInstaller

    digest = hashlib.sha256(f"{PyInstaller.__version__} {sys.version}".encode())
    files = [ROOT / "build.spec", ROOT / "bench" / "first_paint.py"]
    files += sorted(p for folder in ("stp_desk", "resources") for p in (ROOT / folder).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts)
    for p in files:
        digest.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes())
    return digest.hexdigest()[:12]


def window_spec(folder: Path) -> Path:
    """build.spec with bench/first_paint.py as its entry script, written into `folder` (its root spelt out)."""
    text = (ROOT / "build.spec").read_text(encoding="utf-8")
    for old in (_ENTRY, _ROOT_LINE):
        if text.count(old) != 1:
            raise RuntimeError(f"build.spec no longer holds {old!r} once; update bench/frozen.py")
    text = text.replace(_ROOT_LINE, f"ROOT = Path({str(ROOT)!r})").replace(
        _ENTRY, '[str(ROOT / "bench" / "first_paint.py")]')
    spec = folder / "first-paint.spec"
    spec.write_text(text, encoding="utf-8")
    return spec


def build(cache: Path) -> dict[str, Any]:
    """The frozen product and the frozen first-paint program, built (or found built) for this code."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise SystemExit("The frozen rows need PyInstaller: pip install -e '.[build]'")
    folder = cache / f"frozen-{_inputs_hash()}"
    done = folder / "built.json"
    if done.exists():
        return {**json.loads(done.read_text(encoding="utf-8")), "cached": True}
    folder.mkdir(parents=True, exist_ok=True)
    seconds = {}
    for name, spec in (("product", ROOT / "build.spec"), ("window", window_spec(folder))):
        print(f"freezing {name} with PyInstaller …", file=sys.stderr)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", str(folder / name / "dist"), "--workpath", str(folder / name / "work"),
                        str(spec)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=1800)
        seconds[name] = time.perf_counter() - started
    bundle = folder / "product" / "dist" / "stp-desk"
    info = {"cli": str(bundle / f"stp-desk-cli{EXE}"), "window": str(folder / "window" / "dist" / "stp-desk" /
                                                                      f"stp-desk{EXE}"),
            "bundle_mb": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
            / 1e6, "build_s": seconds}
    done.write_text(json.dumps(info, indent=2), encoding="utf-8")
    return {**info, "cached": False}


def qt_libraries_started(command: list[str], env: dict[str, str]) -> list[str] | None:
    """The Qt (and ICU) libraries a run of `command` starts, as the dynamic loader reports them; None where it cannot
    tell (not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    done = subprocess.run(command, env={**env, "LD_DEBUG": "libs"}, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace", timeout=120, check=True)
    started = {line.rsplit("/", 1)[-1] for line in done.stderr.splitlines() if "calling init:" in line}
    if not any(name.startswith("libpython") for name in started):
        raise RuntimeError("LD_DEBUG=libs reported nothing: the loader's report cannot be read here")
    return sorted(name for name in started if name.lower().startswith(QT_LIBRARIES))


def qt_paths_set(window: list[str], env: dict[str, str], decoy: Path) -> bool:
    """Whether PyInstaller's PySide6 run-time hook, which build.spec runs when PySide6 is first imported, still runs
    before the window is made: it points Qt at the bundle's plugins, so a plugin folder set beforehand in the
    environment (a decoy here, as another Qt program might leave one) is never searched."""
    (decoy / "platforms").mkdir(parents=True, exist_ok=True)
    done = subprocess.run([*window, "bare"], env={**env, "QT_PLUGIN_PATH": str(decoy), "QT_DEBUG_PLUGINS": "1"},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120,
                          check=True)
    if "factoryloader" not in done.stderr:
        raise RuntimeError("QT_DEBUG_PLUGINS reported nothing: the frozen window's plugin search cannot be read")
    return str(decoy) not in done.stderr


def rows_frozen(info: dict[str, Any], frozen: dict[str, Any], reps: int, env: dict[str, str]) -> list[Row]:
    py, large, cli = sys.executable, info["large"], frozen["cli"]
    sides = {
        "version": ([cli, "--version"], [py, "-m", "stp_desk", "--version"]),
        "search": ([cli, "search", SEARCH_WORD, "--db", large, "--json"],
                   [py, "-m", "stp_desk", "search", SEARCH_WORD, "--db", large, "--json"]),
        "list": ([cli, "list", "meetings", "--db", large, "--json"],
                 [py, "-m", "stp_desk", "list", "meetings", "--db", large, "--json"]),
    }
    rows = {
        "version": Row("frozen-version", "frozen `stp-desk-cli --version`, whole process",
                       "the frozen `stp-desk-cli`", "the same command unfrozen (`python -m stp_desk`)", "<= 1.3x"),
        "search": Row("frozen-search", f"frozen `stp-desk-cli search {SEARCH_WORD} --json`, large record",
                      "the frozen `stp-desk-cli`", "the same command unfrozen", "<= 1.3x"),
        "list": Row("frozen-list", "frozen `stp-desk-cli list meetings --json`, large record",
                    "the frozen `stp-desk-cli`", "the same command unfrozen", "<= 1.3x"),
    }
    for key, (ours, plain) in sides.items():
        _process(ours, env)  # warm the disk cache and the bytecode alike
        _process(plain, env)
        started = qt_libraries_started(ours, env)
        if started is None:
            rows[key].what += " (Qt libraries not checked: the loader's report is read on Linux only)"
        elif started:
            rows[key].problem = f"starts {', '.join(started)}"
        else:
            rows[key].what += "; starts no Qt library"
    alternate(sides, rows, reps, env)

    paint = Row("frozen-paint", "the frozen window's first paint, large record", "the frozen `stp-desk --db large`",
                "a bare `QMainWindow` frozen with the same build.spec options", "<= 1.5x")
    filled = Row("frozen-overview", "the frozen window until the Overview paints its figures, large record",
                 "the frozen `stp-desk --db large`", "a bare `QMainWindow` frozen with the same build.spec options",
                 INFORMATION)
    window = [frozen["window"]]
    if not qt_paths_set(window, env, Path(frozen["window"]).parent.parent.parent / "decoy-plugins"):
        paint.problem = "PyInstaller's PySide6 hook did not set Qt's plugin path before the window was made"
    _first_paint(["bare"], env, program=window)  # warm the disk cache for both sides alike
    _first_paint(["ours", large], env, program=window)
    _first_paint(["overview", large], env, program=window)
    for round_ in range(PAINT_ROUNDS * reps):
        sides_in_order = [(paint.limit_s, ["bare"]), (paint.ours_s, ["ours", large]),
                          (filled.ours_s, ["overview", large])]
        for times, args in sides_in_order[::-1] if round_ % 2 else sides_in_order:
            times.append(_first_paint(args, env, program=window)[0])
    filled.limit_s = paint.limit_s
    return [*rows.values(), paint, filled]


def facts(frozen: dict[str, Any]) -> str:
    import PyInstaller

    built = ", ".join(f"{name} {s:.0f} s" for name, s in frozen["build_s"].items())
    return (f"Frozen with PyInstaller {PyInstaller.__version__} on {platform.system()} "
            f"({'cached' if frozen['cached'] else 'built'}: {built}); the bundle is {frozen['bundle_mb']:.0f} MB. "
            f"Frozen programs' environment: {os.environ.get('QT_QPA_PLATFORM', 'native')} platform.")

