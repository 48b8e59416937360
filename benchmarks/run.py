"""Benchmark: whole-process time and peak memory of import, check, figures and report, next to the floor.

Run from the project root: ``uv run python benchmarks/run.py [--repeat N] [--sizes 4,100,1000]``.
The floor is a bare ``import openpyxl, pandas`` in the same environment. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_followup

from xlinsats.interchange import write_interchange

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "uppfoljning-2022.toml"


def measure(command: list[str]) -> tuple[float, float]:
    """Run a command to its end; return its wall time in seconds and its peak resident memory in MB."""
    # Messages go to a file: a pipe nobody reads would fill up and stall a command that warns a lot.
    with tempfile.TemporaryFile() as messages:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=messages)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            messages.seek(0)
            raise SystemExit(f"{' '.join(command)} failed: {messages.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def best(command: list[str], repeat: int) -> tuple[float, float]:
    """Return the median time and the largest peak memory of ``repeat`` runs."""
    runs = [measure(command) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="4,100,1000", help="insatser per data set; 4 is the bundled example")
    args = parser.parse_args()
    python = sys.executable
    cli = [python, "-m", "xlinsats.cli"]
    floor_time, floor_mem = best([python, "-c", "import openpyxl, pandas"], args.repeat)
    print(f"Floor (python -c 'import openpyxl, pandas'): {floor_time:.2f} s, {floor_mem:.0f} MB\n")
    print("| insatser | step | time s | × floor | peak MB |")
    print("| ---: | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for size in (int(s) for s in args.sizes.split(",")):
            data = EXAMPLE if size == 4 else work / f"data-{size}.toml"
            if size != 4:
                write_interchange(make_followup(size), data)
            book = work / f"bok-{size}.xlsm"
            steps = {
                "import": [*cli, "import", str(data), "-o", str(book), "--skriv-over"],
                "check": [*cli, "check", str(book)],
                "figures": [*cli, "figures", str(book), "-o", str(work / f"nyckeltal-{size}.json")],
                "report": [*cli, "report", str(book), "-o", str(work / f"rapport-{size}.xlsx")],
            }
            for step, command in steps.items():
                seconds, memory = best(command, args.repeat if size < 1000 else 1)
                print(f"| {size} | {step} | {seconds:.2f} | {seconds / floor_time:.1f} | {memory:.0f} |", flush=True)


if __name__ == "__main__":
    main()
