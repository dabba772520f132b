#!/usr/bin/env bash
# Build the Linux bundle dist/linux/stp-desk/ with PyInstaller (build.spec) and run its frozen self-test.
# Needs .venv (bash .ci/bootstrap); installs PyInstaller into it (the `build` extra) and Debian's libpython3.11
# (PyInstaller needs the shared libpython) only when missing. Fails on any failed step.
# Writes build/linux/self-test.json and build/linux/metrics.txt (bundle size, build time).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build/linux
DIST=$ROOT/dist/linux
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*"; }

if [ ! -x .venv/bin/python ]; then
  echo "No .venv: run bash .ci/bootstrap first." >&2
  exit 1
fi

if command -v dpkg >/dev/null 2>&1 && ! dpkg -s libpython3.11 >/dev/null 2>&1; then
  say "Installing libpython3.11"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends libpython3.11 >/dev/null
fi

if ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
  say "Installing PyInstaller (the build extra)"
  .venv/bin/python -m pip install -q -e '.[build]'
fi

say "PyInstaller: build.spec -> $DIST/stp-desk"
started=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$OUT/work" build.spec
build_seconds=$(( $(date +%s) - started ))
bundle=$DIST/stp-desk
for program in stp-desk stp-desk-cli; do
  [ -x "$bundle/$program" ] || { echo "The bundle has no $program." >&2; exit 1; }
done
size_mb=$(du -sm "$bundle" | cut -f1)
echo "Built in ${build_seconds}s; the bundle is ${size_mb} MB unpacked."
[ "$size_mb" -lt 150 ] || { echo "FAILED: the Linux bundle is ${size_mb} MB: over the 150 MB limit." >&2; exit 1; }
if find "$bundle" -xtype l | grep -q .; then echo "FAILED: broken links in the bundle." >&2; exit 1; fi

say "Frozen self-test (no display: offscreen)"
report=$OUT/self-test.json
rm -f "$report"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM STP_DESK_DATA_DIR="$OUT/must-stay-empty" \
  "$bundle/stp-desk-cli" self-test --report "$report"
.venv/bin/python - "$report" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
assert report["ok"] and report["frozen"], "the frozen self-test report does not say every step passed"
print(f"Report {sys.argv[1]}: {len(report['steps'])} steps passed, frozen.")
EOF
if [ -e "$OUT/must-stay-empty" ] && [ -n "$(ls -A "$OUT/must-stay-empty")" ]; then
  echo "The self-test wrote into the data folder it was given: it must use its own temporary one." >&2
  exit 1
fi
"$bundle/stp-desk-cli" --version

printf 'linux_build_seconds=%s\nlinux_bundle_mb=%s\n' "$build_seconds" "$size_mb" > "$OUT/metrics.txt"
say "Linux bundle OK: $bundle (${size_mb} MB, built in ${build_seconds}s)"
