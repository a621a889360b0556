"""Validate JUnit XML files against an XSD: python validate_junit.py XSD FILE...

Prints every violation and exits 1 when there is one."""
import sys

import xmlschema

schema = xmlschema.XMLSchema(sys.argv[1])
bad = 0
for path in sys.argv[2:]:
    for error in schema.iter_errors(path):
        bad += 1
        print(f"{path}: {error.reason} at {error.path}")
sys.exit(1 if bad else 0)
