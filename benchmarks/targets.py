"""Benchmark of issue 7's targets, measured side by side in one run; prints figures, asserts nothing.

Run from the project root: ``uv run python benchmarks/targets.py [--repeat 3] [--sizes 100,300,1000]``.

1. The report of the largest size (1,000 insatser) against a bare XlsxWriter script that writes the same
   numbers of cells and charts: text cells, number cells (counted from the layout) and formatted empty cells
   (counted in the written file): time and peak memory, each in a process of its own. Target: at most 2x the
   bare script's time, peak memory at most 120 MB. For comparison the bare script also runs without the empty
   cells (texts and numbers only), the measure of earlier rounds.
2. Growth: the report's time per insats at each size; linear growth keeps it flat.
3. ``xlinsats import`` of the bundled example against a bare ``python -c "import openpyxl"``, whole
   processes. Target: at most 2.5x.

Children print one JSON line; the parent takes each child's peak resident memory from ``os.wait4``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "uppfoljning-2022.toml"
REPORT_RATIO_TARGET = 2.0
REPORT_PEAK_TARGET_MB = 120
IMPORT_RATIO_TARGET = 2.5


def run(command: list[str]) -> tuple[float, float, str]:
    """Run a command to its end; return its wall time in seconds, its peak resident memory in MB, its stdout."""
    # Output goes to files: a pipe read only after the end could fill up and stall the child, and reading it
    # with communicate() would reap the child before os.wait4 can report its memory.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed: {err.read().decode(errors='replace')[-2000:]}")
        return elapsed, usage.ru_maxrss / 1024, out.read().decode()  # ru_maxrss is in KiB on Linux


# --- children -------------------------------------------------------------------------------------------


def child_report(size: int, dest: Path) -> dict[str, Any]:
    """Build the report of ``size`` synthetic insatser from its figures and write it; time layout and writing."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import make_followup

    from xlinsats.core.figures import compute_figures
    from xlinsats.report.layout import build_report
    from xlinsats.report.xlsx_writer import write_report

    figures = compute_figures(make_followup(size))
    start = time.perf_counter()
    report = build_report(figures)
    laid_out = time.perf_counter()
    write_report(report, dest)
    written = time.perf_counter()
    values = [cell.value for sheet in report.sheets for block in sheet.blocks for row in block.cells for cell in row]
    texts = [value for value in values if isinstance(value, str)]
    counts = {
        "texts": len(texts),
        "text_chars": sum(len(text) for text in texts),
        "numbers": sum(isinstance(value, int | float) for value in values),
        "charts": sum(len(sheet.charts) for sheet in report.sheets),
    }
    # The file's own count of cells: besides texts and numbers it holds empty cells that carry a border or a
    # fill (the edges of merged table cells, underlined headings), which the bare script writes too. Counted
    # once the report is let go, so that reading the sheets back does not add to the peak memory measured.
    del report, values, texts
    gc.collect()
    cells = 0
    with zipfile.ZipFile(dest) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/sheet"):
                cells += _count_in_part(package, name, b"<c ")
    return {
        "layout_s": laid_out - start,
        "write_s": written - laid_out,
        **counts,
        "blanks": cells - counts["texts"] - counts["numbers"],
    }


def _count_in_part(package: zipfile.ZipFile, name: str, token: bytes) -> int:
    """Count a token in a zip part, read in chunks (a token split by a chunk's end is counted by the next)."""
    found, tail = 0, b""
    with package.open(name) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            found += data.count(token)
            # Keep the last len(token) - 1 bytes: enough to complete a split token, too few to hold a whole one.
            tail = data[-(len(token) - 1) :]
    return found


