// Package check runs the manual's troubleshooting list (section 3) by
// itself: certificate checks over the stores' inventory and network checks
// against the system address, concurrently, each with a deadline, with
// dependencies so that a downstream symptom is reported as "not reached"
// instead of as a separate cause.
package check

import (
	"context"
	"time"
)

// Status is a finding's outcome; the values are part of the CLI's JSON.
type Status string

// Statuses.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Finding is the result of one check.
type Finding struct {
	ID       string        `json:"id"`
	Status   Status        `json:"status"`
	Title    string        `json:"title"`
	Detail   string        `json:"detail"`
	Fix      string        `json:"fix"`
	Manual   string        `json:"manual"`
	Duration time.Duration `json:"duration_ns"`
	// data carries facts for dependent checks (resolved addresses, the
	// server's certificate request ...); never serialised.
	data any
}

// Check is one item of the list.
type Check interface {
	ID() string
	// Deps are the ids whose findings this check needs first.
	Deps() []string
	// Run does the check. deps holds the findings of Deps().
	Run(ctx context.Context, env *Env, deps map[string]Finding) Finding
}

// Result is a whole run.
type Result struct {
	Checks   []Finding     `json:"checks"`
	Failed   int           `json:"failed"`
	Warnings int           `json:"warnings"`
	Started  time.Time     `json:"started"`
	Elapsed  time.Duration `json:"elapsed_ns"`
}

// Run runs every check concurrently under one deadline (timeout plus a
// small margin for local work), each starting when its dependencies have
// finished. A check still running at the deadline is reported as failed by
// timeout; the run never waits longer. Findings keep the order of checks.
func Run(ctx context.Context, env *Env, checks []Check, timeout time.Duration) Result {
	start := env.now()
	if env.LoadInventory != nil {
		checks = append([]Check{inventoryStep{}}, checks...)
	}
	// Checks work under the timeout; the run waits a margin longer so that
	// checks downstream of one that timed out still report "not reached".
	checkCtx, cancelChecks := context.WithTimeout(ctx, timeout)
	defer cancelChecks()
	ctx, cancel := context.WithTimeout(ctx, timeout+Margin)
	defer cancel()
	done := make(map[string]chan struct{}, len(checks))
	results := make(map[string]*Finding, len(checks))
	for _, c := range checks {
		done[c.ID()] = make(chan struct{})
		results[c.ID()] = &Finding{ID: c.ID()}
	}
	for _, c := range checks {
		go func(c Check) {
			defer close(done[c.ID()])
			deps := map[string]Finding{}
			for _, d := range c.Deps() {
				ch, ok := done[d]
				if !ok {
					continue
				}
				select {
				case <-ch:
					deps[d] = *results[d]
				case <-ctx.Done():
					return
				}
			}
			t0 := time.Now()
			f := c.Run(checkCtx, env, deps)
			f.ID = c.ID()
			f.Duration = time.Since(t0)
			*results[c.ID()] = f
			if _, hidden := c.(inventoryStep); !hidden && env.OnFinding != nil {
				env.OnFinding(f)
			}
		}(c)
	}
	out := Result{Started: start}
	for _, c := range checks {
		select {
		case <-done[c.ID()]:
		case <-ctx.Done():
		}
	}
	// Wait for stragglers only until the deadline; then report them.
	for _, c := range checks {
		if _, hidden := c.(inventoryStep); hidden {
			continue
		}
		var f Finding
		select {
		case <-done[c.ID()]:
			f = *results[c.ID()]
		default:
			f = env.finding(c.ID(), Fail, "timeout", nil)
		}
		if f.Status == "" {
			f = env.finding(c.ID(), Fail, "timeout", nil)
		}
		switch f.Status {
		case Fail:
			out.Failed++
		case Warn:
			out.Warnings++
		}
		out.Checks = append(out.Checks, f)
	}
	out.Elapsed = env.now().Sub(start)
	return out
}

// Margin is what the run may take beyond the network timeout.
const Margin = 300 * time.Millisecond

// inventoryStep lists the stores while the network checks already run; the
// certificate checks depend on it. It is not reported.
type inventoryStep struct{}

func (inventoryStep) ID() string     { return "inventory" }
func (inventoryStep) Deps() []string { return nil }
func (inventoryStep) Run(ctx context.Context, env *Env, _ map[string]Finding) Finding {
	env.Stores, env.Inventory = env.LoadInventory(ctx)
	if env.LoadMisplaced != nil {
		env.Misplaced = env.LoadMisplaced(ctx)
	}
	return Finding{Status: OK}
}
