import { knownValues, type BaselineEntry } from './user_state';

const entry = (value: string, last: number): BaselineEntry => ({ value, first: 0, last, count: 1 });

describe('knownValues: the most recently seen first, then by value, at most `limit`', () => {
  test.each([
    [[], 10, []],
    [[entry('a', 1)], 10, ['a']],
    [[entry('a', 1)], 0, []],
    [[entry('a', 1), entry('b', 2)], 10, ['b', 'a']],
    [[entry('b', 2), entry('a', 1)], 10, ['b', 'a']],
    [[entry('b', 5), entry('a', 5)], 10, ['a', 'b']],
    [[entry('a', 5), entry('b', 5)], 10, ['a', 'b']],
    [[entry('a', 1), entry('b', 2)], 1, ['b']],
    [[entry('a', 1), entry('c', 3), entry('b', 2)], 10, ['c', 'b', 'a']],
    [[entry('a', 1), entry('c', 3), entry('b', 2)], 2, ['c', 'b']],
  ])('%j, limit %d', (list, limit, expected) => {
    expect(knownValues(list, limit)).toEqual(expected);
  });

  test('the list itself is left as it was', () => {
    const list = [entry('a', 1), entry('b', 2)];
    knownValues(list);
    expect(list.map((e) => e.value)).toEqual(['a', 'b']);
  });
});
