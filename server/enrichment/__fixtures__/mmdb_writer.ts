/**
 * TEST-ONLY writer of tiny MaxMind DB files, so GeoIP tests run on databases we build here instead of downloaded
 * (licensed, tens of MB, changing) ones. Follows the MaxMind DB format 2.0 spec
 * (https://maxmind.github.io/MaxMind-DB/): a binary search tree over address bits, 16 zero bytes, a data section,
 * then `\xAB\xCD\xEFMaxMind.com` and a metadata map. Records are 24 bits; data values are de-duplicated.
 * Supported data types: map, array, UTF-8 string, double, uint16/uint32, boolean — what City/ASN records use.
 */
import { isIP } from 'node:net';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbNetwork {
  /** `a.b.c.d/nn` or `x:y::/nn`. In an IPv6 database an IPv4 network is stored at `::a.b.c.d` (as MaxMind does). */
  cidr: string;
  data: MmdbValue;
}

export interface MmdbOptions {
  ipVersion: 4 | 6;
  databaseType: string;
  languages?: string[];
}

interface TrieNode {
  children: [TrieNode | number | undefined, TrieNode | number | undefined]; // number = index into data values
}

function addressBits(cidr: string, ipVersion: 4 | 6): boolean[] {
  const [address, prefixText] = cidr.split('/');
  const family = isIP(address);
  if (family === 0) throw new Error(`bad network ${cidr}`);
  const prefix = Number(prefixText ?? (family === 4 ? 32 : 128));
  let bytes: number[];
  if (family === 4) bytes = address.split('.').map(Number);
  else bytes = ipv6Bytes(address);
  if (family === 4 && ipVersion === 6) bytes = [...new Array<number>(12).fill(0), ...bytes];
  if (family === 6 && ipVersion === 4) throw new Error(`IPv6 network ${cidr} in an IPv4 database`);
  const offset = family === 4 && ipVersion === 6 ? 96 : 0;
  const bits: boolean[] = [];
  for (let i = 0; i < offset + prefix; i++) bits.push(((bytes[i >> 3] >> (7 - (i & 7))) & 1) === 1);
  return bits;
}

function ipv6Bytes(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  const groups = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return groups.flatMap((g) => [g >> 8, g & 255]);
}

// --- data section encoding ---------------------------------------------------------------------------------------

function control(type: number, size: number): Buffer {
  const parts: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 29 + 256) {
    sizeBits = 29;
    extra.push(size - 29);
  } else if (size < 285 + 65536) {
    sizeBits = 30;
    const v = size - 285;
    extra.push(v >> 8, v & 255);
  } else {
    sizeBits = 31;
    const v = size - 65821;
    extra.push((v >> 16) & 255, (v >> 8) & 255, v & 255);
  }
  if (type <= 7) parts.push((type << 5) | sizeBits);
  else parts.push(sizeBits, type - 7); // extended type: type bits 0, next byte = type - 7
  return Buffer.from([...parts, ...extra]);
}

function uintBytes(value: number, maxBytes: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0) {
    out.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  if (out.length > maxBytes) throw new Error(`value ${value} too large`);
  return out;
}

export function encodeValue(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) {
      const bytes = uintBytes(value, 4);
      return Buffer.concat([control(value < 65536 ? 5 : 6, bytes.length), Buffer.from(bytes)]);
    }
    const b = Buffer.alloc(8);
    b.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), b]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encodeValue)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encodeValue(k), encodeValue(v)])]);
}

/** Integers in metadata must have the types the spec names (uint16 for record_size, uint64 for build_epoch…). */
function encodeTyped(type: 'uint16' | 'uint32' | 'uint64', value: number): Buffer {
  const maxBytes = type === 'uint16' ? 2 : type === 'uint32' ? 4 : 8;
  const bytes = uintBytes(value, maxBytes);
  const code = type === 'uint16' ? 5 : type === 'uint32' ? 6 : 9;
  return Buffer.concat([control(code, bytes.length), Buffer.from(bytes)]);
}

// --- the database ------------------------------------------------------------------------------------------------

export function writeMmdb(networks: MmdbNetwork[], options: MmdbOptions): Buffer {
  const root: TrieNode = { children: [undefined, undefined] };
  const dataValues: Buffer[] = [];
  const dataIndex = new Map<string, number>();
  for (const { cidr, data } of networks) {
    const encoded = encodeValue(data);
    const key = encoded.toString('hex');
    let index = dataIndex.get(key);
    if (index === undefined) {
      index = dataValues.length;
      dataValues.push(encoded);
      dataIndex.set(key, index);
    }
    const bits = addressBits(cidr, options.ipVersion);
    if (bits.length === 0) throw new Error('a /0 network is not supported');
    let node = root;
    for (let i = 0; i < bits.length - 1; i++) {
      const side = bits[i] ? 1 : 0;
      let child = node.children[side];
      if (typeof child === 'number') {
        // A more specific network inside one already set: split the record into a node pointing both ways to it.
        child = { children: [child, child] };
        node.children[side] = child;
      } else if (child === undefined) {
        child = { children: [undefined, undefined] };
        node.children[side] = child;
      }
      node = child;
    }
    node.children[bits[bits.length - 1] ? 1 : 0] = index;
  }

  // Number nodes breadth-first (root = 0), as readers only need node numbers to be consistent.
  const nodes: TrieNode[] = [];
  const numbers = new Map<TrieNode, number>();
  const queue: TrieNode[] = [root];
  while (queue.length) {
    const n = queue.shift()!;
    numbers.set(n, nodes.length);
    nodes.push(n);
    for (const c of n.children) if (c && typeof c === 'object') queue.push(c);
  }
  const nodeCount = nodes.length;
  const offsets: number[] = [];
  let offset = 0;
  for (const v of dataValues) {
    offsets.push(offset);
    offset += v.length;
  }
  const record = (c: TrieNode | number | undefined): number => {
    if (c === undefined) return nodeCount; // "no data"
    if (typeof c === 'number') return nodeCount + 16 + offsets[c];
    return numbers.get(c)!;
  };
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach((n, i) => {
    tree.writeUIntBE(record(n.children[0]), i * 6, 3);
    tree.writeUIntBE(record(n.children[1]), i * 6 + 3, 3);
  });

  const metadataEntries: Buffer[] = [
    encodeValue('node_count'),
    encodeTyped('uint32', nodeCount),
    encodeValue('record_size'),
    encodeTyped('uint16', 24),
    encodeValue('ip_version'),
    encodeTyped('uint16', options.ipVersion),
    encodeValue('database_type'),
    encodeValue(options.databaseType),
    encodeValue('languages'),
    encodeValue(options.languages ?? []),
    encodeValue('binary_format_major_version'),
    encodeTyped('uint16', 2),
    encodeValue('binary_format_minor_version'),
    encodeTyped('uint16', 0),
    encodeValue('build_epoch'),
    encodeTyped('uint64', 1_700_000_000),
    encodeValue('description'),
    encodeValue({ en: 'BuffaLogs test fixture' }),
  ];
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...dataValues,
    Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'),
    control(7, metadataEntries.length / 2),
    ...metadataEntries,
  ]);
}
