package flow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/renewal"
)

// Arrival is a certificate file found in a download folder, read at once
// with the profile's password and classified against what is installed.
type Arrival struct {
	Path    string
	Size    int64
	ModTime time.Time
	// Identity is what the file holds (nil when unreadable).
	Identity *certfile.Identity
	// Err says why it could not be read (certfile.CodeOf gives the code:
	// wrong-password, corrupt ...).
	Err error
	// Class: successor (offer to install), same, older, other-env,
	// unreadable.
	Class renewal.Class
	// Cert is the certificate as the popup shows it (zero when unreadable).
	Cert renewal.Cert
}

// WatchMode says how a folder is watched.
type WatchMode string

// Watch modes.
const (
	WatchNotify WatchMode = "notify" // the OS reports changes (fsnotify)
	WatchPoll   WatchMode = "poll"   // listed again every poll interval
)

// WatchedDir is one watched folder.
type WatchedDir struct {
	Path string
	Mode WatchMode
}

// WatchRequest is what to watch and how.
type WatchRequest struct {
	// Dirs are the folders (nil: DownloadDirs).
	Dirs []string
	// Password reads the files ("" = the profile's default).
	Password string
	// Settle is how long a file's size and time must stay unchanged before
	// it is read (a download still growing is waited for). Default 300 ms.
	Settle time.Duration
	// Poll is the listing interval where change notification is
	// unavailable. Default 1 s.
	Poll time.Duration
	// ForcePoll polls even where notification works (the fallback, tested).
	ForcePoll bool
	// GiveUp is how long a file that does not decode must stay unchanged
	// before it is reported unreadable (a download cut short may still
	// grow). Default 3 s.
	GiveUp time.Duration
}

// ErrNoDownloadDir: none of the folders exists.
var ErrNoDownloadDir = errors.New("no download folder to watch")

// Watcher reports certificate files that appear in the download folders
// after it started: a new name (クライアント証明書 (1).p12), a browser's
// partial download (.crdownload, .part) renamed when complete, or a file
// written again. A file is read once it has stopped growing.
type Watcher struct {
	f      *Flow
	req    WatchRequest
	dirs   []WatchedDir
	out    chan Arrival
	cancel context.CancelFunc
	done   chan struct{}
	fsw    *fsnotify.Watcher

	seen    map[string]sig // what was there, or already reported
	pending map[string]*pendingFile
}

type sig struct {
	size int64
	mod  time.Time
}

type pendingFile struct {
	sig    sig
	since  time.Time // unchanged since
	failed sig       // the version that did not decode
}

// WatchDownloads starts watching. Arrivals are delivered on the channel
// until ctx ends or Close is called (then the channel is closed).
func (f *Flow) WatchDownloads(ctx context.Context, req WatchRequest) (*Watcher, error) {
	if req.Dirs == nil {
		req.Dirs = f.DownloadDirs()
	}
	if req.Password == "" {
		req.Password = f.d.Profile.DefaultPassword
	}
	if req.Settle <= 0 {
		req.Settle = 300 * time.Millisecond
	}
	if req.Poll <= 0 {
		req.Poll = time.Second
	}
	if req.GiveUp <= 0 {
		req.GiveUp = 3 * time.Second
	}
	var dirs []string
	for _, d := range req.Dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			dirs = append(dirs, filepath.Clean(d))
		}
	}
	if len(dirs) == 0 {
		return nil, ErrNoDownloadDir
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{f: f, req: req, out: make(chan Arrival, 8), cancel: cancel, done: make(chan struct{}),
		seen: map[string]sig{}, pending: map[string]*pendingFile{}}
	if !req.ForcePoll {
		if fsw, err := fsnotify.NewWatcher(); err == nil {
			w.fsw = fsw
		}
	}
	for _, d := range dirs {
		mode := WatchPoll
		if w.fsw != nil && w.fsw.Add(d) == nil {
			mode = WatchNotify
		}
		w.dirs = append(w.dirs, WatchedDir{Path: d, Mode: mode})
		for path, s := range listCandidates(d) {
			w.seen[path] = s
		}
	}
	go w.loop(ctx)
	return w, nil
}

// Arrivals delivers each file as it is read.
func (w *Watcher) Arrivals() <-chan Arrival { return w.out }

// Dirs are the watched folders and how each is watched.
func (w *Watcher) Dirs() []WatchedDir { return append([]WatchedDir{}, w.dirs...) }

// Close stops watching and waits until the watcher has stopped (safe to
// call more than once).
func (w *Watcher) Close() {
	w.cancel()
	<-w.done
}

func (w *Watcher) loop(ctx context.Context) {
	defer close(w.done)
	defer close(w.out)
	if w.fsw != nil {
		defer w.fsw.Close()
	}
	var events chan fsnotify.Event
	var errs chan error
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	}
	tick := time.NewTicker(tickOf(w.req.Settle))
	defer tick.Stop()
	lastPoll := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				w.demoteAll()
				continue
			}
			// A partial download completing is a rename onto the final
			// name: a Create of it. Removals and renames away are noticed
			// when the pending file is gone.
			if (ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write) || ev.Has(fsnotify.Chmod)) && candidate(ev.Name) {
				w.touch(ev.Name)
			}
		case _, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			// Events were lost (queue overflow): look at everything again.
			w.rescan(false)
		case now := <-tick.C:
			if now.Sub(lastPoll) >= w.req.Poll {
				lastPoll = now
				w.rescan(true)
			}
			if !w.settle(ctx) {
				return
			}
		}
	}
}

// demoteAll switches every folder to polling (notification stopped).
func (w *Watcher) demoteAll() {
	for i := range w.dirs {
		w.dirs[i].Mode = WatchPoll
	}
}

