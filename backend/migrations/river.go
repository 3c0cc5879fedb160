package migrations

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
)

// RiverSchemaVersion is the River schema the pinned River release needs. River's tables are versioned inside our
// migration sequence (version 11 creates them), so that our later migrations can grant on and index river_job; a
// River upgrade that needs a newer schema adds a Go migration here with the new target.
const RiverSchemaVersion = 7

// Go lists the migrations written in Go, merged by version with the SQL files.
func Go() []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(11, &goose.GoFunc{RunDB: riverUp(RiverSchemaVersion)}, nil),
	}
}

// riverUp applies River's own migrations, each in its own transaction (some add an enum value a later one uses, which
// PostgreSQL allows only after a commit). River records its versions in river_migration, so an interrupted run
// resumes where it stopped.
func riverUp(target int) func(context.Context, *sql.DB) error {
	return func(ctx context.Context, db *sql.DB) error {
		m, err := rivermigrate.New(riverdatabasesql.New(db), nil)
		if err != nil {
			return err
		}
		if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: target}); err != nil {
			return fmt.Errorf("river schema: %w", err)
		}
		return nil
	}
}
