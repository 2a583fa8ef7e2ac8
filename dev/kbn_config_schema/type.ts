/**
 * The base `Type` of our `@kbn/config-schema` double. Kibana's real package (elastic/kibana
 * `src/platform/packages/shared/kbn-config-schema/src/types/type.ts`) is built on Joi; we re-implement the subset the
 * plugin uses without Joi, keeping Kibana's observable behaviour: defaults are applied to `undefined` (and are not
 * themselves validated), `presence: 'required'` is the global default, the first failure aborts validation
 * (Joi's `abortEarly`), a custom `validate` runs only on a value that passed the type's own checks, and every error
 * carries the path of the offending key.
 */
import { SchemaTypeError, ValidationError } from "./errors";

// The API's type-level vocabulary is declared once, in kibana-types/kbn_config_schema.d.ts; this implementation
// imports it (types only) so that the two cannot describe different shapes.
import type {
  SchemaValidationOptions,
  Type as DeclaredType,
  TypeOptions,
  UnknownOptions,
} from "@kbn/config-schema";

export type {
  DefaultValue,
  OptionsForUnknowns,
  TypeOf,
  TypeOptions,
  UnknownOptions,
} from "@kbn/config-schema";

/** @internal Per-validation state; `stripUnknown` is inherited by nested objects like Joi preferences are. */
export interface ValidationState {
  context: Record<string, unknown>;
  stripUnknown: boolean;
}

/** type-detect's names, which Kibana puts in its messages: 'string', 'number', 'null', 'undefined', 'Array', 'Object'… */
export function typeDetect(value: unknown): string {
  if (value === null) return "null";
  const t = typeof value;
  if (t !== "object") return t;
  if (Array.isArray(value)) return "Array";
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return tag;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** The public face of a type; containers accept it so types built against the declarations mix with ours. */
export type SchemaType<V> = DeclaredType<V>;

/** Every `SchemaType` at runtime is one of our `Type`s (Kibana's package is not loaded next to this one). */
export function internal<V>(type: SchemaType<V>): Type<V> {
  return type as Type<V>;
}

export abstract class Type<V> implements DeclaredType<V> {
  /** Phantom field carrying the output type for `TypeOf<>`; never set at runtime. */
  public readonly type!: V;
  /** Kibana's `isConfigSchema` duck-type marker (core checks it on a plugin's `config.schema`). */
  public readonly __isKbnConfigSchemaType = true as const;

  constructor(public readonly typeOptions: TypeOptions<V> = {}) {}

  /**
   * Validates `value` and returns it with defaults applied; throws a `ValidationError` naming the offending key
   * (prefixed by `namespace`, e.g. `buffalogs` or `request body`).
   */
  public validate(
    value: unknown,
    context: Record<string, unknown> = {},
    namespace?: string,
    validationOptions?: SchemaValidationOptions,
  ): V {
    const state: ValidationState = {
      context,
      stripUnknown: validationOptions?.stripUnknownKeys === true,
    };
    try {
      return this.process(value, [], state);
    } catch (e) {
      if (e instanceof SchemaTypeError) throw new ValidationError(e, namespace);
      throw e;
    }
  }

  /** @internal Validates at `path` within a larger value; throws `SchemaTypeError`. */
  public process(value: unknown, path: string[], state: ValidationState): V {
    if (value === undefined) {
      const { defaultValue } = this.typeOptions;
      if (defaultValue !== undefined) {
        return typeof defaultValue === "function"
          ? (defaultValue as () => V)()
          : defaultValue;
      }
      return this.onUndefined(path, state);
    }
    const checked = this.check(value, path, state);
    if (this.typeOptions.validate) {
      let message: unknown;
      try {
        message = this.typeOptions.validate(checked);
      } catch (e) {
        message = (e as Error)?.message || e;
      }
      if (typeof message === "string") throw new SchemaTypeError(message, path);
    }
    return checked;
  }

  /** A missing value without default: required by default (Joi `presence: 'required'`). */
  protected onUndefined(path: string[], _state: ValidationState): V {
    throw new SchemaTypeError(this.requiredMessage(), path);
  }

  protected abstract requiredMessage(): string;

  /** Checks (and possibly coerces) a defined value. */
  protected abstract check(
    value: unknown,
    path: string[],
    state: ValidationState,
  ): V;

  public extendsDeep(_options: UnknownOptions): Type<V> {
    return this;
  }
}
