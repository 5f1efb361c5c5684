import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../adapters/sha256.js';
import { ScenicError } from '../errors.js';
import type { Db, UserRow } from './db.js';

/** The one user of a single-user server (loopback, no keys configured). */
export const LOCAL_USER_ID = 'local';

export type AuthMode = 'single-user' | 'api-keys';

/** Keys are random, so a plain sha256 is enough to store them: nothing to guess, nothing to brute-force. */
export function hashKey(key: string): string {
  return sha256Hex(key);
}

/**
 * Creates a user with a fresh API key. The key is returned once and only its hash is stored.
 *
 * @example
 * const { id, key } = createUser(db, 'alice'); // key: "sk_…", shown to the person once
 */
export function createUser(db: Db, name: string): { id: string; key: string } {
  const id = randomUUID();
  const key = `sk_${randomBytes(24).toString('base64url')}`;
  db.prepare('INSERT INTO users (id, name, key_hash, created_at) VALUES (?, ?, ?, ?)').run(id, name, hashKey(key), Date.now());
  return { id, key };
}

/** Makes sure the single-user row exists (rows reference users). */
export function ensureLocalUser(db: Db): void {
  db.prepare('INSERT OR IGNORE INTO users (id, name, key_hash, created_at) VALUES (?, ?, NULL, ?)').run(LOCAL_USER_ID, 'local', Date.now());
}

/** True when any user has a key: then the server must ask for one. */
export function hasKeyedUsers(db: Db): boolean {
  return db.prepare('SELECT 1 FROM users WHERE key_hash IS NOT NULL LIMIT 1').get() !== undefined;
}

/**
 * Finds the user for a request's Authorization header. In single-user mode every request is the local
 * user; with API keys a missing or unknown key fails with UNAUTHORIZED.
 */
export function authenticate(db: Db, mode: AuthMode, header: string | undefined): string {
  if (mode === 'single-user') return LOCAL_USER_ID;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw new ScenicError('UNAUTHORIZED', 'Expected an Authorization: Bearer <API key> header but received none');
  const row = db.prepare('SELECT id FROM users WHERE key_hash = ?').get(hashKey(match[1])) as Pick<UserRow, 'id'> | undefined;
  if (!row) throw new ScenicError('UNAUTHORIZED', 'Expected a valid API key but received one that is unknown or revoked');
  return row.id;
}
