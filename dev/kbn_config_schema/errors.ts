/**
 * Error classes of `@kbn/config-schema`, mirrored from elastic/kibana
 * `src/platform/packages/shared/kbn-config-schema/src/errors/{schema_error,schema_type_error,schema_types_error,
 * validation_error}.ts`. Other code (and its tests) match on the message format, so keep it byte-for-byte:
 * `[namespace.path.to.key]: message`, and for unions a header line followed by `- [path.N]: …` lines.
 */

export class SchemaError extends Error {
  constructor(
    message: string,
    public override readonly cause?: Error,
  ) {
    super(message);
    Object.setPrototypeOf(this, SchemaError.prototype);
  }
}

/** One failure at `path` (keys from the validated root, array indices as strings). */
export class SchemaTypeError extends SchemaError {
  constructor(
    error: Error | string,
    public readonly path: string[],
  ) {
    super(typeof error === "string" ? error : error.message);
    Object.setPrototypeOf(this, SchemaTypeError.prototype);
  }
}

/** A union (`oneOf`) where every alternative failed; `errors` holds one failure per alternative. */
export class SchemaTypesError extends SchemaTypeError {
  constructor(
    error: Error | string,
    path: string[],
    public readonly errors: SchemaTypeError[],
  ) {
    super(error, path);
    Object.setPrototypeOf(this, SchemaTypesError.prototype);
  }
}

/** What `Type#validate` throws: the failure rendered with its full key, prefixed by the namespace if one is given. */
export class ValidationError extends SchemaError {
  private static extractMessage(
    error: SchemaTypeError,
    namespace?: string,
    level?: number,
  ): string {
    const path =
      typeof namespace === "string" ? [namespace, ...error.path] : error.path;

    let message = error.message;
    if (error instanceof SchemaTypesError) {
      const indentLevel = level || 0;
      const childErrorMessages = error.errors.map((childError) =>
        ValidationError.extractMessage(childError, namespace, indentLevel + 1),
      );
      message = `${message}\n${childErrorMessages
        .map(
          (childErrorMessage) =>
            `${" ".repeat(indentLevel)}- ${childErrorMessage}`,
        )
        .join("\n")}`;
    }

    if (path.length === 0) {
      return message;
    }
    return `[${path.join(".")}]: ${message}`;
  }

  constructor(error: SchemaTypeError, namespace?: string) {
    super(ValidationError.extractMessage(error, namespace), error);
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}
