package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
)

func init() {
	register(command{name: "report", flags: []string{"json", "url", "resolve", "server-ca", "p12", "password-file",
		"timeout", "store", "nss-db", "nss-password-file", "user-id", "screenshot", "done", "format", "out", "from", "mask", "force", "pick"},
		run: runReport})
}

// maxSavedRun bounds a --from file (a diagnose run is a few KiB).
const maxSavedRun = 4 << 20

func runReport(r *run) int {
	if r.opts.JSON {
		r.opts.Format = "json"
	}
	if len(r.opts.Args) != 0 || (r.opts.Format != "txt" && r.opts.Format != "json" && r.opts.Format != "zip") {
		return r.usageArgs(0, "report [--format txt|json|zip] [--out FILE]")
	}
	fl, err := r.flow()
	if err != nil {
		return r.fail(err, false)
	}
	var d flow.Diagnosis
	if r.opts.From != "" {
		data, err := boundedio.ReadFile(r.opts.From, maxSavedRun)
		if err == nil {
			d, err = flow.ReadDiagnosis(data)
		}
		if err != nil {
			fmt.Fprintln(r.env.Stderr, r.msg.T("report.bad_from", map[string]any{"Detail": r.fileDetail(err)}))
			return ExitUsage
		}
	} else {
		req, err := r.diagnoseRequest()
		if err != nil {
			return r.fail(err, false)
		}
		if req.P12Err != nil {
			// A report about a file it could not open would hold a checklist
			// the user did not ask for: say why and write nothing.
			fmt.Fprintln(r.env.Stderr, r.msg.T("report.bad_p12", map[string]any{"File": i18n.Clean(r.opts.P12), "Detail": r.certFileText(req.P12Err)}))
			return exitFor(certCode(req.P12Err))
		}
		d = fl.Diagnose(context.Background(), req)
	}
	rep, err := fl.Report(context.Background(), flow.ReportRequest{Diagnosis: d, UserID: r.opts.UserID,
		Done: r.opts.Done, Mask: r.opts.Mask, Lang: r.lang()})
	if err != nil {
		return r.fail(err, false)
	}
	_ = helpdesk.Stamp(context.Background(), fl, d, rep) // the support code and renewal state; "" for a run no format holds
	for _, s := range r.opts.Screenshots {
		if err := rep.AddScreenshot(s); err != nil {
			fmt.Fprintln(r.env.Stderr, r.msg.T("report.bad_screenshot", map[string]any{"Detail": r.fileDetail(err)}))
			return ExitUsage
		}
	}
	var data []byte
	switch r.opts.Format {
	case "txt":
		data = []byte(rep.FileText(r.msg, r.prof))
	case "json":
		data, err = rep.JSON()
	case "zip":
		data, err = rep.ZIP(r.msg, r.prof)
		if r.opts.Out == "" {
			r.opts.Out = rep.FileName()
		}
	}
	if err != nil {
		fmt.Fprintln(r.env.Stderr, err)
		return ExitFailed
	}
	if r.opts.Out == "" {
		_, _ = r.env.Stdout.Write(data)
		return ExitOK
	}
	if err := writeNew(r.opts.Out, data, r.opts.Force); err != nil {
		key := "report.write_failed"
		switch {
		case errors.Is(err, errNotFile):
			key = "report.not_file"
		case errors.Is(err, fs.ErrExist):
			key = "report.exists"
		}
		fmt.Fprintln(r.env.Stderr, r.msg.T(key, map[string]any{"File": r.opts.Out, "Detail": err.Error()}))
		return ExitFailed
	}
	fmt.Fprintln(r.env.Stderr, r.msg.T("report.written", map[string]any{"File": r.opts.Out}))
	return ExitOK
}

// errNotFile: report --out names a link, a folder, a FIFO or a device,
// which --force does not overwrite either.
var errNotFile = errors.New("not a regular file")

// writeNew writes a report file: never through a symbolic link, and over an
// existing file only with force.
func writeNew(path string, data []byte, force bool) error {
	if st, err := os.Lstat(path); err == nil {
		if st.Mode()&os.ModeSymlink != 0 || !st.Mode().IsRegular() {
			return fmt.Errorf("write %s: %w", path, errNotFile)
		}
		if !force {
			return fmt.Errorf("write %s: %w", path, fs.ErrExist)
		}
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags|noFollow, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
