// Package nss is the certificate store adapter for NSS databases: every
// Firefox profile, and Chrome/Chromium's ~/.pki/nssdb on Linux. It drives
// the NSS library itself, loaded at run time with purego (no cgo, no extra
// tool for the user): the system libnss3 on Linux, the copy inside the
// Firefox installation on Windows and macOS.
//
// NSS is process-global: one database at a time, behind a mutex, on one
// locked OS thread (NSPR's error codes are per thread), NSS_Shutdown
// between sessions. Every write is preceded by a backup of the database.
package nss
