Attribute VB_Name = "XlinsatsRibbon"
' Ribbon callbacks of xlinsats (tab "Uppföljning").
' One dispatcher: the control id picks one action from a fixed list. Every Python command below is a
' constant, so nothing from a cell or a file name ever becomes part of the code that RunPython executes.
Option Explicit

Private Const XLINSATS_TITLE As String = "Uppföljning"
' Sheets whose names start with this are the report; Exportera PDF exports them, in workbook order.
Private Const XLINSATS_REPORT_PREFIX As String = "Rapport"
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

' Excel's own PDF export of the report sheets; needs no Python, so it works before the set-up is done.
Private Sub XlinsatsExportPdf()
    Dim reportSheets() As Variant
    Dim count As Long
    Dim sh As Object
    Dim target As Variant
    Dim previous As Object

    For Each sh In ThisWorkbook.Sheets
        If Left$(sh.Name, Len(XLINSATS_REPORT_PREFIX)) = XLINSATS_REPORT_PREFIX And sh.Visible = xlSheetVisible Then
            count = count + 1
            ReDim Preserve reportSheets(1 To count)
            reportSheets(count) = sh.Name
        End If
    Next sh
    If count = 0 Then
        MsgBox "Det finns ingen rapport att exportera. Tryck först på Bygg rapport.", vbInformation, XLINSATS_TITLE
        Exit Sub
    End If

    target = Application.GetSaveAsFilename(InitialFileName:=XlinsatsPdfName(), _
        FileFilter:="PDF-fil (*.pdf), *.pdf", Title:="Exportera rapporten som PDF")
    If VarType(target) = vbBoolean Then Exit Sub

    On Error GoTo Failed
    ThisWorkbook.Activate
    Set previous = ActiveSheet
    ThisWorkbook.Sheets(reportSheets).Select
    ActiveSheet.ExportAsFixedFormat Type:=xlTypePDF, Filename:=CStr(target), Quality:=xlQualityStandard, _
        IncludeDocProperties:=True, IgnorePrintAreas:=False, OpenAfterPublish:=True
    previous.Select
    Exit Sub
Failed:
    MsgBox "PDF-filen kunde inte sparas: " & Err.Description, vbExclamation, XLINSATS_TITLE
    If Not previous Is Nothing Then previous.Select
End Sub

' The suggested PDF name: the workbook's name with "-rapport.pdf", beside the workbook when it is on disk.
Private Function XlinsatsPdfName() As String
    Dim baseName As String
    baseName = ThisWorkbook.Name
    If InStrRev(baseName, ".") > 0 Then baseName = Left$(baseName, InStrRev(baseName, ".") - 1)
    If ThisWorkbook.Path <> "" And InStr(ThisWorkbook.Path, "://") = 0 Then
        XlinsatsPdfName = ThisWorkbook.Path & Application.PathSeparator & baseName & "-rapport.pdf"
    Else
        XlinsatsPdfName = baseName & "-rapport.pdf"
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
