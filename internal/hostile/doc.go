// Package hostile holds no code: its tests run the real console binary
// (built with -tags cli once per test run) against hostile input — a FIFO
// nobody writes to, /dev/zero, a folder and a huge sparse file for every
// file flag, servers and proxies that send headers without end or nothing
// at all, PBE iteration counts hidden in encrypted bags, an old-format
// Firefox profile — and check the exit code, the message in Japanese and
// English, that nothing hangs (a run past its deadline is killed and
// fails) and the child's peak memory from getrusage.
package hostile
