"""Every usage error is one line on stderr and exit 2, whichever layer refuses the input."""

import pytest
from typer.testing import CliRunner

from soypace.cli import app

runner = CliRunner()

BAD = [
    (["status", "--basis", "shipment"], {}, "'shipment' is not one of"),
    (
        ["status", "--target-mt", "5,000,00x", "--start", "2026-01-01", "--deadline", "2026-06-30"],
        {},
        "tonnage",
    ),
    (["status", "--format", "xlsx"], {}, "'xlsx' is not one of"),
    (["project", "--window", "0"], {}, "--window"),
    (["status"], {"SOYPACE_REFRESH": "maybe"}, "not a valid boolean"),
    (["status", "--as-of", "2026-13-01"], {}, "--as-of"),
    (["status", "--known-on", "yesterday"], {}, "--known-on"),
    (["status", "--as-of", "2026-01-08", "--known-on", "2026-01-15"], {}, "not both"),
    (["status", "--target", "truce-2099"], {}, "unknown target"),
    (["status", "--country", "atlantis"], {}, "unknown country"),
    (["status", "--unknown-share", "1.5"], {}, "between 0 and 1"),
    (["status", "--target-mt", "5e6"], {}, "go together"),
    (["status", "--bogus"], {}, "No such option"),
    (["report", "--format", "pdf"], {}, "'pdf' is not one of"),
    (["project", "--method", "crystal-ball"], {}, "unknown method"),
    (["project", "--years", "2020,twenty"], {}, "--years"),
    (["fetch", "--market-year", "1850"], {}, "out of range"),
    (["chart", "--output", "pace.gif"], {}, ".png or .svg"),
    (["flash", "add", "--date", "2026-01-06", "--mt", "lots"], {}, "tonnage"),
    (["weeks", "--path-to", "nowhere", "-t", "truce-2025"], {}, "no deadline"),
]


@pytest.mark.parametrize(("args", "env", "says"), BAD, ids=[" ".join(a) for a, _, _ in BAD])
def test_a_usage_error_is_one_line_and_exit_2(args, env, says):
    res = runner.invoke(app, args, env=env)
    assert res.exit_code == 2, (res.stdout, res.stderr)
    assert res.stdout == "" and "Traceback" not in res.stderr
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("soypace: error: ")
    assert says in res.stderr


def test_tonnages_are_accepted_as_people_write_them():
    args = ["status", "--start", "2026-01-01", "--deadline", "2026-06-30", "--format", "csv", "--target-mt"]
    outputs = {runner.invoke(app, [*args, text]).stdout for text in ("5000000", "5,000,000", "5e6")}
    assert len(outputs) == 1 and ",5000000," in outputs.pop()
