package winstore

import (
	"crypto/x509"
	"fmt"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// crypt32/advapi32 entry points x/sys/windows does not wrap.
var (
	crypt32  = windows.NewLazySystemDLL("crypt32.dll")
	advapi32 = windows.NewLazySystemDLL("advapi32.dll")

	procCertGetCertificateContextProperty = crypt32.NewProc("CertGetCertificateContextProperty")
	procCertSetCertificateContextProperty = crypt32.NewProc("CertSetCertificateContextProperty")
	procCertControlStore                  = crypt32.NewProc("CertControlStore")
	procCryptCreateHash                   = advapi32.NewProc("CryptCreateHash")
	procCryptSetHashParam                 = advapi32.NewProc("CryptSetHashParam")
	procCryptSignHashW                    = advapi32.NewProc("CryptSignHashW")
	procCryptDestroyHash                  = advapi32.NewProc("CryptDestroyHash")
	procCryptReleaseContext               = advapi32.NewProc("CryptReleaseContext")
	procCryptAcquireContextW              = advapi32.NewProc("CryptAcquireContextW")
	procCryptGetUserKey                   = advapi32.NewProc("CryptGetUserKey")
	procCryptGetKeyParam                  = advapi32.NewProc("CryptGetKeyParam")
	procCryptDestroyKey                   = advapi32.NewProc("CryptDestroyKey")

	ncrypt                        = windows.NewLazySystemDLL("ncrypt.dll")
	procNCryptOpenStorageProvider = ncrypt.NewProc("NCryptOpenStorageProvider")
	procNCryptOpenKey             = ncrypt.NewProc("NCryptOpenKey")
	procNCryptDeleteKey           = ncrypt.NewProc("NCryptDeleteKey")
	procNCryptFreeObject          = ncrypt.NewProc("NCryptFreeObject")
)

const (
	encodingX509PKCS7       = windows.X509_ASN_ENCODING | windows.PKCS_7_ASN_ENCODING
	certKeyProvInfoPropID   = 2
	certFriendlyNamePropID  = 11
	certDescriptionPropID   = 13
	certStoreReadonlyFlag   = 0x00008000
	certStoreOpenExisting   = 0x00004000
	certSystemStoreLocalMac = 0x00020000
	certStoreCtrlCommit     = 3
	certStoreCommitForce    = 1
	nteBadKeyset            = 0x80090016
	ncryptSilentFlag        = 0x40
	certNCryptKeySpec       = 0xFFFFFFFF
)

// openStore opens a system store of the current user (or the machine).
func openStore(s StoreName, readOnly bool) (windows.Handle, error) {
	flags := uint32(windows.CERT_SYSTEM_STORE_CURRENT_USER)
	if s.Machine {
		flags = certSystemStoreLocalMac
	}
	if readOnly {
		flags |= certStoreReadonlyFlag | certStoreOpenExisting
	}
	name, err := windows.UTF16PtrFromString(s.Name)
	if err != nil {
		return 0, err
	}
	h, err := windows.CertOpenStore(windows.CERT_STORE_PROV_SYSTEM_W, 0, 0, flags, uintptr(unsafe.Pointer(name)))
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", s.Location(), err)
	}
	return h, nil
}

// der copies a context's encoded certificate.
func der(ctx *windows.CertContext) []byte {
	return append([]byte(nil), unsafe.Slice(ctx.EncodedCert, ctx.Length)...)
}

// eachCert calls fn for every certificate of an open store. Contexts are
// only valid during fn (duplicate them to keep one).
func eachCert(store windows.Handle, fn func(ctx *windows.CertContext, c *x509.Certificate)) {
	var prev *windows.CertContext
	for {
		ctx, err := windows.CertEnumCertificatesInStore(store, prev)
		if err != nil || ctx == nil {
			return
		}
		prev = ctx
		if c, err := x509.ParseCertificate(der(ctx)); err == nil {
			fn(ctx, c)
		}
	}
}

// keyProvInfo mirrors CRYPT_KEY_PROV_INFO's first fields.
type keyProvInfo struct {
	containerName *uint16
	provName      *uint16
	provType      uint32
	flags         uint32
	cProvParam    uint32
	rgProvParam   uintptr
	keySpec       uint32
}

// keyProvInfoOf returns the raw CRYPT_KEY_PROV_INFO property (nil when
// the certificate has no private key linked).
func keyProvInfoOf(ctx *windows.CertContext) (*keyProvInfo, []byte) {
	var size uint32
	r, _, _ := procCertGetCertificateContextProperty.Call(uintptr(unsafe.Pointer(ctx)), certKeyProvInfoPropID, 0, uintptr(unsafe.Pointer(&size)))
	if r == 0 || size < uint32(unsafe.Sizeof(keyProvInfo{})) {
		return nil, nil
	}
	buf := make([]byte, size)
	r, _, _ = procCertGetCertificateContextProperty.Call(uintptr(unsafe.Pointer(ctx)), certKeyProvInfoPropID,
		uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)))
	if r == 0 {
		return nil, nil
	}
	return (*keyProvInfo)(unsafe.Pointer(&buf[0])), buf
}

