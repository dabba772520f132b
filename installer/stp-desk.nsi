; stp-desk installer for Windows (NSIS 3; installs the 64-bit program): per user by default, needing no administrator
; rights, or per machine with /ALLUSERS (then as an administrator, into Program Files).
;
;   makensis -DVERSION=0.1.0 -DBUNDLE=dist\windows\stp-desk -DOUTFILE=dist\stp-desk-0.1.0-setup.exe installer\stp-desk.nsi
;   (installer/build-windows.sh and .github/workflows/windows.yml fill these in from pyproject.toml)
;
; Installs into %LOCALAPPDATA%\Programs\stp-desk with Start menu and (optional) desktop shortcuts and an entry in
; Settings > Apps. Silent for IT deployment:  stp-desk-setup.exe /S [/ALLUSERS] [/NODESKTOP] [/DOWNGRADE]
;                                                                [/D=C:\path\to\folder]
;                                            uninstall.exe /S [/ALLUSERS]
; It refuses to run while stp-desk is open (the program holds the mutex "stp-desk-running"), refuses to replace a
; newer version unless /DOWNGRADE is given, and removes only the files it installed (install-manifest.txt, written
; by build.spec, lists them): never anything else a folder holds.
; The clerk's records and settings live elsewhere (%LOCALAPPDATA%\stp-desk and %APPDATA%\stp-desk): upgrading over
; an older version and uninstalling both leave them alone.

Unicode true
; By default the x86-unicode stub, the one every NSIS 3 release ships (the official build, as on a Windows runner,
; has no amd64 stubs): it checks for 64-bit Windows before installing the 64-bit program. -DTARGET_AMD64 builds
; with the amd64 stub instead, which Debian's NSIS has; installer/build-windows.sh uses it, as Wine here runs
; 64-bit programs only.
!ifdef TARGET_AMD64
  Target amd64-unicode
!endif
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

; -DSIGN_SCRIPT=installer/sign.sh (given a certificate, see that script): the installer and the uninstaller it
; writes are signed as they are made.
!ifdef SIGN_SCRIPT
  !finalize 'bash "${SIGN_SCRIPT}" "%1"'
  !uninstfinalize 'bash "${SIGN_SCRIPT}" "%1"'
!endif

!define APP "stp-desk"
!define PUBLISHER "stp-desk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define RUNNING_MUTEX "stp-desk-running"  ; held by the program (stp_desk/cli/__init__.py, RUNNING_MUTEX)
!define MANIFEST "install-manifest.txt"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "TextFunc.nsh"
!include "WordFunc.nsh"

Var AllUsers

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
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

