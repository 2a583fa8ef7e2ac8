/**
 * Scalar types of our `@kbn/config-schema` double, each mirroring the Kibana file named in its comment
 * (elastic/kibana `src/platform/packages/shared/kbn-config-schema/src/types/*` and `src/internals/index.ts`):
 * same coercions (numeric strings to numbers, 'true'/'false' to booleans, duration strings to moment durations)
 * and the same error messages.
 */
import moment, { type Duration } from "moment";
import { SchemaTypeError } from "./errors";
import type {
  ByteSizeOptions,
  DurationOptions,
  DurationValueType,
  NumberOptions,
  StringOptions,
  URIOptions,
} from "@kbn/config-schema";
import { Type, typeDetect } from "./type";

// string_type.ts ---------------------------------------------------------------------------------------------------
// RFC 1123 hostname (Joi's `string().hostname()`), or an IP address.
const HOSTNAME_REGEX =
  /^(?=.{1,255}$)([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*\.?$/;

export class StringType extends Type<string> {
  constructor(private readonly stringOptions: StringOptions = {}) {
    super(stringOptions);
  }
  protected requiredMessage() {
    return "expected value of type [string] but got [undefined]";
  }
  protected check(value: unknown, path: string[]): string {
    const { minLength, maxLength, hostname, coerceFromNumber } =
      this.stringOptions;
    if (typeof value !== "string") {
      if (coerceFromNumber && typeof value === "number")
        return value.toString(10);
      throw new SchemaTypeError(
        `expected value of type [string] but got [${typeDetect(value)}]`,
        path,
      );
    }
    if (hostname === true && !(HOSTNAME_REGEX.test(value) || isIp(value))) {
      throw new SchemaTypeError(
        "value must be a valid hostname (see RFC 1123).",
        path,
      );
    }
    if (minLength !== undefined && value.length < minLength) {
      throw new SchemaTypeError(
        `value has length [${value.length}] but it must have a minimum length of [${minLength}].`,
        path,
      );
    }
    if (maxLength !== undefined && value.length > maxLength) {
      throw new SchemaTypeError(
        `value has length [${value.length}] but it must have a maximum length of [${maxLength}].`,
        path,
      );
    }
    return value;
  }
}

function isIp(value: string): boolean {
  return (
    /^(\d{1,3}\.){3}\d{1,3}$/.test(value) ||
    (value.includes(":") && /^[0-9a-fA-F:.]+$/.test(value))
  );
}

// number_type.ts ---------------------------------------------------------------------------------------------------
// Joi converts only strings that look like numbers ('' and '5m' stay strings and then fail the type check).
const NUMERIC_STRING =
  /^\s*[+-]?(?:(?:\d+(?:\.\d*)?)|(?:\.\d+))(?:e([+-]?\d+))?\s*$/i;

export class NumberType extends Type<number> {
  constructor(private readonly numberOptions: NumberOptions = {}) {
    super(numberOptions);
  }
  protected requiredMessage() {
    return "expected value of type [number] but got [undefined]";
  }
  protected check(value: unknown, path: string[]): number {
    let n: unknown = value;
    if (typeof value === "string" && NUMERIC_STRING.test(value))
      n = Number(value);
    if (typeof n !== "number" || Number.isNaN(n)) {
      throw new SchemaTypeError(
        `expected value of type [number] but got [${typeDetect(value)}]`,
        path,
      );
    }
    if (!Number.isFinite(n))
      throw new SchemaTypeError('"value" cannot be infinity', path);
    if (
      this.numberOptions.unsafe !== true &&
      Math.abs(n) > Number.MAX_SAFE_INTEGER
    ) {
      throw new SchemaTypeError('"value" must be a safe number', path);
    }
    const { min, max } = this.numberOptions;
    if (min !== undefined && n < min)
      throw new SchemaTypeError(
        `Value must be equal to or greater than [${min}].`,
        path,
      );
    if (max !== undefined && n > max)
      throw new SchemaTypeError(
        `Value must be equal to or lower than [${max}].`,
        path,
      );
    return n;
  }
}

// boolean_type.ts (+ internals: 'true'/'false' strings, case-insensitive, are coerced) -----------------------------
export class BooleanType extends Type<boolean> {
  protected requiredMessage() {
    return "expected value of type [boolean] but got [undefined]";
  }
  protected check(value: unknown, path: string[]): boolean {
    let v = value;
    if (typeof v === "string") {
      const normalized = v.toLowerCase();
      v = normalized === "true" ? true : normalized === "false" ? false : v;
    }
    if (typeof v !== "boolean") {
      throw new SchemaTypeError(
        `expected value of type [boolean] but got [${typeDetect(value)}]`,
        path,
      );
    }
    return v;
  }
}

// literal_type.ts --------------------------------------------------------------------------------------------------
export class LiteralType<T> extends Type<T> {
  constructor(private readonly expected: T) {
    super();
  }
  protected requiredMessage() {
    return `expected value to equal [${this.expected}]`;
  }
  protected check(value: unknown, path: string[]): T {
    if (value !== this.expected)
      throw new SchemaTypeError(this.requiredMessage(), path);
    return value as T;
  }
}

// any_type.ts ------------------------------------------------------------------------------------------------------
export class AnyType extends Type<any> {
  protected requiredMessage() {
    return "expected value of type [any] but got [undefined]";
  }
  protected check(value: unknown): any {
    return value;
  }
}

// never_type.ts: the key must be absent ---------------------------------------------------------------------------
export class NeverType extends Type<never> {
  protected requiredMessage() {
    return "";
  }
  protected override onUndefined(): never {
    return undefined as never;
  }
  protected check(_value: unknown, path: string[]): never {
    throw new SchemaTypeError(`a value wasn't expected to be present`, path);
  }
}

// uri_type.ts ------------------------------------------------------------------------------------------------------
export class URIType extends Type<string> {
  constructor(private readonly uriOptions: URIOptions = {}) {
    super(uriOptions);
  }
  protected requiredMessage() {
    return "expected value of type [string] but got [undefined].";
  }
  protected check(value: unknown, path: string[]): string {
    if (typeof value !== "string") {
      throw new SchemaTypeError(
        `expected value of type [string] but got [${typeDetect(value)}].`,
        path,
      );
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new SchemaTypeError(
        "value must be a valid URI (see RFC 3986).",
        path,
      );
    }
    const { scheme } = this.uriOptions;
    if (scheme !== undefined) {
      const schemes = Array.isArray(scheme) ? scheme : [scheme];
      if (!schemes.includes(url.protocol.replace(/:$/, ""))) {
        throw new SchemaTypeError(
          `expected URI with scheme [${schemes.join("|")}].`,
          path,
        );
      }
    }
    return value;
  }
}

// duration/index.ts + duration_type.ts -----------------------------------------------------------------------------
const TIME_FORMAT = /^(0|[1-9][0-9]*)(ms|s|m|h|d|w|M|y|Y)(.*)$/;

function numberToDuration(ms: number): Duration {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new Error(
      "Value in milliseconds is expected to be a safe positive integer.",
    );
  }
  return moment.duration(ms);
}

function stringToDuration(text: string): Duration {
  const result = TIME_FORMAT.exec(text);
  if (!result) {
    const n = Number(text);
    if (Number.isNaN(n)) {
      throw new Error(
        `Failed to parse value as time value. Value must be a duration in milliseconds, or follow the format ` +
          `<count>[ms|s|m|h|d|w|M|y] (e.g. '70ms', '5s', '3d', '1y', '1m30s'), where the duration is a safe positive integer.`,
      );
    }
    return numberToDuration(n);
  }
  const unit = (
    result[2] === "Y" ? "y" : result[2]
  ) as moment.unitOfTime.DurationConstructor;
  const duration = moment.duration(parseInt(result[1], 10), unit);
  return result[3] ? duration.add(stringToDuration(result[3])) : duration;
}

export function ensureDuration(value: DurationValueType): Duration {
  if (typeof value === "string") return stringToDuration(value);
  if (typeof value === "number") return numberToDuration(value);
  return value;
}

export class DurationType extends Type<Duration> {
  constructor(private readonly durationOptions: DurationOptions = {}) {
    const d = durationOptions.defaultValue;
    super({
      validate: durationOptions.validate,
      defaultValue:
        d === undefined
          ? undefined
          : typeof d === "function"
            ? () => ensureDuration(d())
            : ensureDuration(d),
    });
  }
  protected requiredMessage() {
    return "expected value of type [moment.Duration] but got [undefined]";
  }
  protected check(value: unknown, path: string[]): Duration {
    let d: unknown = value;
    if (typeof value === "string" || typeof value === "number") {
      try {
        d = ensureDuration(value);
      } catch (e) {
        throw new SchemaTypeError((e as Error).message, path);
      }
    }
    if (!moment.isDuration(d)) {
      throw new SchemaTypeError(
        `expected value of type [moment.Duration] but got [${typeDetect(value)}]`,
        path,
      );
    }
    const { min, max } = this.durationOptions;
    if (
      min !== undefined &&
      d.asMilliseconds() < ensureDuration(min).asMilliseconds()
    ) {
      throw new SchemaTypeError(
        `Value must be equal to or greater than [${ensureDuration(min).toString()}]`,
        path,
      );
    }
    if (
      max !== undefined &&
      d.asMilliseconds() > ensureDuration(max).asMilliseconds()
    ) {
      throw new SchemaTypeError(
        `Value must be equal to or less than [${ensureDuration(max).toString()}]`,
        path,
      );
    }
    return d;
  }
}

// byte_size_value/index.ts + byte_size_type.ts ---------------------------------------------------------------------
const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
};

