"""Shared test setup: the environment must not choose formats or colours for the tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A CI runner sets GITHUB_ACTIONS=true, which would switch the default format.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
