package supportcode

// The OS family and the browser set share one digit in layouts that
// declare OnlyOn (version 2: Safari exists on macOS only, or on an OS
// family not known), so the code spends no room on a set no machine has:
// 48 values instead of 4 × 16.

// allowed are the indexes of the browsers that OS family o can have.
func (l *layout) allowed(o int) []int {
	var out []int
	for i, b := range l.Browsers {
		if only, ok := l.OnlyOn[b]; !ok || only == l.OS[o] || l.OS[o] == OSUnknown {
			out = append(out, i)
		}
	}
	return out
}

// osBrowserRadix is how many (OS family, browser set) pairs exist.
func (l *layout) osBrowserRadix() int64 {
	var n int64
	for o := range l.OS {
		n += 1 << len(l.allowed(o))
	}
	return n
}

// joinOSBrowsers is the pair's value; false when the set holds a browser
// the OS family cannot have.
func (l *layout) joinOSBrowsers(o int, mask int64) (int64, bool) {
	var offset int64
	for p := 0; p < o; p++ {
		offset += 1 << len(l.allowed(p))
	}
	var compact int64
	for j, i := range l.allowed(o) {
		if mask&(1<<i) != 0 {
			compact |= 1 << j
			mask &^= 1 << i
		}
	}
	return offset + compact, mask == 0
}

// splitOSBrowsers is joinOSBrowsers reversed.
func (l *layout) splitOSBrowsers(v int64) (o int, mask int64) {
	for o = range l.OS {
		size := int64(1) << len(l.allowed(o))
		if v < size {
			for j, i := range l.allowed(o) {
				if v&(1<<j) != 0 {
					mask |= 1 << i
				}
			}
			return o, mask
		}
		v -= size
	}
	return 0, 0 // beyond the radix: decompose refuses such a value first
}
