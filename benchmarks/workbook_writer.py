"""Benchmark of the input-workbook writer alone: CPU and wall time, memory growth and file size of one build.

Run from the project root: ``uv run python benchmarks/workbook_writer.py [--repeat N] [--sizes 0,1000]``
(0 is the bundled example). Each build runs in a fresh process that has already read its data and generated
the VBA sources, so the figures are those of ``save_xlsm(build_workbook(followup), path)`` and nothing else.
CPU time is reported beside wall time because it is far less disturbed by other work on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "uppfoljning-2022.toml"


def build_once(insatser: int) -> dict[str, float]:
    """Build one workbook in this process; return its CPU and wall seconds, memory growth in MB and size in bytes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from xlinsats.interchange import read_interchange
    from xlinsats.workbook.writer import build_workbook
    from xlinsats.xlsm.package import save_xlsm
    from xlinsats.xlsm.vba_sources import project_modules

    project_modules()  # importing xlwings and generating the UDF wrappers is not the writer's cost
    if insatser == 0:
        followup = read_interchange(EXAMPLE).followup
    else:
        from synthetic import make_followup

        followup = make_followup(insatser)
    assert followup is not None
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Uppfoljning.xlsm"
        wall, cpu = time.perf_counter(), time.process_time()
        save_xlsm(build_workbook(followup), path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = path.stat().st_size
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # KiB on Linux
    return {"cpu": cpu, "wall": wall, "growth": growth, "size": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="0,1000", help="insatser per data set; 0 is the bundled example")
    parser.add_argument("--once", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once is not None:
        print(json.dumps(build_once(args.once)))
        return
    print("| insatser | CPU s (min) | wall s (min) | memory growth MB (max) | file KB |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in (int(text) for text in args.sizes.split(",")):
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--once", str(size)], check=True, capture_output=True, text=True
                ).stdout
            )
            for _ in range(args.repeat)
        ]
        label = "example" if size == 0 else str(size)
        print(
            f"| {label} | {min(r['cpu'] for r in runs):.2f} | {min(r['wall'] for r in runs):.2f} | "
            f"{max(r['growth'] for r in runs):.0f} | {runs[0]['size'] / 1024:.0f} |"
        )


if __name__ == "__main__":
    main()
