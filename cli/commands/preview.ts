import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../temporal.config';
import { addSampleOptions, contentDir, renderFromFlags, type SampleFlags } from '../options';

export function registerPreview(program: Command): void {
  addSampleOptions(
    program
      .command('preview')
      .description('render a template with sample data to <out>/<template>.<locale>.html and .txt'),
  )
    .option('--out <dir>', 'folder for the rendered files (default: out/preview next to the content)')
    .action(async (template: string, flags: SampleFlags & { out?: string }) => {
      const config = loadConfig();
      const { input, rendered } = await renderFromFlags(template, flags, config);
      const out =
        flags.out ??
        path.join(
          contentDir(flags.dir, () => config),
          'out',
          'preview',
        );
      fs.mkdirSync(out, { recursive: true });
      const base = path.join(out, `${template}.${input.locale}`);
      fs.writeFileSync(`${base}.html`, rendered.html);
      fs.writeFileSync(`${base}.txt`, rendered.text);
      console.log(
        `subject:   ${rendered.subject}\npreheader: ${rendered.preheader}\nhtml:      ${base}.html\ntext:      ${base}.txt`,
      );
    });
}
