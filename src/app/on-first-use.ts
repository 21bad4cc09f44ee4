import { lazily } from '../shared/lazily';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AsyncFn = (...args: any[]) => Promise<unknown>;

/**
 * A port whose adapter is made at its first call, not at start: `make` imports the adapter's
 * module there, so the packages behind it (pdf-lib and fontkit for signing, …) load only when
 * someone uses it. They were most of the server's start-up (bench/start-up.ts).
 * `methods` names every method of the port (the type checker holds it to the whole interface).
 * A failed `make` is tried again at the next call rather than remembered (`lazily`).
 */
export function onFirstUse<T extends { [K in keyof T]: AsyncFn }>(make: () => Promise<T>, methods: { [K in keyof T]: true }): T {
  const adapter = lazily(make);
  const port: Partial<Record<keyof T, AsyncFn>> = {};
  for (const name of Object.keys(methods) as (keyof T)[]) port[name] = async (...args: unknown[]) => (await adapter())[name](...args);
  return port as T;
}
