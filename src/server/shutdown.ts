// Shutdown hooks shared by the start script and the server bundle. They are separate module instances (the bundle
// has its own copy of this file), so the registry lives on globalThis under a registered symbol.
type Hook = () => Promise<void> | void;
const KEY = Symbol.for("health-towns-portal.shutdown");
const registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= []) as Hook[];

export function onShutdown(hook: Hook): void {
  registry.push(hook);
}

/** Run hooks last-registered first (the server's database closes before the search process stops). */
export async function runShutdown(): Promise<void> {
  for (const hook of registry.splice(0).reverse()) {
    try {
      await hook();
    } catch {
      // Keep shutting down; one failing hook must not keep the others from running.
    }
  }
}
