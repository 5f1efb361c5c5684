import { ScenicError, isScenicError } from '../errors.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * Maps anything thrown while handling a request to a catalogue error, so every response is
 * `{error: {code, message}}` with the catalogue's status. Fastify's and multipart's own errors (body too
 * large, bad JSON, wrong content type) get our codes and a message that says what was expected.
 */
export function toScenicError(error: unknown, context: { url: string; uploadBytes: number }): ScenicError {
  if (isScenicError(error)) return error;
  const e = (error ?? {}) as FastifyLikeError;
  const isUpload = context.url.startsWith('/v1/photos');
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return isUpload
        ? new ScenicError('PHOTO_TOO_BIG', `Expected a photo of at most ${formatMb(context.uploadBytes)} but received more`)
        : new ScenicError('INVALID_REQUEST', 'Expected a request body of at most 1 MB but received more');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ScenicError('UNSUPPORTED_MEDIA_TYPE', `Expected ${isUpload ? 'multipart/form-data or an image/* body' : 'application/json'} but received another content type`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ScenicError('INVALID_REQUEST', 'Expected a JSON body but received an empty one (drop the content-type header or send {})');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ScenicError('NOT_FOUND', 'Expected an id of at most 100 characters but received a longer one, which cannot exist');
    case 'FST_ERR_BAD_URL':
      return new ScenicError('NOT_FOUND', 'Expected a well-formed URL but received one that does not decode');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ScenicError('INVALID_REQUEST', 'Expected a content-length that matches the body');
  }
  if (error instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new ScenicError('INVALID_REQUEST', `Expected a valid JSON body but received text that does not parse (${e.message ?? 'syntax error'})`);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new ScenicError(e.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : e.statusCode === 413 ? (isUpload ? 'PHOTO_TOO_BIG' : 'INVALID_REQUEST') : 'INVALID_REQUEST', e.message ?? 'Bad request');
  }
  return new ScenicError('INTERNAL', 'Something went wrong on the server; the error was logged');
}
