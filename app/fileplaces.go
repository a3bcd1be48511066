package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// places are the names Fyne's file dialog gives the folders of its side
// list, untranslated (it passes them through no lang call), with the
// catalogue key of each.
var places = map[string]string{
	"Home": "gui.dialog.place.home", "Computer": "gui.dialog.place.computer",
	"Desktop": "gui.dialog.place.desktop", "Documents": "gui.dialog.place.documents",
	"Downloads": "gui.dialog.place.downloads", "Music": "gui.dialog.place.music",
	"Pictures": "gui.dialog.place.pictures", "Videos": "gui.dialog.place.videos",
	"Movies": "gui.dialog.place.videos", "App Files": "gui.dialog.place.app_files",
}

// namePlaces finds the side list of the Fyne file dialog under o (the list
// whose first entry is "Home") and has each entry drawn with the
// catalogue's name for it.
func (u *ui) namePlaces(o fyne.CanvasObject) {
	l := findPlacesList(o)
	if l == nil {
		fyne.LogError("file dialog: no list of places found", nil)
		return
	}
	update := l.UpdateItem
	l.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		update(id, item)
		if lbl := placeLabel(item); lbl != nil {
			if key, ok := places[lbl.Text]; ok {
				lbl.SetText(u.t(key))
			}
		}
	}
	l.Refresh()
}

// placeLabel is the label of a side-list entry (an icon and a label).
func placeLabel(item fyne.CanvasObject) *widget.Label {
	c, ok := item.(*fyne.Container)
	if !ok {
		return nil
	}
	for _, o := range c.Objects {
		if lbl, ok := o.(*widget.Label); ok {
			return lbl
		}
	}
	return nil
}

// findPlacesList walks the dialog's pop-up, containers and split view.
func findPlacesList(o fyne.CanvasObject) *widget.List {
	switch x := o.(type) {
	case *widget.List:
		if x.CreateItem == nil || x.UpdateItem == nil || x.Length == nil || x.Length() == 0 {
			return nil
		}
		item := x.CreateItem()
		x.UpdateItem(0, item)
		if lbl := placeLabel(item); lbl != nil && lbl.Text == "Home" {
			return x
		}
		return nil
	case *fyne.Container:
		for _, c := range x.Objects {
			if l := findPlacesList(c); l != nil {
				return l
			}
		}
	case *widget.PopUp:
		return findPlacesList(x.Content)
	case *container.Split:
		if l := findPlacesList(x.Leading); l != nil {
			return l
		}
		return findPlacesList(x.Trailing)
	}
	return nil
}
