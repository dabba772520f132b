; stp-desk installer for Windows (NSIS 3, 64-bit): a per-user install that needs no administrator rights.
;
;   makensis -DVERSION=0.1.0 -DBUNDLE=dist\windows\stp-desk -DOUTFILE=dist\stp-desk-0.1.0-setup.exe installer\stp-desk.nsi
;   (installer/build-windows.sh and .github/workflows/windows.yml fill these in from pyproject.toml)
;
; Installs into %LOCALAPPDATA%\Programs\stp-desk with Start menu and (optional) desktop shortcuts and an entry in
; Settings > Apps. Silent for IT deployment:  stp-desk-setup.exe /S [/NODESKTOP] [/D=C:\path\to\folder]
;                                            uninstall.exe /S
; The clerk's records and settings live elsewhere (%LOCALAPPDATA%\stp-desk and %APPDATA%\stp-desk): upgrading over
; an older version and uninstalling both leave them alone.

Unicode true
Target amd64-unicode
!ifdef FAST_COMPRESSION
  SetCompressor zlib  ; the smoke-test build in .ci/run: a few times quicker to make, about a third bigger
!else
  SetCompressor /SOLID lzma
!endif
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !error "Give the version: makensis -DVERSION=x.y.z"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\dist\windows\stp-desk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\stp-desk-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\resources\stp-desk.ico"
!endif

!define APP "stp-desk"
!define PUBLISHER "stp-desk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP} ${VERSION}"

; Windows version resource of the installer itself (four numbers: x.y.z.0)
!ifndef VERSION_NUMBERS
  !define VERSION_NUMBERS "${VERSION}.0"
!endif
VIProductVersion "${VERSION_NUMBERS}"
VIFileVersion "${VERSION_NUMBERS}"
VIAddVersionKey /LANG=2057 "ProductName" "${APP}"
VIAddVersionKey /LANG=2057 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2057 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2057 "FileDescription" "${APP} ${VERSION} installer"
VIAddVersionKey /LANG=2057 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2057 "LegalCopyright" "MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\stp-desk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open stp-desk"
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "Your records, backups and settings are kept: they are in $LOCALAPPDATA\${APP} and $APPDATA\${APP}. Delete those folders yourself only if you no longer need the records."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "${APP} needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetShellVarContext current
  SetRegView 64
FunctionEnd

Section "${APP} (required)" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program files only: the bundle's libraries go first, so nothing stale is left behind.
  ; Records and settings are not in this folder and are never touched.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\stp-desk.exe"
  Delete "$INSTDIR\stp-desk-cli.exe"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\stp-desk.exe" "" "$INSTDIR\stp-desk.exe" 0
  CreateShortcut "$SMPROGRAMS\${APP}\Uninstall ${APP}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\stp-desk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Desktop shortcut" SecDesktop
  ; On by default; a silent install for IT can leave it out with /NODESKTOP.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/NODESKTOP" $1
  ${If} ${Errors}
    SetShellVarContext current
    CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\stp-desk.exe" "" "$INSTDIR\stp-desk.exe" 0
  ${EndIf}
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  SetRegView 64
  ; Only what the installer put here: never the records (%LOCALAPPDATA%\stp-desk) or settings (%APPDATA%\stp-desk),
  ; and nothing else the clerk may have saved in this folder.
  Delete "$DESKTOP\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\Uninstall ${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\stp-desk.exe"
  Delete "$INSTDIR\stp-desk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
