#!/usr/bin/env bash
# Builds dist/rootip-cert-VERSION.msi from dist/rootip-cert.exe and
# dist/rootip-cert-cli.exe: wixl (msitools) compiles rootip-cert.wxs, then
# msibuild patches what wixl 0.101 has no element for:
#   - ALLUSERS=1 → INSTALLDIR under ProgramFiles64Folder (a type-51 custom
#     action before CostFinalize); per-user otherwise, under LocalAppData;
#   - bin\ on PATH: Environment rows, the user's PATH or (ALLUSERS=1) the
#     machine's, chosen by component conditions;
#   - a rebuilt same version upgrades in place (VersionMax inclusive);
#   - HKMU registry values (wixl writes a wrong root for them);
#   - 64-bit components (the registry's 64-bit view);
#   - on removal (not an upgrade), `bin\rootip-cert-cli.exe remind
#     --uninstall` removes the daily reminder it may have registered.
# Usage: build-msi.sh VERSION NUMERIC
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$1 numeric=$2
msi=dist/rootip-cert-$version.msi
sed -e "s|@VERSION@|$numeric|" -e "s|@EXE@|dist/rootip-cert.exe|" -e "s|@CLI@|dist/rootip-cert-cli.exe|" \
  -e "s|@ICON@|dist/rootip-cert.ico|" packaging/windows/rootip-cert.wxs > dist/rootip-cert.wxs
rm -f "$msi"
wixl -a x64 -o "$msi" dist/rootip-cert.wxs

q() {
  if ! msibuild "$msi" -q "$1" >/dev/null 2>dist/msibuild.err; then
    echo "build-msi.sh: msibuild failed: $1" >&2
    cat dist/msibuild.err >&2
    exit 1
  fi
}
upgrade=$(msiinfo export "$msi" Property | awk -F'\t' '$1 == "UpgradeCode" {print $2}')
q "DELETE FROM Upgrade WHERE ActionProperty = 'WIX_UPGRADE_DETECTED'"
q "INSERT INTO Upgrade (UpgradeCode, VersionMax, Attributes, ActionProperty) VALUES ('$upgrade', '$numeric', 513, 'WIX_UPGRADE_DETECTED')"
q "UPDATE Component SET Attributes = 260"
# wixl 0.101 writes HKMU as 4; the Registry table's HKMU is -1 (HKCU
# per-user, HKLM with ALLUSERS=1).
q "UPDATE Registry SET Root = -1 WHERE Root = 4"
q "UPDATE Component SET Condition = 'ALLUSERS=1' WHERE Component = 'PathMachine'"
q "UPDATE Component SET Condition = 'NOT ALLUSERS=1' WHERE Component = 'PathUser'"
q "INSERT INTO CustomAction (Action, Type, Source, Target) VALUES ('SetMachineDir', 51, 'INSTALLDIR', '[ProgramFiles64Folder]rootip-cert\\')"
q "INSERT INTO InstallExecuteSequence (Action, Condition, Sequence) VALUES ('SetMachineDir', 'ALLUSERS=1', 990)"
q "INSERT INTO InstallUISequence (Action, Condition, Sequence) VALUES ('SetMachineDir', 'ALLUSERS=1', 990)"
# 18 an .exe from the File table + 64 ignore its exit code + 1024 deferred.
q "INSERT INTO CustomAction (Action, Type, Source, Target) VALUES ('RemoveReminder', 1106, 'RootipCertCliExe', 'remind --uninstall')"
q "INSERT INTO InstallExecuteSequence (Action, Condition, Sequence) VALUES ('RemoveReminder', 'REMOVE=\"ALL\" AND NOT UPGRADINGPRODUCTCODE', 3450)"
q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('RemoveEnvironmentStrings', 3300)"
q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('WriteEnvironmentStrings', 5200)"
# =-: set on install, remove on uninstall; [~]; appends to the existing
# value; * the machine's environment.
idt=$(mktemp -d); trap 'rm -rf "$idt"' EXIT
printf 'Environment\tName\tValue\tComponent_\ns72\tl255\tL255\ts72\nEnvironment\tEnvironment\n%s\n%s\n' \
  $'PathUser\t=-PATH\t[~];[BINDIR]\tPathUser' $'PathMachine\t=-*PATH\t[~];[BINDIR]\tPathMachine' > "$idt/Environment.idt"
abs=$PWD/$msi
(cd "$idt" && msibuild "$abs" -i Environment.idt)
rm -f dist/msibuild.err
