"""The cold start counted in instructions (valgrind's callgrind), beside the bare window: `--only instructions`.

The start rows time whole processes on a shared machine, where two runs of the same thing differ by a fifth and a
change of a few per cent cannot be told from the noise. Counted in instructions, a start is the same from run to
run (to a few hundredths of a per cent), so one run of each side tells a change's effect at once. It is not the
time: it leaves out what the kernel does (mapping libraries, faulting pages in, reading files) and what the
processor waits for, which a larger program pays more of, so the timed ratio runs a few hundredths above this one.
For reading only; the targets are the timed rows'.

Each side runs once under `valgrind --tool=callgrind`, with hash randomisation fixed, until the end of the paint pass
its detector sees (bench/first_paint.py, STP_DESK_BENCH_PASS), so what a slowed-down program's due timers would
have run is not counted.
"""

import os
import re
import shutil
import subprocess
import sys
from typing import Any

from bench.run import INFORMATION, ROOT, Row

COLLECTED = re.compile(r"Collected : (\d+)")


def count(args: list[str], env: dict[str, str]) -> int:
    """Instructions a fresh interpreter runs for `bench/first_paint.py ARGS` until it reports its first paint."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, str(ROOT / "bench" / "first_paint.py"), *args],
        env={**env, "PYTHONHASHSEED": "0", "STP_DESK_BENCH_PASS": "1"}, capture_output=True, text=True, timeout=600)
    found = COLLECTED.search(done.stderr)
    if not done.stdout.startswith("painted") or found is None:
        raise RuntimeError(f"{args[0]}: no first paint under valgrind (exit {done.returncode})\n{done.stderr[-800:]}")
    return int(found.group(1))


def rows_instructions(info: dict[str, Any], env: dict[str, str]) -> list[Row]:
    if shutil.which("valgrind") is None:
        raise RuntimeError("the instructions rows need valgrind (apt install valgrind)")
    frame = Row("instructions-start", "the cold start to the first painted window, counted in instructions",
                "`stp-desk --db large`", "bare `QMainWindow` with one label", INFORMATION)
    filled = Row("instructions-overview", "the cold start until the Overview paints its figures, counted in "
                 "instructions", "`stp-desk --db large`", "bare `QMainWindow` with one label", INFORMATION)
    for args in (["bare"], ["ours", info["large"]], ["overview", info["large"]]):
        subprocess.run([sys.executable, str(ROOT / "bench" / "first_paint.py"), *args], env=env,
                       capture_output=True, timeout=120)  # bytecode compiled and files cached for every side alike
    bare = count(["bare"], env)
    frame.limit_s = filled.limit_s = [bare / 1e9]
    frame.ours_s = [count(["ours", info["large"]], env) / 1e9]
    filled.ours_s = [count(["overview", info["large"]], env) / 1e9]
    for row in (frame, filled):
        row.note = "instructions, not seconds"
    return [frame, filled]


if __name__ == "__main__":  # python -m bench.instructions RECORD: the two ratios, for a quick look at a change
    from bench.run import child_env

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for r in rows_instructions({"large": sys.argv[1]}, child_env()):
        print(f"{r.what}: {r.ours_s[0] * 1e3:.1f} M against {r.limit_s[0] * 1e3:.1f} M, {r.ratio:.3f}x")
