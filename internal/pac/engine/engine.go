// Package engine runs a proxy auto-config script's FindProxyForURL in an
// ECMAScript engine (github.com/dop251/goja, pure Go) with the browser's
// helper functions (pac_utils.js). Only the helper program
// internal/pac/rootip-cert-pac imports it: the engine's package
// initialisers cost every start of a program that links it, so the main
// programs run it in that separate process (internal/pac.Evaluate).
package engine

import (
	"context"
	_ "embed"
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"rootip-cert/internal/pac"
)

//go:embed pac_utils.js
var utils string

// Evaluate runs script's FindProxyForURL(target, host), target already
// as the browser hands it to the script, and returns its answer. It stops
// at ctx's deadline (a *pac.Error with pac.ErrTimeout); a script that
// fails or answers nothing is a *pac.Error with pac.ErrScript.
func Evaluate(ctx context.Context, script, target, host string, h pac.ScriptHost) (string, error) {
	vm := goja.New()
	stop := context.AfterFunc(ctx, func() { vm.Interrupt(pac.ErrTimeout) })
	defer stop()
	must := func(err error) {
		if err != nil {
			panic(err) // the names are constants: only a programming error fails
		}
	}
	must(vm.Set("dnsResolve", func(name string) goja.Value {
		if ip, ok := h.Resolve(name); ok {
			return vm.ToValue(ip)
		}
		return goja.Null()
	}))
	must(vm.Set("myIpAddress", h.MyIPAddress))
	if _, err := vm.RunString(utils); err != nil {
		return "", &pac.Error{Code: pac.ErrScript, Err: fmt.Errorf("helper functions: %w", err)}
	}
	if _, err := vm.RunScript("proxy.pac", script); err != nil {
		return "", runError(ctx, err)
	}
	find, ok := goja.AssertFunction(vm.Get("FindProxyForURL"))
	if !ok {
		return "", &pac.Error{Code: pac.ErrScript, Err: errors.New("no FindProxyForURL function")}
	}
	v, err := find(goja.Undefined(), vm.ToValue(target), vm.ToValue(host))
	if err != nil {
		return "", runError(ctx, err)
	}
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return "", &pac.Error{Code: pac.ErrScript, Err: errors.New("FindProxyForURL returned nothing")}
	}
	return v.String(), nil
}

func runError(ctx context.Context, err error) error {
	var interrupted *goja.InterruptedError
	if errors.As(err, &interrupted) || ctx.Err() != nil {
		return &pac.Error{Code: pac.ErrTimeout, Err: errors.New("the script did not answer in time")}
	}
	return &pac.Error{Code: pac.ErrScript, Err: err}
}
