/**
 * Queries built and prepared once per connection instead of on every call. Building a drizzle
 * query and preparing its SQL costs ~10× what running it does on a lookup by key (profiled
 * under `npm run bench -- load`), so the hot reads (the citizen's lookup, work lists, the
 * token check) keep theirs here, keyed by the database object they run on.
 */
const statements = new WeakMap<object, Map<string, unknown>>();

export function prepared<T>(db: object, key: string, build: () => T): T {
  let byKey = statements.get(db);
  if (!byKey) statements.set(db, (byKey = new Map()));
  let statement = byKey.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build();
    byKey.set(key, statement);
  }
  return statement;
}
