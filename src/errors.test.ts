import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { errorsMarkdown } from './cli/commands/errors.js';
import { ERROR_CATALOGUE, ScenicError, invalidArgument } from './errors.js';

describe('error catalogue', () => {
  it('gives every code a client or server status and a description', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });

  it('is documented: docs/errors.md is the output of `scenic errors --markdown`', async () => {
    const doc = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
    expect(doc).toBe(errorsMarkdown());
  });

  it('builds sharp-style messages that name the parameter, the expectation and the value', () => {
    const error = invalidArgument('alpha', 'integer between 0 and 255', 300);
    expect(error).toBeInstanceOf(ScenicError);
    expect(error.message).toBe('Expected integer between 0 and 255 for alpha but received 300 of type number');
    expect(error.toJSON()).toEqual({ code: 'INVALID_ARGUMENT', message: error.message });
    expect(error.status).toBe(400);
  });
});
