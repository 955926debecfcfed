import { createSign, randomBytes } from 'node:crypto';
import { generate } from 'selfsigned';
import { httpsSnsFetch, isSnsUrl } from '../../api/mailProviders/snsSignature';
import { TEST_NOW } from './helpers';
import { MESSAGE_ID, MESSAGE_KEY, RECIPIENT, WORKFLOW_ID, mailWebhookHarness } from './mailWebhookHarness';

const open = mailWebhookHarness();
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ses-events';
const CERT_URL = `https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;
const SUBSCRIBE_URL = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=2336412f37`;

type Pems = { private: string; cert: string };
let sns: Pems;
let impostor: Pems;
beforeAll(async () => {
  const notAfterDate = new Date(TEST_NOW + 365 * 86_400_000);
  [sns, impostor] = await Promise.all(
    [0, 1].map(() =>
      generate([{ name: 'commonName', value: 'sns.amazonaws.com' }], {
        keySize: 2048,
        algorithm: 'sha256',
        notBeforeDate: new Date(TEST_NOW - 86_400_000),
        notAfterDate,
      }),
    ),
  );
});

/** Stands in for the network: the SNS certificate, the subscription confirmation; records what was fetched. */
function localSns(fail = false) {
  const fetched: string[] = [];
  const fetcher = async (url: URL) => {
    fetched.push(url.href);
    if (fail) throw new Error('connect ETIMEDOUT');
    if (url.href === CERT_URL) return sns.cert;
    if (url.href === SUBSCRIBE_URL) return '<ConfirmSubscriptionResponse/>';
    throw new Error(`404 ${url.href}`);
  };
  return { fetched, fetcher };
}

/** What SNS signs, written out from its documentation (not the code under test). */
const SIGNED = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};
function snsMessage(fields: Record<string, string>, { version = '2', key = sns.private, certUrl = CERT_URL } = {}) {
  const message: Record<string, string> = {
    MessageId: randomBytes(16).toString('hex'),
    TopicArn: TOPIC,
    Timestamp: new Date(TEST_NOW - 60_000).toISOString(),
    ...fields,
  };
  const canonical = SIGNED[message.Type as keyof typeof SIGNED]
    .filter((f) => f in message)
    .map((f) => `${f}\n${message[f]}\n`)
    .join('');
  const Signature = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
    .update(canonical)
    .sign(key, 'base64');
  return {
    ...message,
    SignatureVersion: version,
    Signature,
    SigningCertURL: certUrl,
    UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
  };
}
const mail = {
  timestamp: '2026-03-06T11:58:00.000Z',
  messageId: '0102018e-ses-id',
  source: 'hello@shop.example',
  destination: [RECIPIENT],
  commonHeaders: { messageId: MESSAGE_ID, to: [RECIPIENT] },
};
const bounce = (bounceType = 'Permanent') =>
  JSON.stringify({
    notificationType: 'Bounce',
    mail,
    bounce: {
      bounceType,
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: RECIPIENT, status: '5.1.1', diagnosticCode: `smtp; 550 ${RECIPIENT} unknown` },
      ],
      timestamp: '2026-03-06T11:59:00.000Z',
      feedbackId: 'f-1',
    },
  });
const complaint = () =>
  JSON.stringify({
    eventType: 'Complaint',
    mail,
    complaint: {
      complainedRecipients: [{ emailAddress: RECIPIENT }],
      timestamp: '2026-03-06T11:59:30.000Z',
      complaintFeedbackType: 'abuse',
      feedbackId: 'f-2',
    },
  });
const notification = (message: string, options?: Parameters<typeof snsMessage>[1]) =>
  snsMessage({ Type: 'Notification', Message: message }, options);

