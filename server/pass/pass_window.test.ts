import { MIN_MAX_WINDOW_MS, nextWindow } from './pass_window';

describe('nextWindow (the pass loop)', () => {
  const day = 86_400_000;

  it('cuts a backlog into windows of at most maxWindow, each starting where the last ended, until the end', () => {
    const windows = [];
    let completedTo = 0;
    for (let w = nextWindow(completedTo, 2.5 * day, day); w; w = nextWindow(completedTo, 2.5 * day, day)) {
      windows.push(w);
      completedTo = w.to;
    }
    expect(windows).toEqual([
      { from: 0, to: day },
      { from: day, to: 2 * day },
      { from: 2 * day, to: 2.5 * day },
    ]);
  });

  it('refuses a window that would not advance (0, negative, NaN, under a minute) instead of looping on it', () => {
    for (const bad of [0, -day, Number.NaN, MIN_MAX_WINDOW_MS - 1]) {
      expect(() => nextWindow(0, day, bad)).toThrow(/maxWindow must be at least 1 minute/);
    }
    expect(() => nextWindow(Number.NaN, day, day)).toThrow(/finite/);
  });

  it('has nothing to do once the checkpoint reaches the end, whatever maxWindow is', () => {
    expect(nextWindow(day, day, 0)).toBeUndefined();
  });
});
