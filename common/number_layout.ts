/**
 * Number fields laid out for any number from the start, for the hot paths' objects (detection verdicts, parsed
 * addresses). No Kibana imports: this file runs in the browser too.
 *
 * Why: V8 lays an object's number field out by the first value stored in it. A small integer (a whole score of 30, an
 * IPv4 address below 64.0.0.0, a share of 0) makes it a small-integer field; the first fraction or larger number
 * stored there later (42.5, 200.1.2.3, 0.25) changes the layout of every object of that shape, and V8 throws away the
 * optimised code that builds or reads them (a "not a Smi" or "wrong map" deopt, then a recompile of the caller: the
 * engine's login path, the verdict). -0 is no small integer, so a field given -0 first is laid out for any number; the
 * real value is stored right after, and -0 never reaches an output. The same holds for an array's elements: one
 * created with a fraction in it holds any number from the start, instead of changing its layout (and the layout of the
 * object that points to it) at its first fraction.
 *
 * Usage: `const o = { score: ANY_NUMBER, … }; o.score = score;`, and `zerosForAnyNumber(n)` for a number array.
 */
export const ANY_NUMBER = -0;

/** `length` zeros, in an array laid out for any number (see above). */
export function zerosForAnyNumber(length: number): number[] {
  const out = [0.5];
  for (let i = 1; i < length; i++) out.push(0);
  out[0] = 0;
  out.length = length; // 0: an empty array, still laid out for any number
  return out;
}
