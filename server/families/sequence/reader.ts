/**
 * How the sequence family lists and reads its entities.
 *
 * **Entity key.** Rules may key sequences by different fields (`user.name`, `source.ip`, `host.name`, …), and one
 * event may belong to a sequence of each. An entity is one (field, value) pair, keyed `<field>\u0000<value>`: NUL
 * cannot occur in a field name we accept (validate_rule.ts) and sorts below every other character, so keys sort by
 * field, then by value. The listing walks the rules' identifier fields in sorted order and, for each, the window's
 * values in order (a composite aggregation), so the keys come out in key order and an interrupted window resumes after
 * the last durable key. Partitions hash the normalised key (field and trimmed, lower-cased value, as the core compares
 * identifiers), so every spelling of one identifier lands in the same partition, and `alice` as a user and `alice`
 * as a host are two entities with two states.
 *
 * **Entities without events.** A `none` (or `one`) window closes by time, not by an event: an entity whose state
 * says a window is due (`due` < the window's end, written beside the state) is listed too, with no events, so its
 * window is decided in the pass whose end passes it — even when that identifier logs nothing more.
 *
 * **Reading.** A batch reads the hits whose identifier field holds one of the batch's values, and each hit feeds only
 * the tracks of the batch's own (field, value) pairs: the same hit, read again by the batch of another of its fields,
 * feeds that field's tracks there, so no two batches ever write the same entity's state from one event.
 */
import { readSliced, windowKeys, type Query } from '../../ingest';
import type { PointInTime } from '../../ingest';
import { throwIfAborted, type EsClient } from '../../storage';
import type { EntityReader, ListedEntity, ListOptions } from '../family';
import { normalizeSequenceEvent, type SequenceEvent } from './sequence_event';

const SEP = '\u0000';

export const entityKey = (field: string, value: string): string => `${field}${SEP}${value}`;

export function splitEntityKey(key: string): { field: string; value: string } {
  const i = key.indexOf(SEP);
  return i < 0 ? { field: '', value: key } : { field: key.slice(0, i), value: key.slice(i + 1) };
}

/** As `identifierValues` in sequence_event.ts: the value the core compares. */
export const normaliseEntityKey = (key: string): string => {
  const { field, value } = splitEntityKey(key);
  return entityKey(field, value.trim().toLowerCase());
};

/** UTF-8 byte order: the order Elasticsearch sorts keywords in, so the two listings merge consistently. */
const compareKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export interface SequenceReaderOptions {
  client: EsClient;
  /** The family's state index (where `due` is). */
  stateIndex: string;
  /** The enabled rules' identifier fields. */
  fields: readonly string[];
  /** Called by `list` with the window's end: entities with a window due before it are listed. */
  windowEnd: () => number;
}

const SOURCE_FIELDS = ['@timestamp', 'event.action', 'event.id', 'event.category', 'event.type', 'event.outcome'];

