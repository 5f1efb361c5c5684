import type { RedisOptions } from 'bullmq';
import { invalidArgument } from '../../errors.js';

/** The BullMQ queue every API server and worker of one deployment share (under the prefix). */
export const QUEUE_NAME = 'scenic-edits';

export interface QueueConnection {
  /** ioredis options; every BullMQ client gets its own copy (blocking commands need their own socket). */
  redis: RedisOptions;
  /** Key prefix in Redis (default 'scenic'): two deployments, or two tests, on one Redis stay apart. */
  prefix: string;
}

/**
 * Parses `redis://[user:password@]host[:port][/db][?prefix=name]` (or `rediss://` for TLS). Commands wait
 * while Redis is away (no per-request retry limit) and the client reconnects with a capped back-off, so a
 * restarted Redis is picked up again by the server and the workers without anyone restarting them.
 *
 * @example parseQueueUrl('redis://127.0.0.1:6379?prefix=prod') // {redis: {host, port: 6379, …}, prefix: 'prod'}
 */
export function parseQueueUrl(url: string): QueueConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidArgument('--queue', 'a Redis URL such as redis://127.0.0.1:6379', url);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw invalidArgument('--queue', 'a redis:// or rediss:// URL', url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw invalidArgument('--queue', 'a Redis database number after the host (redis://host:6379/0)', url);
  const prefix = u.searchParams.get('prefix') ?? 'scenic';
  if (!/^[\w.-]{1,64}$/.test(prefix)) throw invalidArgument('--queue', 'a prefix of letters, digits, dot, dash or underscore', prefix);
  return {
    prefix,
    redis: {
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 6379,
      db,
      username: u.username ? decodeURIComponent(u.username) : undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      tls: u.protocol === 'rediss:' ? {} : undefined,
      // BullMQ's blocking clients require this; for the rest it means "wait for Redis to come back".
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(200 + times * 100, 2000),
    },
  };
}

/** A shallow copy of the connection's Redis options, for one more client. */
export function connectionFor(connection: QueueConnection): RedisOptions {
  return { ...connection.redis };
}
