import { createVerify, X509Certificate } from 'node:crypto';
import type { SnsFetch } from './routeContext';

/** The fields SNS signs, per message type, in this order (docs: "Verifying the signatures of Amazon SNS messages"). */
const SIGNED_FIELDS = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;
export type SnsMessageType = keyof typeof SIGNED_FIELDS;

export interface SignedSnsMessage {
  Type: SnsMessageType;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  [field: string]: unknown;
}

/** "key\nvalue\n" for each signed field present (a Notification without a Subject leaves it out). */
function snsCanonicalString(message: SignedSnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .flatMap((field) => {
      const value = message[field];
      return typeof value === 'string' ? [`${field}\n${value}\n`] : [];
    })
    .join('');
}

/**
 * Whether a URL points at Amazon SNS itself, over https: `sns.<region>.amazonaws.com` (or `.com.cn`), default port,
 * no credentials. Anything else (another host, a look-alike suffix, http) could serve an attacker's certificate.
 */
export function isSnsUrl(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    !url.username &&
    !url.password &&
    /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(url.hostname)
  );
}

/** The URL in a message field, or undefined when it is not one. */
export function urlOf(text: string | undefined): URL | undefined {
  try {
    return new URL(text ?? '');
  } catch {
    return undefined;
  }
}

/** Certificates are few (one per region and key rotation); a bound keeps a flood of forged URLs from growing it. */
const MAX_CERTIFICATES = 32;

/**
 * Verifies SNS message signatures: version 1 (SHA1withRSA) and 2 (SHA256withRSA) over the canonical string, with
 * the certificate at SigningCertURL, fetched only from an SNS host and cached (a failed fetch is not).
 */
export function snsVerifier(fetchText: SnsFetch) {
  const certificates = new Map<string, Promise<X509Certificate>>();

  function certificate(url: URL): Promise<X509Certificate> {
    const key = url.href;
    let cert = certificates.get(key);
    if (!cert) {
      if (certificates.size >= MAX_CERTIFICATES) certificates.delete(certificates.keys().next().value!);
      cert = fetchText(url).then((pem) => new X509Certificate(pem));
      cert.catch(() => certificates.delete(key));
      certificates.set(key, cert);
    }
    return cert;
  }

  /** 'valid', or why not. Throws only when the certificate could not be fetched (the caller answers 503). */
  return async function verify(
    message: SignedSnsMessage,
  ): Promise<'valid' | 'bad-certificate-url' | 'unsupported-version' | 'invalid'> {
    const algorithm = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' }[message.SignatureVersion];
    if (!algorithm) return 'unsupported-version';
    const url = urlOf(message.SigningCertURL);
    if (!url || !isSnsUrl(url) || !/^\/SimpleNotificationService-[A-Za-z0-9]+\.pem$/.test(url.pathname) || url.search)
      return 'bad-certificate-url';
    const cert = await certificate(url);
    const verifier = createVerify(algorithm).update(snsCanonicalString(message), 'utf8');
    try {
      return verifier.verify(cert.publicKey, message.Signature, 'base64') ? 'valid' : 'invalid';
    } catch {
      return 'invalid';
    }
  };
}
export type SnsVerifier = ReturnType<typeof snsVerifier>;

/** The default SnsFetch: https GET, no redirects (a redirect could leave SNS), a short deadline, a size bound. */
export async function httpsSnsFetch(url: URL): Promise<string> {
  if (!isSnsUrl(url))
    throw new Error(`refusing to fetch from ${url.protocol}//${url.host}: only https on an Amazon SNS host`);
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url.hostname} answered ${res.status}`);
  const text = await res.text();
  if (text.length > 64 * 1024) throw new Error(`${url.hostname} answered more than 64 KiB`);
  return text;
}
