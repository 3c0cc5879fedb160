package app

import "context"

// seedCompliance activates the demo operator's frameworks with owners and a Statement of Applicability.
func (a *App) seedCompliance(ctx context.Context) (int, error) {
	seedCtx, people, err := a.demoOperator(ctx)
	if err != nil {
		return 0, err
	}
	return a.Compliance.SeedDemo(seedCtx, people)
}
