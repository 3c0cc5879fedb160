package app

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/software"
)

// seedSoftware gives the demo operator its software catalogue and licences (after the fleet: seats go to its
// servers and laptops too). Owning teams are found by name, or made.
func (a *App) seedSoftware(ctx context.Context) (int, error) {
	seedCtx, people, err := a.demoOperator(ctx)
	if err != nil {
		return 0, err
	}
	group := func(name string) (uuid.UUID, error) {
		var ids []uuid.UUID
		if err := a.DB.Tx(seedCtx, func(tx *gorm.DB) (err error) {
			ids, err = software.IDs(tx, "SELECT id FROM groups WHERE lower(name) = lower(?) AND archived_at IS NULL", name)
			return err
		}); err != nil {
			return uuid.Nil, err
		}
		if len(ids) > 0 {
			return ids[0], nil
		}
		g, err := a.Identity.CreateGroup(seedCtx, name, "Owns part of the software catalogue (demo).")
		return g.ID, err
	}
	return a.Software.SeedDemo(seedCtx, a.CustomFields, group, people)
}