def child_bare(texts: int, text_chars: int, numbers: int, blanks: int, charts: int, dest: Path) -> dict[str, Any]:
    """Write ``texts`` strings of the same average length, ``numbers`` numbers, ``blanks`` formatted empty cells
    and ``charts`` charts with a bare XlsxWriter script (default options, one format), six cells a row, each
    chart over two cells of its own."""
    import xlsxwriter

    start = time.perf_counter()
    workbook = xlsxwriter.Workbook(str(dest))
    worksheet = workbook.add_worksheet("Blad")
    cell_format = workbook.add_format({"font_name": "Arial", "text_wrap": True, "border": 1})
    text = ("Ord " * (text_chars // max(texts, 1) // 4 + 1))[: max(text_chars // max(texts, 1), 1)]
    for index in range(texts + numbers + blanks):
        row, column = divmod(index, 6)
        if index < texts:
            worksheet.write_string(row, column, f"{index} {text}", cell_format)
        elif index < texts + numbers:
            worksheet.write_number(row, column, index * 1.5, cell_format)
        else:
            worksheet.write_blank(row, column, None, cell_format)
    rows = (texts + numbers + blanks) // 6
    for index in range(charts):
        chart = workbook.add_chart({"type": "bar" if index == 0 else "pie"})
        top = (index * 2) % max(rows - 2, 1)
        chart.add_series(
            {"name": "Serie", "values": ["Blad", top, 5, top + 1, 5], "categories": ["Blad", top, 0, top + 1, 0]}
        )
        chart.set_title({"name": f"Diagram {index}"})
        worksheet.insert_chart(index * 30, 8, chart)
    workbook.close()
    return {"write_s": time.perf_counter() - start}


# --- the parent -----------------------------------------------------------------------------------------


def _child(*args: object) -> tuple[dict[str, Any], float]:
    _, peak, out = run([sys.executable, __file__, "--child", *map(str, args)])
    return json.loads(out.strip().splitlines()[-1]), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="100,300,1000", help="insatser per synthetic report; the last is compared")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = (
            child_report(int(rest[0]), Path(rest[1]))
            if kind == "report"
            else child_bare(int(rest[0]), int(rest[1]), int(rest[2]), int(rest[3]), int(rest[4]), Path(rest[5]))
        )
        print(json.dumps(result))
        return

    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
        print("## The report against a bare XlsxWriter script\n")
        print("| insatser | layout s | writing s | report s | ms per insats | peak MB |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        per_insats: dict[int, float] = {}
        largest: dict[str, Any] = {}
        report_times: list[float] = []
        write_times: list[float] = []
        bare_times: list[float] = []
        values_only_times: list[float] = []
        report_peak = bare_peak = 0.0
        for size in sizes:
            runs = []
            for _ in range(args.repeat):
                result, peak = _child("report", size, work / f"rapport-{size}.xlsx")
                runs.append((result, peak))
                if size == sizes[-1]:
                    # The bare script runs right after each report run, so both see the same machine load.
                    largest = result
                    report_times.append(result["layout_s"] + result["write_s"])
                    write_times.append(result["write_s"])
                    report_peak = max(report_peak, peak)
                    bare, bare_peak_run = _child(
                        "bare",
                        result["texts"],
                        result["text_chars"],
                        result["numbers"],
                        result["blanks"],
                        result["charts"],
                        work / "bare.xlsx",
                    )
                    bare_times.append(bare["write_s"])
                    bare_peak = max(bare_peak, bare_peak_run)
                    values_only, _ = _child(
                        "bare",
                        result["texts"],
                        result["text_chars"],
                        result["numbers"],
                        0,
                        result["charts"],
                        work / "bare-values.xlsx",
                    )
                    values_only_times.append(values_only["write_s"])
            layout = statistics.median(r["layout_s"] for r, _ in runs)
            write = statistics.median(r["write_s"] for r, _ in runs)
            total = statistics.median(r["layout_s"] + r["write_s"] for r, _ in runs)
            per_insats[size] = total / size * 1000
            peak = max(p for _, p in runs)
            print(
                f"| {size} | {layout:.2f} | {write:.2f} | {total:.2f} | {per_insats[size]:.1f} | {peak:.0f} |",
                flush=True,
            )

        bare_time = statistics.median(bare_times)
        report_time = statistics.median(report_times)
        write_time = statistics.median(write_times)
        values_only_time = statistics.median(values_only_times)
        print(
            f"\nBare XlsxWriter script, {largest['texts']:,} texts, {largest['numbers']:,} numbers, "
            f"{largest['blanks']:,} formatted empty cells, {largest['charts']:,} charts: {bare_time:.2f} s, "
            f"peak {bare_peak:.0f} MB; without the empty cells: {values_only_time:.2f} s\n"
        )
        print("| measure | result | target |")
        print("| --- | ---: | ---: |")
        print(f"| writing the report / bare script | {write_time / bare_time:.1f}x | <= {REPORT_RATIO_TARGET:g}x |")
        print(f"| layout + writing / bare script | {report_time / bare_time:.1f}x | <= {REPORT_RATIO_TARGET:g}x |")
        print(
            f"| layout + writing / bare script without the empty cells | {report_time / values_only_time:.1f}x "
            "| (for comparison) |"
        )
        print(f"| peak memory, report of {sizes[-1]} insatser | {report_peak:.0f} MB | <= {REPORT_PEAK_TARGET_MB} MB |")
        first, last = sizes[0], sizes[-1]
        print(
            f"| time per insats, {last} against {first} insatser | {per_insats[last] / per_insats[first]:.2f}x "
            "| about 1x (linear) |"
        )

        print("\n## xlinsats import of the example against a bare openpyxl import\n")
        book = work / "Uppfoljning.xlsm"
        cli = [sys.executable, "-m", "xlinsats.cli", "import", str(EXAMPLE), "-o", str(book), "--skriv-over"]
        floor = [sys.executable, "-c", "import openpyxl"]
        imports, floors = [], []
        for _ in range(args.repeat):
            imports.append(run(cli)[:2])
            floors.append(run(floor)[:2])
        import_time = statistics.median(t for t, _ in imports)
        floor_time = statistics.median(t for t, _ in floors)
        print("| process | time s | peak MB |")
        print("| --- | ---: | ---: |")
        print(f'| python -c "import openpyxl" | {floor_time:.2f} | {max(m for _, m in floors):.0f} |')
        print(f"| xlinsats import (example) | {import_time:.2f} | {max(m for _, m in imports):.0f} |")
        print(f"\nimport / bare openpyxl: {import_time / floor_time:.1f}x (target <= {IMPORT_RATIO_TARGET:g}x)")


if __name__ == "__main__":
    main()
