; The Japanese installer: root ipクラウド 電子証明書ツール (NSIS 3, Debian nsis).
; packaging/build.sh builds it:
;   makensis -INPUTCHARSET UTF8 -DVERSION=1.2.3 -DNUMERIC=1.2.3.0 -DDIST=dist -DOUTFILE=… rootip-cert.nsi
; Per-user by default (no administrator rights): %LOCALAPPDATA%\Programs\rootip-cert.
; /ALLUSERS (run as administrator): %ProgramFiles%\rootip-cert, the all-users Start
; menu, the machine's PATH and file association. /S silent, /D=DIR another folder.
; An update without /D= goes into the folder of the previous install (its uninstall entry).
; Layout: rootip-cert.exe (the window) and bin\rootip-cert-cli.exe (the command);
; only bin\ goes on PATH. Exit codes: 0 done, 1 cancelled by the user,
; 2 aborted (no administrator rights for /ALLUSERS, or PATH could not be updated).
Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include WinMessages.nsh

!define NAME "root ipクラウド 電子証明書ツール"
!define PUBLISHER "root ip, Inc."
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\rootip-cert"
!define PROGID "rootip-cert.p12"
; internal/reminder.TaskName: the HKCU Run value and the scheduled task of
; `rootip-cert remind --install` (TestNSISNamesMatchTheProgram checks it).
!define REMIND "rootip-cert-remind"
!define RUNKEY "Software\Microsoft\Windows\CurrentVersion\Run"

Name "${NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\rootip-cert"
RequestExecutionLevel user
BrandingText "${NAME} ${VERSION}"

VIProductVersion "${NUMERIC}"
VIFileVersion "${NUMERIC}"
VIAddVersionKey /LANG=1041 "ProductName" "${NAME}"
VIAddVersionKey /LANG=1041 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1041 "FileVersion" "${NUMERIC}"
VIAddVersionKey /LANG=1041 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1041 "LegalCopyright" "© ${PUBLISHER}"
VIAddVersionKey /LANG=1041 "FileDescription" "${NAME} セットアップ"

!define MUI_ICON "${DIST}/rootip-cert.ico"
!define MUI_UNICON "${DIST}/rootip-cert.ico"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\rootip-cert.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Japanese"

Var Scope ; user or machine: whose PATH, Start menu and registry

Function .onInit
  StrCpy $Scope user
  ; Upgrade in place: without /D= the folder is the one the previous
  ; install of this scope recorded in its uninstall entry, so an update
  ; never leaves a second copy (and the entry pointing at only one).
  StrCpy $R8 $INSTDIR
  ${If} $R8 == "$LOCALAPPDATA\Programs\rootip-cert"
    ReadRegStr $R9 HKCU "${UNINSTKEY}" "InstallLocation"
    ${If} $R9 != ""
      StrCpy $INSTDIR $R9
    ${EndIf}
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_ICONSTOP "すべてのユーザー向けのインストール (/ALLUSERS) には管理者の権限が必要です。管理者として実行してください。$\r$\n/ALLUSERS (all users) needs administrator rights: run the installer as an administrator." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    StrCpy $Scope machine
    ; /D= was not given: the previous per-machine install's folder, else
    ; the per-machine default, instead of the per-user one
    ${If} $R8 == "$LOCALAPPDATA\Programs\rootip-cert"
      ReadRegStr $R9 HKLM "${UNINSTKEY}" "InstallLocation"
      ${If} $R9 == ""
        StrCpy $R9 "$PROGRAMFILES64\rootip-cert"
      ${EndIf}
      StrCpy $INSTDIR $R9
    ${EndIf}
    SetShellVarContext all
  ${EndIf}
FunctionEnd

Section "${NAME}"
  SetOutPath "$INSTDIR"
  File "/oname=rootip-cert.exe" "${DIST}/rootip-cert.exe"
  SetOutPath "$INSTDIR\bin"
  File "/oname=rootip-cert-cli.exe" "${DIST}/rootip-cert-cli.exe"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS"
  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\rootip-cert.exe" "" "$INSTDIR\rootip-cert.exe" 0

  ; "Open with" for .p12 and .pfx: the window on that file.
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "クライアント証明書 (PKCS#12)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" '"$INSTDIR\rootip-cert.exe",0'
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\rootip-cert.exe" "%1"'
  WriteRegStr SHCTX "Software\Classes\.p12\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\.pfx\OpenWithProgids" "${PROGID}" ""

  ; The uninstall entry (Settings > Apps); the same key on an upgrade.
  ${If} $Scope == machine
    StrCpy $R3 " /ALLUSERS"
  ${Else}
    StrCpy $R3 ""
  ${EndIf}
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${NAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" '"$INSTDIR\rootip-cert.exe",0'
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"$R3'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S$R3'
  WriteRegStr SHCTX "${UNINSTKEY}" "URLInfoAbout" "https://www.rootip.co.jp/"
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $R4 $R5 $R6
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" $R4

  ; bin\ on PATH, by a helper: NSIS strings end at 1024 characters.
  InitPluginsDir
  File "/oname=$PLUGINSDIR\pathedit.exe" "${DIST}/pathedit.exe"
  ExecWait '"$PLUGINSDIR\pathedit.exe" add $Scope "$INSTDIR\bin"' $R7
  ${If} $R7 != 0
    DetailPrint "PATH に $INSTDIR\bin を追加できませんでした (could not add it to PATH): $R7"
    MessageBox MB_ICONEXCLAMATION "PATH に $INSTDIR\bin を追加できませんでした。$\r$\nCould not add $INSTDIR\bin to PATH." /SD IDOK
    SetErrorLevel 2
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)' ; SHCNE_ASSOCCHANGED
SectionEnd

Function un.onInit
  StrCpy $Scope user
  ; The per-machine install is the one HKLM's entry points at.
  ReadRegStr $R0 HKLM "${UNINSTKEY}" "InstallLocation"
  ${If} $R0 == $INSTDIR
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_ICONSTOP "すべてのユーザー向けのインストールを削除するには管理者の権限が必要です。$\r$\nRemoving the all-users installation needs administrator rights." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    StrCpy $Scope machine
    SetShellVarContext all
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; The daily reminder: the program removes what it registered; then the
  ; same names directly, in case it could not run.
  nsExec::Exec '"$INSTDIR\bin\rootip-cert-cli.exe" remind --uninstall'
  Pop $R0
  DeleteRegValue HKCU "${RUNKEY}" "${REMIND}"
  nsExec::Exec 'schtasks.exe /Delete /F /TN "${REMIND}"'
  Pop $R0

  InitPluginsDir
  File "/oname=$PLUGINSDIR\pathedit.exe" "${DIST}/pathedit.exe"
  ExecWait '"$PLUGINSDIR\pathedit.exe" remove $Scope "$INSTDIR\bin"' $R7
  ${If} $R7 != 0
    DetailPrint "PATH から $INSTDIR\bin を削除できませんでした (could not remove it from PATH): $R7"
    SetErrorLevel 2
  ${EndIf}

  Delete "$SMPROGRAMS\${NAME}.lnk"
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegValue SHCTX "Software\Classes\.p12\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.p12\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.p12"
  DeleteRegValue SHCTX "Software\Classes\.pfx\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.pfx\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.pfx"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  Delete "$INSTDIR\bin\rootip-cert-cli.exe"
  RMDir "$INSTDIR\bin"
  Delete "$INSTDIR\rootip-cert.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTKEY}"
SectionEnd
