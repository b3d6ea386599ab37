#!/usr/bin/env bash
# Prints a fresh Ed25519 key pair for signing events, as the two lines .env expects:
#
#   deploy/generate-signing-keys.sh >> .env
#
# The private key is base64 of its PKCS#8 encoding, the public key base64 of its X.509 (SubjectPublicKeyInfo)
# encoding: what io.uidalloc.contract.SigningKeys decodes (checked by GenerateSigningKeysScriptTest). The key never
# touches the disk here; only the output does, so send it to a file only you can read.
set -euo pipefail

if ! command -v openssl >/dev/null 2>&1; then
    echo "generate-signing-keys.sh: openssl is not installed; install it (Debian/Ubuntu: apt-get install openssl)" >&2
    exit 1
fi

pem="$(openssl genpkey -algorithm ed25519)"
# openssl base64 -A rather than base64 -w0: the same single line with GNU and BSD tools alike.
private_key="$(printf '%s\n' "$pem" | openssl pkey -outform DER | openssl base64 -A)"
public_key="$(printf '%s\n' "$pem" | openssl pkey -pubout -outform DER | openssl base64 -A)"

echo "UIDALLOC_EVENTS_SIGNING_PRIVATE_KEY=${private_key}"
echo "UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY=${public_key}"
