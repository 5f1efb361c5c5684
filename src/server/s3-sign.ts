import { createHmac } from 'node:crypto';
import { sha256Hex } from '../adapters/sha256.js';

/**
 * AWS Signature Version 4 for S3 requests (header-based, signed payload), written against the AWS docs
 * ("Authenticating Requests: Using the Authorization Header"). Pure apart from node:crypto: the caller
 * passes the clock, so the documented examples can be checked byte for byte.
 */
export interface SignInput {
  method: string;
  url: URL;
  /** Headers to sign besides host, x-amz-date and x-amz-content-sha256 (which are added), any case. */
  headers?: Record<string, string>;
  /** sha256 hex of the body; `sha256Hex(new Uint8Array())` for none. */
  payloadHash: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A temporary credential's session token (AWS_SESSION_TOKEN), sent as x-amz-security-token. */
  sessionToken?: string;
  date: Date;
  /** Default 's3'. */
  service?: string;
}

const hmac = (key: Uint8Array | string, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A–Z a–z 0–9 - _ . ~ is %XX (uppercase). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20130524T000000Z` */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The canonical request (step 1 of SigV4); exported so a failing signature can be explained. */
export function canonicalRequest(method: string, url: URL, headers: Record<string, string>, payloadHash: string): { text: string; signedHeaders: string } {
  // S3 signs the path as sent, each segment encoded once (other services encode twice).
  const path = url.pathname
    .split('/')
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .join('/');
  const query = [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  return { text: [method.toUpperCase(), path || '/', query, canonicalHeaders, signedHeaders, payloadHash].join('\n'), signedHeaders };
}

/**
 * Returns the headers to send: the caller's, plus host, x-amz-date, x-amz-content-sha256, the session token
 * when given, and `authorization`.
 *
 * @example
 * const headers = signV4({ method: 'GET', url: new URL('https://bucket.s3.example.com/k.png'), payloadHash: sha256Hex(''),
 *   region: 'us-east-1', accessKeyId, secretAccessKey, date: new Date() });
 * // then send the request with exactly these headers (s3-client.ts does)
 */
export function signV4(input: SignInput): Record<string, string> {
  const service = input.service ?? 's3';
  const stamp = amzDate(input.date);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  headers.host = input.url.host;
  headers['x-amz-date'] = stamp;
  headers['x-amz-content-sha256'] = input.payloadHash;
  if (input.sessionToken) headers['x-amz-security-token'] = input.sessionToken;

  const { text, signedHeaders } = canonicalRequest(input.method, input.url, headers, input.payloadHash);
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(text)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, day), input.region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return headers;
}
