/**
 * JSON Web Tokens signed with HMAC-SHA256 (JWS compact serialisation, RFC 7515 §7.1; `HS256`, RFC 7518 §3.2) with
 * node's crypto: the generic webhook's Bearer token, like BuffaLogs' `webhooks` alerter (spec §7): claims
 * `{ iss, aud, iat, exp = iat + ttl, sub: "Alert Notification" }`. We add `jti`, the delivery id, so a receiver can
 * refuse a replayed token. RFC 7518 §3.2 requires an HS256 key of at least 256 bits: the schema asks for 32
 * characters or more.
 */
import { createHmac } from 'node:crypto';

export interface JwtClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  jti?: string;
}

const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

export function signHs256(secret: string, claims: JwtClaims): string {
  const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
