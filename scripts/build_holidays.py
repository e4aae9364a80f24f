"""Write data/holidays.json: the U.S. federal holidays that delay USDA's weekly release, as the
`holidays` package computes them for the release rule in data/calendar.toml, for the years
soypace's data and replays touch. Shipping the table keeps `soypace status` from importing the
package (about 0.1 s); tests/data/test_holidays_table.py holds the table equal to the package.

Run: python scripts/build_holidays.py   (or `make holidays`)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the release rule and the lookup are the package's own
from soypace.calendar import HOLIDAYS_FILE, package_holidays, rule_path  # noqa: E402

YEARS = range(2014, 2036)


def main() -> None:
    import holidays

    table = {str(y): sorted(d.isoformat() for d in package_holidays(y)) for y in YEARS}
    doc = {
        "source": f"holidays {holidays.__version__}, see data/calendar.toml [release.holidays]",
        "years": table,
    }
    path = rule_path().with_name(HOLIDAYS_FILE)
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(table)} years)")


if __name__ == "__main__":
    main()
