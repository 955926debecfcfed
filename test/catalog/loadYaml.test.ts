import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Catalog } from '../../definitions/catalogSchema';
import { DefinitionError, loadYaml, parseYaml } from '../../definitions/loadYaml';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

/** 1-based line of the first line containing `needle`, so fixtures stay editable. */
function lineOf(file: string, needle: string): number {
  const index = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in ${file}`);
  return index + 1;
}

function problems(file: string): string[] {
  try {
    loadYaml(file, Catalog);
  } catch (err) {
    expect(err).toBeInstanceOf(DefinitionError);
    return (err as Error).message.split('\n');
  }
  throw new Error(`${file} loaded without errors`);
}

describe('loadYaml', () => {
  const file = fixture('broken-catalog.yaml');
  let reported: string[];
  beforeAll(() => {
    reported = problems(file);
  });

  it('reports a wrong value at its line and column, with the path to it', () => {
    expect(reported).toContain(
      `${file}:${lineOf(file, 'daysOfSupply: thirty')}:19: products[FIRST].daysOfSupply: must be a number, not "thirty"`,
    );
    expect(reported).toContain(
      `${file}:${lineOf(file, 'week: 0')}:15: products[SECOND].milestones.0.week: Too small: expected number to be >=1`,
    );
    expect(reported).toContain(`${file}:${lineOf(file, 'url: not a url')}:10: products[SECOND].url: Invalid URL`);
  });

  it('reports an unknown key at the key itself', () => {
    expect(reported).toContain(`${file}:${lineOf(file, 'colour: red')}:5: products[FIRST].colour: unknown key`);
  });

  it('reports a missing key at the entry that lacks it', () => {
    expect(reported).toContain(
      `${file}:${lineOf(file, '- sku: SECOND')}:5: products[SECOND].howTo: missing (give a map of "key: value" lines)`,
    );
  });

  it('reports every problem of the file at once', () => {
    expect(reported).toHaveLength(5);
  });

  it('reports catalog rules (unknown and duplicate SKUs) at their line', () => {
    const other = fixture('unknown-sku-catalog.yaml');
    expect(problems(other)).toEqual([
      `${other}:${lineOf(other, '# the duplicate')}:10: products[SERUM].sku: duplicate sku "SERUM"`,
      `${other}:${lineOf(other, 'SERUM-XL')}:27: products[SERUM].crossSell.1: unknown sku "SERUM-XL"`,
    ]);
  });

  it('reports YAML syntax errors with file and line', () => {
    const broken = fixture('syntax-error.yaml');
    expect(problems(broken)).toEqual([
      `${broken}:${lineOf(broken, 'name: en: Serum')}:11: Nested mappings are not allowed in compact mappings`,
    ]);
  });

  it('reports a problem with the whole document at its start', () => {
    expect(() => parseYaml('', 'empty.yaml', Catalog)).toThrow(
      'empty.yaml:1:1: (root): must be a map of "key: value" lines, not null',
    );
    expect(() => parseYaml('# only a comment\n- a\n', 'list.yaml', Catalog)).toThrow(
      'list.yaml:2:1: (root): must be a map of "key: value" lines, not ["a"]',
    );
  });

  it('returns the parsed value with schema defaults applied', () => {
    const Schema = z.object({ name: z.string(), tags: z.array(z.string()).default([]) });
    expect(parseYaml('name: demo\n', 'ok.yaml', Schema)).toEqual({ name: 'demo', tags: [] });
  });
});
