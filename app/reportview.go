package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/report"
)

// reportScreen: the report's fields, the user ID, the steps as checkboxes,
// screenshots, an exact preview built in the background, and copy / save
// ZIP / mail buttons that say truthfully what happened.
type reportScreen struct {
	u                                          *ui
	root                                       fyne.CanvasObject
	userID                                     *widget.Entry
	steps                                      map[string]*widget.Check
	stepNotes                                  map[string]*textBlock // under a box: what the tool saw of the step
	mask                                       *widget.Check
	shots                                      *textBlock
	preview                                    *textBlock
	saved                                      *textBlock
	openFolder                                 *keyButton
	copyBtn, saveBtn, mailBtn, attach, capture *keyButton
	// openURL opens a mailto: link (the system's handler; tests record
	// what would be opened).
	openURL func(*url.URL) error
	// noFileManager: the machine has no file manager to open the ZIP's
	// folder with, so openFolder copies the folder's path instead (asked
	// once, when the button first appears; fmAsked then).
	noFileManager, fmAsked bool

	mu     sync.Mutex
	gen    int
	images []shot
	rep    *report.Report
	zip    string // where the ZIP was saved
	// shownGen is the request r.rep (and the preview) was built from;
	// repKey is what it was built of (fields, ticks, pictures, checklist
	// run), and zipKey what the saved ZIP was: when they differ the ZIP
	// lacks what the screen shows, and the line under the buttons says so.
	shownGen       int
	repKey, zipKey string
	// afterUpdate runs once the request pending when a save or mail was
	// pressed is shown: a ZIP never holds less than the screen.
	afterUpdate func()
}

type shot struct {
	name, kind string
	data       []byte
}

func newReportScreen(u *ui) *reportScreen {
	r := &reportScreen{u: u, steps: map[string]*widget.Check{}, stepNotes: map[string]*textBlock{}, openURL: u.opener.OpenURL}
	r.userID = widget.NewEntry()
	// An example, said to be one: a bare address in grey read as filled in.
	r.userID.SetPlaceHolder(u.t("gui.report.user_id_hint"))
	r.userID.OnChanged = func(string) { r.update() }
	stepsBox := container.NewVBox()
	for _, id := range report.StepIDs {
		c := widget.NewCheck(u.t("report.step."+id), func(bool) { r.update() })
		r.steps[id] = c
		// The note wraps on its own line: beside the name, a long note
		// ran the box past the window's edge.
		note := newText("")
		note.Importance = widget.LowImportance
		note.Hide()
		r.stepNotes[id] = note
		indent := canvas.NewRectangle(color.Transparent)
		indent.SetMinSize(fyne.NewSize(theme.IconInlineSize()+theme.InnerPadding(), 0))
		stepsBox.Add(container.NewVBox(c, container.NewBorder(nil, nil, indent, nil, note)))
	}
	r.mask = widget.NewCheck(u.t("gui.report.mask"), func(bool) { r.update() })
	r.shots = newText(u.t("gui.report.shot_hint"))
	r.attach = newButton(u.t("gui.report.attach"), theme.FileImageIcon(), r.attachFile)
	r.capture = newButton(u.t("gui.report.capture"), theme.ContentAddIcon(), r.captureWindow)
	// Exactly what will be sent, read-only, at its full height in the
	// page: in a box of its own it took the wheel from the page's scroll
	// and shrank to a line when the line under the buttons grew.
	r.preview = newText("")
	r.copyBtn = newButton(u.t("gui.report.copy"), theme.ContentCopyIcon(), r.copyText)
	r.saveBtn = newButton(u.t("gui.report.save"), theme.DocumentSaveIcon(), r.saveAs)
	r.mailBtn = newButton(u.t("gui.report.mail"), theme.MailSendIcon(), r.openMail)
	r.mailBtn.Importance = widget.HighImportance
	r.saved = newText("")
	r.saved.Hide()
	r.openFolder = newButton(u.t("gui.report.open_folder"), theme.FolderOpenIcon(), r.showFolder)
	r.openFolder.Hide()
	form := widget.NewForm(widget.NewFormItem(u.t("report.user_id"), r.userID))
	top := container.NewVBox()
	if u.demo != nil {
		// In the demo nothing is sent and nothing lands in the user's
		// folders: say so before anything is pressed.
		note := newText(u.t("gui.report.demo_note", map[string]any{"Dir": u.demo.Dir}))
		note.Importance = widget.WarningImportance
		top.Add(note)
	}
	// The actions and what they did stay in sight below the page, as the
	// wizard's bar does: at the default size the end of the page (where
	// they were) is off screen.
	actions := container.NewVBox(widget.NewSeparator(), container.NewPadded(container.NewVBox(
		container.NewGridWithColumns(3, r.copyBtn, r.saveBtn, r.mailBtn),
		container.NewBorder(nil, nil, nil, r.openFolder, r.saved))))
	r.root = container.NewBorder(nil, actions, nil, nil, newWheelScroll(container.NewPadded(container.NewVBox(
		top, form,
		newBoldText(u.t("report.section.steps")), stepsBox,
		newBoldText(u.t("report.section.capture")),
		r.shots, container.NewHBox(r.attach, r.capture), r.mask,
		newBoldText(u.t("gui.report.preview")), widget.NewCard("", "", r.preview),
	))))
	return r
}

