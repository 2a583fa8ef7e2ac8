/**
 * Kibana's browser prototype hardening, first thing in the shared-deps bundle as in
 * src/platform/packages/private/kbn-ui-shared-deps-src/src/entry.js: the page's bootstrap sets
 * `window.__kbnHardenPrototypes__` from `<kbn-prototype-hardening>` (`server.prototypeHardening`, default true), and
 * when it is true `@kbn/security-hardening/prototype` seals these four built-in prototypes
 * (src/platform/packages/shared/kbn-security-hardening/prototype.ts, commit 0d1b3b3485d96101519c192459b36e3e60c92d52).
 * Sealed, not frozen: existing methods stay writable, but no property can be added or removed, so a plugin that
 * adds one throws in strict code and silently does nothing elsewhere — in both cases the e2e sees it.
 */
const w = window as unknown as { __kbnHardenPrototypes__?: unknown };
if (typeof w.__kbnHardenPrototypes__ !== 'boolean') {
  throw new Error('Invariant bootstrap failure: __kbnHardenPrototypes__ must be set to true or false');
}
if (w.__kbnHardenPrototypes__) {
  Object.seal(Array.prototype);
  Object.seal(Number.prototype);
  Object.seal(String.prototype);
  Object.seal(Function.prototype);
}
export {};
