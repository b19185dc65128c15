; Inno Setup script: the Windows installer of Cliens TK.
; Build the one-file program first (python build\build.py, on Windows), then:
;   iscc /DAppVersion=0.1.0 installer\windows\cliens-tk.iss      (build\build.py --installer does both)
; Installs per user, without administrator rights, into %LOCALAPPDATA%\Programs\cliens-tk: the
; program must be able to replace itself when it installs an update. Uninstalling keeps the archive
; (%LOCALAPPDATA%\cliens-tk).

#define AppName "Cliens TK"
#define AppExe "cliens-tk.exe"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F0C2B8E-3D1A-4C57-9B7E-2A4F1D9C8E31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=cliens-tk
VersionInfoVersion={#AppVersion}
DefaultDirName={localappdata}\Programs\cliens-tk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=cliens-tk-{#AppVersion}-setup
SetupIconFile=..\..\cliens_tk\assets\cliens-tk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes

[Languages]
Name: "italian"; MessagesFile: "compiler:Languages\Italian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; what an update leaves beside the program (the old executable, renamed while it was running)
Type: files; Name: "{app}\{#AppExe}.old"
Type: files; Name: "{app}\{#AppExe}.new"
