package facts

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

func bootTime() time.Time {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return time.Time{}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "btime "); ok {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				return time.Unix(n, 0)
			}
		}
	}
	return time.Time{}
}

func runningBrowsers() map[string]time.Time {
	boot := bootTime()
	out := map[string]time.Time{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var buf [64]byte // a comm is at most 15 bytes and a newline
	for _, d := range dirs {
		n := readSmall(d+"/comm", buf[:])
		if n <= 0 {
			continue
		}
		name, ok := browserNames[strings.TrimSpace(string(buf[:n]))]
		if !ok {
			continue
		}
		started := procStart(d, boot)
		if prev, seen := out[name]; !seen || (!started.IsZero() && started.Before(prev)) {
			out[name] = started
		}
	}
	return out
}

// readSmall reads a small /proc file into buf with one read: three system
// calls (open, read, close) where os.ReadFile makes six (it also
// registers the file with the poller, which /proc refuses, stats it and
// reads again to see the end), for every process on the machine. It
// returns the bytes read, or -1.
func readSmall(path string, buf []byte) int {
	fd, err := retryEINTR(func() (int, error) { return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0) })
	if err != nil {
		return -1
	}
	defer syscall.Close(fd)
	n, err := retryEINTR(func() (int, error) { return syscall.Read(fd, buf) })
	if err != nil {
		return -1
	}
	return n
}

func retryEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}

// procStart reads field 22 (starttime, in clock ticks since boot) of
// /proc/PID/stat; the command name before it may contain spaces.
func procStart(dir string, boot time.Time) time.Time {
	data, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil || boot.IsZero() {
		return time.Time{}
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return time.Time{}
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 20 {
		return time.Time{}
	}
	ticks, err := strconv.ParseInt(fields[19], 10, 64)
	if err != nil {
		return time.Time{}
	}
	return boot.Add(time.Duration(ticks) * time.Second / clockTicks)
}
