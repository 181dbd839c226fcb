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
import yaml

from imagetag_lint import lint_text
from imagetag_lint.loading.documents import (
    HAS_C_COMPOSER,
    SourceDocument,
    _KubeCLoader,
    _KubePyLoader,
    compose_documents,
)

FUZZ = Path(__file__).resolve().parents[1] / "bench" / "fuzz.py"


def load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("imagetag_lint_fuzz", FUZZ)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
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


LOADERS = [pytest.param(_KubePyLoader, id="python")]
if HAS_C_COMPOSER:
    LOADERS.append(pytest.param(_KubeCLoader, id="libyaml"))


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("text", "data"),
    [
        # Found by the fuzz target: a float key that overflows crashed the key conversion.
        pytest.param("1E310: a\n", {"1E310": "a"}, id="overflowing-float-key"),
        pytest.param("b: -1e400\n", {"b": "-1e400"}, id="overflowing-float-stays-text"),
        pytest.param(
            ".nan: 1\n.Inf: 2\n-.inf: 3\n", {".nan": 1, ".inf": 2, "-.inf": 3}, id="nan-keys"
        ),
        # Found while fixing it: integers Python will not read, or no Go number can hold.
        pytest.param("a: " + "1" * 5000 + "\n", {"a": "1" * 5000}, id="5000-digits"),
        pytest.param("a: 0x" + "f" * 300 + "\n", {"a": "0x" + "f" * 300}, id="1200-bit-hex"),
        pytest.param("0x" + "f" * 300 + ": a\n", {"0x" + "f" * 300: "a"}, id="1200-bit-hex-key"),
        pytest.param("a: !!float 1" + "0" * 400 + "\n", {"a": "1" + "0" * 400}, id="float-tag"),
        pytest.param(
            "a: !!float 0x" + "f" * 256 + "\n", {"a": "0x" + "f" * 256}, id="float-round-up"
        ),
        pytest.param("a: 99999999999999999999\n", {"a": 99999999999999999999}, id="big-int-kept"),
    ],
)
def test_numbers_go_cannot_hold_stay_text(
    loader: type[yaml.SafeLoader], text: str, data: dict[str, object]
) -> None:
    (document,) = compose_documents(text, loader)
    assert isinstance(document, SourceDocument)
    assert document.data == data


def test_number_regressions_are_findings_not_crashes() -> None:
    text = (
        "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: 'a:b'}\n"
        "spec: {name: b, generation: " + "9" * 5000 + "}\n1E310: x\n"
    )
    found = [(d.code, d.line, d.column, d.message[:60]) for d in lint_text(text)]
    assert found == [
        # Right for any spec.generation in a manifest: the key is still found and placed.
        ("ITL313", 4, 17, "spec.generation: is set by the server (the image stream's ge"),
        ("ITL101", 4, 29, 'spec.generation: expected integer, got string "9999999999999'),
        ("ITL102", 5, 1, "1E310: unknown field"),
    ]


def test_json_number_python_will_not_convert_is_read_as_yaml_text() -> None:
    # Found by the fuzz target: json.loads raised ValueError (not a JSONDecodeError)
    # for a number of more than 4300 digits.
    text = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",'
        ' "metadata": {"name": "a:b"}, "spec": {"name": "b", "generation": ' + "9" * 4400 + "}}"
    )
    found = [(d.code, d.line, d.column, d.message[:50]) for d in lint_text(text, "big.json")]
    assert found == [
        ("ITL313", 1, 112, "spec.generation: is set by the server (the image s"),
        ("ITL101", 1, 126, 'spec.generation: expected integer, got string "999'),
    ]
