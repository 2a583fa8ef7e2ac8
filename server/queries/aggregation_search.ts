/**
 * The head of a search that only aggregates: no hits, the exact total, and an index not created yet (a space before
 * its first pass) answers empty instead of 404.
 */
export const aggregationSearch = (index: string | string[]) => ({
  index,
  ignore_unavailable: true,
  allow_no_indices: true,
  size: 0,
  track_total_hits: true,
});
