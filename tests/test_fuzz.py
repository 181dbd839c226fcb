"""The fuzz target of ``bench/fuzz.py`` with a short budget: no input may crash a run.

``python bench/fuzz.py --inputs 100000`` runs the same target for longer
(``docs/fuzzing.md`` records such runs).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "bench" / "fuzz.py"


def load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("imagetag_lint_fuzz", FUZZ)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_short_fuzz_run_never_crashes() -> None:
    fuzz = load_fuzz()
    tally = fuzz.fuzz(inputs=200, random_seed=12345, cli_every=10)
    assert tally.inputs >= 200
    assert tally.cli_runs >= 20 * 2  # every report format, every tenth input
    assert set(tally.exit_codes) <= {0, 1, 2}


def test_fuzz_target_reports_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The harness must not swallow exceptions, or a clean run would prove nothing.
    fuzz = load_fuzz()

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise KeyError("boom")

    monkeypatch.setattr(fuzz.engine, "lint_bytes", broken)
    with pytest.raises(KeyError, match="boom"):
        fuzz.check_one(b"a: 1\n", "x.yaml", fuzz.Tally(), 1, str(tmp_path))
