//go:build !windows

package nss

// ckULong is PKCS#11's CK_ULONG: C's unsigned long, 64 bits on 64-bit Unix.
type ckULong = uint64
