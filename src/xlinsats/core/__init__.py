"""The pure domain core: follow-up data, indicators, grading and key figures (no file or Excel I/O)."""