// update rebuilds the report in the background from the last checklist
// run and the fields; typing never waits for it (the inventory and the
// machine facts are gathered once by the flow). The newest request wins.
func (r *reportScreen) update() {
	u := r.u
	var done []string
	for _, id := range report.StepIDs {
		if r.steps[id].Checked {
			done = append(done, id)
		}
	}
	req := flow.ReportRequest{UserID: r.userID.Text, Done: done, Mask: r.mask.Checked, Lang: string(u.msg.Lang)}
	if u.diag != nil {
		req.Diagnosis = *u.diag
	}
	r.mu.Lock()
	r.gen++
	gen := r.gen
	images := append([]shot{}, r.images...)
	r.mu.Unlock()
	key := fmt.Sprintf("%q|%q|%v|%s|%d|%p", req.UserID, done, req.Mask, req.Lang, len(images), u.diag)
	var rep *report.Report
	var text string
	u.async(func() {
		var err error
		if rep, err = u.fl.Report(context.Background(), req); err != nil {
			return
		}
		if u.diag != nil {
			_ = helpdesk.Stamp(context.Background(), u.fl, *u.diag, rep)
		}
		for _, s := range images {
			_ = rep.AddScreenshotData(s.name, s.kind, s.data)
		}
		text = rep.Text(u.msg, u.fl.Profile())
	}, func() {
		r.mu.Lock()
		stale := gen != r.gen
		r.mu.Unlock()
		if stale || rep == nil {
			return
		}
		for _, s := range rep.Steps {
			// The note under the box says what the tool saw, in the
			// preview's words; the box stays what the user ticked (the
			// preview's 実施済み is the box, never the tool).
			note := r.stepNotes[s.ID]
			if s.Verified {
				note.Text = report.VerifiedNote(u.msg, s.ID)
				note.Show()
			} else {
				note.Hide()
			}
			note.Refresh()
		}
		r.rep, r.shownGen, r.repKey = rep, gen, key
		r.preview.SetText(text)
		r.sayZIP()
		browser, tool := 0, 0
		for _, s := range images {
			if s.kind == report.ShotTool {
				tool++
			} else {
				browser++
			}
		}
		if len(images) > 0 {
			r.shots.SetText(u.t("gui.report.attached", map[string]any{"Browser": browser, "Tool": tool}))
		}
		if f := r.afterUpdate; f != nil {
			r.afterUpdate = nil
			f()
		}
	})
}

// whenShown runs f now when the screen shows the newest request, else
// once it does (a box ticked or a picture attached a moment before the
// press is in the ZIP).
func (r *reportScreen) whenShown(f func()) {
	r.mu.Lock()
	current := r.shownGen == r.gen
	r.mu.Unlock()
	if current {
		f()
		return
	}
	r.afterUpdate = f
}

func (r *reportScreen) addImage(name, kind string, data []byte) {
	probe := &report.Report{}
	if err := probe.AddScreenshotData(name, kind, data); err != nil {
		r.u.inform(r.u.t("gui.report.attach"), r.u.t("report.bad_screenshot", map[string]any{"Detail": err.Error()}))
		return
	}
	r.mu.Lock()
	r.images = append(r.images, shot{name, kind, data})
	r.mu.Unlock()
	r.update()
}

func (r *reportScreen) attachFile() {
	r.u.chooseFile(imageFiles, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			r.u.inform(r.u.t("gui.report.attach"), r.u.t("report.bad_screenshot", map[string]any{"Detail": err.Error()}))
			return
		}
		defer f.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(&limitReader{f, report.MaxScreenshotBytes + 1}); err == nil {
			r.addImage(filepath.Base(path), report.ShotBrowser, buf.Bytes())
		}
	})
}

