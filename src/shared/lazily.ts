/**
 * `make`, run at the first call and its promise shared by every later one: what loads a package
 * at first use instead of at start. A failed `make` is not remembered; the next call tries again.
 */
export function lazily<T>(make: () => Promise<T>): { (): Promise<T>; started(): boolean } {
  let made: Promise<T> | undefined;
  const get = () =>
    (made ??= make().catch((e: unknown) => {
      made = undefined;
      throw e;
    }));
  return Object.assign(get, { started: () => made !== undefined });
}
