import { verifyClickToken } from '../../links/clickToken';
import { TEST_LINK_SECRET } from './testDependencies';

/** Where the tracked links (/c/{token}) of an email's HTML lead, read from their signed tokens. */
export function trackedTargets(html: string, secret = TEST_LINK_SECRET): string[] {
  return [...html.matchAll(/href="[^"]*\/c\/([^"/]+)"/g)].map((m) => verifyClickToken(m[1], [secret]).url);
}
