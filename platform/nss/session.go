package nss

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"unicode/utf16"
	"unsafe"

	"rootip-cert/internal/store"
)

const (
	nssInitReadOnly = 0x1
	// nssInitNoRootInit skips loading the built-in roots module (on Debian
	// p11-kit's, which parses the whole system trust store): importing and
	// listing user certificates never needs it.
	nssInitNoRootInit = 0x10
	// SEC_ERROR_BAD_PASSWORD and friends (secerr.h: SEC_ERROR_BASE -8192).
	errBadPassword = -8177
	errBadDER      = -8183
	errBadDatabase = -8174
	errReadOnly    = -8126 // SEC_ERROR_READ_ONLY
)

// Errors a caller can act on.
var (
	// ErrPrimaryPasswordNeeded: the database has a primary password and none was given.
	ErrPrimaryPasswordNeeded = fmt.Errorf("the NSS database has a primary password: %w", store.ErrLocked)
	// ErrPrimaryPasswordWrong: the primary password given does not open the database.
	ErrPrimaryPasswordWrong = fmt.Errorf("wrong primary password for the NSS database: %w", store.ErrLocked)
)

// nssError is a failed NSS call with its NSPR error code.
type nssError struct {
	op   string
	code int32
}

func (e *nssError) Error() string { return fmt.Sprintf("%s: NSS error %d", e.op, e.code) }

// nssMu serialises sessions: NSS holds one database per process. It is also
// held, with NSS not initialised, while this package takes and drops POSIX
// locks on database files (backups, restores, lock probes): closing any
// descriptor of a file drops every lock the process holds on it, NSS's
// included.
var nssMu sync.Mutex

// shutdownFailures counts NSS_Shutdown calls that failed because NSS still
// held a reference. Tests assert it stays zero: a leaked reference would
// keep the previous database's module loaded into the next session.
var shutdownFailures atomic.Int32

// sessionsOpened counts NSS_Initialize calls that succeeded (tests check
// that a kept session is reused).
var sessionsOpened atomic.Int32

// session is an open NSS database on a locked OS thread.
type session struct {
	l    *lib
	dir  string
	slot uintptr
}

// openSession initialises NSS on dir. A database that does not exist yet is
// created (unless readOnly) with an empty password, as Firefox does on its
// first run. The returned session must be closed on the same goroutine.
func openSession(dir string, readOnly bool) (*session, error) {
	return openSessionAfter(dir, func() (bool, error) { return readOnly, nil }, nil)
}

// openSessionAfter is openSession with a step run under nssMu, on the
// locked thread, before NSS is initialised: it checks the files (locks,
// journals, permissions) and decides whether the session is read-only.
// explain, when set, maps a failure to open while nssMu is still held.
func openSessionAfter(dir string, before func() (readOnly bool, err error), explain func(error) error) (*session, error) {
	evictKept()
	nssMu.Lock()
	runtime.LockOSThread()
	unlock := func() {
		runtime.UnlockOSThread()
		nssMu.Unlock()
	}
	// The checks run while the libraries may still be loading (Warm).
	readOnly, err := before()
	if err != nil {
		unlock()
		return nil, err
	}
	l, err := loadLib()
	if err != nil {
		unlock()
		return nil, err
	}
	var flags uint32 = nssInitNoRootInit
	if readOnly {
		flags |= nssInitReadOnly
	}
	if explain == nil {
		explain = func(err error) error { return err }
	}
	if l.NSS_Initialize("sql:"+dir, "", "", "secmod.db", flags) != secSuccess {
		err := explain(&nssError{op: "open NSS database " + dir, code: l.PORT_GetError()})
		unlock()
		return nil, err
	}
	sessionsOpened.Add(1)
	s := &session{l: l, dir: dir, slot: l.PK11_GetInternalKeySlot()}
	if s.slot == 0 {
		s.close()
		return nil, fmt.Errorf("open NSS database %s: no internal key slot", dir)
	}
	if !readOnly && l.PK11_NeedUserInit(s.slot) != 0 {
		if l.PK11_InitPin(s.slot, 0, "") != secSuccess {
			err := explain(&nssError{op: "initialise NSS database " + dir, code: l.PORT_GetError()})
			s.close()
			return nil, err
		}
	}
	return s, nil
}

func (s *session) close() {
	if s.slot != 0 {
		s.l.PK11_FreeSlot(s.slot)
		s.slot = 0
	}
	if s.l.NSS_Shutdown() != secSuccess {
		shutdownFailures.Add(1)
	}
	runtime.UnlockOSThread()
	nssMu.Unlock()
}

// login opens the key database when it has a primary password.
func (s *session) login(primary string) error {
	if s.l.PK11_NeedLogin(s.slot) == 0 || s.l.PK11_IsLoggedIn(s.slot, 0) != 0 {
		return nil
	}
	if primary == "" {
		return ErrPrimaryPasswordNeeded
	}
	if s.l.PK11_CheckUserPassword(s.slot, primary) != secSuccess {
		return ErrPrimaryPasswordWrong
	}
	return nil
}

// cBuffer is memory from NSS's allocator, so NSS may keep pointers into it
// (the PKCS#12 decoder does) without Go's collector knowing.
type cBuffer struct {
	l    *lib
	ptr  uintptr
	size uintptr
}

func (s *session) alloc(data []byte) *cBuffer {
	n := uintptr(len(data))
	if n == 0 {
		n = 1
	}
	p := s.l.PORT_ZAlloc(n)
	if p == 0 {
		return nil
	}
	copy(unsafe.Slice((*byte)(cptr(p)), n), data)
	return &cBuffer{l: s.l, ptr: p, size: n}
}

// free zeroes and frees the buffer (PORT_ZFree clears it first).
func (b *cBuffer) free() {
	if b != nil && b.ptr != 0 {
		b.l.PORT_ZFree(b.ptr, b.size)
		b.ptr = 0
	}
}

// secItem mirrors NSS's SECItem {SECItemType type; unsigned char *data; unsigned int len}.
type secItem struct {
	typ  int32
	data uintptr
	len  uint32
}

// bmpPassword encodes a PKCS#12 password as NSS wants it: UTF-16
// big-endian with a two-byte NUL terminator.
func bmpPassword(pw string) []byte {
	u := utf16.Encode([]rune(pw))
	out := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		out = append(out, byte(c>>8), byte(c))
	}
	return append(out, 0, 0)
}

// goBytes copies n bytes of C memory at p.
func goBytes(p uintptr, n int) []byte {
	if p == 0 || n <= 0 {
		return nil
	}
	return append([]byte(nil), unsafe.Slice((*byte)(cptr(p)), n)...)
}

// goString copies a NUL-terminated C string.
func goString(p uintptr) string {
	if p == 0 {
		return ""
	}
	var n int
	for *(*byte)(cptr(p + uintptr(n))) != 0 {
		n++
	}
	return string(goBytes(p, n))
}

// cptr turns an address returned by NSS (C memory, never moved or collected
// by Go) into a pointer.
func cptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }
