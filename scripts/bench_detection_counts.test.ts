import { associativity, parseCallgrindTotals } from './bench_detection_counts';

// Laid out as `valgrind --tool=callgrind --cache-sim=yes` (3.19) writes its output: header, events, totals.
const OUTPUT = `# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 23049
cmd:  node --single-threaded-gc scripts/bench_detection_counts.ts --child x y
part: 1

desc: I1 cache: 32768 B, 64 B, 8-way associative
desc: D1 cache: 32768 B, 64 B, 8-way associative
desc: LL cache: 6291456 B, 64 B, 16-way associative

desc: Timerange: Basic block 0 - 1204
desc: Trigger: Program termination

positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
summary: 0

fl=(1) ???
fn=(1) 0x000000000abc
0 12 3 1
totals: 4420000000 1200000000 600000000 90000 42000000 5000000 4000 5600000 3300000
`;

test('reads the totals by the names of the events line (not the summary, 0 when counting starts off)', () => {
  expect(parseCallgrindTotals(OUTPUT)).toEqual({
    Ir: 4_420_000_000,
    D1mr: 42_000_000,
    DLmr: 5_600_000,
    DLmw: 3_300_000,
  });
});

test('an output counted without the cache simulation is refused, not read as zero misses', () => {
  const withoutCache = OUTPUT.replace(/^events:.*$/m, 'events: Ir').replace(
    /^(summary|totals):.*$/gm,
    '$1: 4420000000',
  );
  expect(() => parseCallgrindTotals(withoutCache)).toThrow('--cache-sim=yes');
});

test('a file that is not callgrind output is refused', () => {
  expect(() => parseCallgrindTotals('hello')).toThrow('not a callgrind output');
});

test('the simulated cache gets an associativity valgrind accepts (a power-of-two number of sets)', () => {
  expect(associativity(6 * 1024 * 1024)).toBe(12);
  expect(associativity(8 * 1024 * 1024)).toBe(16);
  expect(() => associativity(5 * 1000 * 1000)).toThrow('power-of-two');
});
