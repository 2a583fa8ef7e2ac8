/**
 * In Kibana, a plugin's `require('@kbn/config-schema')` resolves from Kibana's own node_modules. Here nothing named
 * `@kbn/config-schema` is installed, so this hook answers that one request with our implementation. It must be
 * imported before anything that needs the package (dev/host/index.ts imports it first). Runs under `tsx`, which
 * lets Node require the TypeScript source.
 */
import Module from 'node:module';
import path from 'node:path';

export const KBN_CONFIG_SCHEMA = path.resolve(__dirname, '..', 'kbn_config_schema', 'index.ts');

type ResolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: ResolveFilename };
const original = mod._resolveFilename;
mod._resolveFilename = function resolveKbnPackages(
  this: unknown,
  request: string,
  parent: unknown,
  ...rest: unknown[]
) {
  if (request === '@kbn/config-schema') return KBN_CONFIG_SCHEMA;
  return original.call(this, request, parent, ...rest);
};
