/**
 * Container types of our `@kbn/config-schema` double: object, arrayOf, recordOf, oneOf, maybe, nullable. Mirrors
 * elastic/kibana `src/platform/packages/shared/kbn-config-schema/src/types/{object,array,record,union,maybe,
 * nullable}_type.ts` and the Joi extensions in `src/internals/index.ts` (JSON strings are parsed for objects,
 * arrays and records, as Joi's `convert` preference does for query parameters).
 */
import { SchemaTypeError, SchemaTypesError, ValidationError } from "./errors";
import type {
  ArrayOptions,
  ExtendedProps,
  NullableProps,
  ObjectResultType,
  ObjectTypeOptions,
  Props,
  RecordOfOptions,
  TypeOptions,
  UnknownOptions,
} from "@kbn/config-schema";
import {
  internal,
  isPlainObject,
  Type,
  typeDetect,
  type SchemaType,
  type ValidationState,
} from "./type";

export type {
  Props,
  NullableProps,
  ObjectResultType,
  ObjectTypeOptions,
} from "@kbn/config-schema";

function parseJsonString(
  value: unknown,
  path: string[],
  what: "object" | "array" | "record",
): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SchemaTypeError(
      `could not parse ${what} value from json input`,
      path,
    );
  }
}

// object_type.ts ---------------------------------------------------------------------------------------------------
export class ObjectType<P extends Props = any> extends Type<
  ObjectResultType<P>
