import { ANY_NUMBER, zerosForAnyNumber } from './number_layout';

describe('number_layout', () => {
  it('ANY_NUMBER is -0: no small integer, and equal to 0 in every output', () => {
    expect(Object.is(ANY_NUMBER, -0)).toBe(true);
    expect(JSON.stringify({ score: ANY_NUMBER })).toBe('{"score":0}');
  });

  it.each([0, 1, 5, 48])('zerosForAnyNumber(%i) is that many plain zeros', (length) => {
    const zeros = zerosForAnyNumber(length);
    expect(zeros).toHaveLength(length);
    for (const z of zeros) expect(Object.is(z, 0)).toBe(true);
  });
});
