// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown;

export type Promised<T extends Record<string, Fn>> = { [K in keyof T]: (...args: Parameters<T[K]>) => Promise<Awaited<ReturnType<T[K]>>> };

/**
 * The same methods, each answering a Promise: the contract of AppServices, whether the domain
 * below is synchronous (better-sqlite3) or not. A synchronous throw becomes a rejection, as it
 * will be once the storage is asynchronous, so callers handle errors one way.
 */
export function promised<T extends Record<string, Fn>>(methods: T): Promised<T> {
  const out: Record<string, Fn> = {};
  for (const [name, fn] of Object.entries(methods)) out[name] = async (...args: unknown[]) => fn(...args);
  return out as Promised<T>;
}
