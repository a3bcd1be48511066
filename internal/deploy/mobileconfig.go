package deploy

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"strings"

	"howett.net/plist"

	"rootip-cert/platform/autoselect"
)

// The payloads of the configuration profile. Keys are Apple's
// (Configuration Profile Reference: "Configuration", "PKCS12", and custom
// managed-preference payloads whose type is the preference domain).
type profilePlist struct {
	PayloadContent           []any  `plist:"PayloadContent"`
	PayloadDisplayName       string `plist:"PayloadDisplayName"`
	PayloadDescription       string `plist:"PayloadDescription"`
	PayloadOrganization      string `plist:"PayloadOrganization"`
	PayloadIdentifier        string `plist:"PayloadIdentifier"`
	PayloadType              string `plist:"PayloadType"`
	PayloadUUID              string `plist:"PayloadUUID"`
	PayloadVersion           int    `plist:"PayloadVersion"`
	PayloadScope             string `plist:"PayloadScope"`
	PayloadRemovalDisallowed bool   `plist:"PayloadRemovalDisallowed"`
}

type pkcs12Payload struct {
	PayloadType                string `plist:"PayloadType"`
	PayloadVersion             int    `plist:"PayloadVersion"`
	PayloadIdentifier          string `plist:"PayloadIdentifier"`
	PayloadUUID                string `plist:"PayloadUUID"`
	PayloadDisplayName         string `plist:"PayloadDisplayName"`
	PayloadDescription         string `plist:"PayloadDescription"`
	PayloadCertificateFileName string `plist:"PayloadCertificateFileName"`
	PayloadContent             []byte `plist:"PayloadContent"`
	Password                   string `plist:"Password"`
	// AllowAllAppsAccess: every app may use the key, so the browser asks
	// for no keychain password (the manual's 常に許可 step).
	AllowAllAppsAccess bool `plist:"AllowAllAppsAccess"`
	// KeyIsExtractable false: the manual unticks "exportable key".
	KeyIsExtractable bool `plist:"KeyIsExtractable"`
}

type browserPayload struct {
	PayloadType        string   `plist:"PayloadType"`
	PayloadVersion     int      `plist:"PayloadVersion"`
	PayloadIdentifier  string   `plist:"PayloadIdentifier"`
	PayloadUUID        string   `plist:"PayloadUUID"`
	PayloadDisplayName string   `plist:"PayloadDisplayName"`
	AutoSelect         []string `plist:"AutoSelectCertificateForUrls"`
}

// Payload types of the profile.
const (
	PayloadConfiguration = "Configuration"
	PayloadPKCS12        = "com.apple.security.pkcs12"
)

// MobileConfig is the unsigned configuration profile: the identity as a
// PKCS#12 payload (p12, already re-encoded as 3DES/SHA-1 under
// in.Password) and one managed-preferences payload per browser setting
// AutoSelectCertificateForUrls to rule. User scope: the identity goes into
// the login keychain, where the manual (3-1) puts it and the tool looks.
// The identifiers stay the same for one system address, so a renewed
// profile replaces the previous one; the UUIDs follow the certificate.
func MobileConfig(in Input, p12 []byte, rule string) ([]byte, error) {
	host := strings.ToLower(in.SystemURL.Hostname())
	base := identifierBase(in.Profile.SupportEmail) + "." + host
	sha := in.Identity.SHA256()
	// "root ipクラウド 電子証明書ツール" names the tool; the profile is the certificate.
	product := strings.TrimSpace(strings.TrimSuffix(in.Profile.ProductName.In("ja"), "ツール"))
	vendor := in.Profile.Vendor.In("ja")
	fileName := in.Profile.FileName
	if fileName == "" {
		fileName = BundleP12
	}
	content := []any{pkcs12Payload{
		PayloadType:                PayloadPKCS12,
		PayloadVersion:             1,
		PayloadIdentifier:          base + ".pkcs12",
		PayloadUUID:                nameUUID(sha + "|" + host + "|pkcs12"),
		PayloadDisplayName:         "クライアント証明書 (" + in.Identity.Leaf.Subject.CommonName + ")",
		PayloadDescription:         "システムアドレス " + host + " に接続するためのクライアント証明書と秘密鍵",
		PayloadCertificateFileName: fileName,
		PayloadContent:             p12,
		Password:                   in.Password,
		AllowAllAppsAccess:         true,
		KeyIsExtractable:           false,
	}}
	for _, p := range autoselect.Policies() {
		content = append(content, browserPayload{
			PayloadType:        p.MacDomain,
			PayloadVersion:     1,
			PayloadIdentifier:  base + "." + strings.ToLower(p.Browser),
			PayloadUUID:        nameUUID(sha + "|" + host + "|" + p.MacDomain),
			PayloadDisplayName: p.Browser + ": クライアント証明書の自動選択 (" + host + ")",
			AutoSelect:         []string{rule},
		})
	}
	doc := profilePlist{
		PayloadContent:      content,
		PayloadDisplayName:  product + " (" + host + ")",
		PayloadDescription:  host + " 用のクライアント証明書をログインキーチェーンにインストールし、Chrome と Edge で証明書を自動的に選択します。",
		PayloadOrganization: vendor,
		PayloadIdentifier:   base,
		PayloadType:         PayloadConfiguration,
		PayloadUUID:         nameUUID(sha + "|" + host),
		PayloadVersion:      1,
		PayloadScope:        "User",
	}
	var buf bytes.Buffer
	enc := plist.NewEncoderForFormat(&buf, plist.XMLFormat)
	enc.Indent("\t")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode configuration profile: %w", err)
	}
	return buf.Bytes(), nil
}

// identifierBase turns the vendor's support address (mail@rootip.co.jp)
// into a reverse-DNS prefix (jp.co.rootip.cert).
func identifierBase(email string) string {
	_, domain, ok := strings.Cut(email, "@")
	labels := strings.Split(strings.ToLower(strings.TrimSpace(domain)), ".")
	if !ok || len(labels) < 2 {
		return "jp.co.rootip.cert"
	}
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	return strings.Join(labels, ".") + ".cert"
}

// nameUUID is a name-based (version 5, SHA-1) UUID in a namespace of our
// own, upper-case as Apple's tools write them: the same certificate and
// address give the same UUIDs, so output is reproducible.
func nameUUID(name string) string {
	// Namespace: RFC 4122's URL namespace; names carry a label of our own.
	ns := [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte("rootip-cert deploy\x00" + name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]))
}
