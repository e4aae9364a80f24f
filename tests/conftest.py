"""Every test runs with its own SOYPACE_HOME and none of the user's SOYPACE_* settings."""

import os

import pytest

from soypace.snapshot import load_snapshot


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("SOYPACE_") or name in ("DATA_GOV_API_KEY", "NO_COLOR", "FORCE_COLOR"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOYPACE_HOME", str(tmp_path / "home"))
    yield


@pytest.fixture(scope="session")
def snapshot():
    """The shipped real USDA data."""
    return load_snapshot()
