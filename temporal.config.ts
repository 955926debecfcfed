import path from 'node:path';
import { z } from 'zod';

/**
 * Afterglow's runtime configuration: read from the environment, validated here, defaults for a laptop.
 * Secrets (TLS keys, API keys, webhook secrets) only ever come from the environment.
 */
const Port = z.coerce.number().int().min(1).max(65_535);

export const ConfigSchema = z
  .object({
    PORT: Port.default(3000),
    API_HOST: z.string().default('127.0.0.1'),
    TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TASK_QUEUE: z.string().default('afterglow'),
    /** Remote clusters: mutual TLS with a client certificate, or Temporal Cloud with an API key (TLS implied). */
    TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
    TEMPORAL_TLS_CERT_PATH: z.string().optional(),
    TEMPORAL_TLS_KEY_PATH: z.string().optional(),
    TEMPORAL_TLS_CA_PATH: z.string().optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
    TEMPORAL_API_KEY: z.string().optional(),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').default('smtp://127.0.0.1:1025'),
    MAIL_FROM: z.string().default('Afterglow Demo Store <hello@afterglow.localhost>'),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    AFTERGLOW_DATA_DIR: z.string().default('data'),
    /** Folder holding journeys/, catalog/, stores/ and templates/ (the marketer-edited files). */
    AFTERGLOW_CONTENT_DIR: z.string().default('.'),
    SHOPIFY_WEBHOOK_SECRET: z.string().optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (!!env.TEMPORAL_TLS_CERT_PATH !== !!env.TEMPORAL_TLS_KEY_PATH)
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_KEY_PATH'], message: 'set TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH together' });
  });

export type Config = z.infer<typeof ConfigSchema> & { contentDir: string; dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const root = path.resolve(__dirname);
  return {
    ...parsed.data,
    contentDir: path.resolve(root, parsed.data.AFTERGLOW_CONTENT_DIR),
    dataDir: path.resolve(root, parsed.data.AFTERGLOW_DATA_DIR),
  };
}
