/** What is known about one click when it arrives. */
export interface ClickSignals {
  method: string;
  userAgent?: string;
  /** When the message was sent, if known. */
  sentAt?: number;
  at: number;
  /** When other links of the same message were clicked (not this one). */
  otherLinksClickedAt: number[];
}

/** Mail security scanners, link-preview fetchers and HTTP libraries; people use browsers. */
const MACHINE_AGENT =
  /bot\b|crawler|spider|preview|scanner|barracuda|proofpoint|mimecast|safelinks|urldefense|trend ?micro|symantec|forcepoint|sophos|fortiguard|headless|python-requests|python-urllib|curl\/|wget\/|go-http-client|java\/|okhttp|libwww|axios|node-fetch|undici/i;

/** A person reads before clicking: faster than this after the send is a scanner opening the links on arrival. */
export const TOO_SOON_MS = 10_000;
/** Several different links of one message opened within this span: a scanner walking the links. */
export const BURST_MS = 2_000;

/**
 * Why a click looks like a machine's, or undefined for a person. A HEAD request, a known scanner's user agent (or
 * none at all), a click seconds after the send, or a burst across the message's links.
 */
export function machineClickReason(click: ClickSignals): string | undefined {
  if (click.method === 'HEAD') return 'head-request';
  if (!click.userAgent?.trim()) return 'no-user-agent';
  if (MACHINE_AGENT.test(click.userAgent)) return 'scanner-agent';
  if (click.sentAt !== undefined && click.at - click.sentAt < TOO_SOON_MS) return 'too-soon-after-send';
  if (click.otherLinksClickedAt.some((t) => Math.abs(click.at - t) <= BURST_MS)) return 'burst-of-links';
  return undefined;
}
