package nss

// ckULong is PKCS#11's CK_ULONG: C's unsigned long, 32 bits on Windows.
type ckULong = uint32
