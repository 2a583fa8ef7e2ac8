/**
 * Code compiles against kibana-types/kbn_config_schema.d.ts but runs (in jest and the dev host) on
 * dev/kbn_config_schema/index.ts. These assignments stop `tsc` when the runtime no longer provides what the
 * declarations promise; the test itself checks that jest really maps the module to this implementation.
 */
import * as declared from "@kbn/config-schema";
import * as runtime from "./index";

const schemaMatches: typeof declared.schema = runtime.schema;
const isConfigSchemaMatches: typeof declared.isConfigSchema =
  runtime.isConfigSchema;
const validationErrorMatches: typeof declared.ValidationError =
  runtime.ValidationError;
const byteSizeMatches: typeof declared.ByteSizeValue = runtime.ByteSizeValue;

describe("@kbn/config-schema double", () => {
  it("is what `@kbn/config-schema` resolves to under jest", () => {
    expect(declared.schema).toBe(runtime.schema);
    expect(declared.ValidationError).toBe(runtime.ValidationError);
    expect([
      schemaMatches,
      isConfigSchemaMatches,
      validationErrorMatches,
      byteSizeMatches,
    ]).toHaveLength(4);
  });
});
