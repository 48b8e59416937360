"""xlinsats: follow-up of Finsam-funded insatser: workbook, key figures and the annual report section."""

import os as _os

# openpyxl writes different XML with and without lxml; the plain writer keeps generated files byte-stable.
# It must be set before openpyxl is first imported, which every xlinsats entry point does through this package.
_os.environ.setdefault("OPENPYXL_LXML", "False")
