package app

import "context"

// seedInventory gives the demo operator its inventory campaigns (after the fleet).
func (a *App) seedInventory(ctx context.Context) (int, error) {
	seedCtx, people, err := a.demoOperator(ctx)
	if err != nil {
		return 0, err
	}
	return a.Inventory.SeedDemo(seedCtx, people)
}
