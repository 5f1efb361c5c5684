import Database from 'better-sqlite3';

/**
 * The embedded database: one SQLite file (WAL) holding users and their hashed keys, photos, edit jobs and
 * their results, brand kits, shared "Try it" backgrounds and which prompts each user used. Every row a user
 * can see carries `user_id`, and every query that reads or deletes one filters by it: that is the whole of
 * the isolation between API keys.
 */
export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  key_hash TEXT UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS photos (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  hash TEXT NOT NULL,
  file TEXT NOT NULL,
  cutout_file TEXT,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  subject_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS photos_user ON photos(user_id, hash);
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  progress REAL NOT NULL DEFAULT 0,
  stage TEXT,
  recipe_json TEXT NOT NULL,
  plan_json TEXT,
  error_json TEXT,
  timings_json TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS jobs_user ON jobs(user_id);
CREATE TABLE IF NOT EXISTS results (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  file TEXT NOT NULL,
  thumb_file TEXT NOT NULL,
  format TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  backend TEXT NOT NULL,
  digital_source_type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_job ON results(job_id);
CREATE TABLE IF NOT EXISTS brand_kits (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  body_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS brand_kits_user ON brand_kits(user_id);
CREATE TABLE IF NOT EXISTS shares (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  background_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS prompt_use (
  user_id TEXT NOT NULL,
  prompt TEXT NOT NULL,
  uses INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (user_id, prompt)
);
`;

/**
 * Opens (creating when missing) the database at `file`; ':memory:' for tests. With `keepPending` (queue
 * mode), queued and running jobs stay as they are: BullMQ workers still hold them and the server reconciles.
 */
export function openDb(file: string, options: { keepPending?: boolean } = {}): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // Routes prepare their statements per request: compile each SQL text once and reuse it. Shared by text, so
  // a caller must not iterate one or change its mode (pluck, raw, expand); none does.
  const compile = db.prepare.bind(db);
  const statements = new Map<string, ReturnType<typeof compile>>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = compile(sql)));
    return statement;
  }) as typeof db.prepare;
  // Jobs that were running when the process stopped can never finish: say so instead of leaving them "running".
  if (!options.keepPending) db.prepare(`UPDATE jobs SET state = 'failed', error_json = ?, finished_at = ? WHERE state IN ('queued', 'running')`).run(
    JSON.stringify({ code: 'CANCELLED', message: 'The server stopped before this edit finished' }),
    Date.now(),
  );
  return db;
}

export interface UserRow {
  id: string;
  name: string;
  key_hash: string | null;
  created_at: number;
}

export interface PhotoRow {
  id: string;
  user_id: string;
  hash: string;
  file: string;
  cutout_file: string | null;
  width: number;
  height: number;
  bytes: number;
  subject_json: string;
  created_at: number;
}

export interface JobRow {
  id: string;
  user_id: string;
  photo_id: string;
  state: JobState;
  progress: number;
  stage: string | null;
  recipe_json: string;
  plan_json: string | null;
  error_json: string | null;
  timings_json: string | null;
  created_at: number;
  finished_at: number | null;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ResultRow {
  id: string;
  job_id: string;
  user_id: string;
  idx: number;
  file: string;
  thumb_file: string;
  format: string;
  width: number;
  height: number;
  seed: number;
  backend: string;
  digital_source_type: string;
}

export interface BrandKitRow {
  id: string;
  user_id: string;
  body_json: string;
  created_at: number;
  updated_at: number;
}

export interface ShareRow {
  id: string;
  user_id: string;
  background_json: string;
  created_at: number;
}

/** True when some row still points at the content-addressed file, so deleting one photo keeps another's. */
export function fileInUse(db: Db, file: string): boolean {
  const row = db
    .prepare(
      `SELECT 1 FROM photos WHERE file = @f OR cutout_file = @f
       UNION ALL SELECT 1 FROM results WHERE file = @f OR thumb_file = @f LIMIT 1`,
    )
    .get({ f: file });
  return row !== undefined;
}
