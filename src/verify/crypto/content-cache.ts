import { sha256Hex } from './algorithms';

/**
 * Parsed objects kept by the SHA-256 of their bytes, across verifications: the same CMS, OCSP
 * response and CRL recur in every signature and the DSS of an LT document, and in every
 * verification of the same file, arriving each time as a different array. Bounded: the oldest
 * entries go first. What is cached must not be changed by its users. A failure is cached too.
 */
export class ContentCache<T> {
  private readonly entries = new Map<string, { value: T } | { error: unknown }>();
  private readonly byArray = new WeakMap<Uint8Array, { value: T } | { error: unknown }>();

  constructor(private readonly max: number) {}

  get(der: Uint8Array, make: () => T): T {
    let hit = this.byArray.get(der);
    if (!hit) {
      const key = sha256Hex(der);
      hit = this.entries.get(key);
      if (!hit) {
        try {
          hit = { value: make() };
        } catch (error) {
          hit = { error };
        }
        if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, hit);
      }
      this.byArray.set(der, hit);
    }
    if ('error' in hit) throw hit.error;
    return hit.value;
  }
}
