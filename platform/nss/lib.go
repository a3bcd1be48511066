package nss

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/ebitengine/purego"

	"rootip-cert/internal/store"
)

// secStatus is NSS's SECStatus: 0 success, -1 failure.
type secStatus = int32

const secSuccess secStatus = 0

// lib holds the NSS entry points the adapter calls, resolved across the
// loaded NSS libraries (SEC_PKCS12* live in libsmime3 on Linux distributions
// and in nss3 in Mozilla's folded Windows/macOS builds).
type lib struct {
	dir     string    // where the libraries were found
	handles []uintptr // the libraries loaded, in load order

	pkcs12Once sync.Once
	pkcs12Err  error

	NSS_Initialize          func(configdir, certPrefix, keyPrefix, secmodName string, flags uint32) secStatus
	NSS_Shutdown            func() secStatus
	PK11_GetInternalKeySlot func() uintptr
	PK11_FreeSlot           func(slot uintptr)
	PK11_NeedUserInit       func(slot uintptr) int32
	PK11_InitPin            func(slot uintptr, ssopw uintptr, userpw string) secStatus
	PK11_NeedLogin          func(slot uintptr) int32
	PK11_IsLoggedIn         func(slot uintptr, wincx uintptr) int32
	PK11_CheckUserPassword  func(slot uintptr, pw string) secStatus
	PORT_GetError           func() int32
	PORT_ZAlloc             func(n uintptr) uintptr
	PORT_ZFree              func(p uintptr, n uintptr)

	SEC_PKCS12EnableCipher        func(which int32, on int32) secStatus
	SEC_PKCS12DecoderStart        func(pwitem, slot, wincx, dOpen, dClose, dRead, dWrite, dArg uintptr) uintptr
	SEC_PKCS12DecoderUpdate       func(dcx, data uintptr, n uint64) secStatus
	SEC_PKCS12DecoderVerify       func(dcx uintptr) secStatus
	SEC_PKCS12DecoderValidateBags func(dcx, nicknameCb uintptr) secStatus
	SEC_PKCS12DecoderImportBags   func(dcx uintptr) secStatus
	SEC_PKCS12DecoderFinish       func(dcx uintptr)

	CERT_MakeCANickname     func(cert uintptr) uintptr
	CERT_GetCertificateDer  func(cert uintptr, der uintptr) secStatus
	CERT_DestroyCertificate func(cert uintptr)
	PORT_SetError           func(code int32)

	PK11_FindGenericObjects    func(slot uintptr, class uint64) uintptr
	PK11_GetNextGenericObject  func(obj uintptr) uintptr
	PK11_DestroyGenericObjects func(objs uintptr) secStatus
	PK11_ReadRawAttribute      func(typ int32, obj uintptr, attr uint64, item uintptr) secStatus
	// PK11_ReadRawAttributes (NSS 3.52+) reads several attributes of an
	// object in one token call, their values allocated in the arena; nil
	// when absent, and the arena functions with it.
	PK11_ReadRawAttributes       func(arena uintptr, typ int32, obj uintptr, template uintptr, count uint32) secStatus
	PORT_NewArena                func(chunk uint64) uintptr
	PORT_FreeArena               func(arena uintptr, zero int32)
	SECITEM_FreeItem             func(item uintptr, freeit int32)
	PK11_FindCertFromDERCertItem func(slot, der, wincx uintptr) uintptr

	// Deleting: SEC_DeletePermCertificate removes a certificate whether or
	// not it has a key (PK11_DeleteTokenCertAndKey silently does nothing
	// without one); keys go by their CKA_ID.
	SEC_DeletePermCertificate  func(cert uintptr) secStatus
	PK11_FindKeyByKeyID        func(slot, keyID, wincx uintptr) uintptr
	PK11_FindKeyByAnyCert      func(cert, wincx uintptr) uintptr
	PK11_DeleteTokenPrivateKey func(key uintptr, force int32) secStatus
	SECKEY_DestroyPrivateKey   func(key uintptr)

	// Importing an identity object by object (direct.go).
	PK11_ImportDERPrivateKeyInfoAndReturnKey func(slot, der, nickname, publicValue uintptr, isPerm, isPrivate int32, keyUsage uint32, key, wincx uintptr) secStatus
	PK11_WriteRawAttribute                   func(typ int32, obj uintptr, attr uint64, item uintptr) secStatus
	CERT_GetDefaultCertDB                    func() uintptr
	CERT_NewTempCertificate                  func(db, der, nickname uintptr, isPerm, copyDER int32) uintptr
	PK11_ImportCert                          func(slot, cert uintptr, key uint64, nickname string, includeTrust int32) secStatus
	CERT_ExtractPublicKey                    func(cert uintptr) uintptr
	PK11_ImportPublicKey                     func(slot, pub uintptr, isToken int32) uint64
	SECKEY_DestroyPublicKey                  func(pub uintptr)

	// Signing with a stored key.
	SECKEY_GetPrivateKeyType func(key uintptr) int32
	PK11_SignatureLen        func(key uintptr) int32
	PK11_Sign                func(key, sig, hash uintptr) secStatus
	PK11_DoesMechanism       func(slot uintptr, mech uint64) int32
	// PK11_SignWithMechanism (RSA-PSS) is NSS 3.25+; nil when absent.
	PK11_SignWithMechanism func(key uintptr, mech uint64, param, sig, hash uintptr) secStatus
}