// keyInfo reads the private-key link of a certificate
// (CERT_KEY_PROV_INFO_PROP_ID): its presence, provider and kind.
func keyInfo(ctx *windows.CertContext) KeyInfo {
	info, buf := keyProvInfoOf(ctx)
	if info == nil {
		return KeyInfo{}
	}
	defer runtime.KeepAlive(buf) // info points into buf
	name := windows.UTF16PtrToString(info.provName)
	k := KeyInfo{Present: true, Provider: name, CNG: IsCNGProvider(info.provType, name)}
	if !k.CNG {
		k.Exportable = capiExportable(info)
	}
	return k
}

// capiExportable reads a CryptoAPI key's KP_PERMISSIONS for CRYPT_EXPORT
// (nil when the key cannot be opened). The manual's wizard leaves "このキー
// をエクスポート可能にする" unticked; an exportable key means another import.
func capiExportable(info *keyProvInfo) *bool {
	const cryptSilent, cryptMachineKeyset, kpPermissions, cryptExport = 0x40, 0x20, 6, 0x4
	var prov windows.Handle
	r, _, _ := procCryptAcquireContextW.Call(uintptr(unsafe.Pointer(&prov)), uintptr(unsafe.Pointer(info.containerName)),
		uintptr(unsafe.Pointer(info.provName)), uintptr(info.provType), uintptr(cryptSilent|(info.flags&cryptMachineKeyset)))
	if r == 0 {
		return nil
	}
	defer procCryptReleaseContext.Call(uintptr(prov), 0)
	for _, spec := range []uint32{info.keySpec, 1, 2} {
		var key windows.Handle
		if r, _, _ := procCryptGetUserKey.Call(uintptr(prov), uintptr(spec), uintptr(unsafe.Pointer(&key))); r == 0 {
			continue
		}
		var perm, n uint32 = 0, 4
		r, _, _ := procCryptGetKeyParam.Call(uintptr(key), kpPermissions, uintptr(unsafe.Pointer(&perm)), uintptr(unsafe.Pointer(&n)), 0)
		procCryptDestroyKey.Call(uintptr(key))
		if r == 0 {
			continue
		}
		exportable := perm&cryptExport != 0
		return &exportable
	}
	return nil
}

// commit writes an open store's cached changes. force also writes
// property changes, which Wine does not mark as changes.
func commit(store windows.Handle) error { return commitStore(store, false) }

func commitStore(store windows.Handle, force bool) error {
	var flags uintptr
	if force {
		flags = certStoreCommitForce
	}
	r, _, err := procCertControlStore.Call(uintptr(store), flags, certStoreCtrlCommit, 0)
	if r == 0 && err != syscall.Errno(0) {
		return fmt.Errorf("commit store: %w", err)
	}
	return nil
}

// property returns a certificate property's raw bytes (nil when unset).
func property(ctx *windows.CertContext, id uint32) []byte {
	var size uint32
	r, _, _ := procCertGetCertificateContextProperty.Call(uintptr(unsafe.Pointer(ctx)), uintptr(id), 0, uintptr(unsafe.Pointer(&size)))
	if r == 0 || size == 0 {
		return nil
	}
	buf := make([]byte, size)
	r, _, _ = procCertGetCertificateContextProperty.Call(uintptr(unsafe.Pointer(ctx)), uintptr(id),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)))
	if r == 0 {
		return nil
	}
	return buf[:size]
}

// setCertProperty sets a property; data is what CertSetCertificateContextProperty
// expects for id (a CRYPT_DATA_BLOB, a CRYPT_KEY_PROV_INFO, ...). On a context
// of a system store, Windows persists it at once; Wine on a forced commit.
// A variable so that a test can make the store refuse it.
var setCertProperty = func(ctx *windows.CertContext, id uint32, data unsafe.Pointer) error {
	r, _, err := procCertSetCertificateContextProperty.Call(uintptr(unsafe.Pointer(ctx)), uintptr(id), 0, uintptr(data))
	if r == 0 {
		return fmt.Errorf("set certificate property %d: %w", id, err)
	}
	return nil
}

// addCertificate adds a certificate context to a store. A variable so that a
// test can make the store refuse it.
var addCertificate = windows.CertAddCertificateContextToStore

