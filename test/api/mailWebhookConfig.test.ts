import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../../temporal.config';

describe('the mail webhook settings', () => {
  const sendgridKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ format: 'der', type: 'spki' })
    .toString('base64');

  it('reads topic ARNs as a list, the SendGrid key as SendGrid shows it, and five minutes as the replay window', () => {
    const config = loadConfig({
      SES_SNS_TOPIC_ARNS:
        'arn:aws:sns:eu-west-1:123456789012:ses-events, arn:aws-cn:sns:cn-north-1:123456789012:ses.bounces',
      SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridKey,
    });
    expect(config.SES_SNS_TOPIC_ARNS).toEqual([
      'arn:aws:sns:eu-west-1:123456789012:ses-events',
      'arn:aws-cn:sns:cn-north-1:123456789012:ses.bounces',
    ]);
    expect(config.SENDGRID_WEBHOOK_PUBLIC_KEY).toBe(sendgridKey);
    expect(config.MAIL_WEBHOOK_MAX_AGE_SECONDS).toBe(300);
  });

  it.each([
    [{ SES_SNS_TOPIC_ARNS: 'ses-events' }, 'SES_SNS_TOPIC_ARNS: each must be an SNS topic ARN'],
    [{ SENDGRID_WEBHOOK_PUBLIC_KEY: 'not a key' }, 'SENDGRID_WEBHOOK_PUBLIC_KEY: must be the base64 verification key'],
    [
      { POSTMARK_WEBHOOK_USER: 'postmark' },
      'POSTMARK_WEBHOOK_PASSWORD: set POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD together',
    ],
    [{ POSTMARK_WEBHOOK_SECRET: 'short' }, 'POSTMARK_WEBHOOK_SECRET: must be at least 32 characters'],
    [{ MAIL_WEBHOOK_MAX_AGE_SECONDS: '5' }, 'MAIL_WEBHOOK_MAX_AGE_SECONDS'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
