/**
 * Anonymiser list files → the CIDR strings and ASN numbers the detection config takes
 * (`anonymousIp.cidrs`, `anonymousIp.asns`). The core matches them; this only reads and validates files.
 *
 * Format, as Tor's exit list (`https://check.torproject.org/torbulkexitlist`) and most blocklists: one entry per line,
 * `#` starts a comment (whole line or after the entry), blank lines ignored. CIDR lists take an address or a CIDR range
 * (IPv4 or IPv6); ASN lists take `13335` or `AS13335`. Bad lines are reported with their numbers, never dropped
 * silently, and never stop the rest of the list from loading.
 */
import { readFile } from 'node:fs/promises';
import { cidrError } from '../../common/ip_ranges';

export interface ListLineError {
  line: number;
  text: string;
  message: string;
}

export interface LoadedList<T> {
  file: string;
  entries: T[];
  errors: ListLineError[];
}

function* entries(content: string): Generator<{ line: number; text: string }> {
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i].indexOf('#');
    const text = (hash >= 0 ? lines[i].slice(0, hash) : lines[i]).trim();
    if (text !== '') yield { line: i + 1, text };
  }
}

export function parseCidrList(file: string, content: string): LoadedList<string> {
  const out: LoadedList<string> = { file, entries: [], errors: [] };
  for (const { line, text } of entries(content)) {
    const problem = cidrError(text);
    if (problem) out.errors.push({ line, text, message: problem });
    else out.entries.push(text);
  }
  return out;
}

export function parseAsnList(file: string, content: string): LoadedList<number> {
  const out: LoadedList<number> = { file, entries: [], errors: [] };
  for (const { line, text } of entries(content)) {
    const match = /^(?:AS)?(\d{1,10})$/i.exec(text);
    const asn = match ? Number(match[1]) : NaN;
    if (!match || asn > 4294967295)
      out.errors.push({ line, text, message: `"${text}" is not an AS number (e.g. 13335 or AS13335)` });
    else out.entries.push(asn);
  }
  return out;
}

export async function loadCidrList(file: string): Promise<LoadedList<string>> {
  return parseCidrList(file, await readFile(file, 'utf8'));
}

export async function loadAsnList(file: string): Promise<LoadedList<number>> {
  return parseAsnList(file, await readFile(file, 'utf8'));
}
