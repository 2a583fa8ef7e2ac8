import type { HttpStart, IHttpFetchError } from '@kbn/core/public';
import { API_VERSION, HEALTH_ROUTE_PATH } from '../../common/constants';
import type { HealthResponse } from '../../common/health';

export function fetchHealth(http: HttpStart, signal?: AbortSignal): Promise<HealthResponse> {
  return http.get<HealthResponse>(HEALTH_ROUTE_PATH, { version: API_VERSION, signal });
}

/** Kibana's error body (`{ statusCode, error, message }`) says more than the generic HTTP error text. */
export function describeHttpError(error: unknown): string {
  const body = (error as IHttpFetchError<{ message?: unknown }>)?.body;
  if (body && typeof body.message === 'string') return body.message;
  return error instanceof Error ? error.message : String(error);
}
