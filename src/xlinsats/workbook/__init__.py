"""The follow-up workbook: its layout (schema), the writer that builds it and the reader that reads it."""
