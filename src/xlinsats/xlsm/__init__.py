"""Building Uppfoljning.xlsm: the macro-enabled package with its VBA project and ribbon."""

from xlinsats.xlsm.package import finalize_xlsm, save_xlsm

__all__ = ["finalize_xlsm", "save_xlsm"]
