// Command mksample writes a throwaway sample クライアント証明書.p12 (password
// "rootip", AES-256 like current exports) issued by a fresh test CA, so the
// README's first command works on a machine without a real certificate.
package main

import (
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"rootip-cert/internal/pki"
)

func main() {
	dir := flag.String("out", "sample", "directory to write クライアント証明書.p12 into")
	host := flag.String("host", "demo.rootip-cloud.net", "system address host the certificate is issued to")
	certs := flag.Int("certs", 0, "also write this many key-less certificates as PEM into DIR/certs (benchmarks)")
	flag.Parse()
	if err := write(*dir, *host); err != nil {
		fmt.Fprintln(os.Stderr, "mksample:", err)
		os.Exit(1)
	}
	if err := writeMany(filepath.Join(*dir, "certs"), *certs); err != nil {
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

// writeMany writes n certificates (one shared key, different names) as PEM.
func writeMany(dir string, n int) error {
	if n <= 0 {
		return nil
	}
	ca, err := pki.NewRootCA("rootip bench CA")
	if err != nil {
		return err
	}
	key, err := pki.NewKey(pki.P256)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		l, err := ca.NewLeaf(pki.LeafOptions{CommonName: fmt.Sprintf("bench-%04d.rootip-cloud.net", i), Key: key})
		if err != nil {
			return err
		}
		p := filepath.Join(dir, fmt.Sprintf("%04d.pem", i))
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: l.Cert.Raw}), 0o644); err != nil {
			return err
		}
	}
	return nil
}
