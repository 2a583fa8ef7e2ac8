/** The one reading of a stored list every family's state reader shares (stored_list.ts). */
import { usableList } from './stored_list';

const isText = (e: unknown): boolean => typeof e === 'string';

test('a list of usable entries within its cap is the very list: a usual state is read without a copy', () => {
  const list = ['a', 'b'];
  expect(usableList(list, isText)).toBe(list);
  expect(usableList(list, isText, 2)).toBe(list);
});

test('an unusable entry is dropped, the others kept as they are and in order, in a copy', () => {
  const entry = { value: 'x' };
  const list: unknown[] = [entry, null, 7, { value: 'y' }];
  const kept = usableList(list, (e) => typeof e === 'object' && e !== null);
  expect(kept).toEqual([entry, { value: 'y' }]);
  expect(kept[0]).toBe(entry);
  expect(list).toHaveLength(4);
});

test('over its cap, the newest usable entries (the end of the list) are kept', () => {
  expect(usableList(['a', 'b', 'c', 'd'], isText, 2)).toEqual(['c', 'd']);
  expect(usableList(['a', 'b', 1, 'c', 2], isText, 2)).toEqual(['b', 'c']);
});

test('anything but a list is an empty one', () => {
  for (const stored of [undefined, null, 'a', 3, { 0: 'a', length: 1 }, { __proto__: [] }])
    expect(usableList(stored, isText)).toEqual([]);
});
