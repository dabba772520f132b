#!/usr/bin/env bash
# Sign Windows programs, DLLs, installers and MSIs in place with osslsigncode (Authenticode, SHA-256), then verify
# each signature. The council's (or the project's) code-signing certificate and key come from the environment:
#   STP_DESK_SIGN_CERT=cert.pem STP_DESK_SIGN_KEY=key.pem [STP_DESK_SIGN_PASS=...] [STP_DESK_SIGN_TIMESTAMP=URL]
#   [STP_DESK_SIGN_CA=ca-bundle.pem]  (what the signature is verified against; default the system's CA bundle)
#   installer/sign.sh [--unsigned-only] FILE...
# --unsigned-only leaves files that already carry a signature (Qt's, the Python Software Foundation's) as they are.
# A timestamp server (STP_DESK_SIGN_TIMESTAMP) keeps signatures valid after the certificate expires; it needs the
# network, so the throwaway-certificate run in .ci/run goes without.
set -euo pipefail
: "${STP_DESK_SIGN_CERT:?set STP_DESK_SIGN_CERT to the code-signing certificate (PEM)}"
: "${STP_DESK_SIGN_KEY:?set STP_DESK_SIGN_KEY to its private key (PEM)}"
ca=${STP_DESK_SIGN_CA:-/etc/ssl/certs/ca-certificates.crt}
unsigned_only=""
if [ "${1:-}" = "--unsigned-only" ]; then unsigned_only=yes; shift; fi
signed=0
for f in "$@"; do
  if [ -n "$unsigned_only" ] && osslsigncode extract-signature -in "$f" -out "$f.sig" > /dev/null 2>&1; then
    rm -f "$f.sig"
    continue
  fi
  rm -f "$f.sig"
  args=(sign -certs "$STP_DESK_SIGN_CERT" -key "$STP_DESK_SIGN_KEY" -h sha256 -n stp-desk -in "$f" -out "$f.signing")
  [ -n "${STP_DESK_SIGN_PASS:-}" ] && args+=(-pass "$STP_DESK_SIGN_PASS")
  [ -n "${STP_DESK_SIGN_TIMESTAMP:-}" ] && args+=(-ts "$STP_DESK_SIGN_TIMESTAMP")
  if ! osslsigncode "${args[@]}" > "$f.signing.log" 2>&1; then
    cat "$f.signing.log" >&2; rm -f "$f.signing" "$f.signing.log"
    echo "FAILED: could not sign $f" >&2; exit 1
  fi
  mv "$f.signing" "$f"; rm -f "$f.signing.log"
  if ! osslsigncode verify -ignore-crl -CAfile "$ca" -in "$f" > "$f.verify.log" 2>&1; then
    cat "$f.verify.log" >&2; rm -f "$f.verify.log"
    echo "FAILED: the signature on $f does not verify against $ca" >&2; exit 1
  fi
  rm -f "$f.verify.log"
  signed=$((signed + 1))
done
echo "Signed and verified $signed file(s)."
