package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 4 || (os.Args[1] != "add" && os.Args[1] != "remove") ||
		(os.Args[2] != "user" && os.Args[2] != "machine") || os.Args[3] == "" {
		fmt.Fprintln(os.Stderr, "usage: pathedit add|remove user|machine DIR")
		os.Exit(2)
	}
	edit := Add
	if os.Args[1] == "remove" {
		edit = Remove
	}
	if err := update(os.Args[2] == "machine", func(p string) (string, bool) { return edit(p, os.Args[3]) }); err != nil {
		fmt.Fprintln(os.Stderr, "pathedit:", err)
		os.Exit(1)
	}
}
