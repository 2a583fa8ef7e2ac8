/**
 * `@kbn/config-schema`: the one `@kbn/*` package the server imports at runtime (Kibana resolves it from its own
 * node_modules). Declared here, for the compiler, as the subset this plugin uses; mirrored from elastic/kibana
 * `src/platform/packages/shared/kbn-config-schema/index.ts` and `src/types/*.ts` (8.19: `packages/kbn-config-schema`).
 *
 * Jest and the dev host run dev/kbn_config_schema/index.ts instead of Kibana's package; that implementation must
 * satisfy these declarations (dev/kbn_config_schema/declarations.test.ts checks it at compile time).
 */
declare module "@kbn/config-schema" {
  import type { Duration } from "moment";

  export type { Duration };

  // errors/*.ts --------------------------------------------------------------------------------------------------
  export class SchemaError extends Error {
    readonly cause?: Error;
    constructor(message: string, cause?: Error);
  }
  export class SchemaTypeError extends SchemaError {
    readonly path: string[];
    constructor(error: Error | string, path: string[]);
  }
  export class SchemaTypesError extends SchemaTypeError {
    readonly errors: SchemaTypeError[];
    constructor(
      error: Error | string,
      path: string[],
      errors: SchemaTypeError[],
    );
  }
  /** Thrown by `validate`; message `[namespace.key.path]: reason`, e.g. `[buffalogs.interval]: expected value of type [number] but got [string]`. */
  export class ValidationError extends SchemaError {
    constructor(error: SchemaTypeError, namespace?: string);
  }

  // types/type.ts ------------------------------------------------------------------------------------------------
  export type DefaultValue<T> = T | (() => T);
  export interface TypeMeta {
    description?: string;
    deprecated?: boolean;
  }
  export interface TypeOptions<T> {
    defaultValue?: DefaultValue<T>;
    /** Runs after the type's own checks; return an error message to fail. */
    validate?: (value: T) => string | void;
    meta?: TypeMeta;
  }
  export type OptionsForUnknowns = "allow" | "ignore" | "forbid";
  export interface UnknownOptions {
    /** Default 'forbid': an unknown key fails with `definition for this key is missing`. */
    unknowns?: OptionsForUnknowns;
  }
  export interface SchemaValidationOptions {
    stripUnknownKeys?: boolean;
  }

  export abstract class Type<V> {
    /** Phantom: the validated output type, read by `TypeOf`. */
    readonly type: V;
    /** Kibana core's `isConfigSchema` duck-type marker. */
    readonly __isKbnConfigSchemaType: true;
    /** Returns the value with defaults applied, or throws `ValidationError`. */
    validate(
      value: unknown,
      context?: Record<string, unknown>,
      namespace?: string,
      validationOptions?: SchemaValidationOptions,
    ): V;
    extendsDeep(options: UnknownOptions): Type<V>;
  }

  export type TypeOf<RT extends Type<any> | (() => Type<any>)> =
    RT extends () => Type<any>
      ? ReturnType<RT>["type"]
      : RT extends Type<any>
        ? RT["type"]
        : never;

  // types/object_type.ts -----------------------------------------------------------------------------------------
  export type Props = Record<string, Type<any>>;
  export type NullableProps = Record<string, Type<any> | undefined | null>;
  type OptionalProperties<Base extends Props> = Pick<
    Base,
    {
      [Key in keyof Base]: undefined extends TypeOf<Base[Key]> ? Key : never;
    }[keyof Base]
  >;
  type RequiredProperties<Base extends Props> = Pick<
    Base,
    {
      [Key in keyof Base]: undefined extends TypeOf<Base[Key]> ? never : Key;
    }[keyof Base]
  >;
  export type ObjectResultType<P extends Props> = Readonly<
    { [K in keyof OptionalProperties<P>]?: TypeOf<P[K]> } & {
      [K in keyof RequiredProperties<P>]: TypeOf<P[K]>;
    }
  >;
  type DefinedProperties<Base extends NullableProps> = Pick<
    Base,
    {
      [Key in keyof Base]: undefined extends Base[Key]
        ? never
        : null extends Base[Key]
          ? never
          : Key;
    }[keyof Base]
  >;
  export type ExtendedProps<P extends Props, NP extends NullableProps> = Omit<
    P,
    keyof NP
  > & {
    [K in keyof DefinedProperties<NP>]: NP[K];
  };
  export type ObjectTypeOptions<P extends Props = any> = TypeOptions<
    ObjectResultType<P>
  > &
    UnknownOptions;

