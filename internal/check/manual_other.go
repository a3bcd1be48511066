//go:build !windows && !darwin

package check

// installTopic is the manual section on installing the certificate on
// this OS: the manual has no Linux steps, and Firefox's supplement is the
// one that applies (the browsers here read NSS databases, as Firefox does).
var installTopic = "install.firefox"
