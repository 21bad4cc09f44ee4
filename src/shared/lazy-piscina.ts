import type { Piscina } from 'piscina';

type PoolOptions = NonNullable<ConstructorParameters<typeof Piscina>[0]>;

export interface LazyPiscina<T, R> {
  /** The pool, made (and piscina loaded) at the first call. */
  get(): Promise<Piscina<T, R>>;
  destroy(): Promise<void>;
}

/**
 * A piscina pool made at its first use. piscina itself is imported then too: the server's
 * thread only hands work to the pools, and loading piscina at start cost it 70 ms of CPU
 * (bench/start-up.ts, issue 11) for pools most starts never use straight away.
 */
export function lazyPiscina<T, R>(options: PoolOptions): LazyPiscina<T, R> {
  let made: Promise<Piscina<T, R>> | undefined;
  return {
    get: () => (made ??= import('piscina').then(({ Piscina: Pool }) => new Pool<T, R>(options))),
    async destroy() {
      if (made) await (await made).destroy();
    },
  };
}