  export class ObjectType<P extends Props = any> extends Type<
    ObjectResultType<P>
  > {
    extends<NP extends NullableProps>(
      newProps: NP,
      newOptions?: ObjectTypeOptions<ExtendedProps<P, NP>>,
    ): ObjectType<ExtendedProps<P, NP>>;
    extendsDeep(options: UnknownOptions): ObjectType<P>;
    getPropSchemas(): P;
  }

  // Options of the other types (string_type.ts, number_type.ts, array_type.ts, record_type.ts, uri_type.ts,
  // duration_type.ts, byte_size_type.ts) ----------------------------------------------------------------------------
  export type StringOptions = TypeOptions<string> & {
    minLength?: number;
    maxLength?: number;
    hostname?: boolean;
    coerceFromNumber?: boolean;
  };
  export type NumberOptions = TypeOptions<number> & {
    min?: number;
    max?: number;
    unsafe?: boolean;
  };
  export type ArrayOptions<T> = TypeOptions<T[]> &
    UnknownOptions & { minSize?: number; maxSize?: number };
  export type RecordOfOptions<K extends string, V> = TypeOptions<Record<K, V>>;
  export type URIOptions = TypeOptions<string> & { scheme?: string | string[] };
  export type DurationValueType = Duration | string | number;
  export interface DurationOptions {
    defaultValue?: DurationValueType | (() => DurationValueType);
    validate?: (value: Duration) => string | void;
    min?: DurationValueType;
    max?: DurationValueType;
  }

  export class ByteSizeValue {
    static parse(text: string): ByteSizeValue;
    constructor(valueInBytes: number);
    getValueInBytes(): number;
    isGreaterThan(other: ByteSizeValue): boolean;
    isLessThan(other: ByteSizeValue): boolean;
    isEqualTo(other: ByteSizeValue): boolean;
    toString(returnUnit?: "b" | "kb" | "mb" | "gb"): string;
  }
  export interface ByteSizeOptions {
    defaultValue?: ByteSizeValue | string | number;
    validate?: (value: ByteSizeValue) => string | void;
    min?: ByteSizeValue | string | number;
    max?: ByteSizeValue | string | number;
  }

  // index.ts: the `schema` namespace -----------------------------------------------------------------------------
  export const schema: {
    any(options?: TypeOptions<any>): Type<any>;
    arrayOf<T>(itemType: Type<T>, options?: ArrayOptions<T>): Type<T[]>;
    boolean(options?: TypeOptions<boolean>): Type<boolean>;
    byteSize(options?: ByteSizeOptions): Type<ByteSizeValue>;
    duration(options?: DurationOptions): Type<Duration>;
    literal<T extends string | number | boolean | null>(value: T): Type<T>;
    maybe<V>(type: Type<V>): Type<V | undefined>;
    never(): Type<never>;
    nullable<V>(type: Type<V>): Type<V | null>;
    number(options?: NumberOptions): Type<number>;
    object<P extends Props>(
      props: P,
      options?: ObjectTypeOptions<P>,
    ): ObjectType<P>;
    oneOf<RTS extends [Type<any>, ...Array<Type<any>>]>(
      types: RTS,
      options?: TypeOptions<TypeOf<RTS[number]>>,
    ): Type<TypeOf<RTS[number]>>;
    recordOf<K extends string, V>(
      keyType: Type<K>,
      valueType: Type<V>,
      options?: RecordOfOptions<K, V>,
    ): Type<Record<K, V>>;
    string(options?: StringOptions): Type<string>;
    uri(options?: URIOptions): Type<string>;
  };
  export type Schema = typeof schema;

  /** typeguards/is_config_schema.ts */
  export function isConfigSchema(obj: unknown): obj is Type<unknown>;
}