// libNames are the NSS libraries in load order (dependencies first).
// Mozilla's Windows/macOS builds have no separate smime/util libraries:
// missing ones are skipped as long as every symbol resolves somewhere.
// smime3, which only NSS's PKCS#12 decoder needs (importP12, the tests'
// reference), is loaded when that is first used (pkcs12), not by every
// command that opens a database.
var libNames = []string{"nspr4", "plc4", "plds4", "mozsqlite3", "nssutil3", "softokn3", "nss3"}

// pkcs12LibName holds SEC_PKCS12* on Linux distributions.
const pkcs12LibName = "smime3"

var (
	libOnce   sync.Once
	theLib    *lib
	theLibErr error
)

// ErrNoLibrary means no NSS library was found on this machine.
var ErrNoLibrary = fmt.Errorf("NSS library not found: %w", store.ErrNoSupport)

// Preload loads the NSS library, if it is there, and opens no database:
// start-up work that can overlap with other work (proving a file).
func Preload() { _, _ = loadLib() }

// loadLib finds and loads NSS once per process.
func loadLib() (*lib, error) {
	libOnce.Do(func() {
		var errs []error
		for _, dir := range libraryDirs() {
			l, err := loadFrom(dir)
			if err == nil {
				theLib = l
				return
			}
			errs = append(errs, err)
		}
		theLibErr = fmt.Errorf("%w: %v", ErrNoLibrary, errors.Join(errs...))
	})
	return theLib, theLibErr
}

func loadFrom(dir string) (*lib, error) {
	var handles []uintptr
	for _, name := range libNames {
		h, err := openLibrary(filepath.Join(dir, libFileName(name)))
		if err == nil {
			handles = append(handles, h)
		}
	}
	if len(handles) == 0 {
		return nil, fmt.Errorf("load NSS from %s: no library", dir)
	}
	l := &lib{dir: dir, handles: handles}
	find := l.find
	bind := []struct {
		fn    any
		names []string
	}{
		{&l.NSS_Initialize, []string{"NSS_Initialize"}},
		{&l.NSS_Shutdown, []string{"NSS_Shutdown"}},
		{&l.PK11_GetInternalKeySlot, []string{"PK11_GetInternalKeySlot"}},
		{&l.PK11_FreeSlot, []string{"PK11_FreeSlot"}},
		{&l.PK11_NeedUserInit, []string{"PK11_NeedUserInit"}},
		{&l.PK11_InitPin, []string{"PK11_InitPin"}},
		{&l.PK11_NeedLogin, []string{"PK11_NeedLogin"}},
		{&l.PK11_IsLoggedIn, []string{"PK11_IsLoggedIn"}},
		{&l.PK11_CheckUserPassword, []string{"PK11_CheckUserPassword"}},
		{&l.PORT_GetError, []string{"PORT_GetError", "PORT_GetError_Util", "PR_GetError"}},
		{&l.PORT_ZAlloc, []string{"PORT_ZAlloc", "PORT_ZAlloc_Util"}},
		{&l.PORT_ZFree, []string{"PORT_ZFree", "PORT_ZFree_Util"}},
		{&l.CERT_MakeCANickname, []string{"CERT_MakeCANickname"}},
		{&l.CERT_GetCertificateDer, []string{"CERT_GetCertificateDer"}},
		{&l.CERT_DestroyCertificate, []string{"CERT_DestroyCertificate"}},
		{&l.PORT_SetError, []string{"PORT_SetError", "PORT_SetError_Util"}},
		{&l.PK11_FindGenericObjects, []string{"PK11_FindGenericObjects"}},
		{&l.PK11_GetNextGenericObject, []string{"PK11_GetNextGenericObject"}},
		{&l.PK11_DestroyGenericObjects, []string{"PK11_DestroyGenericObjects"}},
		{&l.PK11_ReadRawAttribute, []string{"PK11_ReadRawAttribute"}},
		{&l.SECITEM_FreeItem, []string{"SECITEM_FreeItem", "SECITEM_FreeItem_Util"}},
		{&l.PK11_FindCertFromDERCertItem, []string{"PK11_FindCertFromDERCertItem"}},
		{&l.SEC_DeletePermCertificate, []string{"SEC_DeletePermCertificate"}},
		{&l.PK11_FindKeyByKeyID, []string{"PK11_FindKeyByKeyID"}},
		{&l.PK11_FindKeyByAnyCert, []string{"PK11_FindKeyByAnyCert"}},
		{&l.PK11_DeleteTokenPrivateKey, []string{"PK11_DeleteTokenPrivateKey"}},
		{&l.SECKEY_DestroyPrivateKey, []string{"SECKEY_DestroyPrivateKey"}},
		{&l.PK11_ImportDERPrivateKeyInfoAndReturnKey, []string{"PK11_ImportDERPrivateKeyInfoAndReturnKey"}},
		{&l.PK11_WriteRawAttribute, []string{"PK11_WriteRawAttribute"}},
		{&l.CERT_GetDefaultCertDB, []string{"CERT_GetDefaultCertDB"}},
		{&l.CERT_NewTempCertificate, []string{"CERT_NewTempCertificate"}},
		{&l.PK11_ImportCert, []string{"PK11_ImportCert"}},
		{&l.CERT_ExtractPublicKey, []string{"CERT_ExtractPublicKey"}},
		{&l.PK11_ImportPublicKey, []string{"PK11_ImportPublicKey"}},
		{&l.SECKEY_DestroyPublicKey, []string{"SECKEY_DestroyPublicKey"}},
		{&l.SECKEY_GetPrivateKeyType, []string{"SECKEY_GetPrivateKeyType"}},
		{&l.PK11_SignatureLen, []string{"PK11_SignatureLen"}},
		{&l.PK11_Sign, []string{"PK11_Sign"}},
		{&l.PK11_DoesMechanism, []string{"PK11_DoesMechanism"}},
	}
	for _, b := range bind {
		p, err := find(b.names...)
		if err != nil {
			return nil, err
		}
		purego.RegisterFunc(b.fn, p)
	}
	if p, err := find("PK11_SignWithMechanism"); err == nil {
		purego.RegisterFunc(&l.PK11_SignWithMechanism, p)
	}
	batch := []struct {
		fn    any
		names []string
	}{
		{&l.PK11_ReadRawAttributes, []string{"PK11_ReadRawAttributes"}},
		{&l.PORT_NewArena, []string{"PORT_NewArena", "PORT_NewArena_Util"}},
		{&l.PORT_FreeArena, []string{"PORT_FreeArena", "PORT_FreeArena_Util"}},
	}
	ps := make([]uintptr, len(batch))
	var missing error
	for i, b := range batch {
		var err error
		ps[i], err = find(b.names...)
		missing = errors.Join(missing, err)
	}
	if missing == nil {
		for i, b := range batch {
			purego.RegisterFunc(b.fn, ps[i])
		}
	}
	return l, nil
}