// stringProperty reads a NUL-terminated UTF-16 property (friendly name,
// description).
func stringProperty(ctx *windows.CertContext, id uint32) string {
	buf := property(ctx, id)
	if len(buf) < 2 {
		return ""
	}
	u := unsafe.Slice((*uint16)(unsafe.Pointer(&buf[0])), len(buf)/2)
	return windows.UTF16ToString(u)
}

// setStringProperty sets a UTF-16 string property.
func setStringProperty(ctx *windows.CertContext, id uint32, s string) error {
	u, err := windows.UTF16FromString(s)
	if err != nil {
		return err
	}
	blob := windows.CryptDataBlob{Size: uint32(len(u) * 2), Data: (*byte)(unsafe.Pointer(&u[0]))}
	err = setCertProperty(ctx, id, unsafe.Pointer(&blob))
	runtime.KeepAlive(u)
	return err
}

// keyRefOf reads a certificate's private-key link (nil: none).
func keyRefOf(ctx *windows.CertContext) *keyRef {
	info, buf := keyProvInfoOf(ctx)
	if info == nil {
		return nil
	}
	defer runtime.KeepAlive(buf)
	return &keyRef{Container: windows.UTF16PtrToString(info.containerName), Provider: windows.UTF16PtrToString(info.provName),
		ProvType: info.provType, Flags: info.flags, KeySpec: info.keySpec}
}

// keyOpens reports whether the certificate's private key can be opened
// (silently, as the browser will): the key is really there, not just linked.
func keyOpens(ctx *windows.CertContext) error {
	var h windows.Handle
	var spec uint32
	var free bool
	err := windows.CryptAcquireCertificatePrivateKey(ctx, windows.CRYPT_ACQUIRE_SILENT_FLAG|windows.CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG,
		nil, &h, &spec, &free)
	if err != nil {
		return fmt.Errorf("open the private key: %w", err)
	}
	if free {
		if spec == windows.CERT_NCRYPT_KEY_SPEC {
			procNCryptFreeObject.Call(uintptr(h))
		} else {
			windows.CryptReleaseContext(h, 0)
		}
	}
	return nil
}

// deleteKey removes a private key: the CryptoAPI container
// (CryptAcquireContext with CRYPT_DELETEKEYSET) or the CNG key
// (NCryptDeleteKey). A key that is already gone is not an error.
func deleteKey(k keyRef) error {
	if k.CNG() {
		return deleteCNGKey(k)
	}
	name, err := windows.UTF16PtrFromString(k.Container)
	if err != nil {
		return err
	}
	var prov *uint16
	if k.Provider != "" {
		if prov, err = windows.UTF16PtrFromString(k.Provider); err != nil {
			return err
		}
	}
	var h windows.Handle
	err = windows.CryptAcquireContext(&h, name, prov, k.ProvType, windows.CRYPT_DELETEKEYSET|windows.CRYPT_SILENT|(k.Flags&machineKeyset))
	if err != nil && err != syscall.Errno(nteBadKeyset) {
		return fmt.Errorf("delete key container %s: %w", k.Container, err)
	}
	return nil
}

func deleteCNGKey(k keyRef) error {
	name, err := windows.UTF16PtrFromString(k.Container)
	if err != nil {
		return err
	}
	prov, err := windows.UTF16PtrFromString(k.Provider)
	if err != nil {
		return err
	}
	var hp uintptr
	if r, _, _ := procNCryptOpenStorageProvider.Call(uintptr(unsafe.Pointer(&hp)), uintptr(unsafe.Pointer(prov)), 0); r != 0 {
		return fmt.Errorf("open key storage provider %s: %w", k.Provider, syscall.Errno(r))
	}
	defer procNCryptFreeObject.Call(hp)
	flags := uintptr(k.Flags&machineKeyset | ncryptSilentFlag)
	var hk uintptr
	r, _, _ := procNCryptOpenKey.Call(hp, uintptr(unsafe.Pointer(&hk)), uintptr(unsafe.Pointer(name)), 0, flags)
	if r == nteBadKeyset && (k.KeySpec == 1 || k.KeySpec == 2) { // a key migrated from CryptoAPI
		r, _, _ = procNCryptOpenKey.Call(hp, uintptr(unsafe.Pointer(&hk)), uintptr(unsafe.Pointer(name)), uintptr(k.KeySpec), flags)
	}
	switch {
	case r == nteBadKeyset:
		return nil
	case r != 0:
		return fmt.Errorf("open CNG key %s: %w", k.Container, syscall.Errno(r))
	}
	if r, _, _ := procNCryptDeleteKey.Call(hk, 0); r != 0 { // frees hk on success only
		procNCryptFreeObject.Call(hk)
		return fmt.Errorf("delete CNG key %s: %w", k.Container, syscall.Errno(r))
	}
	return nil
}
