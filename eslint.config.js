// ESLint 9 flat config. Beyond the usual TypeScript/React checks it enforces how a Kibana plugin may import:
// Kibana provides `@kbn/*` only as types (except `@kbn/config-schema` on the server), and the browser bundle
// must not import what Kibana cannot supply or what would put a second React/EUI on the page.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const reactHooks = require('eslint-plugin-react-hooks');
const globals = require('globals');

const KBN_TYPES_ONLY = {
  group: ['@kbn/*', '!@kbn/config-schema'],
  allowTypeImports: true,
  message: 'Kibana provides @kbn/* at runtime only as types here: use `import type` (only @kbn/config-schema is real).',
};

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      'target/',
      'artifacts/',
      'coverage/',
      'scripts/es/target/',
      'test/fixtures/kibana/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // These mirror Kibana's own signatures, which use `any` where a generic must accept every schema/handler.
    files: ['kibana-types/*.d.ts', 'dev/kbn_config_schema/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['server/**/*.ts', 'common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [KBN_TYPES_ONLY] }],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      // common/ is loaded by both sides: no server- or browser-only modules.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../server/*', '../public/*', '@kbn/config-schema'],
              message: 'common/ must load on both sides.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['public/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'react-dom/client',
              message: 'React 17 (Kibana 8.19/9.0) has no react-dom/client; use ReactDOM.render.',
            },
            {
              name: 'react/jsx-runtime',
              message: 'Not a Kibana shared dependency; the bundle uses the classic JSX runtime.',
            },
          ],
          patterns: [
            { ...KBN_TYPES_ONLY, group: ['@kbn/*'], message: 'Browser code may import @kbn/* only as types.' },
            {
              group: ['../server/*', '../../server/*'],
              message: 'The browser cannot load server code; share via common/.',
            },
            {
              group: ['@elastic/eui/*', '@elastic/charts/*', 'react-dom/*', '!react-dom/server'],
              message: 'Deep imports bundle a second copy of a Kibana shared dependency; import the package root.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-restricted-imports': 'off', 'no-restricted-imports': 'off' },
  },
);
