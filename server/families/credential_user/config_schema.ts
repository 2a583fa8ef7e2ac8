/** `buffalogs.credential_user` in kibana.yml, derived from the thresholds table (./config.ts); read lazily by family.ts. */
import type { Type } from '@kbn/config-schema';
import { thresholdSchema } from '../credential/threshold_schema';
import { USER_THRESHOLDS } from './config';

export const credentialUserConfigSchema: Type<unknown> = thresholdSchema(USER_THRESHOLDS);
