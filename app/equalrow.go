package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// equalRow lays its visible objects out in one row of equal widths when the
// width allows every one its text, and otherwise in one column, each as wide
// as the row: the buttons stay equal and readable at any width, language
// and scale. Its minimum is the column's, so a narrow window never grows for it.
type equalRow struct{}

func (r equalRow) visible(objects []fyne.CanvasObject) []fyne.CanvasObject {
	var shown []fyne.CanvasObject
	for _, o := range objects {
		if o.Visible() {
			shown = append(shown, o)
		}
	}
	return shown
}

// widest: the largest minimum width and height among the shown objects.
func widest(shown []fyne.CanvasObject) fyne.Size {
	var w fyne.Size
	for _, o := range shown {
		w = w.Max(o.MinSize())
	}
	return w
}

func (r equalRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	shown := r.visible(objects)
	if len(shown) == 0 {
		return
	}
	cell, n, gap := widest(shown), float32(len(shown)), theme.Padding()
	if n*cell.Width+(n-1)*gap <= size.Width {
		w := (size.Width - (n-1)*gap) / n
		for i, o := range shown {
			o.Move(fyne.NewPos(float32(i)*(w+gap), 0))
			o.Resize(fyne.NewSize(w, cell.Height))
		}
		return
	}
	for i, o := range shown {
		o.Move(fyne.NewPos(0, float32(i)*(cell.Height+gap)))
		o.Resize(fyne.NewSize(size.Width, cell.Height))
	}
}

func (r equalRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	shown := r.visible(objects)
	if len(shown) == 0 {
		return fyne.Size{}
	}
	cell, n, gap := widest(shown), float32(len(shown)), theme.Padding()
	return fyne.NewSize(cell.Width, n*cell.Height+(n-1)*gap)
}
