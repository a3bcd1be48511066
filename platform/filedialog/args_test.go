package filedialog

import (
	"slices"
	"testing"
)

var certFilter = []Filter{{Name: "証明書ファイル(*.p12, *.pfx)", Patterns: []string{"*.p12", "*.pfx"}}}

func TestZenityArgs(t *testing.T) {
	open := zenityArgs(false, "証明書ファイルを開く", "/home/yamada/ダウンロード", "", certFilter)
	want := []string{"--file-selection", "--title=証明書ファイルを開く", "--filename=/home/yamada/ダウンロード/",
		"--file-filter=証明書ファイル(*.p12, *.pfx) | *.p12 *.P12 *.pfx *.PFX"}
	if !slices.Equal(open, want) {
		t.Fatalf("open args\n got %q\nwant %q", open, want)
	}
	save := zenityArgs(true, "サポート用レポートを保存", "/home/yamada/Downloads/", "rootip-report.zip", nil)
	want = []string{"--file-selection", "--title=サポート用レポートを保存", "--save", "--confirm-overwrite",
		"--filename=/home/yamada/Downloads/rootip-report.zip"}
	if !slices.Equal(save, want) {
		t.Fatalf("save args\n got %q\nwant %q", save, want)
	}
	if got := zenityFilter(Filter{Name: "a|b", Patterns: []string{"*.zip"}}); got != "a/b | *.zip *.ZIP" {
		t.Fatalf("a name with | = %q", got)
	}
}

func TestAppleScript(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"open", appleScript(false, "証明書ファイルを開く", "/Users/yamada/Downloads", "", certFilter),
			`POSIX path of (choose file with prompt "証明書ファイルを開く" of type {"p12", "pfx"} default location (POSIX file "/Users/yamada/Downloads"))`},
		{"save", appleScript(true, "サポート用レポートを保存", "/Users/yamada/Downloads", "report.zip", nil),
			`POSIX path of (choose file name with prompt "サポート用レポートを保存" default name "report.zip" default location (POSIX file "/Users/yamada/Downloads"))`},
		{"quotes escaped", appleScript(false, `say "hi" \ bye`, `/Users/a "b"`, "", nil),
			`POSIX path of (choose file with prompt "say \"hi\" \\ bye" default location (POSIX file "/Users/a \"b\""))`},
		{"non-extension pattern left out", appleScript(false, "t", "", "", []Filter{{Patterns: []string{"*", "*.P12", "report*"}}}),
			`POSIX path of (choose file with prompt "t" of type {"p12"})`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("\n got %s\nwant %s", tc.got, tc.want)
			}
		})
	}
	if !appleCancelled("execution error: User canceled. (-128)") || appleCancelled("execution error: (-1700)") {
		t.Fatal("cancel detection")
	}
}

func TestFilterPatterns(t *testing.T) {
	if got := withCase([]string{"*.p12", "*.pfx", "*.P12"}); !slices.Equal(got, []string{"*.p12", "*.P12", "*.pfx", "*.PFX"}) {
		t.Fatalf("withCase = %q", got)
	}
	if got := windowsSpec(certFilter[0].Patterns); got != "*.p12;*.pfx" {
		t.Fatalf("windowsSpec = %q", got)
	}
	if indexNUL("ab\x00c") != 2 || indexNUL("abc") != 3 {
		t.Fatal("indexNUL")
	}
}