!define MUI_UNCONFIRMPAGE_TEXT_TOP "Your records, backups and settings are kept: they are in your own $LOCALAPPDATA\${APP} and $APPDATA\${APP}. Delete those folders yourself only if you no longer need the records."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; /ALLUSERS: per machine (HKLM, Program Files, everyone's Start menu), as an administrator; else per user.
!macro ChooseScope UN
Function ${UN}ChooseScope
  StrCpy $AllUsers 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
    UserInfo::GetAccountType
    Pop $R1
    ${If} $R1 != "Admin"
      MessageBox MB_ICONSTOP|MB_OK "Installing ${APP} for all users needs an administrator. Run this as an administrator, or leave out /ALLUSERS to install for yourself." /SD IDOK
      SetErrorLevel 5
      Quit
    ${EndIf}
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd
!macroend
!insertmacro ChooseScope ""
!insertmacro ChooseScope "un."

; The program holds a named mutex while it runs: replacing its files under it would fail half-way on locked DLLs.
!macro RefuseWhileRunning UN
Function ${UN}RefuseWhileRunning
  retry:
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${RUNNING_MUTEX}") p .r0'
  StrCmp $0 0 free
  System::Call 'kernel32::CloseHandle(p r0)'
  MessageBox MB_ICONEXCLAMATION|MB_RETRYCANCEL "${APP} is open. Close every ${APP} window, then choose Retry." /SD IDCANCEL IDRETRY retry
  SetErrorLevel 3
  Quit
  free:
FunctionEnd
!macroend
!insertmacro RefuseWhileRunning ""
!insertmacro RefuseWhileRunning "un."

; Removes what install-manifest.txt lists (files, then folders deepest first, each only if empty), then the list.
!macro RemoveInstalled UN
Function ${UN}RemoveInstalled
  ClearErrors
  FileOpen $R0 "$INSTDIR\${MANIFEST}" r
  IfErrors done
  loop:
    ClearErrors
    FileRead $R0 $R1
    IfErrors close
    ${TrimNewLines} $R1 $R1
    StrCmp $R1 "" loop
    StrCpy $R2 $R1 1 -1
    StrCmp $R2 "\" 0 file
      StrCpy $R1 $R1 -1
      RMDir "$INSTDIR\$R1"
      Goto loop
    file:
      Delete "$INSTDIR\$R1"
      Goto loop
  close:
  FileClose $R0
  Delete "$INSTDIR\${MANIFEST}"
  done:
FunctionEnd
!macroend
!insertmacro RemoveInstalled ""
!insertmacro RemoveInstalled "un."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "${APP} needs 64-bit Windows." /SD IDOK
    SetErrorLevel 4
    Quit
  ${EndIf}
  SetRegView 64
  ; No /D= (the folder is still InstallDir's, read before the scope changes $LOCALAPPDATA): the folder of an earlier
  ; install in the chosen scope, else that scope's default.
  StrCpy $R9 0
  ${If} $INSTDIR == "$LOCALAPPDATA\Programs\${APP}"
    StrCpy $R9 1
  ${EndIf}
  Call ChooseScope
  ${If} $R9 == 1
    ReadRegStr $R0 SHCTX "${UNINSTALL_KEY}" "InstallLocation"
    ${If} $R0 != ""
      StrCpy $INSTDIR $R0
    ${ElseIf} $AllUsers == 1
      StrCpy $INSTDIR "$PROGRAMFILES64\${APP}"
    ${EndIf}
  ${EndIf}
  Call RefuseWhileRunning
  ; A newer version is replaced only when asked: /DOWNGRADE.
  ReadRegStr $R0 SHCTX "${UNINSTALL_KEY}" "VersionNumbers"
  ${If} $R0 != ""
    ${VersionCompare} $R0 "${VERSION_NUMBERS}" $R1
    ${If} $R1 == 1
      ${GetParameters} $R2
      ClearErrors
      ${GetOptions} $R2 "/DOWNGRADE" $R3
      ${If} ${Errors}
        MessageBox MB_ICONSTOP|MB_OK "A newer ${APP} is installed ($R0). To install ${VERSION} over it, run this installer with /DOWNGRADE." /SD IDOK
        SetErrorLevel 6
        Quit
      ${EndIf}
    ${EndIf}
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  Call un.ChooseScope
  Call un.RefuseWhileRunning
FunctionEnd

Section "${APP} (required)" SecMain
  SectionIn RO
  ; An upgrade removes what the earlier version installed (its list), so nothing stale is left behind; anything else
  ; in the folder is never touched, nor are records and settings, which live elsewhere.
  ${If} ${FileExists} "$INSTDIR\${MANIFEST}"
    Call RemoveInstalled
  ${ElseIf} ${FileExists} "$INSTDIR\_internal\*.*"
    ReadRegStr $R0 SHCTX "${UNINSTALL_KEY}" "InstallLocation"
    ${If} $R0 == $INSTDIR
    ${AndIf} ${FileExists} "$INSTDIR\stp-desk.exe"
      RMDir /r "$INSTDIR\_internal"  ; an install from before the list: its bundle was this folder
      Delete "$INSTDIR\stp-desk.exe"
      Delete "$INSTDIR\stp-desk-cli.exe"
    ${Else}
      MessageBox MB_ICONSTOP|MB_OK "$INSTDIR already holds a folder _internal that ${APP} did not install. Choose an empty folder." /SD IDOK
      SetErrorLevel 7
      Quit
    ${EndIf}
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\stp-desk.exe" "" "$INSTDIR\stp-desk.exe" 0
  CreateShortcut "$SMPROGRAMS\${APP}\Uninstall ${APP}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\stp-desk.exe"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "VersionNumbers" "${VERSION_NUMBERS}"
  ${If} $AllUsers == 1
    WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /ALLUSERS'
    WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S /ALLUSERS'
  ${Else}
    WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  ${EndIf}
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Desktop shortcut" SecDesktop
  ; On by default; a silent install for IT can leave it out with /NODESKTOP.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/NODESKTOP" $1
  ${If} ${Errors}
    CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\stp-desk.exe" "" "$INSTDIR\stp-desk.exe" 0
  ${EndIf}
SectionEnd

Section "Uninstall"
  ; Only what the installer put here: never the records (%LOCALAPPDATA%\stp-desk) or settings (%APPDATA%\stp-desk),
  ; and nothing else the clerk may have saved in this folder.
  Delete "$DESKTOP\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\Uninstall ${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  Call un.RemoveInstalled
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
SectionEnd
