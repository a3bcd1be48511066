package deploy

import (
	"fmt"
	"strings"

	"rootip-cert/internal/certfile"
)

// ListArgs is the query detect.ps1 runs: the tool's own inventory of the
// user's Windows store (CurrentUser\MY, the 個人 store), as JSON.
var ListArgs = []string{"list", "--json", "--store", "windows"}

// Condition is one test on a certificate object of `list --json`: its
// field must hold one of the values (compared as PowerShell does: strings
// case-insensitively, booleans exactly).
type Condition struct {
	Field string // a key of certificates[] in `list --json`
	OneOf []any  // bool or string values
}

// Detection is what the detection script looks for: the bundle's own
// certificate (by SHA-256, so a renewed bundle is not taken for installed
// while last year's certificate is still in date), the vendor's, with its
// private key, and usable now (valid or expiring soon, not expired or not
// yet valid): exactly what `list --json` reports for a working install.
type Detection struct {
	SHA256 string
}

// Conditions is the one definition both the Go check (Matches) and the
// PowerShell filter (PowerShellFilter) are generated from.
func (d Detection) Conditions() []Condition {
	var usable []any
	for _, s := range []certfile.Status{certfile.Valid, certfile.ExpiringSoon, certfile.Expired, certfile.NotYetValid} {
		if s.Usable() {
			usable = append(usable, string(s))
		}
	}
	return []Condition{
		{Field: "vendor", OneOf: []any{true}},
		{Field: "has_key", OneOf: []any{true}},
		{Field: "status", OneOf: usable},
		{Field: "sha256", OneOf: []any{strings.ToUpper(d.SHA256)}},
	}
}

// Matches reports whether one certificate object decoded from `list
// --json` satisfies every condition.
func (d Detection) Matches(cert map[string]any) bool {
	for _, c := range d.Conditions() {
		got, ok := cert[c.Field]
		if !ok {
			return false
		}
		hit := false
		for _, want := range c.OneOf {
			switch w := want.(type) {
			case bool:
				g, isBool := got.(bool)
				hit = hit || (isBool && g == w)
			case string:
				g, isString := got.(string)
				hit = hit || (isString && strings.EqualFold(g, w))
			}
		}
		if !hit {
			return false
		}
	}
	return true
}

// PowerShellFilter is the Where-Object script block body for Conditions.
func (d Detection) PowerShellFilter() string {
	var parts []string
	for _, c := range d.Conditions() {
		var vals []string
		for _, v := range c.OneOf {
			switch w := v.(type) {
			case bool:
				if w {
					vals = append(vals, "$true")
				} else {
					vals = append(vals, "$false")
				}
			case string:
				vals = append(vals, psQuote(w))
			}
		}
		field := "$_." + c.Field
		if len(vals) == 1 {
			parts = append(parts, fmt.Sprintf("(%s -eq %s)", field, vals[0]))
		} else {
			parts = append(parts, fmt.Sprintf("(@(%s) -contains %s)", strings.Join(vals, ", "), field))
		}
	}
	return strings.Join(parts, " -and ")
}

