"""The report section: Swedish texts, a pure layout, and the writers that put it into a workbook."""
