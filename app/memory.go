package app

import (
	"runtime/debug"

	"rootip-cert/assets"
)

// releaseStartupMemory hands back to the OS what start-up no longer needs
// once the first screen is up: the Go heap's garbage (start-up parses and
// lays out every face and screen once) and the pages of the embedded fonts,
// whose tables go-text has copied into its own (releaseFilePages). Neither
// loses anything: a font parsed again later reads its pages back from the
// program's file.
func releaseStartupMemory() {
	debug.FreeOSMemory()
	releaseFilePages(assets.FontRegular)
	releaseFilePages(assets.FontBold)
}