describe('isSnsUrl: only Amazon SNS itself, over https', () => {
  it.each([
    ['https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem', true],
    ['https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem', true],
    ['http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem', false],
    ['https://sns.eu-west-1.amazonaws.com.evil.example/x.pem', false],
    ['https://evil.example/sns.eu-west-1.amazonaws.com/x.pem', false],
    ['https://sns.eu-west-1.amazonaws.com:8443/x.pem', false],
    ['https://user:pw@sns.eu-west-1.amazonaws.com/x.pem', false],
    ['https://s3.eu-west-1.amazonaws.com/x.pem', false],
  ])('%s → %s', (url, ok) => expect(isSnsUrl(new URL(url))).toBe(ok));

  it('the default fetcher refuses anything else before connecting', async () => {
    await expect(
      httpsSnsFetch(new URL('http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-a.pem')),
    ).rejects.toThrow('refusing to fetch from http://sns.eu-west-1.amazonaws.com: only https on an Amazon SNS host');
    await expect(httpsSnsFetch(new URL('https://127.0.0.1/SimpleNotificationService-a.pem'))).rejects.toThrow(
      'refusing to fetch from https://127.0.0.1: only https on an Amazon SNS host',
    );
  });
});

describe('POST /v1/webhooks/ses', () => {
  const setup = async (network = localSns()) => ({
    ...(await open({ SES_SNS_TOPIC_ARNS: [TOPIC] }, { snsFetch: network.fetcher })),
    network,
  });
  // SNS posts JSON as text/plain.
  const post = (app: Awaited<ReturnType<typeof open>>['app'], body: unknown) =>
    app.inject({
      method: 'POST',
      url: '/v1/webhooks/ses',
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
      payload: JSON.stringify(body),
    });

  it.each(['1', '2'])(
    'signature version %s: a permanent bounce blocks the address, records it and tells the journey',
    async (version) => {
      const h = await setup();
      const res = await post(h.app, notification(bounce(), { version }));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ duplicate: false });
      expect(await h.stopped('service')).toBe('address blocked: hard-bounce');
      expect(await h.outcomes()).toEqual(['bounced', 'sent']);
      expect(await h.signals()).toEqual([
        {
          workflowId: WORKFLOW_ID,
          signal: 'messageDelivery',
          args: [
            {
              messageKey: MESSAGE_KEY,
              messageId: MESSAGE_ID,
              provider: 'ses',
              kind: 'hard-bounce',
              occurredAt: '2026-03-06T11:59:00.000Z',
              detail: 'Bounce/Permanent/General',
            },
          ],
        },
      ]);
    },
  );

  it('fetches the certificate once and keeps it; a complaint (event publishing) stops marketing; a transient bounce only tells', async () => {
    const h = await setup();
    expect((await post(h.app, notification(complaint()))).statusCode).toBe(200);
    expect((await post(h.app, { ...notification(bounce('Transient'), { version: '1' }) })).statusCode).toBe(200);
    expect(
      (
        await post(
          h.app,
          snsMessage({
            Type: 'Notification',
            Subject: 'Amazon SES Email Event Notification',
            Message: bounce('Undetermined'),
          }),
        )
      ).statusCode,
    ).toBe(200);
    expect(h.network.fetched).toEqual([CERT_URL]);
    expect(await h.stopped('marketing')).toBe('address blocked: complaint');
    expect(await h.stopped('service')).toBeUndefined();
    expect((await h.signals()).map((s) => s.args[0] as { kind: string; detail: string })).toMatchObject([
      { kind: 'complaint', detail: 'Complaint/abuse' },
      { kind: 'soft-bounce', detail: 'Bounce/Transient/General' },
      { kind: 'soft-bounce', detail: 'Bounce/Undetermined/General' },
    ]);
  });

  it('acts on an SNS MessageId once (SNS retrying, or a captured message replayed)', async () => {
    const h = await setup();
    const message = notification(bounce('Transient'));
    await post(h.app, message);
    const res = await post(h.app, message);
    expect(res.json()).toEqual({ duplicate: true });
    expect(await h.signals()).toHaveLength(1);
  });

  it('answers 200 to a notification that is not a bounce or a complaint (SES validating the topic), changing nothing', async () => {
    const h = await setup();
    const res = await post(h.app, notification('Successfully validated SNS topic for Amazon SES event publishing.'));
    expect(res.statusCode).toBe(200);
    expect(await h.blocks()).toEqual([]);
  });

  it.each([
    [
      'signed with another key',
      () => notification(bounce(), { key: impostor.private }),
      'SNS signature refused: invalid',
    ],
    [
      'whose Message was changed after signing',
      () => ({ ...notification(bounce('Transient')), Message: bounce() }),
      'SNS signature refused: invalid',
    ],
    [
      'with a version SNS does not have',
      () => ({ ...notification(bounce()), SignatureVersion: '3' }),
      'SNS signature refused: unsupported-version',
    ],
    [
      'with its certificate on another host',
      () =>
        notification(bounce(), {
          certUrl: 'https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-a.pem',
        }),
      'SNS signature refused: bad-certificate-url',
    ],
    [
      'with its certificate over http',
      () => notification(bounce(), { certUrl: CERT_URL.replace('https:', 'http:') }),
      'SNS signature refused: bad-certificate-url',
    ],
  ])(
    'refuses a message %s with 401, fetching nothing from elsewhere and changing nothing',
    async (_name, body, message) => {
      const h = await setup();
      const res = await post(h.app, body());
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_signature', message });
      expect(h.network.fetched.filter((url) => url !== CERT_URL)).toEqual([]);
      expect(await h.blocks()).toEqual([]);
      expect(await h.signals()).toEqual([]);
    },
  );

  it('refuses a genuine message from a topic not configured with 403', async () => {
    const h = await setup();
    const res = await post(
      h.app,
      snsMessage({
        Type: 'Notification',
        Message: bounce(),
        TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-elses',
      }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('unknown_topic');
    expect(await h.blocks()).toEqual([]);
  });

  it('confirms a subscription to a configured topic by visiting its SubscribeURL', async () => {
    const h = await setup();
    const confirmation = snsMessage(
      {
        Type: 'SubscriptionConfirmation',
        Message: 'You have chosen to subscribe…',
        SubscribeURL: SUBSCRIBE_URL,
        Token: '2336412f37',
      },
      { version: '1' },
    );
    const res = await post(h.app, confirmation);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ confirmed: true });
    expect(h.network.fetched).toEqual([CERT_URL, SUBSCRIBE_URL]);
  });

  it('takes an unsubscribe confirmation (someone removed the subscription in SNS) without acting on it', async () => {
    const h = await setup();
    const res = await post(
      h.app,
      snsMessage({
        Type: 'UnsubscribeConfirmation',
        Message: 'You have chosen to deactivate…',
        SubscribeURL: SUBSCRIBE_URL,
        Token: 't',
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(h.network.fetched).toEqual([CERT_URL]);
    expect(await h.blocks()).toEqual([]);
  });

  it.each([
    ['to another topic', { TopicArn: 'arn:aws:sns:eu-west-1:999999999999:other' }, 403],
    ['whose SubscribeURL leaves SNS', { SubscribeURL: 'https://evil.example/?Action=ConfirmSubscription' }, 400],
  ])('does not confirm a subscription %s', async (_name, fields, status) => {
    const h = await setup();
    const res = await post(
      h.app,
      snsMessage({
        Type: 'SubscriptionConfirmation',
        Message: 'subscribe',
        SubscribeURL: SUBSCRIBE_URL,
        Token: 't',
        ...fields,
      }),
    );
    expect(res.statusCode).toBe(status);
    expect(h.network.fetched).toEqual([CERT_URL]);
  });

  it('answers a fast 503 while SNS cannot be reached, and fetches the certificate again next time', async () => {
    const down = localSns(true);
    const h = await setup(down);
    const res = await post(h.app, notification(bounce()));
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('provider_unavailable');
    expect((await post(h.app, notification(bounce()))).statusCode).toBe(503);
    expect(down.fetched).toEqual([CERT_URL, CERT_URL]);
    expect(await h.blocks()).toEqual([]);
  });

  it('names the invalid field inside a signed but malformed SES notification', async () => {
    const h = await setup();
    const broken = JSON.stringify({
      notificationType: 'Bounce',
      mail,
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [],
        timestamp: '2026-03-06T11:59:00Z',
      },
    });
    const res = await post(h.app, notification(broken));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'Message.bounce.bouncedRecipients', message: expect.any(String) }]);
  });

  it('answers 503 naming the variable while unconfigured', async () => {
    const h = await open({}, { snsFetch: localSns().fetcher });
    const res = await post(h.app, notification(bounce()));
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('SES_SNS_TOPIC_ARNS');
  });
});
