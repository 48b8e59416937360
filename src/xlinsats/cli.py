"""The xlinsats command line: import, export, check, figures and report (English names, Swedish messages)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from xlinsats.atomic import ensure_may_create
from xlinsats.core.checks import ReadResult
from xlinsats.errors import InputError, Problem, XlinsatsError
from xlinsats.paths import default_new_year_path, default_report_path

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 3


#: argparse's own texts in Swedish: the command line speaks the users' language in help and errors too.
_ARGPARSE_SWEDISH = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "the following arguments are required: %s": "följande argument saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "expected one argument": "ett värde behövs",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydig flagga: %(option)s kan vara %(matches)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "okänt kommando %(parser_name)r (välj bland %(choices)s)",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "show program's version number and exit": "visa programmets version och avsluta",
}

#: The report formats, by file extension.
REPORT_SUFFIXES: dict[str, str] = {
    ".xlsx": "Excel-arbetsbok",
    ".docx": "Word-dokument",
    ".pdf": "PDF, via LibreOffice",
}
#: The key-figure formats, by file extension.
FIGURE_FORMATS: dict[str, str] = {".json": "json", ".csv": "csv"}
#: What an input argument accepts, as every command's help says it.
_INPUT_HELP = "uppföljningsarbetsbok (.xlsm eller .xlsx) eller utbytesfil (.toml eller .json)"


def _swedish(message: str) -> str:
    return _ARGPARSE_SWEDISH.get(message, message)


# argparse looks its texts up through this module-level gettext alias; only the xlinsats process uses it.
argparse._ = _swedish  # type: ignore[attr-defined]


class _SwedishParser(argparse.ArgumentParser):
    """An argument parser whose errors are Swedish and exit with the usage code."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fel i kommandot: {message}\n")


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem.describe(), file=sys.stderr)


def _load(path: Path, *, with_checks: bool = False) -> ReadResult:
    """Read the input, print its problems, and stop with an input error if it is unusable."""
    from xlinsats.inputs import read_and_check, read_input

    result = read_and_check(path) if with_checks else read_input(path)
    _print_problems(result.problems)
    if result.has_errors or result.followup is None:
        errors = sum(1 for problem in result.problems if problem.is_error)
        raise InputError(f"{path}: {errors} fel gör att indata inte kan användas; inget har skrivits.", result.problems)
    return result