// psQuote is a PowerShell single-quoted string literal.
func psQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// DetectScript is detect.ps1 for Intune's "custom detection script" and
// SCCM's script detection: exit 0 with exactly one line on standard output
// when the certificate is in place, else exit 1 and no output. It must run
// in the user's context (the app's install behaviour "User"), as 64-bit
// PowerShell. ASCII only: Windows PowerShell 5.1 reads a .ps1 without BOM
// in the ANSI code page.
func DetectScript(d Detection) []byte {
	var paths []string
	for _, dir := range InstallDirs {
		paths = append(paths, fmt.Sprintf("  $env:%s + %s", dir.Env, psQuote(`\`+dir.CLI())))
	}
	args := strings.Join(ListArgs, " ")
	return crlf(`# root ip cloud client certificate: detection script (Intune Win32 app, SCCM).
# Detected = exit 0 and exactly one line on standard output; otherwise exit 1, no output.
# It runs the tool's own inventory (` + CLIExe + ` ` + args + `) and keeps the
# certificate of this bundle: vendor's, with its private key, in date, SHA-256 ` + d.SHA256 + `.
# Run it in the user's context (install behaviour: User), not as a 32-bit process.
$ErrorActionPreference = 'SilentlyContinue'
$cli = @(
` + strings.Join(paths, ",\n") + `
) | Where-Object { $_ -and (Test-Path -LiteralPath $_) } | Select-Object -First 1
if (-not $cli) { exit 1 }
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }
$json = (& $cli ` + args + ` 2>$null) -join "` + "`n" + `"
try { $doc = $json | ConvertFrom-Json } catch { exit 1 }
$hit = @($doc.certificates | Where-Object { ` + d.PowerShellFilter() + ` }) | Select-Object -First 1
if ($null -eq $hit) { exit 1 }
Write-Output ('rootip-cert: ' + $hit.sha256 + ' ' + $hit.status + ' ' + $hit.location)
exit 0
`)
}

// findCLI is the batch code that sets CLI to the installed console tool,
// or leaves it undefined.
func findCLI() string {
	var b strings.Builder
	b.WriteString("set \"CLI=\"\n")
	for _, dir := range InstallDirs {
		p := "%" + dir.Env + "%\\" + dir.CLI()
		fmt.Fprintf(&b, "if not defined CLI if exist \"%s\" set \"CLI=%s\"\n", p, p)
	}
	return b.String()
}

// InstallCmd is install.cmd: a silent install of the installer beside it
// (NSIS /S, or the MSI with /qn), then `import` of the bundle's .p12 into
// the signed-in user's stores, the password read from password.txt. Its
// exit code is the installer's when that fails, else the import's (0 ok,
// 1 a store failed, 3 wrong password, 4 unreadable file, 6 expired ...);
// 9009 when the tool is not installed. The import's JSON goes to a log.
func InstallCmd(in Input) []byte {
	u := "https://" + strings.ToLower(in.SystemURL.Hostname()) + "/"
	if in.SystemURL.Port() != "" {
		u = "https://" + strings.ToLower(in.SystemURL.Host) + "/"
	}
	return crlf(`@echo off
rem root ip cloud client certificate: install (Intune Win32 app, SCCM, logon script).
rem Runs in the signed-in user's context. Made by rootip-cert deploy ` + in.Version + ` for ` + in.SystemURL.Hostname() + `.
rem The .p12 password is read from ` + PasswordFile + ` beside this script, never given on a command line.
setlocal
set "HERE=%~dp0"
set "LOG=%TEMP%\rootip-cert-deploy.log"
set "RC=0"
if exist "%HERE%` + SetupExe + `" goto nsis
if exist "%HERE%` + SetupMSI + `" goto msi
goto import
:nsis
"%HERE%` + SetupExe + `" /S
set "RC=%ERRORLEVEL%"
goto installed
:msi
msiexec /i "%HERE%` + SetupMSI + `" /qn /norestart
set "RC=%ERRORLEVEL%"
:installed
if "%RC%"=="3010" set "RC=0"
if not "%RC%"=="0" exit /b %RC%
:import
` + findCLI() + `if not defined CLI echo ` + CLIExe + ` not found>"%LOG%"
if not defined CLI exit /b 9009
"%CLI%" import "%HERE%` + BundleP12 + `" --json --password-file "%HERE%` + PasswordFile + `" --url ` + u + ` >"%LOG%" 2>&1
exit /b %ERRORLEVEL%
`)
}

// UninstallCmd is uninstall.cmd: it deletes the bundle's certificate (by
// SHA-256, --yes: the administrator's uninstall assignment is the
// confirmation) from the user's stores, then removes the tool when the
// bundle carried its installer. The detection script then finds nothing.
func UninstallCmd(in Input) []byte {
	sha := in.Identity.SHA256()
	var b strings.Builder
	b.WriteString(`@echo off
rem root ip cloud client certificate: uninstall (Intune Win32 app, SCCM).
rem Deletes this bundle's certificate (SHA-256 ` + sha + `)
rem from the signed-in user's stores, then removes the tool if this bundle installed it.
setlocal
set "HERE=%~dp0"
set "LOG=%TEMP%\rootip-cert-deploy.log"
` + findCLI() + `if defined CLI "%CLI%" delete ` + sha + ` --yes --json >"%LOG%" 2>&1
if exist "%HERE%` + SetupMSI + `" goto msi
if not exist "%HERE%` + SetupExe + `" exit /b 0
set "DIR="
`)
	for _, dir := range InstallDirs {
		p := "%" + dir.Env + "%\\" + dir.Sub
		fmt.Fprintf(&b, "if not defined DIR if exist \"%s\\%s\" set \"DIR=%s\"\n", p, Uninstaller, p)
	}
	b.WriteString(`if not defined DIR exit /b 0
rem _?= makes the NSIS uninstaller run in place and wait; then remove it and the folder.
"%DIR%\` + Uninstaller + `" /S _?=%DIR%
set "RC=%ERRORLEVEL%"
del /q "%DIR%\` + Uninstaller + `" 2>nul
rd "%DIR%" 2>nul
exit /b %RC%
:msi
msiexec /x "%HERE%` + SetupMSI + `" /qn /norestart
exit /b %ERRORLEVEL%
`)
	return crlf(b.String())
}