> {
  constructor(
    private readonly props: P,
    private readonly objectOptions: ObjectTypeOptions<P> = {},
  ) {
    super(objectOptions);
  }

  protected requiredMessage() {
    return "expected a plain object value, but found [undefined] instead.";
  }

  /** A missing object without default is built from its children's defaults (Joi `object().default()`). */
  protected override onUndefined(
    path: string[],
    state: ValidationState,
  ): ObjectResultType<P> {
    return this.check({}, path, state);
  }

  protected check(
    value: unknown,
    path: string[],
    state: ValidationState,
  ): ObjectResultType<P> {
    const parsed = parseJsonString(value, path, "object");
    if (!isPlainObject(parsed)) {
      throw new SchemaTypeError(
        `expected a plain object value, but found [${typeDetect(value)}] instead.`,
        path,
      );
    }
    const { unknowns } = this.objectOptions;
    // An explicit `unknowns` sets the preference for this object's whole subtree, as Joi `.options()` does.
    const childState: ValidationState = unknowns
      ? { ...state, stripUnknown: unknowns === "ignore" }
      : state;

    const result: Record<string, unknown> = {};
    for (const [key, type] of Object.entries(this.props)) {
      const validated = internal(type).process(
        Object.hasOwn(parsed, key) ? parsed[key] : undefined,
        [...path, key],
        childState,
      );
      if (validated !== undefined || Object.hasOwn(parsed, key))
        result[key] = validated;
    }
    // Own keys only, as Joi: `constructor` or `toString` is as unknown as any other key. A `__proto__` own key is
    // unknown in an object without prototype (Hapi's query); Joi's copy of a plain object drops it.
    const nullPrototype = Object.getPrototypeOf(parsed) === null;
    for (const key of Object.keys(parsed)) {
      if (Object.hasOwn(this.props, key)) continue;
      if (key === "__proto__" && !nullPrototype) continue;
      if (unknowns === "allow")
        Object.defineProperty(result, key, {
          value: parsed[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else if (!childState.stripUnknown)
        throw new SchemaTypeError("definition for this key is missing", [
          ...path,
          key,
        ]);
    }
    return result as ObjectResultType<P>;
  }

  /** A copy with `newProps` added; a `null`/`undefined` value removes that key (first level only, like Kibana). */
  public extends<NP extends NullableProps>(
    newProps: NP,
    newOptions?: ObjectTypeOptions<ExtendedProps<P, NP>>,
  ): ObjectType<ExtendedProps<P, NP>> {
    const extendedProps: Record<string, SchemaType<any>> = {};
    for (const [key, value] of Object.entries({ ...this.props, ...newProps })) {
      if (value !== null && value !== undefined) extendedProps[key] = value;
    }
    return new ObjectType(
      extendedProps as ExtendedProps<P, NP>,
      {
        ...this.objectOptions,
        ...newOptions,
      } as ObjectTypeOptions<ExtendedProps<P, NP>>,
    );
  }

  public override extendsDeep(options: UnknownOptions): ObjectType<P> {
    const props: Record<string, SchemaType<any>> = {};
    for (const [key, value] of Object.entries(this.props))
      props[key] = value.extendsDeep(options);
    return new ObjectType(props as P, {
      ...this.objectOptions,
      ...(options.unknowns ? { unknowns: options.unknowns } : {}),
    });
  }

  public getPropSchemas(): P {
    return { ...this.props };
  }
}

// array_type.ts ----------------------------------------------------------------------------------------------------
export class ArrayType<T> extends Type<T[]> {
  constructor(
    private readonly itemType: SchemaType<T>,
    private readonly arrayOptions: ArrayOptions<T> = {},
  ) {
    super(arrayOptions);
  }
  protected requiredMessage() {
    return "expected value of type [array] but got [undefined]";
  }
  protected check(value: unknown, path: string[], state: ValidationState): T[] {
    const parsed = parseJsonString(value, path, "array");
    if (!Array.isArray(parsed)) {
      throw new SchemaTypeError(
        `expected value of type [array] but got [${typeDetect(value)}]`,
        path,
      );
    }
    const { unknowns, minSize, maxSize } = this.arrayOptions;
    const itemState: ValidationState = unknowns
      ? { ...state, stripUnknown: unknowns === "ignore" }
      : state;
    const result = parsed.map((item, index) => {
      const itemPath = [...path, String(index)];
      // Kibana marks items optional but forbids sparse arrays, so a hole is its own error.
      if (item === undefined)
        throw new SchemaTypeError("sparse array are not allowed", itemPath);
      return internal(this.itemType).process(item, itemPath, itemState);
    });
    if (minSize !== undefined && result.length < minSize) {
      throw new SchemaTypeError(
        `array size is [${result.length}], but cannot be smaller than [${minSize}]`,
        path,
      );
    }
    if (maxSize !== undefined && result.length > maxSize) {
      throw new SchemaTypeError(
        `array size is [${result.length}], but cannot be greater than [${maxSize}]`,
        path,
      );
    }
    return result;
  }
  public override extendsDeep(options: UnknownOptions): ArrayType<T> {
    return new ArrayType(this.itemType.extendsDeep(options), this.arrayOptions);
  }
}

// record_type.ts ---------------------------------------------------------------------------------------------------
export class RecordOfType<K extends string, V> extends Type<Record<K, V>> {
  constructor(
    private readonly keyType: SchemaType<K>,
    private readonly valueType: SchemaType<V>,
    options: RecordOfOptions<K, V> = {},
  ) {
    super(options);
  }
  protected requiredMessage() {
    return "expected value of type [object] but got [undefined]";
  }
  protected check(
    value: unknown,
    path: string[],
    state: ValidationState,
  ): Record<K, V> {
    const parsed = parseJsonString(value, path, "record");
    if (!isPlainObject(parsed)) {
      // The parsed value's type: a JSON array string is reported as [Array], as Kibana does.
      throw new SchemaTypeError(
        `expected value of type [object] but got [${typeDetect(parsed)}]`,
        path,
      );
    }
    const result = {} as Record<K, V>;
    for (const [entryKey, entryValue] of Object.entries(parsed)) {
      // record_type.ts validates a key on its own and reports its whole message under `key("…")`, so the paths
      // inside it (a union's `[0]`, `[1]`) are the key's, not the record's.
      let key: K;
      try {
        key = internal(this.keyType).process(entryKey, [], state);
      } catch (e) {
        if (!(e instanceof SchemaTypeError)) throw e;
        throw new SchemaTypeError(new ValidationError(e).message, [
          ...path,
          `key("${entryKey}")`,
        ]);
      }
      result[key] = internal(this.valueType).process(
        entryValue,
        [...path, entryKey],
        state,
      );
    }
    return result;
  }
}

// union_type.ts (schema.oneOf): the first alternative that validates wins ----------------------------------------
export class UnionType<RTS extends Array<SchemaType<any>>, T> extends Type<T> {
  constructor(
    private readonly types: RTS,
    options?: TypeOptions<T>,
  ) {
    super(options);
  }
  protected requiredMessage() {
    return "expected at least one defined value but got [undefined]";
  }
  protected check(value: unknown, path: string[], state: ValidationState): T {
    const errors: SchemaTypeError[] = [];
    for (const [index, type] of this.types.entries()) {
      try {
        return internal(type).process(value, [...path, String(index)], state);
      } catch (e) {
        if (!(e instanceof SchemaTypeError)) throw e;
        errors.push(e);
      }
    }
    throw new SchemaTypesError("types that failed validation:", path, errors);
  }
}

// maybe_type.ts: undefined stays undefined (and the inner type's default is dropped, as Joi's later `.default()` wins)
export class MaybeType<V> extends Type<V | undefined> {
  constructor(private readonly maybeType: SchemaType<V>) {
    super();
  }
  protected requiredMessage() {
    return "";
  }
  protected override onUndefined(): V | undefined {
    return undefined;
  }
  protected check(
    value: unknown,
    path: string[],
    state: ValidationState,
  ): V | undefined {
    return internal(this.maybeType).process(value, path, state);
  }
  public override extendsDeep(options: UnknownOptions): MaybeType<V> {
    return new MaybeType(this.maybeType.extendsDeep(options));
  }
}

// nullable_type.ts: `.optional().allow(null).default(null)` -------------------------------------------------------
export class NullableType<V> extends Type<V | null> {
  constructor(private readonly nullableType: SchemaType<V>) {
    super();
  }
  protected requiredMessage() {
    return "";
  }
  protected override onUndefined(): V | null {
    return null;
  }
  protected check(
    value: unknown,
    path: string[],
    state: ValidationState,
  ): V | null {
    return value === null
      ? null
      : internal(this.nullableType).process(value, path, state);
  }
  public override extendsDeep(options: UnknownOptions): NullableType<V> {
    return new NullableType(this.nullableType.extendsDeep(options));
  }
}