def _cmd_import(args: argparse.Namespace) -> int:
    from xlinsats.interchange import read_interchange
    from xlinsats.workbook.writer import build_workbook
    from xlinsats.xlsm.package import save_xlsm

    source: Path = args.data
    result = read_interchange(source)
    _print_problems(result.problems)
    if result.has_errors or result.followup is None:
        raise InputError(f"{source}: indata har fel; ingen arbetsbok har skrivits.", result.problems)
    out: Path = args.output
    if out.suffix.lower() != ".xlsm":
        raise XlinsatsError(f"{out}: arbetsboken ska sparas med filändelsen .xlsm (den innehåller makron).")
    ensure_may_create(out, args.overwrite)
    save_xlsm(build_workbook(result.followup), out)
    print(f"Arbetsboken är skriven: {out}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from xlinsats.interchange import write_interchange

    ensure_may_create(args.output, args.overwrite)
    result = _load(args.workbook)
    assert result.followup is not None
    write_interchange(result.followup, args.output)
    print(f"Uppgifterna är exporterade: {args.output}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from xlinsats.inputs import read_and_check

    result = read_and_check(args.workbook)
    _print_problems(result.problems)
    errors = sum(1 for problem in result.problems if problem.is_error)
    warnings = len(result.problems) - errors
    if not result.problems:
        print(f"{args.workbook}: inga problem hittades.")
    else:
        print(f"{args.workbook}: {errors} fel och {warnings} varningar.")
    return EXIT_INPUT if errors or result.followup is None else EXIT_OK


def _cmd_figures(args: argparse.Namespace) -> int:
    from xlinsats.atomic import write_bytes_atomic
    from xlinsats.core.figures import compute_figures
    from xlinsats.figures_export import figures_to_csv, figures_to_json

    kind = _figures_format(args.format, args.output)
    workbooks: list[Path] = args.workbook
    if len(workbooks) > 1:
        text = _years_text(workbooks, kind)
    else:
        result = _load(workbooks[0])
        assert result.followup is not None
        figures = compute_figures(result.followup)
        text = figures_to_csv(figures) if kind == "csv" else figures_to_json(figures)
    if args.output is None:
        sys.stdout.write(text)
    else:
        # A byte-order mark lets Excel recognise a CSV file as UTF-8 ("Unga på väg", not "Unga pÃ¥ vÃ¤g").
        data = ("\ufeff" + text if kind == "csv" else text).encode("utf-8")
        write_bytes_atomic(args.output, data)
        print(f"Nyckeltalen är skrivna: {args.output}", file=sys.stderr)
    return EXIT_OK


def _years_text(workbooks: Sequence[Path], kind: str) -> str:
    """Return the long table of key figures across the workbooks' years, as CSV (Swedish Excel) or JSON."""
    import json

    from xlinsats.core.figures import compute_figures
    from xlinsats.years import long_table, long_table_csv, long_table_records

    years = []
    for path in workbooks:
        result = _load(path)
        assert result.followup is not None
        years.append(compute_figures(result.followup))
    try:
        table, problems = long_table(years)
    except ValueError as exc:
        raise XlinsatsError(f"Nyckeltalen kan inte ställas samman: {exc}.") from exc
    _print_problems(problems)
    if kind == "csv":
        return long_table_csv(table)
    return json.dumps(long_table_records(table), ensure_ascii=False, indent=2) + "\n"


def _figures_format(chosen: str | None, output: Path | None) -> str:
    """Return the key-figure format: as asked for, else by the output's extension, else JSON; refuse a clash."""
    if output is None:
        return chosen or "json"
    by_suffix = FIGURE_FORMATS.get(output.suffix.lower())
    if by_suffix is None and output.suffix and chosen is None:
        raise XlinsatsError(
            f"{output}: okänd filändelse '{output.suffix}'; nyckeltalen skrivs som .json eller .csv "
            "(eller välj med --format)."
        )
    if chosen is not None and by_suffix is not None and chosen != by_suffix:
        raise XlinsatsError(
            f"{output}: --format {chosen} stämmer inte med filändelsen {output.suffix}; "
            f"välj filnamnet {output.with_suffix('.' + chosen).name} eller ta bort --format."
        )
    return chosen or by_suffix or "json"


def _report_suffix(out: Path) -> str:
    """Return the report's format by the extension of ``out``, or refuse one no writer makes."""
    suffix = out.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        accepted = ", ".join(f"{ext} ({what})" for ext, what in REPORT_SUFFIXES.items())
        raise XlinsatsError(
            f"{out}: rapporten kan inte skrivas som '{out.suffix or 'fil utan filändelse'}'; "
            f"välj en av filändelserna {accepted}."
        )
    return suffix


def _cmd_report(args: argparse.Namespace) -> int:
    from xlinsats.core.figures import compute_figures
    from xlinsats.report.model import build_model

    workbook: Path = args.workbook
    out: Path = args.output or default_report_path(workbook)
    if out.resolve() == workbook.resolve():
        raise XlinsatsError(f"{out}: rapporten får inte skrivas över indatafilen.")
    suffix = _report_suffix(out)
    template: Path | None = args.template
    if template is not None:
        from xlinsats.report.docx_writer import check_template

        if suffix == ".xlsx":
            raise XlinsatsError(f"{template}: --mall gäller Word-rapporten; välj -o med .docx eller .pdf.")
        check_template(template)
    result = _load(workbook)
    assert result.followup is not None
    model = build_model(compute_figures(result.followup))
    if suffix == ".docx":
        from xlinsats.report.docx_writer import write_document

        write_document(model, out, template)
    elif suffix == ".pdf":
        from xlinsats.report.pdf import write_pdf

        write_pdf(model, out, template)
    else:
        from xlinsats.report.layout import layout_report
        from xlinsats.report.xlsx_writer import write_report

        write_report(layout_report(model), out)
    print(f"Rapporten är skriven: {out}")
    return EXIT_OK


def _cmd_new_year(args: argparse.Namespace) -> int:
    from xlinsats.core.new_year import start_next_year
    from xlinsats.workbook.writer import build_workbook
    from xlinsats.xlsm.package import save_xlsm

    workbook: Path = args.workbook
    result = _load(workbook)
    assert result.followup is not None
    following = start_next_year(result.followup)
    out: Path = args.output or default_new_year_path(workbook, following.ar)
    if out.suffix.lower() != ".xlsm":
        raise XlinsatsError(f"{out}: arbetsboken ska sparas med filändelsen .xlsm (den innehåller makron).")
    if out.resolve() == workbook.resolve():
        raise XlinsatsError(f"{out}: det nya årets arbetsbok får inte skriva över förra årets.")
    ensure_may_create(out, args.overwrite)
    save_xlsm(build_workbook(following), out)
    print(f"Arbetsboken för {following.ar} är skriven: {out}")
    return EXIT_OK


def _cmd_setup(args: argparse.Namespace) -> int:
    from xlinsats.setup_windows import run_setup

    return run_setup(args.workbook)


def _add_output(cmd: argparse.ArgumentParser, metavar: str, help: str, required: bool = False) -> None:
    cmd.add_argument("-o", "--output", type=Path, required=required, default=None, metavar=metavar, help=help)


def _add_overwrite(cmd: argparse.ArgumentParser, what: str = "arbetsbok") -> None:
    cmd.add_argument(
        "--skriv-over",
        "--force",
        dest="overwrite",
        action="store_true",
        help=f"ersätt en befintlig {what} (annars vägrar kommandot)",
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("xlinsats")
    except PackageNotFoundError:  # run from a source tree without installing
        return "okänd version"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``xlinsats`` command."""
    parser = _SwedishParser(
        prog="xlinsats",
        description="Uppföljning av insatser finansierade av samordningsförbund: arbetsbok, nyckeltal och rapport.",
    )
    parser.add_argument("--version", action="version", version=f"xlinsats {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO", parser_class=_SwedishParser)

    cmd = commands.add_parser("import", help="skapa en arbetsbok (.xlsm) från en TOML- eller JSON-fil")
    cmd.add_argument("data", type=Path, metavar="DATA", help="indatafil (.toml eller .json)")
    _add_output(cmd, "ARBETSBOK", "arbetsbok att skriva (.xlsm)", required=True)
    _add_overwrite(cmd)
    cmd.set_defaults(handler=_cmd_import, parser=cmd)

    cmd = commands.add_parser("export", help="exportera arbetsbokens uppgifter till TOML eller JSON")
    cmd.add_argument("workbook", type=Path, metavar="ARBETSBOK", help=_INPUT_HELP)
    _add_output(cmd, "DATA", "fil att skriva (.toml eller .json)", required=True)
    _add_overwrite(cmd, "filen")
    cmd.set_defaults(handler=_cmd_export, parser=cmd)

    cmd = commands.add_parser("check", help="kontrollera arbetsboken och lista alla problem")
    cmd.add_argument("workbook", type=Path, metavar="ARBETSBOK", help=_INPUT_HELP)
    cmd.set_defaults(handler=_cmd_check, parser=cmd)

    cmd = commands.add_parser(
        "figures",
        help="skriv de beräknade nyckeltalen som JSON eller CSV; flera arbetsböcker ger en tabell över åren",
    )
    cmd.add_argument(
        "workbook",
        type=Path,
        nargs="+",
        metavar="ARBETSBOK",
        help=_INPUT_HELP + "; flera (t.ex. 2021.xlsm 2022.xlsm) ger en lång tabell: insats, år, nyckeltal, värde",
    )
    cmd.add_argument(
        "--format",
        choices=("json", "csv"),
        default=None,
        help="utdataformat (standard: efter filändelsen i -o, annars json)",
    )
    _add_output(cmd, "FIL", "fil att skriva, .json eller .csv (standard: skärmen)")
    cmd.set_defaults(handler=_cmd_figures, parser=cmd)

    cmd = commands.add_parser("report", help="bygg rapporten (.xlsx, .docx eller .pdf) från arbetsboken")
    cmd.add_argument("workbook", type=Path, metavar="ARBETSBOK", help=_INPUT_HELP)
    _add_output(
        cmd,
        "RAPPORT",
        "rapport att skriva: .xlsx, .docx (Word) eller .pdf (via LibreOffice); formatet följer filändelsen "
        "(standard: <arbetsbok>-rapport.xlsx bredvid arbetsboken)",
    )
    cmd.add_argument(
        "--mall",
        dest="template",
        type=Path,
        default=None,
        metavar="MALL.docx",
        help="förbundets egen Word-mall att utgå från (.docx): dess formatmallar, sidhuvud och sidfot används",
    )
    cmd.set_defaults(handler=_cmd_report, parser=cmd)

    cmd = commands.add_parser("new-year", help="skapa nästa års arbetsbok: inställningar, insatser och mål följer med")
    cmd.add_argument("workbook", type=Path, metavar="ARBETSBOK", help=_INPUT_HELP)
    _add_output(cmd, "NY_ARBETSBOK", "arbetsbok att skriva (standard: Uppfoljning-<år>.xlsm bredvid arbetsboken)")
    _add_overwrite(cmd)
    cmd.set_defaults(handler=_cmd_new_year, parser=cmd)

    cmd = commands.add_parser(
        "setup", help="förbered den här datorn för arbetsboken (Windows) och kontrollera versioner"
    )
    cmd.add_argument(
        "workbook",
        type=Path,
        nargs="?",
        default=None,
        metavar="ARBETSBOK",
        help="arbetsboken att kontrollera (standard: workbook/Uppfoljning.xlsm om den finns)",
    )
    cmd.set_defaults(handler=_cmd_setup, parser=cmd)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 unusable input, 2 usage, 3 unexpected)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # The subcommand's own usage helps more than the top level's ("check --verbose").
        args.parser.error(_swedish("unrecognized arguments: %s") % " ".join(extra))
    try:
        code: int = args.handler(args)
        return code
    except XlinsatsError as exc:
        print(f"xlinsats: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("xlinsats: avbrutet; inga halvskrivna filer har lämnats kvar.", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:  # a user never sees a traceback, unless debugging is asked for
        if os.environ.get("XLINSATS_DEBUG"):
            raise
        print(
            f"xlinsats: ett oväntat fel inträffade ({type(exc).__name__}: {exc}). Kör med miljövariabeln "
            "XLINSATS_DEBUG=1 för detaljer och rapportera felet.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
