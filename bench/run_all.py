"""Run every benchmark from a fresh checkout: ``python bench/run_all.py``.

Makes the corpus (bench/corpus, by gen_corpus.py) and the peers' environment
(bench/.venv-peers with check-jsonschema) when missing, then runs each script
with the interpreter it was started with (which must have imagetag-lint and its
``fast`` extra installed) and prints one table of ratios.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import venv

from common import PEERS, corpus

SCRIPTS = ("bench_bulk.py", "bench_webhook.py", "bench_memory.py", "bench_cli.py")


def peers() -> None:
    if not (PEERS / "bin" / "check-jsonschema").exists():
        venv.create(PEERS, with_pip=True)
        pip = [str(PEERS / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "check-jsonschema"], check=True)


def main() -> int:
    corpus()
    peers()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    lines = []
    for script in SCRIPTS:
        done = subprocess.run(
            [sys.executable, script],
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