// Bytes live outside the instance so that the class has no private member: a private member would make the runtime
// class and the declared one (kibana-types) mutually unassignable.
const BYTES = new WeakMap<ByteSizeValue, number>();

export class ByteSizeValue {
  public static parse(text: string): ByteSizeValue {
    const match = /^(\d+)(b|kb|mb|gb)$/i.exec(text);
    if (!match) {
      const n = Number(text);
      if (Number.isNaN(n)) {
        throw new Error(
          `Failed to parse value as byte value. Value must be either number of bytes, or follow the format ` +
            `<count>[b|kb|mb|gb] (e.g., '1024kb', '200mb', '1gb'), where the number is a safe positive integer.`,
        );
      }
      return new ByteSizeValue(n);
    }
    return new ByteSizeValue(
      parseInt(match[1], 10) * BYTE_UNITS[match[2].toLowerCase()],
    );
  }

  constructor(valueInBytes: number) {
    if (!Number.isSafeInteger(valueInBytes) || valueInBytes < 0) {
      throw new Error(
        `Value in bytes is expected to be a safe positive integer.`,
      );
    }
    BYTES.set(this, valueInBytes);
  }
  public getValueInBytes(): number {
    return BYTES.get(this)!;
  }
  public isGreaterThan(other: ByteSizeValue): boolean {
    return this.getValueInBytes() > other.getValueInBytes();
  }
  public isLessThan(other: ByteSizeValue): boolean {
    return this.getValueInBytes() < other.getValueInBytes();
  }
  public isEqualTo(other: ByteSizeValue): boolean {
    return this.getValueInBytes() === other.getValueInBytes();
  }
  public toString(returnUnit?: "b" | "kb" | "mb" | "gb"): string {
    const bytes = this.getValueInBytes();
    const unit =
      returnUnit ??
      (["gb", "mb", "kb"].find(
        (u) => bytes >= BYTE_UNITS[u] && bytes % BYTE_UNITS[u] === 0,
      ) ||
        "b");
    const value = bytes / BYTE_UNITS[unit];
    return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;
  }
}

