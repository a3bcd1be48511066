// Command demoserver runs the demo system address outside the app, for
// benchmarks that compare rootip-cert diagnose with curl on the same server.
// It writes DIR/env (shell variables: URL, RESOLVE, P12, CERT, KEY, CA,
// HOLE) and serves until killed. The key is a throwaway demo key.
package main

import (
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/demo"
)

func main() {
	dir := flag.String("out", "", "directory for the env file and PEM files")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "demoserver:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if dir == "" {
		return fmt.Errorf("-out DIR is required")
	}
	sc, err := demo.Start(demo.None)
	if err != nil {
		return err
	}
	defer sc.Close()
	id, _, err := certfile.Open(sc.P12Path, demo.Password)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(id.Key)
	if err != nil {
		return err
	}
	p12, err := os.ReadFile(sc.P12Path)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"client.pem": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: id.Leaf.Raw}),
		"client.key": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		"ca.pem":     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: sc.ServerCA.Raw}),
		"client.p12": p12,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return err
		}
	}
	// A black hole: accepts TCP, never answers.
	hole, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	held := make(chan net.Conn, 4096) // keeps the connections open (and from the collector)
	go func() {
		for {
			c, err := hole.Accept()
			if err != nil {
				return
			}
			select {
			case held <- c:
			default:
				c.Close()
			}
		}
	}()
	var resolve string
	for k, v := range sc.Resolve {
		resolve = k + ":" + v
	}
	_, holePort, _ := net.SplitHostPort(hole.Addr().String())
	env := fmt.Sprintf("URL=%s\nRESOLVE=%s\nHOST=%s\nP12=%s\nCERT=%s\nKEY=%s\nCA=%s\nHOLE=https://%s:%s/\nHOLE_RESOLVE=%s:%s:127.0.0.1\n",
		sc.URL, resolve, demo.Host, filepath.Join(dir, "client.p12"), filepath.Join(dir, "client.pem"),
		filepath.Join(dir, "client.key"), filepath.Join(dir, "ca.pem"), demo.Host, holePort, demo.Host, holePort)
	if err := os.WriteFile(filepath.Join(dir, "env"), []byte(env), 0o600); err != nil {
		return err
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
	return nil
}
