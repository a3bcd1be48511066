#!/usr/bin/env bash
# Authenticode-signs a file with osslsigncode, in place.
#   ROOTIP_SIGN_P12            the vendor's code-signing certificate (.p12/.pfx)
#   ROOTIP_SIGN_PASSWORD_FILE  a file holding its password (read by osslsigncode
#                              itself, never put on a command line)
# Without them (CI), a throwaway test certificate is generated in
# $ROOTIP_SIGN_WORK (a directory the caller removes) and used instead.
set -euo pipefail
file=$1
work=${ROOTIP_SIGN_WORK:?set ROOTIP_SIGN_WORK to a scratch directory}
p12=${ROOTIP_SIGN_P12:-}
passfile=${ROOTIP_SIGN_PASSWORD_FILE:-}
if [ -z "$p12" ]; then
  p12=$work/test-codesign.p12
  passfile=$work/test-codesign.pass
  if [ ! -f "$p12" ]; then
    head -c 18 /dev/urandom | base64 > "$passfile"
    openssl req -x509 -newkey rsa:3072 -nodes -days 30 -subj "/CN=rootip-cert test code signing" \
      -addext "extendedKeyUsage=codeSigning" -keyout "$work/test-codesign.key" -out "$work/test-codesign.pem" 2>/dev/null
    openssl pkcs12 -export -inkey "$work/test-codesign.key" -in "$work/test-codesign.pem" \
      -passout "file:$passfile" -out "$p12"
  fi
fi
osslsigncode sign -pkcs12 "$p12" -readpass "$passfile" -h sha256 \
  -n "root ipクラウド 電子証明書ツール" -i "https://www.rootip.co.jp/" \
  -in "$file" -out "$file.signed" >/dev/null
mv "$file.signed" "$file"
