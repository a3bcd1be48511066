package main

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

const machineKey = `SYSTEM\CurrentControlSet\Control\Session Manager\Environment`

// update rewrites the user's (HKCU\Environment) or the machine's Path value
// with edit; an emptied value is deleted. Nothing is written when edit
// changes nothing.
func update(machine bool, edit func(string) (string, bool)) error {
	root, path, where := registry.CURRENT_USER, "Environment", `HKCU\Environment`
	if machine {
		root, path, where = registry.LOCAL_MACHINE, machineKey, `HKLM\`+machineKey
	}
	k, _, err := registry.CreateKey(root, path, registry.QUERY_VALUE|registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("open %s: %w", where, err)
	}
	defer k.Close()
	old, typ, err := k.GetStringValue("Path")
	switch {
	case errors.Is(err, registry.ErrNotExist):
		old, typ = "", registry.EXPAND_SZ
	case err != nil:
		return fmt.Errorf("read %s\\Path: %w", where, err)
	}
	value, changed := edit(old)
	if !changed {
		return nil
	}
	switch {
	case value == "":
		err = k.DeleteValue("Path")
	case typ == registry.SZ:
		err = k.SetStringValue("Path", value)
	default:
		err = k.SetExpandStringValue("Path", value)
	}
	if err != nil {
		return fmt.Errorf("write %s\\Path: %w", where, err)
	}
	broadcast()
	return nil
}

// broadcast tells running programs that the environment changed
// (WM_SETTINGCHANGE "Environment"), waiting at most 5 s for each.
func broadcast() {
	const hwndBroadcast, wmSettingChange, smtoAbortIfHung = 0xffff, 0x001A, 0x0002
	env, _ := windows.UTF16PtrFromString("Environment")
	var result uintptr
	_, _, _ = windows.NewLazySystemDLL("user32.dll").NewProc("SendMessageTimeoutW").Call(
		hwndBroadcast, wmSettingChange, 0, uintptr(unsafe.Pointer(env)), smtoAbortIfHung, 5000, uintptr(unsafe.Pointer(&result)))
}