// rescan lists the folders (only the polled ones when pollOnly) and marks
// what changed since it was last seen.
func (w *Watcher) rescan(pollOnly bool) {
	for _, d := range w.dirs {
		if pollOnly && d.Mode != WatchPoll {
			continue
		}
		for path, s := range listCandidates(d.Path) {
			if _, busy := w.pending[path]; busy {
				continue
			}
			if old, ok := w.seen[path]; !ok || old != s {
				w.touch(path)
			}
		}
	}
}

func (w *Watcher) touch(path string) {
	if _, ok := w.pending[path]; !ok {
		w.pending[path] = &pendingFile{}
	}
}

// settle reads the pending files whose size and time have stopped
// changing; it returns false when the watcher must stop.
func (w *Watcher) settle(ctx context.Context) bool {
	now := time.Now()
	paths := make([]string, 0, len(w.pending))
	for p := range w.pending {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, path := range paths {
		p := w.pending[path]
		st, err := os.Stat(path)
		if err != nil || !st.Mode().IsRegular() {
			delete(w.pending, path) // gone (renamed away, deleted)
			continue
		}
		s := sig{size: st.Size(), mod: st.ModTime()}
		if s != p.sig {
			p.sig, p.since = s, now
			continue
		}
		if now.Sub(p.since) < w.req.Settle || s.size == 0 || partialSibling(path) {
			continue
		}
		if s == w.seen[path] {
			delete(w.pending, path) // nothing new (touched, same content)
			continue
		}
		if p.failed == s {
			if now.Sub(p.since) < w.req.GiveUp {
				continue
			}
		}
		a := w.f.readArrival(ctx, path, w.req.Password, s)
		if a.Class == renewal.ClassUnreadable && retryable(a.Err) && now.Sub(p.since) < w.req.GiveUp {
			p.failed = s // perhaps still arriving: wait for more, or give up later
			continue
		}
		w.seen[path] = s
		delete(w.pending, path)
		select {
		case w.out <- a:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// retryable: a file that may only be incomplete (not a wrong password).
func retryable(err error) bool {
	switch certfile.CodeOf(err) {
	case certfile.Corrupt, certfile.Unsupported, certfile.Unreadable:
		return true
	}
	return false
}

// readArrival reads and classifies one file.
func (f *Flow) readArrival(ctx context.Context, path, password string, s sig) Arrival {
	a := Arrival{Path: path, Size: s.size, ModTime: s.mod}
	id, _, err := certfile.Open(path, password)
	if err != nil {
		a.Err, a.Class = err, renewal.ClassUnreadable
		return a
	}
	a.Identity = id
	a.Class = f.Classify(ctx, id)
	a.Cert = renewal.CertOf(id.Leaf, f.Now(), f.d.Profile)
	return a
}

// Classify places a file's identity against what is installed: successor
// (same environment, later expiry), same, older, other-env.
func (f *Flow) Classify(ctx context.Context, id *certfile.Identity) renewal.Class {
	return f.Renewal(ctx, RenewalRequest{}).State.Classify(id.Leaf)
}

// ReadDownload reads one certificate file as an arrival (the window's
// "choose the file" and `renew FILE`).
func (f *Flow) ReadDownload(ctx context.Context, path, password string) Arrival {
	if password == "" {
		password = f.d.Profile.DefaultPassword
	}
	var s sig
	if st, err := os.Stat(path); err == nil {
		s = sig{size: st.Size(), mod: st.ModTime()}
	}
	return f.readArrival(ctx, path, password, s)
}

// maxDownloads bounds the files FindDownloads reads.
const maxDownloads = 20

// FindDownloads reads the certificate files already in the folders (nil:
// DownloadDirs), newest first, at most 20: a successor among them is one
// the user downloaded but did not install.
func (f *Flow) FindDownloads(ctx context.Context, dirs []string, password string) []Arrival {
	if dirs == nil {
		dirs = f.DownloadDirs()
	}
	type file struct {
		path string
		s    sig
	}
	var files []file
	for _, d := range dirs {
		for path, s := range listCandidates(d) {
			files = append(files, file{path, s})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].s.mod.After(files[j].s.mod) })
	if len(files) > maxDownloads {
		files = files[:maxDownloads]
	}
	if password == "" {
		password = f.d.Profile.DefaultPassword
	}
	var out []Arrival
	for _, fl := range files {
		if ctx.Err() != nil {
			break
		}
		out = append(out, f.readArrival(ctx, fl.path, password, fl.s))
	}
	return out
}

// maxListed bounds one folder listing.
const maxListed = 10000

// listCandidates lists a folder's certificate files (not recursive).
func listCandidates(dir string) map[string]sig {
	out := map[string]sig{}
	d, err := os.Open(dir)
	if err != nil {
		return out
	}
	defer d.Close()
	entries, _ := d.ReadDir(maxListed)
	for _, e := range entries {
		if !candidate(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out[filepath.Join(dir, e.Name())] = sig{size: info.Size(), mod: info.ModTime()}
	}
	return out
}

// candidate: a .p12 or .pfx name (any case); partial downloads
// (.crdownload, .part, .download) are not, until renamed.
func candidate(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".p12" || ext == ".pfx"
}

// partialSibling: the browser still writes the file (Firefox keeps
// X.p12.part beside the empty X.p12; Chrome X.p12.crdownload; Safari
// X.p12.download).
func partialSibling(path string) bool {
	for _, suffix := range []string{".part", ".crdownload", ".download"} {
		if _, err := os.Stat(path + suffix); err == nil {
			return true
		}
	}
	return false
}

func tickOf(settle time.Duration) time.Duration {
	t := settle / 3
	if t > 100*time.Millisecond {
		t = 100 * time.Millisecond
	}
	if t < 10*time.Millisecond {
		t = 10 * time.Millisecond
	}
	return t
}
