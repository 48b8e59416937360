"""Benchmark: the Word (and PDF) report of 100 insatser, whole-process time and peak memory, next to .xlsx.

Run from the project root: ``uv run python benchmarks/word.py [--insatser 100] [--goals 10] [--repeat 3]``.
Each report is one ``xlinsats report`` process on a synthetic interchange file; the PDF run needs LibreOffice
(its own process's memory is not counted, only its time). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import measure
from synthetic import make_followup

from xlinsats.interchange import write_interchange


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--insatser", type=int, default=100)
    parser.add_argument("--goals", type=int, default=10, help="goals per insats")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "xlinsats.cli"]
    formats = [".xlsx", ".docx"] + ([".pdf"] if shutil.which("soffice") else [])
    print(f"{args.insatser} insatser, {args.goals} goals each; median of {args.repeat} runs\n")
    print("| report | time s | peak MB | size kB |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = work / "data.toml"
        write_interchange(make_followup(args.insatser, goals=args.goals), data)
        for suffix in formats:
            out = work / f"Rapport{suffix}"
            runs = []
            for _ in range(args.repeat):
                out.unlink(missing_ok=True)
                runs.append(measure([*cli, "report", str(data), "-o", str(out)]))
            elapsed = statistics.median(t for t, _ in runs)
            peak = max(m for _, m in runs)
            print(f"| {suffix} | {elapsed:.1f} | {peak:.0f} | {out.stat().st_size / 1024:.0f} |")
    if ".pdf" not in formats:
        print("\nLibreOffice (soffice) is not installed: no PDF run.")


if __name__ == "__main__":
    main()
