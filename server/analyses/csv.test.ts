import { CsvReader, MAX_CSV_FIELD, MAX_CSV_ROW, type CsvRow } from './csv';

function readAll(text: string, chunk = 7): CsvRow[] {
  const r = new CsvReader();
  const out: CsvRow[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...r.push(text.slice(i, i + chunk)));
  return [...out, ...r.end()];
}

describe('CSV reader', () => {
  it("reads quoted cells, doubled quotes and line breaks inside quotes (anomal's dns.answers.data cells)", () => {
    const text =
      'id,name,data\r\n' +
      '1,dl.google.com,172.217.173.142\r\n' +
      '2,tlx.3lift.com,"[us-east-tlx.3lift.com"";""54.210.145.140""]"""\n' +
      '3,"multi\nline",\n';
    const rows = readAll(text);
    expect(rows).toEqual([
      { line: 2, ok: true, record: { id: '1', name: 'dl.google.com', data: '172.217.173.142' } },
      {
        line: 3,
        ok: true,
        record: { id: '2', name: 'tlx.3lift.com', data: '[us-east-tlx.3lift.com";"54.210.145.140"]"' },
      },
      { line: 4, ok: true, record: { id: '3', name: 'multi\nline' } }, // empty cell: missing, not ''
    ]);
  });

  it('reports bad lines with their number and goes on', () => {
    const rows = readAll('a,b\n1,2\n1,2,3\n4,x"y\n"5"z,6\n7,8\n"9,open');
    expect(rows.map((r) => (r.ok ? `ok ${r.line}` : `${r.line}: ${r.error}`))).toEqual([
      'ok 2',
      '3: 3 cells where the header has 2',
      '4: a quote inside an unquoted cell (column 2)',
      '5: text after a closing quote (column 1)',
      'ok 6',
      '7: a quoted cell is never closed',
    ]);
  });

  it('a column named __proto__ is an own key, never the prototype', () => {
    const [row] = readAll('__proto__,b\nx,2\n');
    expect(row.ok && Object.getPrototypeOf(row.record)).toBe(Object.prototype);
    expect(row.ok && Object.keys(row.record)).toEqual(['__proto__', 'b']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an empty or repeated header name', () => {
    expect(readAll('a,a\n1,2\n')[0]).toEqual({ line: 1, ok: false, error: 'header: column "a" is empty or repeated' });
  });

  it.each([
    ['a repeated name', 'a,a\n1,2\n3,4\n', 'header: column "a" is empty or repeated'],
    ['a stray quote', 'a,b"c\n1,2\n3,4\n', 'header: a quote inside an unquoted cell (column 2)'],
  ])('a refused header (%s) is not replaced by the first data row: every row after it is refused', (_, text, why) => {
    // The next row became the header: line 2 vanished and line 3 read as {"1": "3", "2": "4"}, named by data.
    expect(readAll(text)).toEqual([
      { line: 1, ok: false, error: why },
      { line: 2, ok: false, error: 'no header: line 1, the header, was refused' },
      { line: 3, ok: false, error: 'no header: line 1, the header, was refused' },
    ]);
  });

  it('checks a wide header for repeats in linear time (a 100,000-column header took 12 s, 1M about 20 min)', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const r = new CsvReader();
    const started = Date.now();
    const rows = r.push(`${[...names, 'c5'].join(',')}\n`);
    // About ten times what reading the line takes (~0.3 s), a third of what the quadratic check took on this machine.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(rows).toEqual([{ line: 1, ok: false, error: 'header: column "c5" is empty or repeated' }]);
  });

  it('reports a row whose only text follows a closing quote (not taken for a blank line)', () => {
    expect(readAll('a\n""x\n""\n1\n')).toEqual([
      { line: 2, ok: false, error: 'text after a closing quote (column 1)' },
      { line: 4, ok: true, record: { a: '1' } },
    ]);
  });

  it('holds at most one cell past the header of a row with too many (8 million empty cells)', () => {
    const r = new CsvReader();
    r.push('a,b\n');
    const commas = ','.repeat(1_000_000);
    const before = process.memoryUsage().heapUsed;
    let grown = 0;
    for (let i = 0; i < 8; i++) {
      r.push(commas);
      grown = Math.max(grown, process.memoryUsage().heapUsed - before);
    }
    // Kept, the cells were 8 million slots (64 MB and the array's growth); a row this wide is refused anyway.
    expect(grown).toBeLessThan(16 * 1024 * 1024);
    expect(r.push('\n1,2\n')).toEqual([
      { line: 2, ok: false, error: '8000001 cells where the header has 2' },
      { line: 3, ok: true, record: { a: '1', b: '2' } },
    ]);
  });

  it('refuses a row longer than MAX_CSV_ROW characters however its cells are cut, and reads the next', () => {
    const r = new CsvReader();
    const columns = Math.ceil(MAX_CSV_ROW / MAX_CSV_FIELD) + 1;
    r.push(`${Array.from({ length: columns }, (_, i) => `c${i}`).join(',')}\n`);
    const cell = 'x'.repeat(MAX_CSV_FIELD);
    const out: CsvRow[] = [];
    for (let i = 0; i < columns; i++) out.push(...r.push(i ? `,${cell}` : cell));
    out.push(...r.push(`\n${Array.from({ length: columns }, () => 'y').join(',')}\n`));
    expect(out.map((row) => (row.ok ? `ok ${row.line}` : `${row.line}: ${row.error}`))).toEqual([
      `2: a row longer than ${MAX_CSV_ROW} characters`,
      'ok 3',
    ]);
  });
});
