import { UnrecoverableError } from '@marketfleet/jobs';
import { ProviderError } from '@marketfleet/providers';

/**
 * Provider errors that no retry can fix (bad keys, a refused request) fail the job at
 * once, keeping the provider's message; everything else is thrown again for a retry.
 */
export function asJobError(err: unknown): never {
  if (err instanceof ProviderError && !err.retryable) throw new UnrecoverableError(`${err.name}: ${err.message}`);
  throw err;
}
