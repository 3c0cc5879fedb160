package app

import "context"

// seedConfigs gives the demo operator its configuration items (CMDB), committed by its people and linked to its fleet.
func (a *App) seedConfigs(ctx context.Context) (int, error) {
	seedCtx, people, err := a.demoOperator(ctx)
	if err != nil {
		return 0, err
	}
	return a.Configs.SeedDemo(seedCtx, a.Links, people)
}
