import { describe, expect, it } from 'vitest';
import { isScenicError } from '../../errors.js';
import { parseQueueUrl } from './redis.js';

describe('parseQueueUrl', () => {
  it('reads host, port, database, credentials and prefix', () => {
    const c = parseQueueUrl('redis://user:p%40ss@10.0.0.5:6380/2?prefix=prod');
    expect(c.prefix).toBe('prod');
    expect(c.redis).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, username: 'user', password: 'p@ss', maxRetriesPerRequest: null });
    expect(c.redis.tls).toBeUndefined();
    expect(parseQueueUrl('rediss://cache.example:6379').redis.tls).toEqual({});
    expect(parseQueueUrl('redis://127.0.0.1').redis).toMatchObject({ port: 6379, db: 0 });
    expect(parseQueueUrl('redis://127.0.0.1').prefix).toBe('scenic');
  });

  it('refuses what is not a Redis URL with INVALID_ARGUMENT', () => {
    for (const bad of ['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis://h/x', 'redis://h?prefix=a%20b', 'redis://h?prefix=../x']) {
      let error: unknown;
      try {
        parseQueueUrl(bad);
      } catch (e) {
        error = e;
      }
      expect(isScenicError(error) && error.code).toBe('INVALID_ARGUMENT');
    }
  });
});
