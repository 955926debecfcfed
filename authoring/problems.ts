import path from 'node:path';

/** One thing wrong in the content files, placed where a person fixes it. */
export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  /** Absent for problems about a whole file (a missing one). */
  line?: number;
  message: string;
}

/** `file:line: message` (paths relative to `cwd`): the form terminals and editors turn into a link. */
export function formatProblem(problem: Problem, cwd = process.cwd()): string {
  const file = path.relative(cwd, problem.file) || problem.file;
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  return `${where}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`;
}

const LOCATED = /^\s*(.+?):(\d+)(?::\d+)?: (.*)$/;
const WHOLE_FILE = /^\s*(.+?\.(?:ya?ml|mjml|txt|hbs)): (.*)$/;

/**
 * The problems in the text of an error thrown by the loaders (DefinitionError, TemplateError, a template read): one per
 * line, `file:line[:col]: message` or `file: message`. A line ending in ":" only introduces the list below it; any
 * other line is about `fallbackFile`.
 */
export function problemsFromMessage(text: string, fallbackFile: string): Problem[] {
  return text
    .split('\n')
    .filter((line) => line.trim() && !line.endsWith(':'))
    .map((line): Problem => {
      const located = LOCATED.exec(line);
      if (located) return { severity: 'error', file: located[1], line: Number(located[2]), message: located[3] };
      const wholeFile = WHOLE_FILE.exec(line);
      if (wholeFile) return { severity: 'error', file: wholeFile[1], message: wholeFile[2] };
      return { severity: 'error', file: fallbackFile, message: line.trim() };
    });
}

/** By file and line, each problem once (a broken partial shows up in every template that includes it). */
export function sortProblems(problems: Problem[]): Problem[] {
  const unique = new Map(problems.map((p) => [`${p.severity} ${p.file}:${p.line} ${p.message}`, p]));
  return [...unique.values()].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
