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
)

const (
	encodingX509PKCS7       = windows.X509_ASN_ENCODING | windows.PKCS_7_ASN_ENCODING
	certKeyProvInfoPropID   = 2
	certStoreReadonlyFlag   = 0x00008000
	certStoreOpenExisting   = 0x00004000
	certSystemStoreLocalMac = 0x00020000
	certStoreCtrlCommit     = 3
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

func commit(store windows.Handle) error {
	r, _, err := procCertControlStore.Call(uintptr(store), 0, certStoreCtrlCommit, 0)
	if r == 0 && err != syscall.Errno(0) {
		return fmt.Errorf("commit store: %w", err)
	}
	return nil
}
