import { ConfigError } from '../../src/config-error.js';

/**
 * The message of the `ConfigError` that `promise` rejects with. Any other rejection is rethrown,
 * and a promise that resolves fails the test.
 */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
