// Package reminder registers the opt-in daily renewal reminder with this
// OS's own per-user scheduler — an XDG autostart entry on Linux, a
// LaunchAgent on macOS, a scheduled task and a Run value on Windows, none
// needing administrator rights — and shows its notification (notify-send,
// osascript, PowerShell). The contents come from internal/reminder; main
// hands New() to the command line.
package reminder
