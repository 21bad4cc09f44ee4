import type { Piscina } from 'piscina';
import { lazily } from './lazily';

type PoolOptions = NonNullable<ConstructorParameters<typeof Piscina>[0]>;

export interface LazyPiscina<T, R> {
  /** The pool, made (and piscina loaded) at the first call. */
  get(): Promise<Piscina<T, R>>;
  destroy(): Promise<void>;
}

/**
 * A piscina pool made at its first use. piscina itself is imported then too: the server's
 * thread only hands work to the pools, and loading piscina at start cost it 70 ms of CPU
 * (bench/start-up.ts) for pools most starts never use straight away.
 */
export function lazyPiscina<T, R>(options: PoolOptions): LazyPiscina<T, R> {
  const get = lazily(() => import('piscina').then(({ Piscina: Pool }) => new Pool<T, R>(options)));
  return {
    get,
    async destroy() {
      if (get.started()) await (await get()).destroy();
    },
  };
}
