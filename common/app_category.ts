/**
 * Kibana's "Security" navigation category (`DEFAULT_APP_CATEGORIES.security` in
 * src/core/packages/application/common/src/default_app_categories.ts). Copied, not imported: it is a runtime value
 * of `@kbn/core`, which an external plugin cannot import. The server's feature and the browser's app both use it.
 */
export const SECURITY_APP_CATEGORY = {
  id: 'securitySolution',
  label: 'Security',
  order: 4000,
  euiIconType: 'logoSecurity',
} as const;

/** UI capabilities the feature grants (`application.capabilities.buffalogs.<name>` in the browser). */
export const UI_CAPABILITIES = { show: 'show', save: 'save' } as const;
export type BuffalogsCapabilities = Partial<Record<keyof typeof UI_CAPABILITIES, boolean>>;