export function ensureByteSizeValue(
  value: ByteSizeValue | string | number,
): ByteSizeValue {
  if (typeof value === "string") return ByteSizeValue.parse(value);
  if (typeof value === "number") return new ByteSizeValue(value);
  return value;
}

export class ByteSizeType extends Type<ByteSizeValue> {
  constructor(private readonly byteOptions: ByteSizeOptions = {}) {
    super({
      validate: byteOptions.validate,
      defaultValue:
        byteOptions.defaultValue === undefined
          ? undefined
          : ensureByteSizeValue(byteOptions.defaultValue),
    });
  }
  protected requiredMessage() {
    return "expected value of type [ByteSize] but got [undefined]";
  }
  protected check(value: unknown, path: string[]): ByteSizeValue {
    let v: unknown = value;
    if (typeof value === "string" || typeof value === "number") {
      try {
        v = ensureByteSizeValue(value);
      } catch (e) {
        throw new SchemaTypeError((e as Error).message, path);
      }
    }
    if (!(v instanceof ByteSizeValue)) {
      throw new SchemaTypeError(
        `expected value of type [ByteSize] but got [${typeDetect(value)}]`,
        path,
      );
    }
    const { min, max } = this.byteOptions;
    if (min !== undefined && v.isLessThan(ensureByteSizeValue(min))) {
      throw new SchemaTypeError(
        `Value must be equal to or greater than [${ensureByteSizeValue(min).toString()}]`,
        path,
      );
    }
    if (max !== undefined && v.isGreaterThan(ensureByteSizeValue(max))) {
      throw new SchemaTypeError(
        `Value must be equal to or less than [${ensureByteSizeValue(max).toString()}]`,
        path,
      );
    }
    return v;
  }
}