// limitReader stops a read at n bytes (the screenshot cap + 1).
type limitReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, bytes.ErrTooLarge
	}
	if len(p) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= n
	return n, err
}

// captureWindow attaches a picture of this tool's own window, labelled as
// such (it is not the browser's error screen the manual asks for).
func (r *reportScreen) captureWindow() {
	img := paintWindow(r.u.w)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return
	}
	r.addImage("window.png", report.ShotTool, buf.Bytes())
}

// paintWindow paints the window's content as the window shows it, at its
// size in pixels, with Fyne's software painter. The window canvas's own
// Capture reads the graphics card's front buffer, which some drivers leave
// empty: under Xvfb (Mesa) the attached picture was fully transparent. The
// software canvas gets the window's size, scale and padding, so the live
// content keeps its size and place (rendering it on a canvas of its
// minimum size laid the window out in its corner until resized); its size
// and place are put back all the same.
func paintWindow(w fyne.Window) image.Image {
	wc := w.Canvas()
	content := wc.Content()
	size, pos := content.Size(), content.Position()
	c := software.NewCanvas()
	c.SetPadded(w.Padded())
	c.SetScale(wc.Scale())
	c.Resize(wc.Size())
	c.SetContent(content)
	img := c.Capture()
	if content.Size() != size || content.Position() != pos {
		content.Resize(size)
		content.Move(pos)
	}
	return img
}

func (r *reportScreen) copyText() {
	fyne.CurrentApp().Clipboard().SetContent(r.preview.Text)
	key := "gui.report.copied"
	if r.u.demo != nil {
		// The demo's report is about a demo server: not to be sent.
		key = "gui.report.copied_demo"
	}
	r.u.inform(r.u.t("gui.report.copy"), r.u.t(key))
}

// dir is where the ZIP goes without asking: in the demo its scratch folder
// (removed when the demo ends), never the user's own folders; else the
// folder the dialogs start in (Downloads).
func (r *reportScreen) dir() string {
	if d := r.u.demo; d != nil {
		return d.Dir
	}
	return r.u.downloads()
}

// reportDir is where the ZIP goes: Downloads, else the home directory.
func reportDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	for _, d := range []string{filepath.Join(home, "Downloads"), filepath.Join(home, "ダウンロード")} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return home
}

// saveAs asks where the bundle goes (the system's save dialog, starting
// in Downloads) and writes it there.
func (r *reportScreen) saveAs() {
	r.whenShown(func() {
		if r.rep == nil {
			return
		}
		if r.u.demo != nil {
			// The demo touches nothing of the user's: no choice of folder.
			r.saveAndSay(filepath.Join(r.dir(), r.rep.FileName()))
			return
		}
		r.u.saveFile(reportSave, r.rep.FileName(), r.saveAndSay)
	})
}

// saveAndSay writes the bundle and says where, in the line under the
// buttons and in a dialog as well: the user chose where it goes and is
// told, once, that it is there.
func (r *reportScreen) saveAndSay(path string) {
	if r.writeZIP(path) != "" {
		r.u.inform(r.u.t("gui.report.save"), r.saved.Text)
	}
}

// saveZIP writes the bundle where r.dir says (for the mail to attach) and
// shows where; it returns the path ("" on failure, after saying why).
func (r *reportScreen) saveZIP() string {
	if r.rep == nil {
		return ""
	}
	return r.writeZIP(filepath.Join(r.dir(), r.rep.FileName()))
}

// writeZIP writes the bundle to path and shows where.
func (r *reportScreen) writeZIP(path string) string {
	u := r.u
	if r.rep == nil {
		return ""
	}
	data, err := r.rep.ZIP(u.msg, u.fl.Profile())
	if err == nil {
		if err = os.WriteFile(path, data, 0o600); err == nil {
			r.zip, r.zipKey = path, r.repKey
			r.sayZIP()
			return path
		}
	}
	u.inform(u.t("gui.report.save"), u.t("gui.report.save_failed", map[string]any{"Detail": err.Error()}))
	return ""
}

