#!/usr/bin/env bash
# Compiles docs/openapi.json into Sources/ScoringAPI/OpenAPIDocument.swift (served at GET /openapi.json);
# ScoringAPITests checks that the served document is the committed file.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Sources/ScoringAPI/OpenAPIDocument.swift
{
    echo '/// docs/openapi.json, compiled in and served at `GET /openapi.json` (a test checks the two are the same).'
    echo '/// Made by `make openapi` from docs/openapi.json: edit that file, not this one.'
    echo 'enum OpenAPIDocument {'
    echo '    static let json = #"""'
    cat docs/openapi.json
    echo '"""#'
    echo '}'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
