/**
 * A binary min-heap of items by a numeric due time: the engine's list of tracks that need attention once the
 * watermark passes a time, so that a call visits only those instead of every track of every rule.
 * Entries are never updated in place: a caller that reschedules pushes again and skips the stale entry when it pops.
 */
export class DueHeap<T> {
  private readonly due: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.due.length;
  }

  push(due: number, item: T): void {
    const d = this.due;
    const it = this.items;
    let i = d.length;
    d.push(due);
    it.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (d[parent] <= due) break;
      d[i] = d[parent];
      it[i] = it[parent];
      i = parent;
    }
    d[i] = due;
    it[i] = item;
  }

  /** The earliest due time, Infinity when empty. */
  peekDue(): number {
    return this.due.length ? this.due[0] : Infinity;
  }

  /** Removes and returns the item with the earliest due time (ties in no particular order). */
  pop(): T | undefined {
    const d = this.due;
    const it = this.items;
    if (d.length === 0) return undefined;
    const top = it[0];
    const lastDue = d.pop()!;
    const lastItem = it.pop()!;
    const n = d.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && d[r] < d[l] ? r : l;
        if (d[c] >= lastDue) break;
        d[i] = d[c];
        it[i] = it[c];
        i = c;
      }
      d[i] = lastDue;
      it[i] = lastItem;
    }
    return top;
  }
}
