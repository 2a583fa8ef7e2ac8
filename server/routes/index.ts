import type { Logger } from '@kbn/core/server';
import type { BuffalogsRouter } from '../types';
import { registerHealthRoute } from './health';

/** What route handlers may use; later routes add their services here. */
export interface RouteDependencies {
  logger: Logger;
  pluginVersion: string;
}

export function registerRoutes(router: BuffalogsRouter, deps: RouteDependencies): void {
  registerHealthRoute(router, deps);
}
