/**
 * One place that turns what can go wrong in a handler into an HTTP answer, so every route says the same thing for
 * the same failure and nothing a caller sends ends in a bare 500:
 * - `RouteError` (thrown by our own code for a bad cursor, a missing alert…) keeps its status and message;
 * - an Elasticsearch refusal becomes 502 (Elasticsearch answered, but not with what we needed) or 503 (it is
 *   unreachable, overloaded or timing out), with the cause; 403 passes through so an analyst learns which index
 *   privilege is missing;
 * - anything else is a bug: logged and answered 500 by Kibana.
 * The ES client is not imported at runtime (Kibana provides it), so its errors are recognised by name and `meta`.
 */
import type { IKibanaResponse, KibanaResponseFactory, Logger } from '@kbn/core/server';
import { IncompleteReadError } from '../storage/complete_read';

/** An error our own code raises with the status it deserves. */
export class RouteError extends Error {
  constructor(
    public readonly statusCode: 400 | 403 | 404 | 409 | 422,
    message: string,
    public readonly attributes?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RouteError';
  }
}

export const badRequest = (message: string, attributes?: Record<string, unknown>) =>
  new RouteError(400, message, attributes);
export const notFound = (message: string) => new RouteError(404, message);

interface EsErrorShape {
  name?: string;
  message?: string;
  meta?: { statusCode?: number; body?: unknown };
}

const UNAVAILABLE_NAMES = new Set([
  'ConnectionError',
  'NoLivingConnectionsError',
  'TimeoutError',
  'RequestAbortedError',
]);

/** The HTTP status of an Elasticsearch ResponseError, or undefined when the error did not come from an answer. */
export function esStatus(error: unknown): number | undefined {
  const e = error as EsErrorShape | undefined;
  return e?.name === 'ResponseError' ? e.meta?.statusCode : undefined;
}

/** Elasticsearch's own words for the failure: `type: reason` of the root cause when there is one. */
export function esCause(error: unknown): string {
  const e = error as EsErrorShape;
  const body = e?.meta?.body as
    { error?: { type?: string; reason?: string; root_cause?: Array<{ type?: string; reason?: string }> } } | undefined;
  const root = body?.error?.root_cause?.[0] ?? body?.error;
  if (root?.type || root?.reason) return [root.type, root.reason].filter(Boolean).join(': ');
  return e?.message ?? String(error);
}

export function isIndexNotFound(error: unknown): boolean {
  return esStatus(error) === 404 && /index_not_found_exception/.test(esCause(error));
}

/** Maps an error to the answer, or undefined when it is not one we know (the caller rethrows: a 500 and a log). */
export function errorResponse(
  error: unknown,
  response: KibanaResponseFactory,
  logger: Logger,
): IKibanaResponse | undefined {
  if (error instanceof RouteError) {
    return response.customError({
      statusCode: error.statusCode,
      body: { message: error.message, attributes: error.attributes },
    });
  }
  if (error instanceof IncompleteReadError) {
    // Elasticsearch answered 200 without part of the data (a failed shard, a remote cluster skipped): not a bug.
    logger.warn(`Incomplete read: ${error.message}`);
    return response.customError({
      statusCode: 502,
      body: { message: `Incomplete answer from Elasticsearch: ${error.message}`, attributes: { cause: error.name } },
    });
  }
  const e = error as EsErrorShape | undefined;
  if (e && UNAVAILABLE_NAMES.has(e.name ?? '')) {
    logger.warn(`Elasticsearch unavailable: ${e.message}`);
    return response.customError({
      statusCode: 503,
      body: { message: `Elasticsearch is unavailable: ${e.message}`, attributes: { cause: e.name } },
    });
  }
  const status = esStatus(error);
  if (status === undefined) return undefined;
  const cause = esCause(error);
  if (status === 403 || status === 401) {
    // The caller's own Elasticsearch privileges are insufficient (routes use asCurrentUser): say which.
    return response.customError({
      statusCode: status,
      body: {
        message: `Elasticsearch refused the request for the current user: ${cause}`,
        attributes: { cause: 'es_security' },
      },
    });
  }
  if (status === 404) {
    return response.notFound({ body: { message: `Not found in Elasticsearch: ${cause}` } });
  }
  if (status === 409) {
    return response.conflict({ body: { message: `Conflict in Elasticsearch: ${cause}` } });
  }
  const unavailable = status === 429 || status === 503 || status === 504 || status === 408;
  logger.warn(`Elasticsearch answered ${status}: ${cause}`);
  return response.customError({
    statusCode: unavailable ? 503 : 502,
    body: {
      message: `${unavailable ? 'Elasticsearch is unavailable' : 'Bad response from Elasticsearch'} (${status}): ${cause}`,
      attributes: { es_status: status },
    },
  });
}

/** Runs a handler body, answering known failures with `errorResponse`; the rest propagate (Kibana logs a 500). */
export async function guard(
  response: KibanaResponseFactory,
  logger: Logger,
  body: () => Promise<IKibanaResponse>,
): Promise<IKibanaResponse> {
  try {
    return await body();
  } catch (error) {
    const mapped = errorResponse(error, response, logger);
    if (mapped) return mapped;
    throw error;
  }
}
