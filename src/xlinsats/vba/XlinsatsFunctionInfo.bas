Attribute VB_Name = "XlinsatsFunctionInfo"
' Function-wizard descriptions of the xlinsats UDFs, generated from xlinsats.udfs by tools/regenerate_vba.py.
Option Explicit

Public Sub XlinsatsRegisterFunctions()
    Dim wasSaved As Boolean
    wasSaved = ThisWorkbook.Saved
    ' A protected or read-only workbook refuses MacroOptions; the functions work without descriptions.
    On Error Resume Next
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!BUDGET_UTILISATION", _
        Description:="Budgetutnyttjande: kostnad delat med budget (visas med formatet 0 %).", _
        Category:="Uppföljning", _
        ArgumentDescriptions:=Array("Budget i tkr", "Faktisk kostnad i tkr")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!FULFILMENT", _
        Description:="Bedömer hur väl ett utfall når sitt mål, med arbetsbokens bedömningsskala (t.ex. God).", _
        Category:="Uppföljning", _
        ArgumentDescriptions:=Array("Målvärdet: en andel (t.ex. 40 %) eller ett antal personer", "Utfallet, i samma enhet som målvärdet", "Valfritt: ""andel"" eller ""antal"". Utelämnas: andel om båda värdena ligger mellan 0 och 100 %", "Valfritt: ""minst"" (standard) eller ""högst""")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!INSATS_GRADE", _
        Description:="Insatsens samlade bedömning ur målens bedömningar, sammanvägda enligt bladet Inställningar.", _
        Category:="Uppföljning", _
        ArgumentDescriptions:=Array("Målens bedömningar: en rad, en kolumn eller ett block; tomma celler räknas inte")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!SHARE", _
        Description:="Andelen del av helhet (visas med formatet 0 %); delen kan vara flera antal som summeras.", _
        Category:="Uppföljning", _
        ArgumentDescriptions:=Array("Delen: ett antal, eller flera celler som summeras (t.ex. arbete/studier och annan insats)", "Helheten, t.ex. antal avslutade")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!SHORTFALL", _
        Description:="Avvikelse från målet: procentenheter för andelsmål, procent av målvärdet för antalsmål (0 = uppnått).", _
        Category:="Uppföljning", _
        ArgumentDescriptions:=Array("Målvärdet: en andel (t.ex. 40 %) eller ett antal personer", "Utfallet, i samma enhet som målvärdet", "Valfritt: ""andel"" eller ""antal"". Utelämnas: andel om båda värdena ligger mellan 0 och 100 %", "Valfritt: ""minst"" (standard) eller ""högst""")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!UNUSED_FUNDS", _
        Description:="Outnyttjade medel i tkr: budget minus kostnad (negativt när budgeten har överskridits).", _
        Category:="Uppföljning", _
        ArgumentDescriptions:=Array("Budget i tkr", "Faktisk kostnad i tkr")
    On Error GoTo 0
    ThisWorkbook.Saved = wasSaved
End Sub
