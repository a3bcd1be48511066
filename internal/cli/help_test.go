package cli

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"rootip-cert/internal/i18n"
)

// runLang runs a command line with LANG set as a user's shell sets it.
func runLang(lang string, args ...string) result {
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}}
	code := Run(args, env)
	return result{code, out.String(), errb.String()}
}

var japanese = regexp.MustCompile(`[ぁ-んァ-ン一-龯]`)

var helpFlagLine = regexp.MustCompile(`(?m)^  (--[a-z0-9-]+)`)

// TestEveryCommandHasItsOwnHelp: `CMD --help`, `CMD -h` and `help CMD`
// print that command's help (exit 0) in the language of LANG, listing
// every flag the command accepts — taken from its registration, so the
// help cannot drift from the flags — and no flag it refuses, an example
// of the command and the exit codes it can return.
func TestEveryCommandHasItsOwnHelp(t *testing.T) {
	general := runLang("ja_JP.UTF-8", "--help").stdout
	for name, cmd := range commands {
		if _, ok := commandExits[name]; !ok {
			t.Errorf("%s: no exit codes listed for its help", name)
		}
		for _, lang := range []struct{ env, flags, exit, other string }{
			{"ja_JP.UTF-8", "オプション:", "終了コード:", "Options:"},
			{"en_US.UTF-8", "Options:", "Exit codes:", "オプション:"},
		} {
			r := runLang(lang.env, name, "--help")
			help := r.stdout
			if r.code != ExitOK || r.stderr != "" {
				t.Errorf("%s --help (LANG=%s): exit %d, stderr %q", name, lang.env, r.code, r.stderr)
			}
			if help == general || !strings.HasPrefix(help, "rootip-cert "+name+" — ") {
				t.Errorf("%s --help (LANG=%s) is not the command's own help:\n%s", name, lang.env, help)
				continue
			}
			for _, alt := range [][]string{{name, "-h"}, {"help", name}, {name, "--json", "--help"}} {
				if a := runLang(lang.env, alt...); a.code != ExitOK || a.stdout != help {
					t.Errorf("%v (LANG=%s): exit %d, not the same help as --help:\n%s", alt, lang.env, a.code, a.stdout)
				}
			}
			if m := regexp.MustCompile(`cli\.(help|flag|exit|usage)\.[a-z0-9.-]+`).FindString(help); m != "" {
				t.Errorf("%s --help (LANG=%s) shows the key %q instead of a text", name, lang.env, m)
			}
			if !strings.Contains(help, lang.flags) || !strings.Contains(help, lang.exit) || strings.Contains(help, lang.other) {
				t.Errorf("%s --help (LANG=%s) is not in that language:\n%s", name, lang.env, help)
			}
			flagPart, rest, _ := strings.Cut(help[strings.Index(help, lang.flags):], "\n\n")
			if lang.env == "en_US.UTF-8" && japanese.MatchString(flagPart) {
				t.Errorf("%s --help (LANG=%s): a flag is explained in Japanese:\n%s", name, lang.env, flagPart)
			}
			listed := []string{}
			for _, m := range helpFlagLine.FindAllStringSubmatch(flagPart, -1) {
				listed = append(listed, strings.TrimPrefix(m[1], "--"))
			}
			for _, f := range helpFlags(cmd) {
				if !slices.Contains(listed, f) {
					t.Errorf("%s --help (LANG=%s) does not list --%s, which the command accepts", name, lang.env, f)
				}
			}
			for _, f := range listed {
				if _, err := parseOptions(name, []string{"--" + f + "=" + sampleValue(f)}, cmd.flags, io.Discard); err != nil {
					t.Errorf("%s --help (LANG=%s) lists --%s, which the command refuses: %v", name, lang.env, f, err)
				}
			}
			if !strings.Contains(rest, "  rootip-cert "+name) {
				t.Errorf("%s --help (LANG=%s) has no example of the command:\n%s", name, lang.env, rest)
			}
			exits := rest[strings.Index(rest, lang.exit):]
			for _, code := range commandExits[name] {
				if !strings.Contains(exits, fmt.Sprintf("\n  %d  ", code)) {
					t.Errorf("%s --help (LANG=%s) does not explain exit code %d:\n%s", name, lang.env, code, exits)
				}
			}
		}
	}
	if r := runLang("", "help", "frobnicate"); r.code != ExitUsage || !strings.Contains(r.stderr, "frobnicate") {
		t.Errorf("help of an unknown command: exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(general, "--help") {
		t.Errorf("the general help does not say how to get a command's own help:\n%s", general)
	}
}

// TestHelpNamesTheFlagsThatWereMissing: the flags a helpdesk agent could not
// find in the general help are in the commands' own help, with their
// values where they take a fixed set.
func TestHelpNamesTheFlagsThatWereMissing(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		want []string
	}{
		{"report", []string{"--done STEP", "browser-restart", "reinstall", "--screenshot FILE", "--format txt|json|zip", "--mask", "--user-id ID", "--from FILE"}},
		{"demo", []string{"--break MODE", "wrong-ca", "forbidden", "--renewal"}},
		{"diagnose", []string{"--quiet", "--url URL", "--p12 FILE"}},
	} {
		for _, lang := range []string{"ja", "en"} {
			help := runLang("", tc.cmd, "--help", "--lang", lang).stdout
			for _, w := range tc.want {
				if !strings.Contains(help, w) {
					t.Errorf("%s --help --lang %s lacks %q", tc.cmd, lang, w)
				}
			}
		}
	}
}

