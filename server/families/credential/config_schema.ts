/**
 * `buffalogs.credential` in kibana.yml, derived from the thresholds table (./config.ts). Apart from config.ts because
 * only Kibana provides @kbn/config-schema: the CLI and the benches load the family without it (family.ts reads this
 * module lazily).
 */
import { schema, type Type } from '@kbn/config-schema';
import { CREDENTIAL_THRESHOLDS } from './config';

export const credentialConfigSchema: Type<unknown> = schema.object(
  Object.fromEntries(
    CREDENTIAL_THRESHOLDS.map((r) => [r.key, schema.maybe(schema.number({ min: r.min, max: r.max }))]),
  ),
);
