/**
 * A credential family's kibana.yml section derived from its threshold table (./threshold_table.ts). Apart because only
 * Kibana provides @kbn/config-schema: the CLI and the benches load the families without it, so a family reads its
 * schema lazily (a getter that requires its config_schema module).
 */
import { schema, type Type } from '@kbn/config-schema';
import type { ThresholdRow } from './threshold_table';

export const thresholdSchema = (table: readonly ThresholdRow<string>[]): Type<unknown> =>
  schema.object(Object.fromEntries(table.map((r) => [r.key, schema.maybe(schema.number({ min: r.min, max: r.max }))])));
