import { schema, type TypeOf } from '@kbn/config-schema';

/** ECS authentication logs usually land in these (Elastic Agent / Filebeat / Winlogbeat). */
export const DEFAULT_SOURCE_INDICES = ['logs-*', 'filebeat-*', 'winlogbeat-*'];

/**
 * The `buffalogs.*` section of kibana.yml. Kibana validates it with this schema at startup and refuses to start on
 * an invalid value, so every key has a safe default. Later issues add the detection settings here.
 */
export const configSchema = schema.object({
  enabled: schema.boolean({ defaultValue: true }),
  /** Index patterns read for authentication events. */
  indices: schema.arrayOf(schema.string({ minLength: 1 }), {
    minSize: 1,
    defaultValue: DEFAULT_SOURCE_INDICES,
  }),
});

export type BuffalogsConfig = TypeOf<typeof configSchema>;
