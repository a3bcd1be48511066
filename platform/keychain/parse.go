package keychain

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"regexp"
	"strings"
)

// found is a certificate from `security find-certificate -a -Z -p`.
type found struct {
	cert *x509.Certificate
	sha1 string // as the tool printed it, upper-case hex
}

// parseFindCertificate reads `security find-certificate -a -Z -p` output:
// for each item an optional "SHA-256 hash: …" line (macOS 12+), a "SHA-1
// hash: …" line, then the PEM block. Only the hashes and the PEM are read,
// never localised text.
func parseFindCertificate(out []byte) []found {
	var res []found
	sha1 := ""
	rest := out
	for len(rest) > 0 {
		i := bytes.Index(rest, []byte("-----BEGIN CERTIFICATE-----"))
		head := rest
		if i >= 0 {
			head = rest[:i]
		}
		sc := bufio.NewScanner(bytes.NewReader(head))
		for sc.Scan() {
			if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "SHA-1 hash:"); ok {
				sha1 = strings.ToUpper(strings.TrimSpace(v))
			}
		}
		if i < 0 {
			break
		}
		block, after := pem.Decode(rest[i:])
		if block == nil {
			break
		}
		rest = after
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			sha1 = ""
			continue
		}
		res = append(res, found{cert: c, sha1: sha1})
		sha1 = ""
	}
	return res
}

var identityLine = regexp.MustCompile(`^\s*\d+\)\s+([0-9A-Fa-f]{40})\s+"`)

// parseFindIdentity reads `security find-identity -p ssl-client` output
// and returns the SHA-1 of every identity (certificate with its private
// key) it lists, valid or not (an expired identity still has its key).
func parseFindIdentity(out []byte) map[string]bool {
	ids := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := identityLine.FindStringSubmatch(sc.Text()); m != nil {
			ids[strings.ToUpper(m[1])] = true
		}
	}
	return ids
}
