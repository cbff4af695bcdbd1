/**
 * Shares one pending or settled load per key: workers of one run create many environments with
 * the same options, and each game set or shop should be built once. A load that fails is
 * forgotten, so the next caller tries again.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    let found = this.entries.get(key);
    if (!found) {
      found = load();
      found.catch(() => this.entries.delete(key));
      this.entries.set(key, found);
    }
    return found;
  }
}
