// Package layout holds tests of the repository's structure (DESIGN.md,
// "Layout"): nothing under internal/ or platform/ imports Fyne.
package layout
