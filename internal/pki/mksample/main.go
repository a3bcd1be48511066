// Command mksample writes a throwaway sample クライアント証明書.p12 (password
// "rootip", AES-256 like current exports) issued by a fresh test CA, so the
// README's first command works on a machine without a real certificate.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"rootip-cert/internal/pki"
)

func main() {
	dir := flag.String("out", "sample", "directory to write クライアント証明書.p12 into")
	host := flag.String("host", "demo.rootip-cloud.net", "system address host the certificate is issued to")
	flag.Parse()
	if err := write(*dir, *host); err != nil {
		fmt.Fprintln(os.Stderr, "mksample:", err)
		os.Exit(1)
	}
}

func write(dir, host string) error {
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		return err
	}
	leaf, err := ca.NewLeaf(pki.LeafOptions{CommonName: host, Organization: []string{"サンプル株式会社"}})
	if err != nil {
		return err
	}
	data, err := leaf.P12(pki.Modern, "rootip", true, 0)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	path := filepath.Join(dir, "クライアント証明書.p12")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("write sample: %w", err)
	}
	fmt.Println(path)
	return nil
}
