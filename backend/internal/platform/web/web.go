// Package web embeds the built SPA (frontend/dist, copied to web/dist by `make build`). The committed placeholder
// index.html explains how to build it when the binary was compiled without the SPA.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the SPA files rooted at dist/.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded at compile time; Sub cannot fail on a fixed directory name
	}
	return sub
}
