package check

import (
	"context"
	"time"
)

// Margin is what the run may take beyond the network timeout.
const Margin = 300 * time.Millisecond

// Run runs every check of the catalog concurrently under one deadline
// (timeout plus a small margin for local work), each starting when its
// dependencies have finished. A check still running at the deadline is
// reported as failed by timeout; the run never waits longer. Findings keep
// the catalog's order.
func Run(ctx context.Context, env *Env, timeout time.Duration) Result {
	return RunDefs(ctx, env, Catalog, timeout)
}

// RunDefs runs the given checks (tests run subsets).
func RunDefs(ctx context.Context, env *Env, defs []Def, timeout time.Duration) Result {
	start := env.now()
	steps := append([]Def{{ID: inventoryID, run: loadInventory}}, defs...)
	// Checks work under the timeout; the run waits a margin longer so that
	// checks downstream of one that timed out still report "not reached".
	checkCtx, cancelChecks := context.WithTimeout(ctx, timeout)
	defer cancelChecks()
	ctx, cancel := context.WithTimeout(ctx, timeout+Margin)
	defer cancel()
	done := make(map[string]chan struct{}, len(steps))
	results := make(map[string]*Finding, len(steps))
	for _, d := range steps {
		done[d.ID] = make(chan struct{})
		results[d.ID] = &Finding{ID: d.ID}
	}
	for _, d := range steps {
		go func(d Def) {
			defer close(done[d.ID])
			deps := map[string]Finding{}
			for _, id := range d.Deps {
				ch, ok := done[id]
				if !ok {
					continue
				}
				select {
				case <-ch:
					deps[id] = *results[id]
				case <-ctx.Done():
					return
				}
			}
			t0 := time.Now()
			f := d.run(checkCtx, env, deps)
			f.ID = d.ID
			f.Duration = time.Since(t0)
			*results[d.ID] = f
			if d.ID != inventoryID && env.OnFinding != nil {
				env.OnFinding(f)
			}
		}(d)
	}
	out := Result{Started: start}
	for _, d := range steps {
		select {
		case <-done[d.ID]:
		case <-ctx.Done():
		}
	}
	// Wait for stragglers only until the deadline; then report them.
	for _, d := range defs {
		var f Finding
		select {
		case <-done[d.ID]:
			f = *results[d.ID]
		default:
		}
		if f.Status == "" {
			f = finding(d.ID, OutcomeTimeout, nil)
		}
		out.Findings = append(out.Findings, f)
	}
	out.Count()
	out.Elapsed = env.now().Sub(start)
	return out
}

// loadInventory fills env.Inventory while the network checks already run.
func loadInventory(ctx context.Context, env *Env, _ map[string]Finding) Finding {
	if env.LoadInventory != nil {
		env.Inventory = env.LoadInventory(ctx)
	}
	return Finding{Status: OK}
}
