import { describe, expect, it } from 'vitest';
import { canonicalRequest, signV4, uriEncode } from './s3-sign.js';
import { sha256Hex } from '../adapters/sha256.js';

/**
 * The worked examples of AWS's "Signature Version 4: Authenticating Requests (Using the Authorization Header)"
 * page for S3 (bucket examplebucket, 24 May 2013, the documentation's example key pair).
 */
const DOC = {
  region: 'us-east-1',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  date: new Date('2013-05-24T00:00:00Z'),
};
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('AWS Signature V4 (S3)', () => {
  it('signs the documented GET object example (Range: bytes=0-9) to the documented signature', () => {
    const headers = signV4({ ...DOC, method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { Range: 'bytes=0-9' }, payloadHash: sha256Hex('') });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers['x-amz-content-sha256']).toBe(EMPTY);
  });

  it('builds the documented canonical request for that example', () => {
    const url = new URL('https://examplebucket.s3.amazonaws.com/test.txt');
    const { text } = canonicalRequest('GET', url, { host: url.host, range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z' }, EMPTY);
    expect(text).toBe(
      ['GET', '/test.txt', '', 'host:examplebucket.s3.amazonaws.com', 'range:bytes=0-9', `x-amz-content-sha256:${EMPTY}`, 'x-amz-date:20130524T000000Z', '', 'host;range;x-amz-content-sha256;x-amz-date', EMPTY].join('\n'),
    );
  });

  it('signs the documented PUT object example (a $ in the key, a signed payload) to the documented signature', () => {
    const body = 'Welcome to Amazon S3.';
    expect(sha256Hex(body)).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const headers = signV4({
      ...DOC,
      method: 'PUT',
      url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
      headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
      payloadHash: sha256Hex(body),
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('signs the documented list-objects example (a sorted query string) to the documented signature', () => {
    const headers = signV4({ ...DOC, method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'), payloadHash: sha256Hex('') });
    expect(headers.authorization).toMatch(/,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/);
  });

  it('adds the session token of temporary credentials to the signed headers', () => {
    const headers = signV4({ ...DOC, sessionToken: 'token', method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), payloadHash: sha256Hex('') });
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,');
  });

  it('encodes the way SigV4 wants (RFC 3986, uppercase hex)', () => {
    expect(uriEncode("a b!'()*~.-_/")).toBe('a%20b%21%27%28%29%2A~.-_%2F');
  });
});
