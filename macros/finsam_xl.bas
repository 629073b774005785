Attribute VB_Name = "finsam_xl"
' finsam-xl: knapparna i huvudarbetsboken. Varje makro anropar en funktion i finsam_xl.excel,
' som gör allt arbete i Python (installation: se Inställningar och docs/excel.md); här
' finns ingen logik.
' Kortkommandon: Ctrl+Skift+V validerar rapporten i det aktiva fönstret,
' Ctrl+Skift+K konsoliderar. Alt+F8 visar alla makron.
Option Explicit

Sub Validera()
Attribute Validera.VB_ProcData.VB_Invoke_Func = "V\n14"
    RunPython "import finsam_xl.excel as f; f.validera()"
End Sub

Sub Konsolidera()
Attribute Konsolidera.VB_ProcData.VB_Invoke_Func = "K\n14"
    RunPython "import finsam_xl.excel as f; f.konsolidera()"
End Sub

Sub Synka()
    RunPython "import finsam_xl.excel as f; f.synka()"
End Sub
