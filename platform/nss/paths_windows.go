package nss

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/windows/registry"
)

// libraryDirs are the Firefox installation directories: those the
// registry names (HKLM and HKCU "SOFTWARE\Mozilla\<product>\<version>\Main",
// "Install Directory"), then the default locations.
func libraryDirs() []string {
	var dirs []string
	for _, root := range []registry.Key{registry.LOCAL_MACHINE, registry.CURRENT_USER} {
		for _, product := range []string{"Mozilla Firefox", "Mozilla Firefox ESR", "Firefox Developer Edition", "Nightly"} {
			dirs = append(dirs, registryInstallDirs(root, `SOFTWARE\Mozilla\`+product)...)
		}
	}
	for _, env := range []string{"ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"} {
		if base := os.Getenv(env); base != "" {
			dirs = append(dirs, filepath.Join(base, "Mozilla Firefox"), filepath.Join(base, "Firefox Developer Edition"), filepath.Join(base, "Firefox Nightly"))
		}
	}
	return dirs
}

func registryInstallDirs(root registry.Key, path string) []string {
	k, err := registry.OpenKey(root, path, registry.ENUMERATE_SUB_KEYS|registry.READ)
	if err != nil {
		return nil
	}
	defer k.Close()
	versions, _ := k.ReadSubKeyNames(-1)
	var dirs []string
	for _, v := range versions {
		m, err := registry.OpenKey(k, v+`\Main`, registry.QUERY_VALUE)
		if err != nil {
			continue
		}
		if d, _, err := m.GetStringValue("Install Directory"); err == nil && d != "" {
			dirs = append(dirs, d)
		}
		m.Close()
	}
	return dirs
}
