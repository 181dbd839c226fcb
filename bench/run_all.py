"""Run every benchmark from a fresh checkout: ``python bench/run_all.py``.

Makes the corpus (bench/corpus, by gen_corpus.py) and the peers' environment
(bench/.venv-peers with check-jsonschema) when missing, installs this checkout
as users get it, ``pip install .`` with no extras, into bench/.venv-default
(reinstalled on every run, so it measures the code as it is), then runs each
script with that environment's interpreter and prints one table of ratios.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import venv

from common import BENCH, PEERS, ROOT, corpus

SCRIPTS = (
    "bench_bulk.py",
    "bench_webhook.py",
    "bench_memory.py",
    "bench_large.py",
    "bench_cli.py",
    "bench_startup.py",
)
DEFAULT = BENCH / ".venv-default"


def peers() -> None:
    if not (PEERS / "bin" / "check-jsonschema").exists():
        venv.create(PEERS, with_pip=True)
        pip = [str(PEERS / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "check-jsonschema"], check=True)


def default_install() -> str:
    """The interpreter of an environment with this checkout installed without extras."""
    python = DEFAULT / "bin" / "python"
    if not python.exists():
        venv.create(DEFAULT, with_pip=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, str(ROOT)], check=True)
    return str(python)


def main() -> int:
    corpus()
    peers()
    python = default_install()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    lines = []
    for script in SCRIPTS:
        done = subprocess.run(
            [python, script],
            cwd=__file__.rsplit("/", 1)[0],
            capture_output=True,
            text=True,
        )
        sys.stderr.write(done.stderr)
        lines += done.stdout.splitlines()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
