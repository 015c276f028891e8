"""Report workbooks never hold formulas, whatever text a service or a source system sent."""

import zipfile

from openpyxl import Workbook, load_workbook

from orchestration.lib.reports.workbook import write_table

INJECTIONS = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1"]


def test_formula_like_text_is_stored_as_text(tmp_path):
    path = tmp_path / "out.xlsx"
    book = Workbook()
    written = write_table(book.active, ["text", "number"], [[text, 1] for text in INJECTIONS])
    book.save(path)
    assert written == len(INJECTIONS)
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula element anywhere
    sheet = load_workbook(path).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == INJECTIONS
    assert all(row[0].data_type == "s" and row[0].quotePrefix for row in sheet.iter_rows(min_row=2))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:B{len(INJECTIONS) + 1}"
