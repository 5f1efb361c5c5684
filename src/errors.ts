/**
 * One catalogue of stable error codes. Every failure a user can cause maps to one of these, with the HTTP
 * status the API answers with and a description used in docs. Messages name the parameter, what was
 * expected and what arrived (sharp's style).
 */
export const ERROR_CATALOGUE = {
  INVALID_ARGUMENT: { status: 400, description: 'A parameter has the wrong type or is out of range.' },
  INVALID_RECIPE: { status: 400, description: 'The edit recipe does not match the schema.' },
  INVALID_SIZE: { status: 400, description: 'A canvas size is not WxH with both sides between 64 and 4096.' },
  INVALID_BRAND_KIT: { status: 400, description: 'A brand kit is not {name, colours: ["#hex"...], styles?, avoid?} (the message names the field).' },
  FILE_NOT_FOUND: { status: 404, description: 'A file named on the command line does not exist.' },
  EMPTY_PHOTO: { status: 400, description: 'The photo has zero bytes.' },
  UNSUPPORTED_FORMAT: { status: 415, description: 'The bytes are not an image format scenic can read.' },
  CORRUPT_PHOTO: { status: 422, description: 'The photo is truncated or damaged and cannot be decoded.' },
  PHOTO_TOO_LARGE: { status: 413, description: 'The photo has more pixels than the pixel limit.' },
  PHOTO_TOO_BIG: { status: 413, description: 'The photo file has more bytes than the byte limit.' },
  UNSUPPORTED_OUTPUT: { status: 400, description: 'The output format is not jpeg, webp or png.' },
  INVALID_MASK: { status: 400, description: 'A mask is not the size of its image, or does not show both a subject and a background.' },
  NO_SUBJECT: { status: 422, description: 'No subject was found in the photo.' },
  PROMPT_BLOCKED: { status: 422, description: 'The prompt falls under a category the content policy blocks (named in the message).' },
  C2PA_CERT_MISSING: { status: 500, description: 'No C2PA signing certificate: set SCENIC_C2PA_CERT and SCENIC_C2PA_KEY, or install openssl for the development chain.' },
  C2PA_SIGN_FAILED: { status: 500, description: 'The C2PA manifest could not be signed (bad certificate or key, or an unsupported file).' },
  UNKNOWN_BACKEND: { status: 400, description: 'No background backend is registered under that name.' },
  BACKEND_CONFIG: { status: 400, description: 'A backend is missing a setting it needs (URL, model folder or API key).' },
  BACKEND_AUTH: { status: 502, description: 'The backend refused the API key or credentials.' },
  BACKEND_QUOTA: { status: 429, description: 'The backend is rate-limiting or out of credits.' },
  BACKEND_REFUSED: { status: 422, description: "The backend's content moderation refused the prompt or image." },
  BACKEND_REJECTED: { status: 502, description: 'The backend rejected the request as invalid.' },
  BACKEND_TIMEOUT: { status: 504, description: 'The backend did not answer in time.' },
  BACKEND_BAD_RESPONSE: { status: 502, description: 'The backend answered with something scenic cannot read.' },
  BACKEND_UNAVAILABLE: { status: 503, description: 'The backend could not be reached or kept failing.' },
  BACKEND_FAILED: { status: 502, description: 'The backend accepted the job but it failed while generating.' },
  UNKNOWN_COMMAND: { status: 400, description: 'The command-line command does not exist.' },
  MODEL_MISSING: { status: 500, description: 'The segmentation model files are not installed.' },
  MODEL_CORRUPT: { status: 500, description: 'The segmentation model does not match its checksum.' },
  OUTPUT_FAILED: { status: 500, description: 'The result could not be written.' },
  CANCELLED: { status: 499, description: 'The edit was cancelled.' },
  DISPOSED: { status: 500, description: 'The editor was used after dispose().' },
  INTERNAL: { status: 500, description: 'An unexpected internal error.' },
  INVALID_REQUEST: { status: 400, description: 'The HTTP request body or query is malformed (bad JSON, wrong field types).' },
  UNAUTHORIZED: { status: 401, description: 'The HTTP API needs a valid API key (Authorization: Bearer <key>).' },
  NOT_FOUND: { status: 404, description: 'No photo, job, result, brand kit, share or route with that id exists for this key.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The HTTP request body has a content type the route does not accept.' },
  RATE_LIMITED: { status: 429, description: 'This API key sent too many requests; wait and retry.' },
  QUEUE_FULL: { status: 503, description: 'The edit queue is full; retry in a moment.' },
  REQUEST_TIMEOUT: { status: 408, description: 'The client sent the request too slowly (slow upload); the server closed the connection.' },
  WORKER_LOST: { status: 503, description: 'Queue mode: workers kept stopping in the middle of this edit (it was retried and gave up).' },
  STORAGE_UNAVAILABLE: { status: 503, description: 'S3 storage could not be reached, timed out or kept answering 5xx (retried a bounded number of times).' },
  STORAGE_DENIED: { status: 502, description: 'S3 storage refused the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).' },
  STORAGE_NO_BUCKET: { status: 502, description: 'The S3 bucket named by --storage s3://bucket/prefix does not exist.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error a user can act on: a stable `code`, the matching HTTP `status`, and a message in words. */
export class ScenicError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScenicError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isScenicError(value: unknown): value is ScenicError {
  return value instanceof ScenicError;
}

/** Describes a received value for messages: `300 of type number`, `"abc" of type string`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)} of type string`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${String(value)} of type ${typeof value}`;
}

/** "Expected integer between 0 and 255 for alpha but received 300 of type number" */
export function invalidArgument(name: string, expected: string, received: unknown, code: ErrorCode = 'INVALID_ARGUMENT'): ScenicError {
  return new ScenicError(code, `Expected ${expected} for ${name} but received ${describeValue(received)}`);
}
