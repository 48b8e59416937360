"""Shared fixtures: the reference data set and its computed figures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import FollowUp
from xlinsats.interchange import read_interchange

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_TOML = ROOT / "examples" / "uppfoljning-2022.toml"


def _unless_mutating(scope: str) -> str:
    """The scope, except under mutation testing (tools/mutation.py), where each test computes its fixtures
    itself: mutmut ties a test to the functions it calls, so a shared fixture would count for its first test
    only, and a wider-scoped fixture cannot use a function-scoped one."""
    return "function" if os.environ.get("XLINSATS_MUTATION") else scope


def _reference_scope(fixture_name: str, config: pytest.Config) -> str:
    """Session scope for the reference data (function scope under mutation testing)."""
    return _unless_mutating("session")


def per_module_scope(fixture_name: str, config: pytest.Config) -> str:
    """Module scope for a fixture built on the reference data (function scope under mutation testing)."""
    return _unless_mutating("module")


@pytest.fixture(scope=_reference_scope)
def reference() -> FollowUp:
    """The 2022 reference follow-up, read from the bundled interchange file."""
    result = read_interchange(REFERENCE_TOML)
    assert not result.problems, result.problems
    assert result.followup is not None
    return result.followup


@pytest.fixture(scope=_reference_scope)
def reference_figures(reference: FollowUp) -> FollowUpFigures:
    """Every computed figure of the reference follow-up."""
    return compute_figures(reference)


def _register_hypothesis_profiles() -> None:
    """A short fuzzing budget by default (CI), a long one on request (HYPOTHESIS_PROFILE=long).

    Mutation testing (tools/mutation.py) runs the tests once per mutant, so it uses a shorter budget still;
    the hand-worked boundary cases, not the random ones, are what kill most mutants.
    """
    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=100, deadline=None)
    settings.register_profile("long", max_examples=20_000, deadline=None)
    # mutmut calls a test method through its own wrapper as well as through pytest, which Hypothesis would
    # otherwise refuse as two executors of one class-based test.
    settings.register_profile(
        "mutation", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.differing_executors]
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_register_hypothesis_profiles()
