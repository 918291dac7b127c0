#!/usr/bin/env bash
# Regenerates Sources/JianfuServer/Generated from openapi.yaml (spec-first: edit the spec, run this, commit both).
# With --check it only compares, and fails when the committed code no longer matches the spec (CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --package-path scripts/openapi --scratch-path .build-openapi --product swift-openapi-generator >/dev/null
GENERATOR=.build-openapi/debug/swift-openapi-generator
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$GENERATOR" generate --config Sources/JianfuServer/openapi-generator-config.yaml --output-directory "$OUT" \
  Sources/JianfuServer/openapi.yaml >/dev/null
if [ "${1:-}" = "--check" ]; then
  if ! diff -ru Sources/JianfuServer/Generated "$OUT"; then
    echo "Sources/JianfuServer/Generated does not match openapi.yaml: run scripts/openapi-generate.sh and commit the result." >&2
    exit 1
  fi
  echo "the generated API code matches openapi.yaml"
else
  rm -rf Sources/JianfuServer/Generated
  mkdir -p Sources/JianfuServer/Generated
  cp "$OUT"/*.swift Sources/JianfuServer/Generated/
  echo "regenerated Sources/JianfuServer/Generated from openapi.yaml"
fi
