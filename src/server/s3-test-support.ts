import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Config } from './s3-client.js';

/**
 * Test-only: a real S3-protocol server (s3rver, a devDependency) on 127.0.0.1 with the given buckets, and
 * the environment/config a scenic process needs to use it. s3rver knows one key pair, S3RVER / S3RVER; it
 * checks that the access key exists but does not verify V4 signatures (our signing is checked against
 * AWS's documented examples in s3-sign.test.ts).
 */
export interface TestS3 {
  endpoint: string;
  env: Record<string, string>;
  config(bucket: string, prefix?: string): S3Config;
  close(): Promise<void>;
}

export async function startTestS3(buckets: string[]): Promise<TestS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'scenic-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: { SCENIC_S3_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
    config: (bucket, prefix = '') => ({ bucket, prefix, endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', retryBaseMs: 10 }),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