// sayZIP says in the line under the buttons what the saved ZIP is: its
// name on a line of its own (never broken) and its folder, or, once the
// report changed after the save, that it is older than what is shown (the
// path button goes with it: that ZIP is not the one to send).
func (r *reportScreen) sayZIP() {
	u := r.u
	if r.zip == "" {
		return
	}
	if r.zipKey != r.repKey {
		r.saved.Importance = widget.WarningImportance
		r.saved.SetText(u.t("gui.report.saved_stale", zipPlace(r.zip, nil)))
		r.saved.Show()
		r.openFolder.Hide()
		return
	}
	key := "gui.report.saved"
	if u.demo != nil {
		key = "gui.report.saved_demo"
	}
	r.saved.Importance = widget.MediumImportance
	r.saved.SetText(u.t(key, zipPlace(r.zip, nil)))
	r.saved.Show()
	r.showFolderButton()
}

// showFolderButton shows the button beside the saved line: 「保存先の
// フォルダーを開く」 where a file manager exists, else 「ZIP のパスを
// コピー」 (asking the system once).
func (r *reportScreen) showFolderButton() {
	if !r.fmAsked {
		r.fmAsked = true
		if err := r.u.opener.FileManager(); err != nil {
			r.setNoFileManager()
		}
	}
	r.openFolder.Show()
}

// setNoFileManager turns the button into 「ZIP のパスをコピー」.
func (r *reportScreen) setNoFileManager() {
	r.noFileManager = true
	r.openFolder.SetText(r.u.t("gui.report.copy_path"))
	r.openFolder.SetIcon(theme.ContentCopyIcon())
}

// showFolder shows the saved ZIP in the file manager; without one it
// copies the ZIP's full path (the path the line under the buttons shows)
// and says so. Why there is no folder to open is said only to a user who
// pressed 「保存先のフォルダーを開く」 and found none. Nothing is said
// when the file manager opened: its window is the answer.
func (r *reportScreen) showFolder() {
	u := r.u
	if r.zip == "" {
		return
	}
	key := "gui.report.path_copied"
	if !r.noFileManager {
		err := u.opener.ShowFile(r.zip)
		switch {
		case err == nil:
			return
		case !noFileManager(err):
			u.inform(u.t("gui.report.open_folder"), u.t("gui.report.folder_failed", map[string]any{"Folder": filepath.Dir(r.zip), "Detail": err.Error()}))
			return
		}
		r.setNoFileManager()
		key = "gui.report.path_copied_instead"
	}
	fyne.CurrentApp().Clipboard().SetContent(r.zip)
	u.inform(u.t("gui.report.copy_path"), u.t(key, map[string]any{"File": r.zip}))
}

func (r *reportScreen) mailto() string {
	if r.rep == nil {
		return ""
	}
	return r.rep.Mailto(r.u.msg, r.u.fl.Profile())
}

// openMail saves the ZIP first, then opens a draft; it says a draft was
// opened only when the system accepted the mailto: link. In the demo it
// opens no mail at all (a draft to the real helpdesk about a demo server
// would be sent by mistake) and says so.
func (r *reportScreen) openMail() { r.whenShown(r.mailNow) }

// mailNow saves the ZIP of what the screen shows and opens the draft that
// names it.
func (r *reportScreen) mailNow() {
	u := r.u
	path := r.saveZIP()
	if path == "" {
		return
	}
	if u.demo != nil {
		u.inform(u.t("gui.report.mail"), u.t("gui.report.demo_mail", zipPlace(path, map[string]any{"Support": u.fl.Profile().SupportEmail})))
		return
	}
	link, err := url.Parse(r.mailto())
	if err != nil {
		u.inform(u.t("gui.report.mail"), u.t("gui.report.no_mailer", zipPlace(path, map[string]any{"Support": u.fl.Profile().SupportEmail})))
		return
	}
	// Off the UI thread: the system's opener may take seconds to answer
	// (platform/opener waits to learn whether the mail program started).
	u.async(func() { err = r.openURL(link) }, func() {
		if err != nil {
			u.inform(u.t("gui.report.mail"), u.t("gui.report.no_mailer", zipPlace(path, map[string]any{"Support": u.fl.Profile().SupportEmail})))
			return
		}
		u.inform(u.t("gui.report.mail"), u.t("gui.report.attach_hint", zipPlace(path, nil)))
	})
}

// zipPlace adds the saved ZIP's name and folder to a message's data: a
// mailto: link cannot attach a file, so the user attaches it by hand and
// must know which file and where it is.
func zipPlace(path string, data map[string]any) map[string]any {
	if data == nil {
		data = map[string]any{}
	}
	data["Name"], data["Folder"] = filepath.Base(path), filepath.Dir(path)
	return data
}