// find resolves the first of names that one of the loaded libraries
// exports. The last library loaded comes first: on Linux and macOS a
// handle's lookup also searches that library's dependencies, so nss3's
// answers almost every symbol at the first try, where the load order
// (nspr4 first) failed up to five lookups per symbol, each formatting a
// dlerror message.
func (l *lib) find(names ...string) (uintptr, error) {
	for _, n := range names {
		for i := len(l.handles) - 1; i >= 0; i-- {
			if p, err := lookupSymbol(l.handles[i], n); err == nil && p != 0 {
				return p, nil
			}
		}
	}
	return 0, fmt.Errorf("load NSS from %s: symbol %s missing", l.dir, names[0])
}

// pkcs12 binds NSS's PKCS#12 decoder once, loading smime3 from the same
// folder when it is there (Mozilla's builds have the decoder in nss3).
// Only importP12 calls it; the caller holds nssMu.
func (l *lib) pkcs12() error {
	l.pkcs12Once.Do(func() {
		if h, err := openLibrary(filepath.Join(l.dir, libFileName(pkcs12LibName))); err == nil {
			l.handles = append(l.handles, h)
		}
		bind := []struct {
			fn   any
			name string
		}{
			{&l.SEC_PKCS12EnableCipher, "SEC_PKCS12EnableCipher"},
			{&l.SEC_PKCS12DecoderStart, "SEC_PKCS12DecoderStart"},
			{&l.SEC_PKCS12DecoderUpdate, "SEC_PKCS12DecoderUpdate"},
			{&l.SEC_PKCS12DecoderVerify, "SEC_PKCS12DecoderVerify"},
			{&l.SEC_PKCS12DecoderValidateBags, "SEC_PKCS12DecoderValidateBags"},
			{&l.SEC_PKCS12DecoderImportBags, "SEC_PKCS12DecoderImportBags"},
			{&l.SEC_PKCS12DecoderFinish, "SEC_PKCS12DecoderFinish"},
		}
		ps := make([]uintptr, len(bind))
		for i, b := range bind {
			if ps[i], l.pkcs12Err = l.find(b.name); l.pkcs12Err != nil {
				return
			}
		}
		for i, b := range bind {
			purego.RegisterFunc(b.fn, ps[i])
		}
	})
	return l.pkcs12Err
}
