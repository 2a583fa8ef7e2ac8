import type { IHttpFetchError } from '@kbn/core/public';

/** Kibana's error body (`{ statusCode, error, message }`) says more than the generic HTTP error text. */
export function describeHttpError(error: unknown): string {
  const body = (error as IHttpFetchError<{ message?: unknown }>)?.body;
  if (body && typeof body.message === 'string') return body.message;
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status of a failed call (409 conflict, 400 bad input…), when the server answered. */
export function httpStatus(error: unknown): number | undefined {
  const e = error as IHttpFetchError<{ statusCode?: number }>;
  return e?.response?.status ?? e?.body?.statusCode;
}
