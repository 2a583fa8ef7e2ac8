/**
 * A binary min-heap of items by a numeric due time, ties broken by a second number (lower first): the engine's list of
 * tracks that need attention once the watermark passes a time, so that a call visits only those instead of every
 * track of every rule. Entries are never updated in place: a caller that reschedules pushes again and skips the stale
 * entry when it pops. With distinct tie-breakers the order of popping is fully determined by (due, tie): it does not
 * depend on what else was pushed and popped.
 */
export class DueHeap<T> {
  private readonly due: number[] = [];
  private readonly ties: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.due.length;
  }

  push(due: number, item: T, tie = 0): void {
    const d = this.due;
    const ti = this.ties;
    const it = this.items;
    let i = d.length;
    d.push(due);
    ti.push(tie);
    it.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (d[parent] < due || (d[parent] === due && ti[parent] <= tie)) break;
      d[i] = d[parent];
      ti[i] = ti[parent];
      it[i] = it[parent];
      i = parent;
    }
    d[i] = due;
    ti[i] = tie;
    it[i] = item;
  }

  /** The earliest due time, Infinity when empty. */
  peekDue(): number {
    return this.due.length ? this.due[0] : Infinity;
  }

  /** Removes and returns the item with the earliest due time (of those, the lowest tie-breaker). */
  pop(): T | undefined {
    const d = this.due;
    const ti = this.ties;
    const it = this.items;
    if (d.length === 0) return undefined;
    const top = it[0];
    const lastDue = d.pop()!;
    const lastTie = ti.pop()!;
    const lastItem = it.pop()!;
    const n = d.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (d[r] < d[l] || (d[r] === d[l] && ti[r] < ti[l])) ? r : l;
        if (d[c] > lastDue || (d[c] === lastDue && ti[c] >= lastTie)) break;
        d[i] = d[c];
        ti[i] = ti[c];
        it[i] = it[c];
        i = c;
      }
      d[i] = lastDue;
      ti[i] = lastTie;
      it[i] = lastItem;
    }
    return top;
  }
}
