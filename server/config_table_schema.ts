/**
 * A family's kibana.yml section derived from its settings table (common/config_table.ts): one optional object per
 * section, one optional key per leaf, typed by the leaf's kind. The schema judges types and bounds only; the family's
 * validate hook then runs the table's own validator, so list entries (CIDRs, user patterns), whole numbers and list
 * sizes fail at startup with the same sentence as in the API, naming the key.
 */
import { schema, type Type } from '@kbn/config-schema';
import { MAX_ASN, type AnyConfigTable, type ConfigTable, type LeafKind } from '../common/config_table';
import { RULE_IDS } from '../common/constants';

export const oneOfStrings = (values: readonly string[]) =>
  schema.oneOf(values.map((v) => schema.literal(v)) as [ReturnType<typeof schema.literal>]);

/** A duration within [min, max] ms, refused at startup as `must be <range>` (node's timers cannot hold 2^31 ms+). */
export const boundedDuration = (min: number, max: number, range: string, defaultValue?: string) =>
  schema.duration({
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    validate: (d) => {
      const ms = d.asMilliseconds();
      return ms >= min && ms <= max ? undefined : `must be ${range}`;
    },
  });

/** The kibana.yml type of one leaf (before `maybe`). */
function leafType(kind: LeafKind): Type<unknown> {
  switch (kind.t) {
    case 'bool':
      return schema.boolean();
    case 'num':
      return schema.number({ min: kind.min, ...(kind.max !== undefined ? { max: kind.max } : {}) });
    case 'enum':
      return oneOfStrings(kind.values);
    case 'strings':
      return schema.arrayOf(schema.string());
    case 'asns':
      return schema.arrayOf(schema.number({ min: 0, max: MAX_ASN }));
    case 'rules':
      return schema.arrayOf(oneOfStrings(RULE_IDS));
    case 'couples':
      return schema.arrayOf(schema.arrayOf(schema.string(), { minSize: 2, maxSize: 2 }));
  }
}

/** The table's sections as optional kibana.yml objects of optional keys, to spread into the family's schema.object. */
export function tableSectionSchemas<C, G extends string>(
  table: ConfigTable<C, G>,
): { [S in keyof C]: Type<Partial<C[S]> | undefined> } {
  const sections = table as unknown as AnyConfigTable;
  return Object.fromEntries(
    Object.entries(sections).map(([section, leaves]) => [
      section,
      schema.maybe(
        schema.object(
          Object.fromEntries(Object.entries(leaves).map(([key, leaf]) => [key, schema.maybe(leafType(leaf.kind))])),
        ),
      ),
    ]),
  ) as { [S in keyof C]: Type<Partial<C[S]> | undefined> };
}
