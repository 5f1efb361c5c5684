import { expect } from 'vitest';
import { ScenicError } from '../errors.js';

/**
 * Awaits a backend call that must fail, checks it failed with a ScenicError whose message leaks none of
 * `secrets` (API keys, passwords), and returns the error for the caller's code assertions.
 */
export async function backendFailure(call: Promise<unknown>, ...secrets: string[]): Promise<ScenicError> {
  const error = await call.then(() => undefined, (x: unknown) => x);
  expect(error).toBeInstanceOf(ScenicError);
  for (const secret of secrets) expect((error as Error).message).not.toContain(secret);
  return error as ScenicError;
}
