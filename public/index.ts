import type { PluginInitializerContext } from '@kbn/core/public';
import { BuffalogsPublicPlugin } from './plugin';

/** Kibana reads `plugin` from this module through `__kbnBundles__.get('plugin/buffalogs/public')`. */
export const plugin = (initializerContext: PluginInitializerContext) => new BuffalogsPublicPlugin(initializerContext);
