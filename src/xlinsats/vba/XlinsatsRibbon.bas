Attribute VB_Name = "XlinsatsRibbon"
' Ribbon callbacks of xlinsats (tab "Uppföljning").
' One dispatcher: the control id picks one action from a fixed list. Every Python command below is a
' constant, so nothing from a cell or a file name ever becomes part of the code that RunPython executes.
Option Explicit

Private Const XLINSATS_TITLE As String = "Uppföljning"
' The report sheets "Bygg rapport" writes (exactly these names, so a user's own "Rapport ..." sheet is never
' exported); Exportera PDF exports those present, in workbook order. A test keeps this list equal to the layout's.
Private Const XLINSATS_REPORT_SHEETS As String = "|Rapport Måluppfyllelse|Rapport Deltagarflöden|Rapport Insatser|"
' The report file "Bygg rapport" writes beside the workbook: "<workbook name without extension>" & this.
Private Const XLINSATS_REPORT_SUFFIX As String = "-rapport.xlsx"
' The sheet with the user guide inside the workbook.
Private Const XLINSATS_HELP_SHEET As String = "Instruktioner"

' The ribbon passes an IRibbonControl; As Object avoids a reference to the Office type library.
Public Sub XlinsatsOnAction(control As Object)
    Select Case control.ID
        Case "xlinsatsBuildReport"
            RunPython "import xlinsats.ribbon; xlinsats.ribbon.build_report()"
        Case "xlinsatsCheck"
            RunPython "import xlinsats.ribbon; xlinsats.ribbon.check_workbook()"
        Case "xlinsatsExportPdf"
            XlinsatsExportPdf
        Case "xlinsatsNewYear"
            RunPython "import xlinsats.ribbon; xlinsats.ribbon.new_year()"
        Case "xlinsatsHelp"
            XlinsatsShowHelp
        Case Else
            MsgBox "Okänd knapp: " & control.ID, vbExclamation, XLINSATS_TITLE
    End Select
End Sub

' Excel's own PDF export of the report; needs no Python, so it works before the set-up is done.
' The report is the workbook's own report sheets or, when it has none, the report file that
' "Bygg rapport" writes beside it.
Private Sub XlinsatsExportPdf()
    Dim source As Object
    Dim openedHere As Boolean
    Dim reportSheets() As Variant
    Dim target As Variant
    Dim previous As Object

    On Error GoTo Failed
    If XlinsatsCollectSheets(ThisWorkbook, True, reportSheets) > 0 Then
        Set source = ThisWorkbook
    Else
        Set source = XlinsatsReportFile(openedHere)
        If source Is Nothing Then
            MsgBox "Det finns ingen rapport att exportera. Tryck först på Bygg rapport.", vbInformation, XLINSATS_TITLE
            Exit Sub
        End If
        If XlinsatsCollectSheets(source, False, reportSheets) = 0 Then
            MsgBox "Rapportfilen " & source.Name & " har inga synliga blad.", vbInformation, XLINSATS_TITLE
            GoTo Done
        End If
    End If

    target = Application.GetSaveAsFilename(InitialFileName:=XlinsatsPdfName(), _
        FileFilter:="PDF-fil (*.pdf), *.pdf", Title:="Exportera rapporten som PDF")
    If VarType(target) = vbBoolean Then GoTo Done

    source.Activate
    Set previous = source.ActiveSheet
    source.Sheets(reportSheets).Select
    source.ActiveSheet.ExportAsFixedFormat Type:=xlTypePDF, Filename:=CStr(target), Quality:=xlQualityStandard, _
        IncludeDocProperties:=True, IgnorePrintAreas:=False, OpenAfterPublish:=True
    GoTo Done
Failed:
    MsgBox "PDF-filen kunde inte sparas: " & Err.Description, vbExclamation, XLINSATS_TITLE
    Resume Done
Done:
    ' Tidying up must not raise a second message: ungroup the sheets, close a report opened here.
    On Error Resume Next
    If Not previous Is Nothing Then previous.Select
    If openedHere Then source.Close SaveChanges:=False
    ThisWorkbook.Activate
End Sub

' Put the names of the report sheets of book into sheetNames (1-based): with onlyReport, the visible sheets
' named in XLINSATS_REPORT_SHEETS; otherwise every visible sheet. Returns how many.
Private Function XlinsatsCollectSheets(book As Object, onlyReport As Boolean, sheetNames() As Variant) As Long
    Dim sh As Object
    Dim count As Long
    For Each sh In book.Sheets
        If sh.Visible = xlSheetVisible Then
            If Not onlyReport Or InStr(1, XLINSATS_REPORT_SHEETS, "|" & sh.Name & "|", vbBinaryCompare) > 0 Then
                count = count + 1
                ReDim Preserve sheetNames(1 To count)
                sheetNames(count) = sh.Name
            End If
        End If
    Next sh
    XlinsatsCollectSheets = count
End Function

' The report file beside this workbook ("<name>-rapport.xlsx"): the open one, or opened read-only here
' (openedHere tells the caller to close it again). Nothing when there is none.
Private Function XlinsatsReportFile(openedHere As Boolean) As Object
    Dim fileName As String
    Dim fullName As String
    Dim book As Object
    openedHere = False
    fileName = XlinsatsBaseName() & XLINSATS_REPORT_SUFFIX
    For Each book In Application.Workbooks
        If StrComp(book.Name, fileName, vbTextCompare) = 0 Then
            Set XlinsatsReportFile = book
            Exit Function
        End If
    Next book
    If ThisWorkbook.Path = "" Or InStr(ThisWorkbook.Path, "://") > 0 Then Exit Function
    fullName = ThisWorkbook.Path & Application.PathSeparator & fileName
    If Dir(fullName) = "" Then Exit Function
    Set XlinsatsReportFile = Application.Workbooks.Open(fullName, ReadOnly:=True)
    openedHere = True
End Function

' The workbook's file name without its extension.
Private Function XlinsatsBaseName() As String
    XlinsatsBaseName = ThisWorkbook.Name
    If InStrRev(XlinsatsBaseName, ".") > 0 Then
        XlinsatsBaseName = Left$(XlinsatsBaseName, InStrRev(XlinsatsBaseName, ".") - 1)
    End If
End Function

' The suggested PDF name: the workbook's name with "-rapport.pdf", beside the workbook when it is on disk.
Private Function XlinsatsPdfName() As String
    If ThisWorkbook.Path <> "" And InStr(ThisWorkbook.Path, "://") = 0 Then
        XlinsatsPdfName = ThisWorkbook.Path & Application.PathSeparator & XlinsatsBaseName() & "-rapport.pdf"
    Else
        XlinsatsPdfName = XlinsatsBaseName() & "-rapport.pdf"
    End If
End Function

' The user guide is a sheet in the workbook, so help works even where Python is not set up yet.
Private Sub XlinsatsShowHelp()
    Dim sh As Object
    For Each sh In ThisWorkbook.Sheets
        If sh.Name = XLINSATS_HELP_SHEET Then
            If sh.Visible <> xlSheetVisible Then sh.Visible = xlSheetVisible
            sh.Activate
            Exit Sub
        End If
    Next sh
    MsgBox "Bladet " & XLINSATS_HELP_SHEET & " saknas i arbetsboken. Läs installations- och " & _
        "användarguiden (docs/installation.md) som följer med xlinsats.", vbInformation, XLINSATS_TITLE
End Sub
