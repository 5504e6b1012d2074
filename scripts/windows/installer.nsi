; Starling's Windows installer, built by scripts/windows/package.sh with NSIS (makensis), which
; Debian packages and whose installers Wine runs, so the tests install and uninstall it.
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\Starling, a
; shortcut to the Start menu, an entry to Settings > Apps. The uninstaller leaves the user's
; answers, models and settings (%APPDATA%\Starling) where they are.
; makensis -DVERSION=x.y.z -DEXE=... -DREADME=... -DICON=... -DOUTFILE=... installer.nsi
; A 64-bit installer for a 64-bit program (and Wine without its 32-bit half runs it).
Target amd64-unicode
!include "MUI2.nsh"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Starling"

Name "Starling"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Starling"
InstallDirRegKey HKCU "Software\Starling" "InstallDir"
SetCompressor /SOLID lzma

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Starling"
VIAddVersionKey "FileDescription" "Starling setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "The Starling developers"
VIAddVersionKey "LegalCopyright" "MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_WELCOMEPAGE_TEXT "Starling records your spoken answers to interview questions, transcribes them on this computer and shows what an interviewer would notice. No audio leaves your computer.$\r$\n$\r$\nThe first start offers to download a speech model (57 to 142 MB)."
!define MUI_FINISHPAGE_RUN "$INSTDIR\starling.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start Starling"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "Starling"
  SetOutPath "$INSTDIR"
  File "/oname=starling.exe" "${EXE}"
  File "/oname=README.md" "${README}"
  WriteUninstaller "$INSTDIR\Uninstall Starling.exe"
  CreateShortcut "$SMPROGRAMS\Starling.lnk" "$INSTDIR\starling.exe" "" "$INSTDIR\starling.exe" 0 \
    SW_SHOWNORMAL "" "Practise spoken interview answers, offline"
  WriteRegStr HKCU "Software\Starling" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Starling"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "The Starling developers"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\starling.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall Starling.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall Starling.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\Starling.lnk"
  Delete "$INSTDIR\starling.exe"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\Uninstall Starling.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Starling"
SectionEnd
