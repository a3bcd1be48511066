package facts

import (
	"context"
	"errors"
	"net/url"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"rootip-cert/internal/machine"
)

// WinHTTP, the OS's own proxy resolution (its PAC engine and WPAD), as
// Chrome and Edge read the user's settings.
var (
	winhttp               = windows.NewLazySystemDLL("winhttp.dll")
	procGetIEProxyConfig  = winhttp.NewProc("WinHttpGetIEProxyConfigForCurrentUser")
	procDetectAutoProxy   = winhttp.NewProc("WinHttpDetectAutoProxyConfigUrl")
	procWinHTTPOpen       = winhttp.NewProc("WinHttpOpen")
	procWinHTTPSetTimeout = winhttp.NewProc("WinHttpSetTimeouts")
	procGetProxyForURL    = winhttp.NewProc("WinHttpGetProxyForUrl")
	procWinHTTPClose      = winhttp.NewProc("WinHttpCloseHandle")
	procGlobalFree        = windows.NewLazySystemDLL("kernel32.dll").NewProc("GlobalFree")
)

const (
	winhttpAccessNoProxy    = 1 // WINHTTP_ACCESS_TYPE_NO_PROXY
	winhttpAccessNamedProxy = 3 // WINHTTP_ACCESS_TYPE_NAMED_PROXY
	autoProxyAutoDetect     = 0x1
	autoProxyConfigURL      = 0x2
	autoDetectDHCP          = 0x1
	autoDetectDNSA          = 0x2
)

// WINHTTP_CURRENT_USER_IE_PROXY_CONFIG
type ieProxyConfig struct {
	autoDetect    int32
	autoConfigURL *uint16
	proxy         *uint16
	proxyBypass   *uint16
}

// WINHTTP_AUTOPROXY_OPTIONS
type autoProxyOptions struct {
	flags           uint32
	autoDetectFlags uint32
	autoConfigURL   *uint16
	reserved        unsafe.Pointer
	reservedDword   uint32
	autoLogon       int32
}

// WINHTTP_PROXY_INFO
type proxyInfo struct {
	accessType uint32
	proxy      *uint16
	bypass     *uint16
}

// takeString copies a WinHTTP-allocated string and frees it.
func takeString(p *uint16) string {
	if p == nil {
		return ""
	}
	s := windows.UTF16PtrToString(p)
	procGlobalFree.Call(uintptr(unsafe.Pointer(p)))
	return s
}

func lastError(err error) error {
	var errno windows.Errno
	if errors.As(err, &errno) {
		return winHTTPError(uint32(errno))
	}
	return err
}

// osWinHTTP calls winhttp.dll.
type osWinHTTP struct{}

func (osWinHTTP) config() (ieConfig, error) {
	if err := procGetIEProxyConfig.Find(); err != nil {
		return ieConfig{}, err
	}
	var c ieProxyConfig
	if ok, _, err := procGetIEProxyConfig.Call(uintptr(unsafe.Pointer(&c))); ok == 0 {
		return ieConfig{}, lastError(err)
	}
	return ieConfig{AutoDetect: c.autoDetect != 0, AutoConfigURL: takeString(c.autoConfigURL),
		Proxy: takeString(c.proxy), Bypass: takeString(c.proxyBypass)}, nil
}

// bounded runs a blocking WinHTTP call and gives up when ctx ends (the
// call then finishes in the background; WinHTTP's own timeouts end it).
func bounded[T any](ctx context.Context, call func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := call()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (osWinHTTP) detect(ctx context.Context) (string, error) {
	if err := procDetectAutoProxy.Find(); err != nil {
		return "", err
	}
	return bounded(ctx, func() (string, error) {
		var p *uint16
		if ok, _, err := procDetectAutoProxy.Call(autoDetectDHCP|autoDetectDNSA, uintptr(unsafe.Pointer(&p))); ok == 0 {
			return "", lastError(err)
		}
		return takeString(p), nil
	})
}

func (osWinHTTP) evaluate(ctx context.Context, target, pac string) (scriptAnswer, error) {
	if err := procGetProxyForURL.Find(); err != nil {
		return scriptAnswer{}, err
	}
	agent, _ := windows.UTF16PtrFromString("rootip-cert")
	wtarget, err := windows.UTF16PtrFromString(target)
	if err != nil {
		return scriptAnswer{}, err
	}
	wpac, err := windows.UTF16PtrFromString(pac)
	if err != nil {
		return scriptAnswer{}, err
	}
	ms := 10000
	if dl, ok := ctx.Deadline(); ok {
		ms = max(int(time.Until(dl)/time.Millisecond), 1)
	}
	return bounded(ctx, func() (scriptAnswer, error) {
		h, _, err := procWinHTTPOpen.Call(uintptr(unsafe.Pointer(agent)), winhttpAccessNoProxy, 0, 0, 0)
		if h == 0 {
			return scriptAnswer{}, lastError(err)
		}
		defer procWinHTTPClose.Call(h)
		procWinHTTPSetTimeout.Call(h, uintptr(ms), uintptr(ms), uintptr(ms), uintptr(ms))
		opts := autoProxyOptions{flags: autoProxyConfigURL, autoConfigURL: wpac, autoLogon: 1}
		var info proxyInfo
		if ok, _, err := procGetProxyForURL.Call(h, uintptr(unsafe.Pointer(wtarget)), uintptr(unsafe.Pointer(&opts)),
			uintptr(unsafe.Pointer(&info))); ok == 0 {
			return scriptAnswer{}, lastError(err)
		}
		return scriptAnswer{Named: info.accessType == winhttpAccessNamedProxy,
			Proxy: takeString(info.proxy), Bypass: takeString(info.bypass)}, nil
	})
}

// resolveOS asks WinHTTP, in Chrome's order, which proxy the browser uses
// for u.
func resolveOS(ctx context.Context, u *url.URL) machine.ProxyDecision {
	return decideWindows(ctx, u, osWinHTTP{})
}
