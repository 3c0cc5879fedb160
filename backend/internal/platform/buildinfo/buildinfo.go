// Package buildinfo holds the version stamped into the binary at link time:
//
//	go build -ldflags "-X github.com/opsdeck/opsdeck/backend/internal/platform/buildinfo.Version=0.1.0 ..."
package buildinfo

import "runtime"

var (
	Version = "0.1.0-dev"
	Commit  = "unknown"
	Date    = "unknown"
)

// GoVersion is the Go toolchain the binary was built with.
func GoVersion() string { return runtime.Version() }
