/**
 * Our runtime stand-in for Kibana's `@kbn/config-schema`, for jest (see jest.config.js moduleNameMapper) and the dev
 * plugin host (dev/host). In a real Kibana the plugin's `require('@kbn/config-schema')` resolves to Kibana's own
 * package, so this file never ships. Its public surface is declared for the compiler in
 * kibana-types/kbn_config_schema.d.ts; dev/kbn_config_schema/declarations.test.ts fails to compile if the two drift.
 */
import type {
  ArrayOptions,
  ByteSizeOptions,
  Duration,
  DurationOptions,
  NumberOptions,
  ObjectTypeOptions,
  Props,
  RecordOfOptions,
  StringOptions,
  TypeOf,
  TypeOptions,
  URIOptions,
} from "@kbn/config-schema";
import {
  ArrayType,
  MaybeType,
  NullableType,
  ObjectType,
  RecordOfType,
  UnionType,
} from "./composite_types";
import {
  AnyType,
  BooleanType,
  ByteSizeType,
  ByteSizeValue,
  DurationType,
  LiteralType,
  NeverType,
  NumberType,
  StringType,
  URIType,
} from "./scalar_types";
import { Type, type SchemaType } from "./type";

export {
  SchemaError,
  SchemaTypeError,
  SchemaTypesError,
  ValidationError,
} from "./errors";
export { Type, ObjectType, ByteSizeValue };
export type * from "@kbn/config-schema";

/** Kibana core's `isConfigSchema` (typeguards/is_config_schema.ts): duck-typed, so any copy of the package passes. */
export function isConfigSchema(obj: unknown): obj is Type<unknown> {
  return (
    (obj as { __isKbnConfigSchemaType?: unknown } | null)
      ?.__isKbnConfigSchemaType === true
  );
}

function string(options?: StringOptions): Type<string> {
  return new StringType(options);
}
function number(options?: NumberOptions): Type<number> {
  return new NumberType(options);
}
function boolean(options?: TypeOptions<boolean>): Type<boolean> {
  return new BooleanType(options);
}
function literal<T extends string | number | boolean | null>(
  value: T,
): Type<T> {
  return new LiteralType(value);
}
function any(options?: TypeOptions<any>): Type<any> {
  return new AnyType(options);
}
function never(): Type<never> {
  return new NeverType();
}
function uri(options?: URIOptions): Type<string> {
  return new URIType(options);
}
function duration(options?: DurationOptions): Type<Duration> {
  return new DurationType(options);
}
function byteSize(options?: ByteSizeOptions): Type<ByteSizeValue> {
  return new ByteSizeType(options);
}
function object<P extends Props>(
  props: P,
  options?: ObjectTypeOptions<P>,
): ObjectType<P> {
  return new ObjectType(props, options);
}
function arrayOf<T>(
  itemType: SchemaType<T>,
  options?: ArrayOptions<T>,
): Type<T[]> {
  return new ArrayType(itemType, options);
}
function recordOf<K extends string, V>(
  keyType: SchemaType<K>,
  valueType: SchemaType<V>,
  options?: RecordOfOptions<K, V>,
): Type<Record<K, V>> {
  return new RecordOfType(keyType, valueType, options);
}
function oneOf<RTS extends [SchemaType<any>, ...Array<SchemaType<any>>]>(
  types: RTS,
  options?: TypeOptions<TypeOf<RTS[number]>>,
): Type<TypeOf<RTS[number]>> {
  return new UnionType(types, options);
}
function maybe<V>(type: SchemaType<V>): Type<V | undefined> {
  return new MaybeType(type);
}
function nullable<V>(type: SchemaType<V>): Type<V | null> {
  return new NullableType(type);
}

export const schema = {
  any,
  arrayOf,
  boolean,
  byteSize,
  duration,
  literal,
  maybe,
  never,
  nullable,
  number,
  object,
  oneOf,
  recordOf,
  string,
  uri,
};

export type Schema = typeof schema;
