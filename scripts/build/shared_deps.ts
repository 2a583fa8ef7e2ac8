/**
 * Modules Kibana's page already provides as `window.__kbnSharedDeps__.<Name>`; our bundle must take them from there
 * and never carry a copy (two Reacts break hooks; two EUIs break theming). From
 * src/platform/packages/private/kbn-ui-shared-deps-src/src/definitions.js — only entries present in 8.19 and 9.x.
 */
export const SHARED_DEPS: Readonly<Record<string, string>> = {
  react: 'React',
  'react-dom': 'ReactDom',
  'react-dom/server': 'ReactDomServer',
  'react-router': 'ReactRouter',
  'react-router-dom': 'ReactRouterDom',
  '@elastic/eui': 'ElasticEui',
  '@elastic/charts': 'ElasticCharts',
  '@emotion/react': 'EmotionReact',
  '@emotion/cache': 'EmotionCache',
  moment: 'Moment',
  'moment-timezone': 'MomentTimezone',
  lodash: 'Lodash',
  'lodash/fp': 'LodashFp',
  rxjs: 'Rxjs',
  '@kbn/i18n': 'KbnI18n',
  '@kbn/i18n-react': 'KbnI18nReact',
  history: 'History',
  classnames: 'Classnames',
};

/** Package roots whose deep imports (e.g. `@elastic/eui/lib/...`) would smuggle a second copy into the bundle. */
export const SHARED_PACKAGE_ROOTS = [...new Set(Object.keys(SHARED_DEPS).map((m) => m.split('/').slice(0, m.startsWith('@') ? 2 : 1).join('/')))];

export const BUNDLE_KEY = (pluginId: string) => `plugin/${pluginId}/public`;
