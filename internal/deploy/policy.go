package deploy

import "rootip-cert/platform/autoselect"

// RegFile is the Group Policy .reg for the roll-out: value "1" of each
// browser's machine policy set to rule (autoselect.RegFile), with a note
// for IT to renumber it where the policy already holds rules.
func RegFile(rule string) []byte {
	return autoselect.RegFile(rule, nil,
		"root ip cloud: Chrome / Edge choose the client certificate for the system address",
		"without asking ("+autoselect.Name+", machine policy).",
		`Value "1" is the first rule: if your policy already has rules, renumber it.`)
}
