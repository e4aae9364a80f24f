"""Every shared command-line option, defined once: its flags, environment variable and help.

Commands take them as type annotations (``check: CheckOpt = False``) or through the decorators
in ``soypace.cli.options``.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from soypace.cli.output import Format


class Basis(str, Enum):
    commitments = "commitments"
    shipments = "shipments"


class Source(str, Enum):
    auto = "auto"
    fas = "fas"
    agtransport = "agtransport"


TargetOpt = Annotated[
    str | None,
    typer.Option(
        "--target",
        "-t",
        envvar="SOYPACE_TARGET",
        help="Target name (see `soypace targets`); default: the targets file's default, truce-2025.",
    ),
]
TargetsFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        envvar="SOYPACE_TARGETS",
        help="A TOML file of extra targets, added to the shipped ones.",
        dir_okay=False,
    ),
]
KnownOnOpt = Annotated[
    str | None,
    typer.Option(
        "--known-on",
        help=(
            "Replay what was known on this date (YYYY-MM-DD): only the weeks USDA had released by "
            "then, from its release calendar and the table of late releases (data/calendar.toml)."
        ),
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=(
            "Hindsight: pace as at the last week ending on or before this date (YYYY-MM-DD), with "
            "every week as revised today, published by then or not. Default: the latest week."
        ),
    ),
]
BasisOpt = Annotated[
    Basis,
    typer.Option(
        "--basis",
        "-b",
        envvar="SOYPACE_BASIS",
        help="commitments: net new sales (current + next MY); shipments: weekly exports.",
    ),
]
CountryOpt = Annotated[
    str,
    typer.Option(
        "--country",
        "-c",
        envvar="SOYPACE_COUNTRY",
        help="Destination: ESR code or name (china, 5700, unknown).",
    ),
]
TargetMtOpt = Annotated[
    str | None,
    typer.Option(
        "--target-mt",
        help="A one-off target in metric tons, as 5000000, 5,000,000 or 5e6 (with --start and "
        "--deadline) instead of --target.",
    ),
]
StartOpt = Annotated[
    str | None, typer.Option("--start", help="First day counted by a --target-mt target (YYYY-MM-DD).")
]
DeadlineOpt = Annotated[
    str | None, typer.Option("--deadline", help="Deadline of a --target-mt target (YYYY-MM-DD).")
]
UnknownShareOpt = Annotated[
    float | None,
    typer.Option(
        "--unknown-share",
        envvar="SOYPACE_UNKNOWN_SHARE",
        help=(
            "Also show two figures with unknown destinations, in their own columns: the loose bound "
            "(confirmed + this share, 0 to 1, of their whole outstanding pool) and the since-window "
            "estimate (confirmed + this share of what the pool gained since the target's start)."
        ),
    ),
]
WithUnknownOpt = Annotated[
    bool,
    typer.Option(
        "--with-unknown",
        help=(
            "The same with share 1: the loose bound is 'China plus unknown', which assumes every "
            "undeclared sale, even one made before the target's start, is China's."
        ),
    ),
]
NowcastOpt = Annotated[
    bool,
    typer.Option(
        "--nowcast",
        envvar="SOYPACE_NOWCAST",
        help=(
            "Add flash sales from your ledger made after the last reported week, by their sale "
            "windows (see `soypace flash`), in their own columns."
        ),
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        envvar="SOYPACE_FORMAT",
        help="table (rich on a terminal, plain when piped), csv, json or markdown.",
    ),
]
BomOpt = Annotated[
    bool,
    typer.Option(
        "--bom", envvar="SOYPACE_CSV_BOM", help="Start CSV with a UTF-8 byte-order mark, for Excel."
    ),
]
RefreshOpt = Annotated[
    bool,
    typer.Option(
        "--refresh",
        envvar="SOYPACE_REFRESH",
        help="Fetch new USDA data first (see `soypace fetch`); on failure, warn and use what is stored.",
    ),
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Never touch the network, even with SOYPACE_REFRESH set.")
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        envvar="SOYPACE_QUIET",
        help="Nothing on stderr on success (errors still); data or a report asked for still goes out.",
    ),
]
SourceOpt = Annotated[
    Source,
    typer.Option(
        "--source",
        envvar="SOYPACE_SOURCE",
        help=(
            "fas: USDA FAS's ESR API (needs an api.data.gov key); agtransport: USDA AMS AgTransport's "
            "copy (no key); auto: fas when SOYPACE_API_KEY or DATA_GOV_API_KEY is set, else agtransport."
        ),
    ),
]
CheckOpt = Annotated[
    bool,
    typer.Option(
        "--check",
        envvar="SOYPACE_CHECK",
        help=(
            "Exit 3 if behind the path, 4 if a deadline was missed, 5 if the data is stale (0: on "
            "track or met)."
        ),
    ),
]
MethodOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--method",
        "-m",
        help="run-rate, since-start, seasonal, bootstrap, season-paths, analog or auto; repeatable. "
        "Default: all.",
    ),
]
WindowOpt = Annotated[int, typer.Option("--window", help="Weeks averaged by run-rate.", min=1)]
SimulationsOpt = Annotated[
    int, typer.Option("--simulations", help="Bootstrap paths.", min=100, max=1_000_000)
]
SeedOpt = Annotated[
    int,
    typer.Option(
        "--seed", envvar="SOYPACE_SEED", help="Bootstrap seed; the default is fixed, so runs repeat exactly."
    ),
]
YearsOpt = Annotated[
    str | None,
    typer.Option(
        "--years",
        help=(
            "Past marketing years the methods drawing on history use, by end year: 2020,2021 (default: "
            "all in the data)."
        ),
    ),
]
ExcludeOpt = Annotated[
    str | None,
    typer.Option(
        "--exclude-years", help="Past marketing years to leave out, e.g. trade-war years: 2019,2020."
    ),
]

FetchCountryOpt = Annotated[
    list[str] | None,
    typer.Option("--country", "-c", help="Destination code or name; repeatable. Default: china and unknown."),
]
AllCountriesOpt = Annotated[
    bool, typer.Option("--all-countries", help="Every destination (one request per year; large answers).")
]
CommodityOpt = Annotated[
    int,
    typer.Option("--commodity", envvar="SOYPACE_COMMODITY", help="ESR commodity code (801 = soybeans)."),
]
