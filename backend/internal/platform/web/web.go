// Package web embeds the built SPA (frontend/dist, copied to web/dist by `make build`). A binary compiled without the
// SPA serves placeholder/index.html, which explains how to build it.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist placeholder
var files embed.FS

// FS returns the SPA files: dist/ when the SPA was built into the binary, else the placeholder.
func FS() fs.FS {
	root := "placeholder"
	if _, err := fs.Stat(files, "dist/index.html"); err == nil {
		root = "dist"
	}
	sub, err := fs.Sub(files, root)
	if err != nil {
		panic(err) // both directories are embedded at compile time; Sub cannot fail on them
	}
	return sub
}
