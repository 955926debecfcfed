import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../temporal.config';
import { addSampleOptions, renderFromFlags, type SampleFlags } from '../options';

export function registerPreview(program: Command): void {
  addSampleOptions(program.command('preview').description('render a template with sample data to <out>/<template>.<locale>.html and .txt'))
    .option('--out <dir>', 'folder for the rendered files', path.join('out', 'preview'))
    .action(async (template: string, flags: SampleFlags & { out: string }) => {
      const { input, rendered } = await renderFromFlags(template, flags, loadConfig());
      fs.mkdirSync(flags.out, { recursive: true });
      const base = path.join(flags.out, `${template}.${input.locale}`);
      fs.writeFileSync(`${base}.html`, rendered.html);
      fs.writeFileSync(`${base}.txt`, rendered.text);
      console.log(`subject:   ${rendered.subject}\npreheader: ${rendered.preheader}\nhtml:      ${base}.html\ntext:      ${base}.txt`);
    });
}
