import { createActivities } from '../activities';
import { createMailTransport } from '../activities/mailTransport';
import { connectWorker } from '../client/connection';
import { liveContent } from '../definitions/content';
import { TemplateLibrary } from '../rendering/compiledTemplates';
import { loadConfig } from '../temporal.config';
import { createJourneyWorker } from './createWorker';
import path from 'node:path';

/** `npm run worker`: runs journeys until SIGINT/SIGTERM, then drains in-flight tasks and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const content = liveContent(config.contentDir, (err) => console.error(`[worker] content edit rejected, keeping the last good version:\n${err.message}`));
  const templates = new TemplateLibrary(path.join(config.contentDir, 'templates'));
  await templates.warm();
  const transport = createMailTransport(config.SMTP_URL);
  const connection = await connectWorker(config);
  const worker = await createJourneyWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: createActivities({ content, templates, transport, mailFrom: config.MAIL_FROM, publicUrl: config.PUBLIC_URL }),
  });
  console.log(`[worker] polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
  try {
    await worker.run();
  } finally {
    transport.close();
    await connection.close();
  }
}

main().catch((err) => {
  console.error(`[worker] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
