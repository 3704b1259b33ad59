#!/usr/bin/env python3
"""Validate JSON files against a JSON Schema (the draft its "$schema" names: 2020-12 for the
manifest schema, draft-07 for SARIF). Used by the Swift tests.

usage: validate-json-schema.py SCHEMA FILE...
Exit 0 when every file validates; otherwise print each error to stderr and exit 1.
Needs Debian's python3-jsonschema (installed by scripts/install-deps).
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
Validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
Validator.check_schema(schema)
validator = Validator(schema)
failures = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    for error in validator.iter_errors(document):
        failures += 1
        print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}", file=sys.stderr)
sys.exit(1 if failures else 0)
