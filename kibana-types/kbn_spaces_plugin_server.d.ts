/**
 * The spaces plugin's server start contract (`@kbn/spaces-plugin/server`, optional plugin id `spaces`): the one
 * thing we need is the space a request belongs to, because alert indices are per space. Types only.
 *
 * Mirrors elastic/kibana x-pack/platform/plugins/shared/spaces/server/{plugin.ts,
 * spaces_service/spaces_service.ts} (8.19: x-pack/plugins/spaces/server/...).
 */
declare module '@kbn/spaces-plugin/server' {
  import type { KibanaRequest } from '@kbn/core/server';

  export interface SpacesServiceStart {
    /** 'default' for requests outside any `/s/<space>` URL. */
    getSpaceId(request: KibanaRequest): string;
    isInDefaultSpace(request: KibanaRequest): boolean;
  }
  export interface SpacesPluginStart {
    spacesService: SpacesServiceStart;
  }
}
