/** A small least-recently-used map: the subject cache holds decoded photos, so it must stay bounded. */
export class LruCache<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  /** Deletes every entry whose key passes `test`; returns how many went. */
  deleteWhere(test: (key: K) => boolean): number {
    let n = 0;
    for (const key of [...this.#map.keys()]) if (test(key) && this.#map.delete(key)) n++;
    return n;
  }

  clear(): void {
    this.#map.clear();
  }

  get size(): number {
    return this.#map.size;
  }
}
