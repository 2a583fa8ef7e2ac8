/**
 * Paging that stays fast however deep an analyst goes: the first pages use `from`/`size` (random access, "page 3"),
 * and every page also returns an opaque cursor, the last hit's sort values, which the next request passes back as
 * `search_after`. `from + size` costs grow with depth and stop at `index.max_result_window`; `search_after` costs
 * the same on page 1 and page 40 000. Every sort ends with a unique tiebreaker so no hit is skipped or repeated.
 *
 * The cursor is base64url JSON, opaque to callers. It records the sort it was made for, so a cursor replayed with
 * another sort is a clear 400 rather than a silently wrong page; its values are type-checked before Elasticsearch
 * sees them.
 */
import type { estypes } from '@elastic/elasticsearch';
import { MAX_DATE_MS } from '../../common/alert_document';
import type { ListPage } from '../../common/api';
import { badRequest } from '../routes/errors';

export type SortValue = string | number | boolean | null;

interface CursorPayload {
  v: 1;
  /** Sort signature (field:direction list) the values belong to. */
  s: string;
  a: SortValue[];
}

export function sortSignature(sort: estypes.SortCombinations[]): string {
  return sort
    .map((s) => {
      if (typeof s === 'string') return s;
      const [field, opts] = Object.entries(s)[0];
      return `${field}:${typeof opts === 'string' ? opts : ((opts as { order?: string }).order ?? 'asc')}`;
    })
    .join(',');
}

export function encodeCursor(sort: estypes.SortCombinations[], values: SortValue[]): string {
  const payload: CursorPayload = { v: 1, s: sortSignature(sort), a: values };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

const sortField = (s: estypes.SortCombinations): string => (typeof s === 'string' ? s : Object.keys(s)[0]);

/**
 * The instants a date's sort value may name: those a JavaScript Date holds (±8.64e15 ms, years -271821 to 275760),
 * a superset of what the plugin stores. Elasticsearch's date parser refuses search_after values past about ±2^63 ms
 * (a 400 from it, a 502 from us), though it takes any number for a long or a float.
 */
export const MAX_DATE_SORT_VALUE = MAX_DATE_MS;

/**
 * The largest float (Java's Float.MAX_VALUE): the sort value that puts a missing float last. With `missing: '_last'`
 * Elasticsearch sorts it as ±Infinity and answers the string "Infinity", which no cursor carries back.
 */
export const MAX_FLOAT_SORT_VALUE = 3.4028234663852886e38;

/**
 * The `search_after` values of a cursor made for `sort`; a 400 naming `cursor` otherwise. Each value must have its
 * field's type — a string (or null, for a missing value) for the `keywordFields`, a number within
 * MAX_DATE_SORT_VALUE for the `dateFields`, a finite number for every other (numeric) field — so a forged cursor is
 * refused here instead of failing inside Elasticsearch.
 */
export function decodeCursor(
  cursor: string,
  sort: estypes.SortCombinations[],
  keywordFields: ReadonlySet<string> = new Set(),
  dateFields: ReadonlySet<string> = new Set(),
): SortValue[] {
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('[request query.cursor]: expected a cursor returned by a previous page');
  }
  const ok =
    payload !== null &&
    typeof payload === 'object' &&
    payload.v === 1 &&
    Array.isArray(payload.a) &&
    payload.a.length === sort.length &&
    payload.a.every((x, i) => {
      const field = sortField(sort[i]);
      if (keywordFields.has(field)) return x === null || typeof x === 'string';
      if (dateFields.has(field)) return typeof x === 'number' && Math.abs(x) <= MAX_DATE_SORT_VALUE;
      return Number.isFinite(x);
    });
  if (!ok) throw badRequest('[request query.cursor]: expected a cursor returned by a previous page');
  if (payload.s !== sortSignature(sort)) {
    throw badRequest('[request query.cursor]: this cursor belongs to another sort order; start again from page 1');
  }
  return payload.a as SortValue[];
}

export interface PageRequest {
  page?: number;
  size: number;
  cursor?: string;
}

export interface PagePlan {
  from?: number;
  size: number;
  search_after?: SortValue[];
  /** The page number reported back (cursor pages have none). */
  page?: number;
}

/**
 * `from`/`size` for a page number, or `search_after` for a cursor. `maxResultWindow` is the index's
 * `index.max_result_window`: beyond it Elasticsearch refuses `from`, so we refuse first and point at the cursor.
 */
export function planPage(
  req: PageRequest,
  sort: estypes.SortCombinations[],
  maxResultWindow: number,
  keywordFields?: ReadonlySet<string>,
  dateFields?: ReadonlySet<string>,
): PagePlan {
  if (req.cursor !== undefined) {
    if (req.page !== undefined) throw badRequest('[request query]: pass either [page] or [cursor], not both');
    return { size: req.size, search_after: decodeCursor(req.cursor, sort, keywordFields, dateFields) };
  }
  const page = req.page ?? 1;
  const from = (page - 1) * req.size;
  if (from + req.size > maxResultWindow) {
    throw badRequest(
      `[request query.page]: page × size must stay within ${maxResultWindow} results (index.max_result_window); ` +
        'to go deeper, follow next_cursor from the previous page',
      { max_result_window: maxResultWindow },
    );
  }
  return { from, size: req.size, page };
}

/** The cursor for the next page, when there may be one. */
export function nextCursor(
  sort: estypes.SortCombinations[],
  hits: Array<{ sort?: SortValue[] }>,
  size: number,
): string | undefined {
  if (hits.length < size) return undefined;
  const last = hits[hits.length - 1]?.sort;
  return last ? encodeCursor(sort, last) : undefined;
}

export function totalOf(total: estypes.SearchTotalHits | number | undefined): {
  total: number;
  relation: 'eq' | 'gte';
} {
  if (total === undefined) return { total: 0, relation: 'eq' };
  if (typeof total === 'number') return { total, relation: 'eq' };
  return { total: total.value, relation: total.relation === 'gte' ? 'gte' : 'eq' };
}

/**
 * One page of a list (the alerts', the observations'): the items, the total, the page number when it was asked by
 * number, and the cursor to the next page when there may be one. On a numbered page we know whether more follow; on a
 * cursor page a full page may be the last one.
 */
export function shapeListPage<Doc, Item>(
  result: estypes.SearchResponse<Doc>,
  toItem: (hit: estypes.SearchHit<Doc>) => Item,
  sort: estypes.SortCombinations[],
  size: number,
  page?: number,
): ListPage<Item> {
  const hits = result.hits.hits;
  const { total, relation } = totalOf(result.hits.total);
  const cursor = nextCursor(sort, hits as Array<{ sort?: SortValue[] }>, size);
  const seen = (page ? (page - 1) * size : 0) + hits.length;
  return {
    items: hits.map(toItem),
    total,
    total_relation: relation,
    ...(page !== undefined ? { page } : {}),
    size,
    ...(cursor && (page === undefined || seen < total || relation === 'gte') ? { next_cursor: cursor } : {}),
  };
}
