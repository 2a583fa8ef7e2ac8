import { UI_CAPABILITIES } from '../../common/app_category';
import { PLUGIN_ID } from '../../common/constants';
import { useServices } from './use_services';

/**
 * Whether the user holds the feature's "All" privilege (`buffalogs-all`): Kibana turns the feature's `ui` list
 * into `application.capabilities.buffalogs.save` in the page's metadata (server/features.ts). The routes check the
 * privilege themselves; this only keeps the app from offering what the server would refuse.
 */
export function useCanSave(): boolean {
  const { core } = useServices();
  return core.application?.capabilities?.[PLUGIN_ID]?.[UI_CAPABILITIES.save] === true;
}
