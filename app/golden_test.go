package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/check"
	"rootip-cert/internal/store"
)

// TestScreensRenderInJapanese compares the main screens with reference
// images: a missing glyph (boxes), English left over or a layout break
// changes the pixels. The embedded font makes the rendering the same on
// every machine. Regenerate: go test ./app -run Render, then move
// testdata/failed/*.png to testdata/ after looking at them.
func TestScreensRenderInJapanese(t *testing.T) {
	f := testFiles(t)
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	u, w := newTestUI(t, m)
	test.AssertRendersToImage(t, "home_ja.png", w.Canvas())

	u.showInstall(f.good)
	test.AssertRendersToImage(t, "install_ja.png", w.Canvas())

	u.show(u.list.root)
	u.list.show([]check.Finding{
		{ID: "cert.file", Status: check.OK, Title: "証明書ファイル", Detail: "acme.rootip-cloud.net、有効期限 2027/01/10(残り 222 日)。"},
		{ID: "cert.installed", Status: check.OK, Title: "証明書のインストール", Detail: "ブラウザが使うストアにインストールされています: Chrome/Chromium。"},
		{ID: "cert.expiry", Status: check.Warn, Title: "有効期限", Detail: "まもなく期限切れです。", Fix: "更新期間に新しい証明書をダウンロードしてください。", Manual: "3-3"},
		{ID: "net.http", Status: check.Fail, Title: "ログイン画面", Detail: "アクセスが拒否されました(HTTP 403)。", Fix: "IP アドレス制限を確認してください。", Manual: "2 (3-1)"},
		{ID: "clock.skew", Status: check.Skip, Title: "PCの時計", Detail: "サーバーの時刻を取得できなかったため確認できません。"},
	})
	test.AssertRendersToImage(t, "checklist_ja.png", w.Canvas())

	u.showReport()
	test.Type(u.rep.userID, "test@rootip.co.jp")
	test.AssertRendersToImage(t, "report_ja.png", w.Canvas())
}
