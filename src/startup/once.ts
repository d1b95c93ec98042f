/*
The full CLI is a second module graph in the npm bundle (scripts/build.ts), so a module can be evaluated twice.
What must exist once per process (the signal source, the stderr queue) is kept on globalThis under a registered
symbol, as signal-exit keeps its emitter on process.
*/
export const oncePerProcess = <T>(name: string, create: () => T): T => {
  const key = Symbol.for(`graceful.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  store[key] ??= create();
  return store[key];
};
