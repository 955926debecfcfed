import { TokenError } from '../../links/signedToken';

/** Why a link token was refused (TokenError.reason); fails the test when `read` accepts it or throws anything else. */
export function refusalReason(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    if (err instanceof TokenError) return err.reason;
    throw err;
  }
  throw new Error('expected a TokenError');
}
