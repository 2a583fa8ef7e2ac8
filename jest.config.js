/**
 * One Jest run, several projects: pure server/common code in node, browser code in jsdom, and the suites that
 * need a real Elasticsearch (`test/integration`) or the built plugin in a real browser (`test/e2e`).
 * `npm test` runs them all; `npm run test:unit` only the fast ones.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'classic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  // Kibana provides @kbn/config-schema at runtime; tests and the dev host use our faithful local implementation.
  moduleNameMapper: { '^@kbn/config-schema$': '<rootDir>/dev/kbn_config_schema/index.ts' },
};

module.exports = {
  // Integration and end-to-end tests share 2 cores with an Elasticsearch node and Chromium; 5 s (Jest's default) made
  // correct tests time out whenever the machine was busy. Tests that need longer still say so themselves.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/server/**/*.test.ts',
        '<rootDir>/common/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
        '<rootDir>/dev/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'public',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/public/**/*.test.{ts,tsx}'],
      // d3-geo and its d3-array dependency ship ESM only (feasibility §4): compile them like our own code.
      transform: { ...common.transform, '^.+/node_modules/(d3-[^/]+|internmap)/.+\\.m?js$': swc },
      transformIgnorePatterns: ['/node_modules/(?!(d3-[^/]+|internmap)/)'],
      // jsdom lacks ResizeObserver, which @elastic/charts needs to mount.
      setupFiles: ['<rootDir>/public/test_support/setup.ts'],
      // @elastic/charts requires uuid 10+, which is ESM only; it needs only v4 (feasibility §4, fix B).
      moduleNameMapper: { ...common.moduleNameMapper, '^uuid$': '<rootDir>/public/test_support/uuid_shim.js' },
    },
    {
      ...common,
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // One real Elasticsearch per run, started only when a test of this project runs (see test/global_setup.ts).
      globalSetup: '<rootDir>/test/global_setup.ts',
      globalTeardown: '<rootDir>/test/global_teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      // One real Elasticsearch per run, started only when a test of this project runs (see test/global_setup.ts).
      globalSetup: '<rootDir>/test/global_setup.ts',
      globalTeardown: '<rootDir>/test/global_teardown.ts',
    },
  ],
};
