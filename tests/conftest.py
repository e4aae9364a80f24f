"""Every test runs with its own SOYPACE_HOME and none of the user's SOYPACE_* settings."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

from soypace.data.snapshot import load_snapshot

sys.path.insert(0, str(Path(__file__).parent))
# matplotlib keeps a font cache under the user's home unless told otherwise: not in tests
os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="soypace-mpl-"))


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("SOYPACE_") or name in ("DATA_GOV_API_KEY", "NO_COLOR", "FORCE_COLOR"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOYPACE_HOME", str(tmp_path / "home"))
    # without a key, `fetch` uses AgTransport: a test that forgets to point it at a fake gets a
    # refused connection on 127.0.0.1, never the internet
    monkeypatch.setenv("SOYPACE_AGTRANSPORT_URL", "http://127.0.0.1:9/resource/wnn7-29tu.json")
    yield


@pytest.fixture(scope="session")
def snapshot():
    """The shipped real USDA data."""
    return load_snapshot()


@pytest.fixture
def api_env(monkeypatch, httpserver):
    """Point soypace at the local test server, with a secret key and no backoff delays."""
    from fake_esr import SECRET

    monkeypatch.setenv("SOYPACE_API_URL", httpserver.url_for("/api/esr"))
    monkeypatch.setenv("SOYPACE_API_KEY", SECRET)
    monkeypatch.setenv("SOYPACE_HTTP_BACKOFF", "0")
    return httpserver


@pytest.fixture(autouse=True)
def no_secret_in_output(capfd, caplog):
    """Every test fails if the test API key reached stdout, stderr (fd level) or any log record."""
    import logging

    from fake_esr import SECRET

    caplog.set_level(logging.DEBUG)
    yield
    out, err = capfd.readouterr()
    assert SECRET not in out and SECRET not in err
    assert SECRET not in caplog.text
