package filedialog

import (
	"errors"
	"fmt"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

func hostDirs() dirs {
	d := osDirs()
	d.known = func() string {
		p, err := windows.KnownFolderPath(windows.FOLDERID_Downloads, 0)
		if err != nil {
			return ""
		}
		return p
	}
	return d
}

// The common item dialog (Windows Vista and later), through COM without
// cgo: CoCreateInstance(CLSID_FileOpenDialog / CLSID_FileSaveDialog), then
// IFileDialog's methods by their vtable slots.
var (
	clsidFileOpenDialog = windows.GUID{Data1: 0xdc1c5a9c, Data2: 0xe88a, Data3: 0x4dde, Data4: [8]byte{0xa5, 0xa1, 0x60, 0xf8, 0x2a, 0x20, 0xae, 0xf7}}
	clsidFileSaveDialog = windows.GUID{Data1: 0xc0b4e2f3, Data2: 0xba21, Data3: 0x4773, Data4: [8]byte{0x8d, 0xba, 0x33, 0x5e, 0xc9, 0x46, 0xeb, 0x8b}}
	iidIFileOpenDialog  = windows.GUID{Data1: 0xd57c7288, Data2: 0xd4ad, Data3: 0x4768, Data4: [8]byte{0xbe, 0x02, 0x9d, 0x96, 0x95, 0x32, 0xd9, 0x60}}
	iidIFileSaveDialog  = windows.GUID{Data1: 0x84bccd23, Data2: 0x5fde, Data3: 0x4cdb, Data4: [8]byte{0xae, 0xa4, 0xaf, 0x64, 0xb8, 0x3d, 0x78, 0xab}}
	iidIShellItem       = windows.GUID{Data1: 0x43826d1e, Data2: 0xe718, Data3: 0x42ee, Data4: [8]byte{0xbc, 0x55, 0xa1, 0xe2, 0x61, 0xc3, 0x7b, 0xfe}}

	ole32                           = windows.NewLazySystemDLL("ole32.dll")
	shell32                         = windows.NewLazySystemDLL("shell32.dll")
	procCoCreateInstance            = ole32.NewProc("CoCreateInstance")
	procSHCreateItemFromParsingName = shell32.NewProc("SHCreateItemFromParsingName")
)

// Vtable slots: IUnknown 0-2, IModalWindow 3, IFileDialog 4-26; IShellItem 3-7.
const (
	slotRelease        = 2
	slotShow           = 3
	slotSetFileTypes   = 4
	slotSetOptions     = 9
	slotGetOptions     = 10
	slotSetFolder      = 12
	slotSetFileName    = 15
	slotSetTitle       = 17
	slotGetResult      = 20
	slotGetDisplayName = 5 // IShellItem

	fosOverwritePrompt = 0x2
	fosNoChangeDir     = 0x8
	fosForceFileSystem = 0x40
	fosPathMustExist   = 0x800
	fosFileMustExist   = 0x1000

	sigdnFileSysPath   = 0x80058000
	clsctxInprocServer = 0x1
	hrCancelled        = 0x800704C7 // HRESULT_FROM_WIN32(ERROR_CANCELLED)
)

// comObject is a COM interface pointer: its first word is the vtable.
type comObject struct{ vtbl *[32]uintptr }

// hr reads a COM call's HRESULT. Every call site converts its pointers in
// the syscall.SyscallN expression itself, which keeps them valid.
func hr(r, _ uintptr, _ syscall.Errno) error {
	if int32(r) < 0 {
		return hresult(r)
	}
	return nil
}

func (o *comObject) release() {
	_ = hr(syscall.SyscallN(o.vtbl[slotRelease], uintptr(unsafe.Pointer(o))))
}

// hresult is a failed COM call's code, kept for the report.
type hresult uintptr

func (h hresult) Error() string { return fmt.Sprintf("HRESULT 0x%08X", uint32(h)) }

// filterSpec is COMDLG_FILTERSPEC.
type filterSpec struct{ name, spec *uint16 }

func openFile(title, startDir string, filters []Filter) (string, error) {
	return itemDialog(false, title, startDir, "", filters)
}

func saveFile(title, startDir, defaultName string) (string, error) {
	return itemDialog(true, title, startDir, defaultName, nil)
}

func itemDialog(save bool, title, startDir, defaultName string, filters []Filter) (string, error) {
	// COM's single-threaded apartment belongs to one OS thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err != nil && !errors.Is(err, syscall.Errno(1)) { // 1 = S_FALSE: already initialised
		return "", fmt.Errorf("file dialog: CoInitializeEx: %w: %w", ErrUnavailable, err)
	}
	defer windows.CoUninitialize()

	clsid, iid, options := &clsidFileOpenDialog, &iidIFileOpenDialog, uint32(fosFileMustExist|fosPathMustExist)
	if save {
		clsid, iid, options = &clsidFileSaveDialog, &iidIFileSaveDialog, fosOverwritePrompt|fosPathMustExist
	}
	var dlg *comObject
	r, _, _ := procCoCreateInstance.Call(uintptr(unsafe.Pointer(clsid)), 0, clsctxInprocServer,
		uintptr(unsafe.Pointer(iid)), uintptr(unsafe.Pointer(&dlg)))
	if int32(r) < 0 || dlg == nil {
		return "", fmt.Errorf("file dialog: CoCreateInstance: %w: %w", ErrUnavailable, hresult(r))
	}
	defer dlg.release()

	var current uint32
	if err := hr(syscall.SyscallN(dlg.vtbl[slotGetOptions], uintptr(unsafe.Pointer(dlg)), uintptr(unsafe.Pointer(&current)))); err != nil {
		return "", fmt.Errorf("file dialog: GetOptions: %w", err)
	}
	if err := hr(syscall.SyscallN(dlg.vtbl[slotSetOptions], uintptr(unsafe.Pointer(dlg)), uintptr(current|options|fosForceFileSystem|fosNoChangeDir))); err != nil {
		return "", fmt.Errorf("file dialog: SetOptions: %w", err)
	}
	if err := hr(syscall.SyscallN(dlg.vtbl[slotSetTitle], uintptr(unsafe.Pointer(dlg)), uintptr(unsafe.Pointer(utf16(title))))); err != nil {
		return "", fmt.Errorf("file dialog: SetTitle: %w", err)
	}
	if specs := filterSpecs(filters); len(specs) > 0 {
		if err := hr(syscall.SyscallN(dlg.vtbl[slotSetFileTypes], uintptr(unsafe.Pointer(dlg)), uintptr(len(specs)), uintptr(unsafe.Pointer(&specs[0])))); err != nil {
			return "", fmt.Errorf("file dialog: SetFileTypes: %w", err)
		}
		runtime.KeepAlive(specs)
	}
	if save && defaultName != "" {
		if err := hr(syscall.SyscallN(dlg.vtbl[slotSetFileName], uintptr(unsafe.Pointer(dlg)), uintptr(unsafe.Pointer(utf16(defaultName))))); err != nil {
			return "", fmt.Errorf("file dialog: SetFileName: %w", err)
		}
	}
	if startDir != "" {
		var folder *comObject
		r, _, _ := procSHCreateItemFromParsingName.Call(uintptr(unsafe.Pointer(utf16(startDir))), 0,
			uintptr(unsafe.Pointer(&iidIShellItem)), uintptr(unsafe.Pointer(&folder)))
		if int32(r) >= 0 && folder != nil { // a missing folder leaves the dialog's own choice
			_ = hr(syscall.SyscallN(dlg.vtbl[slotSetFolder], uintptr(unsafe.Pointer(dlg)), uintptr(unsafe.Pointer(folder))))
			folder.release()
		}
	}

	if err := hr(syscall.SyscallN(dlg.vtbl[slotShow], uintptr(unsafe.Pointer(dlg)), 0)); err != nil {
		if err == hresult(hrCancelled) {
			return "", ErrCancelled
		}
		return "", fmt.Errorf("file dialog: Show: %w", err)
	}
	var item *comObject
	if err := hr(syscall.SyscallN(dlg.vtbl[slotGetResult], uintptr(unsafe.Pointer(dlg)), uintptr(unsafe.Pointer(&item)))); err != nil || item == nil {
		return "", fmt.Errorf("file dialog: GetResult: %w", errors.Join(err, errors.New("no item")))
	}
	defer item.release()
	var name *uint16
	if err := hr(syscall.SyscallN(item.vtbl[slotGetDisplayName], uintptr(unsafe.Pointer(item)), sigdnFileSysPath, uintptr(unsafe.Pointer(&name)))); err != nil || name == nil {
		return "", fmt.Errorf("file dialog: GetDisplayName: %w", errors.Join(err, errors.New("no path")))
	}
	defer windows.CoTaskMemFree(unsafe.Pointer(name))
	return windows.UTF16PtrToString(name), nil
}

// filterSpecs are the dialog's file types: "証明書ファイル(*.p12, *.pfx)" and
// "*.p12;*.pfx" (Windows matches without regard to case).
func filterSpecs(filters []Filter) []filterSpec {
	var out []filterSpec
	for _, f := range filters {
		out = append(out, filterSpec{utf16(f.Name), utf16(windowsSpec(f.Patterns))})
	}
	return out
}

func utf16(s string) *uint16 {
	p, err := windows.UTF16PtrFromString(s)
	if err != nil { // a NUL inside: nothing a user typed, keep the part before it
		p, _ = windows.UTF16PtrFromString(s[:indexNUL(s)])
	}
	return p
}
