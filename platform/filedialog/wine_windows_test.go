package filedialog

import (
	"fmt"
	"os"
	"testing"
)

// TestDialogForWine is the Windows half of TestItemDialogUnderWine: it
// opens the dialog that ROOTIP_WINE_DIALOG names and prints the answer for
// the Linux half to read. Without that variable it does nothing.
func TestDialogForWine(t *testing.T) {
	var path string
	var err error
	switch os.Getenv("ROOTIP_WINE_DIALOG") {
	case "open":
		path, err = Open("証明書ファイルを開く", os.Getenv("ROOTIP_WINE_START"), certFilter)
	case "save":
		path, err = Save("サポート用レポートを保存", os.Getenv("ROOTIP_WINE_START"), "rootip-report.zip")
	default:
		t.Skip("run by TestItemDialogUnderWine")
	}
	fmt.Printf("ANSWER path=%q err=%v cancelled=%v\n", path, err, err == ErrCancelled)
}
