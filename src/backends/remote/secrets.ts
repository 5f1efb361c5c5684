/**
 * Keys come only from the environment or config and never reach a message, a log or a recipe. Providers echo
 * parts of a bad key back ("Incorrect API key provided: sk-abc***wxyz"), so both the exact values and anything
 * shaped like a key are removed.
 */

const KEY_SHAPED = /\b(?:sk|rk|pk|r8|key|fal|sandbox)[-_][A-Za-z0-9_\-*.]{4,}/gi;

/**
 * Replaces every secret (and key-shaped word) in `text` with `[redacted]`.
 *
 * @example redact('bad key sk-abc123xyz', ['sk-abc123xyz']) // 'bad key [redacted]'
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    out = out.split(s).join('[redacted]');
    // Partial echoes: the first and last few characters of a long key.
    if (s.length >= 12) {
      out = out.split(s.slice(0, 8)).join('[redacted]');
      out = out.split(s.slice(-6)).join('[redacted]');
    }
  }
  return out.replace(KEY_SHAPED, '[redacted]');
}

/** Reads a secret from config first, then the environment; undefined when neither has it. */
export function readSecret(config: Readonly<Record<string, unknown>>, configKey: string, envName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromConfig = config[configKey];
  if (typeof fromConfig === 'string' && fromConfig.trim()) return fromConfig.trim();
  const fromEnv = env[envName];
  return fromEnv?.trim() ? fromEnv.trim() : undefined;
}
