// Package winstore is the certificate store adapter for Windows: the
// current user's Personal store (個人, CurrentUser\MY), which Chrome and Edge
// read, plus a read-only inventory of the stores a certificate lands in by
// mistake. It uses crypt32 through golang.org/x/sys/windows, no cgo, and
// runs unchanged under Wine, where the tests exercise it.
//
// Classification, naming and parsing live in portable files tested on
// Linux; *_windows.go files hold only the system calls.
package winstore
