"""Command line: print what the parser extracts from letters, as JSON."""

import argparse
import json
import sys
from pathlib import Path

from . import LetterError, parse_document


def main(argv: list[str] | None = None) -> int:
    """Parse each file and print its extraction; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m inspections.parsing",
        description=(
            "Extract the inspection details and findings from Ofsted children's services "
            "letters and reports (PDF or UTF-8 .txt). With one file, prints one JSON "
            "object; with several, prints a JSON list with one object per file, in the "
            'order given, each with its "file" name added. Each object\'s "provenance" '
            'says how every field was found: "read" as the document states it, "inferred" '
            'from other evidence, or "missing", with a note saying why or what to enter. '
            "A file that cannot be parsed is reported on stderr and left out, and the exit "
            "status is then 1."
        ),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a .pdf or .txt file")
    args = parser.parse_args(argv)

    results = []
    failed = False
    for path in args.paths:
        try:
            letter = parse_document(path.read_bytes(), path.name)
        except OSError as exc:
            print(f"{path}: cannot read the file: {exc.strerror}", file=sys.stderr)
            failed = True
            continue
        except LetterError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            failed = True
            continue
        results.append({"file": path.name, **letter.to_dict()})
    if len(args.paths) == 1 and results:
        del results[0]["file"]
        print(json.dumps(results[0], indent=2, ensure_ascii=False))
    elif len(args.paths) > 1:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