// sampleValue is a value each flag parses.
func sampleValue(flag string) string {
	switch flag {
	case "timeout":
		return "5s"
	case "store":
		return "nss"
	}
	if _, ok := flagArgs[flag]; ok {
		return "x"
	}
	return "true"
}

// TestStoreHelpNamesOnlyThisOSsStores: every command that takes --store
// offers, in its own help and in the general one, only the stores the
// running OS has — no `--store windows|keychain` on Linux, where those only
// fail — checked for each OS the help can be built for.
func TestStoreHelpNamesOnlyThisOSsStores(t *testing.T) {
	storeLine := regexp.MustCompile(`(?m)^  --store (\S+) `)
	want := map[string]string{"linux": "nss|all", "freebsd": "nss|all", "darwin": "keychain|nss|all", "windows": "windows|nss|all"}
	withStore := 0
	for name, cmd := range commands {
		if !slices.Contains(cmd.flags, "store") {
			continue
		}
		withStore++
		for goos, values := range want {
			for _, msg := range []*i18n.Catalog{i18n.New(i18n.JA), i18n.New(i18n.EN)} {
				m := storeLine.FindStringSubmatch(commandHelpOn(msg, cmd, goos))
				if m == nil || m[1] != values {
					t.Errorf("%s --help on %s (%s): --store %v, want %s", name, goos, msg.Lang, m, values)
				}
			}
		}
		if m := storeLine.FindStringSubmatch(runLang("", name, "--help").stdout); m == nil || m[1] != want[runtime.GOOS] && runtime.GOOS != "freebsd" {
			t.Errorf("%s --help here (%s): --store %v", name, runtime.GOOS, m)
		}
	}
	if withStore < 3 {
		t.Fatalf("only %d commands take --store", withStore)
	}
	for _, lang := range []string{"ja_JP.UTF-8", "en_US.UTF-8"} {
		general := runLang(lang, "--help").stdout
		if !strings.Contains(general, "--store "+storeValues(runtime.GOOS)+" ") {
			t.Errorf("the general help (LANG=%s) does not offer this OS's stores:\n%s", lang, general)
		}
		if runtime.GOOS != "windows" && strings.Contains(general, "windows|") || runtime.GOOS != "darwin" && strings.Contains(general, "keychain|") {
			t.Errorf("the general help (LANG=%s) offers a store this OS lacks:\n%s", lang, general)
		}
	}
}

// TestUsageSaysHowToSwitchLanguageFirst: the general help's first line
// tells a reader of the other language how to switch (LANG=C falls back
// to Japanese), and the help names no source-tree path an installed user
// does not have.
func TestUsageSaysHowToSwitchLanguageFirst(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"C", "--help --lang en"}, {"ja_JP.UTF-8", "--help --lang en"}, {"en_US.UTF-8", "--help --lang ja"},
	} {
		out := runLang(tc.lang, "--help").stdout
		first, _, _ := strings.Cut(out, "\n")
		if !strings.Contains(first, tc.want) {
			t.Errorf("LANG=%s: first line %q lacks %q", tc.lang, first, tc.want)
		}
		// What the first line says works.
		args := strings.Fields(tc.want)
		if r := runLang(tc.lang, args...); r.code != ExitOK || r.stdout == out {
			t.Errorf("LANG=%s: %v: exit %d, same help", tc.lang, args, r.code)
		}
	}
	for name := range commands {
		for _, lang := range []string{"ja_JP.UTF-8", "en_US.UTF-8"} {
			if h := runLang(lang, name, "--help").stdout; strings.Contains(h, "assets/") {
				t.Errorf("%s --help (LANG=%s) names a source-tree path:\n%s", name, lang, h)
			}
		}
	}
}
