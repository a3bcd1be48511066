//go:build !windows

package main

import "net/url"

// autoSelect: the policy is a Windows registry setting.
var autoSelect func(*url.URL, string) (map[string]string, error)