export function sequenceReader(options: SequenceReaderOptions): EntityReader<SequenceEvent> {
  const fields = [...new Set(options.fields)].sort(compareKeys);
  return {
    field: fields.join(','),
    normalise: normaliseEntityKey,
    async *list(pit, query, listing) {
      const withEvents = eventKeys(pit, query, fields, listing);
      const due = dueKeys(options, options.windowEnd(), listing);
      yield* mergeSorted(withEvents, due);
    },
    async read(pit, windowQuery, keys, _listed, read) {
      const wanted = new Map<string, Set<string>>();
      const storedByField = new Map<string, string[]>();
      for (const key of keys) {
        const { field, value } = splitEntityKey(key);
        if (!fields.includes(field)) continue;
        storedByField.set(field, [...(storedByField.get(field) ?? []), value]);
        const set = wanted.get(field) ?? new Set<string>();
        set.add(value.trim().toLowerCase());
        wanted.set(field, set);
      }
      const entities = [...new Set(keys.map(normaliseEntityKey))];
      const events: SequenceEvent[] = [];
      const rejected: Record<string, number> = {};
      let hits = 0;
      if (storedByField.size === 0) return { entities, events, hits, rejected };
      const query: Query = {
        bool: {
          filter: [windowQuery],
          should: [...storedByField].map(([field, values]) => ({ terms: { [field]: values } })),
          minimum_should_match: 1,
        },
      };
      await readSliced(
        pit,
        query,
        {
          pageSize: read.pageSize,
          slices: read.slices,
          sourceFields: [...SOURCE_FIELDS, ...fields],
          signal: read.signal,
        },
        (page) => {
          hits += page.length;
          for (const hit of page) {
            const result = normalizeSequenceEvent(hit, fields);
            if (!result.ok) {
              rejected[result.reason] = (rejected[result.reason] ?? 0) + 1;
              continue;
            }
            // Only the batch's own (field, value) pairs: see the file comment.
            // The event keeps the field list it was read with (shared by the batch's events), its values filtered.
            const { keyFields, keyValues } = result.event;
            let kept = 0;
            const own = keyFields.map((field, f) => {
              const set = wanted.get(field);
              const mine = set ? (keyValues[f] ?? []).filter((v) => set.has(v)) : [];
              if (mine.length === 0) return undefined;
              kept++;
              return mine;
            });
            if (kept) events.push({ ...result.event, keyValues: own });
          }
        },
      );
      return { entities, events, hits, rejected };
    },
  };
}

/** The window's (field, value) pairs in key order, resuming after `listing.after`. */
async function* eventKeys(
  pit: PointInTime,
  query: Query,
  fields: readonly string[],
  listing: ListOptions,
): AsyncGenerator<ListedEntity> {
  const after = listing.after !== undefined ? splitEntityKey(listing.after) : undefined;
  for (const field of fields) {
    if (after && compareKeys(field, after.field) < 0) continue;
    const resume = after && field === after.field ? after.value : undefined;
    for await (const bucket of windowKeys(pit, query, field, { ...listing, after: resume })) {
      yield { key: entityKey(field, bucket.key), events: bucket.events };
    }
  }
}

/** Entities whose stored state has a window closing before `end`, in key order (search_after on the stored key). */
async function* dueKeys(
  options: SequenceReaderOptions,
  end: number,
  listing: ListOptions,
): AsyncGenerator<ListedEntity> {
  let after: string | undefined = listing.after;
  for (;;) {
    throwIfAborted(listing.signal);
    let response;
    try {
      response = await options.client.search<{ entity?: { value?: string } }>(
        {
          index: options.stateIndex,
          size: listing.pageSize,
          _source: ['entity.value'],
          query: { range: { due: { lt: end, format: 'epoch_millis' } } },
          sort: [{ 'entity.value': 'asc' }],
          ...(after !== undefined ? { search_after: [after] } : {}),
        },
        { signal: listing.signal },
      );
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return; // no state yet
      throw error;
    }
    const hits = response.hits.hits;
    for (const hit of hits) {
      const key = hit._source?.entity?.value;
      if (typeof key === 'string') yield { key, events: 0 };
    }
    if (hits.length < listing.pageSize) return;
    after = hits[hits.length - 1]._source?.entity?.value;
    if (after === undefined) return;
  }
}

/** Two key-ordered listings as one; a key in both is listed once, with the events of the window's listing. */
async function* mergeSorted(
  a: AsyncIterable<ListedEntity>,
  b: AsyncIterable<ListedEntity>,
): AsyncGenerator<ListedEntity> {
  const ia = a[Symbol.asyncIterator]();
  const ib = b[Symbol.asyncIterator]();
  let x = await ia.next();
  let y = await ib.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && compareKeys(x.value.key, y.value.key) < 0)) {
      yield x.value as ListedEntity;
      x = await ia.next();
    } else if (x.done || compareKeys(y.value.key, x.value.key) < 0) {
      yield y.value;
      y = await ib.next();
    } else {
      yield x.value;
      x = await ia.next();
      y = await ib.next();
    }
  }
}
