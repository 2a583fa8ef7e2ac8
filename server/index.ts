import type { PluginConfigDescriptor, PluginInitializerContext } from '@kbn/core/server';
import { configSchema, type BuffalogsConfig } from './config';

/*
 * Kibana requires this module (`server/index.js` in the zip) and reads two exports. They are plain `export const`
 * so the CommonJS output is `exports.config = …` / `exports.plugin = …`, which every Kibana version detects
 * (facts §1.3); do not turn them into re-exports.
 */

export const config: PluginConfigDescriptor<BuffalogsConfig> = {
  schema: configSchema,
  // Nothing is exposed to the browser: index names and (later) credentials stay on the server.
  exposeToBrowser: {},
};

/** Core awaits the initializer (8.12+); the lazy import keeps Kibana's startup from loading our code early. */
export const plugin = async (initializerContext: PluginInitializerContext<BuffalogsConfig>) => {
  const { BuffalogsPlugin } = await import('./plugin');
  return new BuffalogsPlugin(initializerContext);
};
