"""Shared test setup: a neutral environment, and how many examples Hypothesis tries.

The full run (plain ``pytest``, as CI runs it) gives every property test its whole
budget. The everyday run, ``pytest -m "not slow"``, leaves out the seconds-long
integration, limit and fuzz tests and loads the ``quick`` Hypothesis profile: a
quarter of the examples. A test with a budget of its own states it as a multiple of
``settings().max_examples``, so it shrinks with the profile too. ``HYPOTHESIS_PROFILE``
(or ``--hypothesis-profile``) chooses a profile for any run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Built on the active profile (``ci`` when the CI variable is set), as a quarter of it.
_ACTIVE = settings.get_current_profile_name()
settings.register_profile(
    "quick",
    parent=settings.get_profile(_ACTIVE),
    max_examples=settings.get_profile(_ACTIVE).max_examples // 4,
)


def pytest_configure(config: pytest.Config) -> None:
    # Runs before any test module is imported: the budgets below read the profile then.
    chosen = config.getoption("--hypothesis-profile", None) or os.environ.get("HYPOTHESIS_PROFILE")
    if chosen:
        settings.load_profile(chosen)
    elif config.option.markexpr.replace(" ", "") == "notslow":
        settings.load_profile("quick")


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A CI runner sets GITHUB_ACTIONS=true, which would switch the default format.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
