//go:build !unix

package boundedio

// openFlags: this OS has no O_NONBLOCK open; Windows named pipes live under
// \\.\pipe\ and an open of one does not wait for the other end.
const openFlags = 0
