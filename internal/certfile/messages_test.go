package certfile

import (
	"encoding/json"
	"strings"
	"testing"

	"rootip-cert/assets"
)

// TestEveryCodeHasMessages: each code has a message in Japanese and
// English (file.error.<code>), and the several-identities list line exists.
func TestEveryCodeHasMessages(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		data, err := assets.Translations.ReadFile("translations/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		msgs := map[string]string{}
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Fatal(err)
		}
		for _, c := range Codes {
			if strings.TrimSpace(msgs["file.error."+string(c)]) == "" {
				t.Errorf("%s: no message file.error.%s", lang, c)
			}
		}
		if line := msgs["file.identity"]; !strings.Contains(line, "{{.IssuedTo}}") || !strings.Contains(line, "{{.SHA256}}") || !strings.Contains(line, "{{.NotAfter}}") {
			t.Errorf("%s: file.identity = %q", lang, line)
		}
	}
}
