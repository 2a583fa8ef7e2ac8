/** `buffalogs.credential` in kibana.yml, derived from the thresholds table (./config.ts); read lazily by family.ts. */
import type { Type } from '@kbn/config-schema';
import { CREDENTIAL_THRESHOLDS } from './config';
import { thresholdSchema } from './threshold_schema';

export const credentialConfigSchema: Type<unknown> = thresholdSchema(CREDENTIAL_THRESHOLDS);
