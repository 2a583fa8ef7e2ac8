import { useState } from 'react';
import { NUMBERED_PAGE_WINDOW } from '../components/alerts/alerts_query';
import { useFetch } from './use_fetch';

/**
 * Paging past the numbered window (`page × size` over NUMBERED_PAGE_WINDOW, which the API refuses by number): such a
 * page is reached only with the `next_cursor` the page before it answered. The cursors are kept per list (`list`: its
 * filters, sort, size and resolved range, anything but the page), since a cursor belongs to one order and filter.
 */
function usePageCursors(list: unknown) {
  const [cursors] = useState(() => new Map<string, string>());
  const key = JSON.stringify(list);
  return {
    /** The cursor to ask for page `pageIndex` (0-based) with, where numbered pages stop and the one before told it. */
    cursorFor: (pageIndex: number, size: number): string | undefined =>
      (pageIndex + 1) * size > NUMBERED_PAGE_WINDOW ? cursors.get(`${key}#${pageIndex}`) : undefined,
    /** Keeps the cursor page `pageIndex` answered, for the page after it. */
    remember: (pageIndex: number, next: string | undefined) => {
      if (next) cursors.set(`${key}#${pageIndex + 1}`, next);
    },
  };
}

/**
 * How many rows the table's pagination may offer: every numbered page, and past them the pages reached so far plus
 * the next one when the current page gave a cursor.
 */
export function reachableItemCount(total: number, pageIndex: number, pageSize: number, hasNext: boolean): number {
  const pages = Math.max(pageIndex + 1 + (hasNext ? 1 : 0), Math.floor(NUMBERED_PAGE_WINDOW / pageSize));
  return Math.min(total, pages * pageSize);
}

/**
 * A server-paged list's current page (the Alerts and Observations pages): asked by number within the window and by
 * the page before's cursor beyond it, each answer's `next_cursor` kept for the page after. `queryOf` builds the API
 * query from that cursor (undefined: ask by number); `list` is the URL state without its page, plus the resolved range.
 */
export function useCursorPagedList<Q, P extends { next_cursor?: string }>(
  list: unknown,
  paging: { pageIndex: number; pageSize: number },
  refreshCount: number,
  queryOf: (cursor: string | undefined) => Q,
  load: (query: Q, signal: AbortSignal) => Promise<P>,
) {
  const cursors = usePageCursors(list);
  const query = queryOf(cursors.cursorFor(paging.pageIndex, paging.pageSize));
  return useFetch(
    async (signal) => {
      const page = await load(query, signal);
      cursors.remember(paging.pageIndex, page.next_cursor);
      return page;
    },
    [JSON.stringify(query), refreshCount],
  );
}
