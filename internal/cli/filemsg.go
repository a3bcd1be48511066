package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// fileDetail says in the run's language why a file named on the command
// line was refused when boundedio refused it (a FIFO, a device, a folder,
// a file over its limit), naming the file; any other error keeps its text.
func (r *run) fileDetail(err error) string { return fileDetail(r.msg, err) }

// certFileText says why a certificate file was refused: what the path is
// when it is no file (a folder, a pipe, a device), else the reader's code
// in words.
func (r *run) certFileText(err error) string {
	var nr *boundedio.NotRegularError
	if errors.As(err, &nr) {
		return r.fileDetail(err)
	}
	return r.msg.T("file.error." + string(certCode(err)))
}

func fileDetail(msg *i18n.Catalog, err error) string {
	var ff *flagFileError
	if errors.As(err, &ff) {
		return ff.flag + ": " + fileDetail(msg, ff.err)
	}
	var nr *boundedio.NotRegularError
	var tl *boundedio.TooLargeError
	switch {
	case errors.As(err, &nr):
		return msg.T("file.not_regular."+nr.Kind(), map[string]any{"File": nr.Path})
	case errors.As(err, &tl):
		return msg.T("file.too_large", map[string]any{"File": tl.Path, "Max": sizeText(tl.Max)})
	}
	// A file that is not there or may not be read, named, not in the
	// operating system's English.
	path := ""
	var re *boundedio.ReadError
	var pe *fs.PathError
	switch {
	case errors.As(err, &re):
		path = re.Path
	case errors.As(err, &pe):
		path = pe.Path
	}
	switch {
	case path != "" && errors.Is(err, fs.ErrNotExist):
		return msg.T("file.missing", map[string]any{"File": i18n.Clean(path)})
	case path != "" && errors.Is(err, fs.ErrPermission):
		return msg.T("file.denied", map[string]any{"File": i18n.Clean(path)})
	}
	return usageText(msg, err)
}

// urlText says in the run's language why a --url was refused (its
// reason; the parser's own words only as a detail of a plain syntax
// error); any other error keeps its text.
func (r *run) urlText(err error) string {
	var ue *profile.URLError
	if !errors.As(err, &ue) {
		return err.Error()
	}
	data := map[string]any{}
	if ue.Reason == profile.URLSyntax && ue.Cause != nil {
		data["Detail"] = i18n.Clean(ue.Cause.Error())
	}
	return r.msg.T("cli.bad_url", map[string]any{"Reason": r.msg.T("url.reason."+ue.Reason, data)})
}

// sizeText is a byte limit as people write it: 4 KiB, 10 MiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// passwordFileError is a --password-file (or, with nss, a
// --nss-password-file) that could not be read: a usage error, whatever the
// command was about to do.
type passwordFileError struct {
	nss bool
	err error
}

func (e *passwordFileError) Error() string {
	if e.nss {
		return "NSS primary password: " + e.err.Error()
	}
	return e.err.Error()
}
func (e *passwordFileError) Unwrap() error { return e.err }

// notFolderError is an --nss-db that names something other than a folder.
type notFolderError struct{ path string }

func (e *notFolderError) Error() string { return "--nss-db " + e.path + ": not a directory" }

// failure says why a command could not start (err from readPassword,
// r.flow, r.diagnoseRequest) and returns its exit code: 2 for a password
// file or another bad argument; 1 when the stores could not be opened
// (storeErr: the error came from r.flow or fl.Stores).
func (r *run) failure(err error, storeErr bool) (message string, code int) {
	var pe *passwordFileError
	var nf *notFolderError
	var rm *resolveMismatchError
	var ue *store.UnlistedError
	switch {
	case errors.As(err, &nf):
		return r.msg.T("cli.bad_usage", map[string]any{"Detail": r.msg.T("cli.nss_db_not_folder", map[string]any{"File": nf.path})}), ExitUsage
	case errors.As(err, &pe) && pe.nss:
		return r.msg.T("cli.nss_password_file", map[string]any{"Detail": r.fileDetail(pe.err)}), ExitUsage
	case errors.As(err, &pe):
		return r.msg.T("cli.password_file", map[string]any{"Detail": r.fileDetail(pe.err)}), ExitUsage
	case errors.As(err, &rm):
		return r.msg.T("cli.bad_usage", map[string]any{"Detail": r.msg.T("cli.resolve_mismatch", map[string]any{"Spec": i18n.Clean(rm.spec), "Want": rm.want})}), ExitUsage
	case errors.As(err, new(*profile.URLError)):
		return r.msg.T("cli.bad_usage", map[string]any{"Detail": r.urlText(err)}), ExitUsage
	case storeErr && errors.As(err, &ue):
		// No store, and a list of them unreadable: say why in words.
		var texts []string
		for _, u := range ue.Lists {
			if text, ok := r.unlistedText(u); ok {
				texts = append(texts, text)
			}
		}
		if len(texts) > 0 {
			return r.msg.T("import.no_store", map[string]any{"Detail": strings.Join(texts, " ")}), ExitFailed
		}
		return r.msg.T("import.no_store", map[string]any{"Detail": err.Error()}), ExitFailed
	case storeErr:
		return r.msg.T("import.no_store", map[string]any{"Detail": err.Error()}), ExitFailed
	}
	return r.msg.T("cli.bad_usage", map[string]any{"Detail": r.fileDetail(err)}), ExitUsage
}

// fail prints failure's message on stderr and returns its exit code.
func (r *run) fail(err error, storeErr bool) int {
	message, code := r.failure(err, storeErr)
	fmt.Fprintln(r.env.Stderr, message)
	return code
}
