package app

import (
	"bytes"
	"image/png"
	"net/url"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/profile"
	"rootip-cert/internal/report"
)

// reportScreen: the report's fields, the user ID, the steps as checkboxes,
// screenshots, an exact preview, and copy / save ZIP / mail buttons.
type reportScreen struct {
	u                                          *ui
	root                                       fyne.CanvasObject
	userID                                     *widget.Entry
	steps                                      map[string]*widget.Check
	mask                                       *widget.Check
	shots                                      *widget.Label
	preview                                    *widget.Label
	copyBtn, saveBtn, mailBtn, attach, capture *widget.Button

	images [][]byte
	names  []string
	rep    *report.Report
}

func newReportScreen(u *ui) *reportScreen {
	r := &reportScreen{u: u, steps: map[string]*widget.Check{}}
	r.userID = widget.NewEntry()
	r.userID.SetPlaceHolder("test@rootip.co.jp")
	r.userID.OnChanged = func(string) { r.update() }
	stepsBox := container.NewVBox()
	for _, id := range report.StepIDs {
		c := widget.NewCheck(lang.L("report.step."+id), func(bool) { r.update() })
		r.steps[id] = c
		stepsBox.Add(c)
	}
	r.mask = widget.NewCheck(lang.L("gui.report.mask"), func(bool) { r.update() })
	r.shots = widget.NewLabel(lang.L("report.no_capture"))
	r.shots.Wrapping = fyne.TextWrapWord
	r.attach = widget.NewButtonWithIcon(lang.L("gui.report.attach"), theme.FileImageIcon(), r.attachFile)
	r.capture = widget.NewButtonWithIcon(lang.L("gui.report.capture"), theme.ContentAddIcon(), r.captureWindow)
	r.preview = widget.NewLabel("") // exactly what will be sent, read-only
	r.preview.Wrapping = fyne.TextWrapWord
	previewScroll := container.NewVScroll(r.preview)
	previewScroll.SetMinSize(fyne.NewSize(0, 260))
	r.copyBtn = widget.NewButtonWithIcon(lang.L("gui.report.copy"), theme.ContentCopyIcon(), r.copyText)
	r.saveBtn = widget.NewButtonWithIcon(lang.L("gui.report.save"), theme.DocumentSaveIcon(), r.saveZIP)
	r.mailBtn = widget.NewButtonWithIcon(lang.L("gui.report.mail"), theme.MailSendIcon(), r.openMail)
	r.mailBtn.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(lang.L("report.user_id"), r.userID))
	r.root = container.NewVScroll(container.NewPadded(container.NewVBox(
		form,
		widget.NewLabelWithStyle(lang.L("report.section.steps"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), stepsBox,
		widget.NewLabelWithStyle(lang.L("report.section.capture"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		r.shots, container.NewHBox(r.attach, r.capture), r.mask,
		widget.NewLabelWithStyle(lang.L("gui.report.preview"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewCard("", "", previewScroll),
		container.NewGridWithColumns(3, r.copyBtn, r.saveBtn, r.mailBtn),
	)))
	return r
}

// update rebuilds the report from the last checklist run and the fields.
func (r *reportScreen) update() {
	b := r.u.b
	var done []string
	for _, id := range report.StepIDs {
		if r.steps[id].Checked {
			done = append(done, id)
		}
	}
	in := report.Input{Now: b.now(), AppVersion: b.Version, UserID: r.userID.Text, Mask: r.mask.Checked,
		Result: r.u.result, Done: done, Profile: b.Profile, Inventory: b.inventory(), Proxy: lang.L("report.proxy_none")}
	if u, err := profile.NormalizeURL(r.u.inst.url.Text); err == nil {
		in.SystemAddress = u
	}
	if b.Machine != nil {
		in.OS, in.Browsers = b.Machine()
	}
	rep, err := report.Build(in)
	if err != nil {
		return
	}
	for i, img := range r.images {
		_ = rep.AddScreenshotData(r.names[i], img)
	}
	for _, s := range rep.Steps {
		if s.Verified && !r.steps[s.ID].Checked {
			r.steps[s.ID].SetText(lang.L("report.step."+s.ID) + " (" + lang.L("report.verified") + ")")
		}
	}
	r.rep = rep
	r.preview.SetText(rep.Text(b.msg(), b.Profile))
	if len(r.images) > 0 {
		r.shots.SetText(lang.L("gui.report.attached", map[string]any{"Count": len(r.images)}))
	}
}

func (r *reportScreen) addImage(name string, data []byte) {
	probe := &report.Report{}
	if err := probe.AddScreenshotData(name, data); err != nil {
		dialog.ShowInformation(lang.L("gui.report.attach"), lang.L("report.bad_screenshot", map[string]any{"Detail": err.Error()}), r.u.w)
		return
	}
	r.images = append(r.images, data)
	r.names = append(r.names, name)
	r.update()
}

func (r *reportScreen) attachFile() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		defer rc.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(rc); err == nil {
			r.addImage(rc.URI().Name(), buf.Bytes())
		}
	}, r.u.w)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".PNG", ".JPG"}))
	d.Show()
}

// captureWindow attaches a capture of this window.
func (r *reportScreen) captureWindow() {
	img := r.u.w.Canvas().Capture()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return
	}
	r.addImage("window.png", buf.Bytes())
}

func (r *reportScreen) copyText() {
	fyne.CurrentApp().Clipboard().SetContent(r.preview.Text)
}

func (r *reportScreen) saveZIP() {
	if r.rep == nil {
		return
	}
	data, err := r.rep.ZIP(r.u.b.msg(), r.u.b.Profile)
	if err != nil {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		defer wc.Close()
		_, _ = wc.Write(data)
	}, r.u.w)
	d.SetFileName(r.rep.FileName())
	d.Show()
}

// saveZIPTo writes the bundle to a path (tests, and "save next to").
func (r *reportScreen) saveZIPTo(path string) error {
	data, err := r.rep.ZIP(r.u.b.msg(), r.u.b.Profile)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

func (r *reportScreen) mailto() string {
	if r.rep == nil {
		return ""
	}
	return r.rep.Mailto(r.u.b.msg(), r.u.b.Profile)
}

func (r *reportScreen) openMail() {
	u, err := url.Parse(r.mailto())
	if err != nil {
		return
	}
	_ = fyne.CurrentApp().OpenURL(u)
	dialog.ShowInformation(lang.L("gui.report.mail"), lang.L("gui.report.attach_hint", map[string]any{"File": r.rep.FileName()}), r.u.w)
}
