import path from 'node:path';
import { formatProblem } from '../authoring/problems';
import { validateContent } from '../authoring/validate';
import { plural } from './options';

/** Which content files a template's rendering reads: its own folder, the layout and partials, stores and catalog. */
export const filesOfTemplate = (template: string) => (file: string) =>
  file.startsWith(path.join('templates', 'messages', template) + path.sep) ||
  /^templates[/\\](layouts|partials)[/\\]/.test(file) ||
  /^(stores|catalog)[/\\]/.test(file);

/**
 * Runs `afterglow validate`'s checks before a command renders or simulates, and refuses with its messages
 * (`file:line: what is wrong`) rather than with a renderer's error deep inside a generated email.
 */
export async function refuseInvalidContent(
  contentDir: string,
  relevant: (file: string) => boolean = () => true,
): Promise<void> {
  const { problems } = await validateContent(contentDir);
  const errors = problems.filter((p) => p.severity === 'error' && relevant(path.relative(contentDir, p.file)));
  if (errors.length === 0) return;
  throw new Error(
    `${plural(errors.length, 'error')} in the content, as \`afterglow validate\` reports them:\n${errors.map((p) => formatProblem(p)).join('\n')}`,
  );
}
