/**
 * A streaming CSV reader (RFC 4180: quoted fields with "" escapes and line breaks inside quotes), pure: text chunks
 * in, rows out. The first row names the columns; when it is refused, so is every row after it (none is read under
 * the wrong names). A row with the wrong number of cells, a quote inside an unquoted cell or a quote left open at the
 * end is reported with its line number and skipped; the rest go on. Empty cells are left out of the record (a missing
 * value, not an empty string). Records are built with Object.fromEntries, so a column named `__proto__` is an own
 * key, never the record's prototype.
 */
export type CsvRow =
  { line: number; ok: true; record: Record<string, string> } | { line: number; ok: false; error: string };

export const MAX_CSV_FIELD = 1_000_000;
/**
 * Longest row, in characters with its commas: a record of sixteen cells at the cell bound. A row's cells were held
 * until its end whatever their number or length, so one hostile row (millions of commas, or of 1 MB cells) grew the
 * reader without bound before being refused.
 */
export const MAX_CSV_ROW = 16_000_000;

export class CsvReader {
  private header: string[] | undefined;
  private cells: string[] = [];
  private cell = '';
  /** The current cell's and row's lengths as read (the text itself stops being kept once the row is bad). */
  private cellLength = 0;
  private rowLength = 0;
  /** Cells of the current row, counted: past the header's number (+1, to say so) they are not kept. */
  private cellCount = 0;
  private quoted = false;
  private inQuotes = false;
  private afterQuote = false;
  private bad: string | undefined;
  private line = 1;
  private rowStart = 1;
  private pendingCR = false;
  /** The line of a header refused: no later row is read in its place (its cells are data, not column names). */
  private refusedHeader: number | undefined;

  /** Rows completed by this chunk. */
  push(chunk: string): CsvRow[] {
    const out: CsvRow[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.afterQuote = true;
        } else {
          if (ch === '\n') this.line++;
          this.append(ch);
        }
        continue;
      }
      if (ch === '"') {
        if (this.afterQuote) {
          // "" inside a quoted cell: one literal quote.
          this.append('"');
          this.inQuotes = true;
          this.afterQuote = false;
        } else if (this.cellLength === 0 && !this.quoted) {
          this.quoted = this.inQuotes = true;
        } else this.bad ??= `a quote inside an unquoted cell (column ${this.cells.length + 1})`;
        continue;
      }
      if (ch === ',') {
        this.endCell();
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        if (ch === '\r') this.pendingCR = true;
        this.endRow(out);
        this.line++;
        this.rowStart = this.line;
        continue;
      }
      if (this.afterQuote) this.bad ??= `text after a closing quote (column ${this.cells.length + 1})`;
      this.append(ch);
    }
    return out;
  }

  /** Rows left at the end of the input. */
  end(): CsvRow[] {
    const out: CsvRow[] = [];
    if (this.inQuotes) {
      out.push({ line: this.rowStart, ok: false, error: 'a quoted cell is never closed' });
      this.reset();
      return out;
    }
    if (this.cellLength > 0 || this.cellCount > 0 || this.quoted) this.endRow(out);
    return out;
  }

  private append(ch: string): void {
    this.cellLength++;
    if (++this.rowLength > MAX_CSV_ROW) this.bad ??= `a row longer than ${MAX_CSV_ROW} characters`;
    else if (this.cellLength > MAX_CSV_FIELD) this.bad ??= `a cell longer than ${MAX_CSV_FIELD} characters`;
    // A bad row is refused at its end: its text need not be kept (its length and cells are still counted).
    if (this.bad === undefined) this.cell += ch;
  }

  private endCell(): void {
    this.cellCount++;
    if (++this.rowLength > MAX_CSV_ROW) this.bad ??= `a row longer than ${MAX_CSV_ROW} characters`;
    if (this.header === undefined || this.cells.length <= this.header.length) this.cells.push(this.cell);
    this.cell = '';
    this.cellLength = 0;
    this.quoted = this.afterQuote = false;
  }

  private reset(): void {
    this.cells = [];
    this.cell = '';
    this.cellLength = this.rowLength = this.cellCount = 0;
    this.quoted = this.afterQuote = this.inQuotes = false;
    this.bad = undefined;
  }

  private endRow(out: CsvRow[]): void {
    this.endCell();
    const cells = this.cells;
    const count = this.cellCount;
    const chars = this.rowLength; // its cells' characters and one per cell's end
    const bad = this.bad;
    const line = this.rowStart;
    this.reset();
    if (count === 1 && chars === 1) return; // blank line (or one empty quoted cell, as before)
    if (this.refusedHeader !== undefined)
      return void out.push({
        line,
        ok: false,
        error: `no header: line ${this.refusedHeader}, the header, was refused`,
      });
    if (!this.header) {
      // A refused header is not replaced by the next row: that made the first data row the column names, and every
      // later record was read under them.
      const refuse = (error: string) => {
        this.refusedHeader = line;
        out.push({ line, ok: false, error: `header: ${error}` });
      };
      if (bad) return refuse(bad);
      const names = cells.map((c) => c.trim());
      // A Set, not indexOf per name: that was quadratic (a 100,000-column header line took 12 s).
      const seen = new Set<string>();
      const dup = names.find((n) => n === '' || seen.size === seen.add(n).size);
      if (dup !== undefined) return refuse(`column "${dup.slice(0, 100)}" is empty or repeated`);
      this.header = names;
      return;
    }
    if (bad) return void out.push({ line, ok: false, error: bad });
    if (count !== this.header.length)
      return void out.push({
        line,
        ok: false,
        error: `${count} cells where the header has ${this.header.length}`,
      });
    const header = this.header;
    out.push({
      line,
      ok: true,
      record: Object.fromEntries(cells.flatMap((c, i) => (c === '' ? [] : [[header[i], c]]))),
    });
  }
}
