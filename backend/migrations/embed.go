// Package migrations holds OpsDeck's forward-only SQL migrations, embedded in the binary and applied by goose
// (internal/platform/db.Migrate) behind a PostgreSQL advisory lock. One change per file; never edit a file that has
// shipped — add a new one.
package migrations

import "embed"

// FS is the set of migration files.
//
//go:embed *.sql
var FS embed.FS
