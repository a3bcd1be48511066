// Package nss is the certificate store adapter for NSS databases: every
// Firefox profile, and Chrome/Chromium's ~/.pki/nssdb on Linux. It drives
// the NSS library itself, loaded at run time with purego (no cgo, no extra
// tool for the user): the system libnss3 on Linux, the copy inside the
// Firefox installation on Windows and macOS.
//
// NSS is process-global: one database at a time, behind a mutex, on one
// locked OS thread (NSPR's error codes are per thread), NSS_Shutdown
// between sessions.
//
// Faults: before NSS opens a database, the files are checked (read-only →
// store.ErrReadOnly, an SQLite lock held by another program →
// store.ErrBusy, a journal left by a killed writer → rolled back by a
// read-write open), so a write never starts where it cannot finish and a
// database that cannot be read is an error, never an empty list. Copies of
// this tool serialise on a lock file in the backup folder. Writes are
// backed up first (both files and their journals, under SQLite's shared
// lock); a failed import removes exactly the key and certificate it added,
// by object, never by copying files back, so concurrent changes by a
// browser survive. NSS writes the key and the certificate in separate
// transactions: a kill in between leaves an orphan key, which Orphans
// reports and DeleteOrphan removes. Keys are matched to certificates by
// CKA_ID, so certificates sharing a key (a renewal) all have it.
package nss
