import type { Command } from 'commander';
import { formatProblem } from '../../authoring/problems';
import { validateContent } from '../../authoring/validate';
import { addDirOption, contentDir, plural } from '../options';

export function registerValidate(program: Command): void {
  addDirOption(
    program
      .command('validate')
      .description(
        'check journeys, catalog, stores and templates; print each problem as file:line, exit 1 on any error',
      ),
  ).action(async (flags: { dir?: string }) => {
    const report = await validateContent(contentDir(flags.dir));
    for (const problem of report.problems) console.log(formatProblem(problem));
    const errors = report.problems.filter((p) => p.severity === 'error').length;
    const { journeys, products, stores, templates } = report.counts;
    const catalog = products === null ? 'a catalog that did not load' : plural(products, 'product');
    const checked = `${plural(journeys, 'journey')}, ${catalog}, ${plural(stores, 'store')}, ${plural(templates, 'template')}`;
    console.log(
      `${errors ? '✗' : '✓'} ${plural(errors, 'error')}, ${plural(report.problems.length - errors, 'warning')} (${checked} checked)`,
    );
    process.exitCode = errors ? 1 : 0;
  });
}
