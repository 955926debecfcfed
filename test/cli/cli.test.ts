import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { journeyDiagram } from '../../authoring/diagram';
import { loadJourneys } from '../../definitions/loadJourneys';
import { runCli } from './runCli';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-cli-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('afterglow', () => {
  it('lists its commands', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['validate', 'preview', 'diagram', 'send-test'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('exits 2 on an unknown command or a wrong option', async () => {
    expect(await runCli(['nope'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error: unknown command 'nope'"),
    });
    expect(await runCli(['preview', 'how-to', '--locale', 'fr'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Allowed choices are en, ja'),
    });
  });
});

describe('afterglow validate', () => {
  it('exits 0 with a summary on valid content', async () => {
    expect(await runCli(['validate'])).toEqual({
      code: 0,
      stdout: '✓ 0 errors, 0 warnings (2 journeys, 10 products, 1 store, 14 templates checked)\n',
      stderr: '',
    });
  });

  it('exits 1 and prints each problem as file:line', async () => {
    const { code, stdout } = await runCli(['validate', '--dir', 'test/authoring/fixtures/broken']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'test/authoring/fixtures/broken/journeys/bad-duration.yaml:9: steps[thanks].at.after: must be a duration such as "0", "12h", "3d", "2w" or "-5d"',
    );
    expect(lines).toContain(
      'test/authoring/fixtures/broken/templates/messages/thanks/en.mjml:7: customer.email: customer has no "email" (it has firstName, lastName, since, orderCount)',
    );
    expect(lines.at(-1)).toBe('✗ 12 errors, 1 warning (2 journeys, 2 products, 1 store, 3 templates checked)');
  });
});

describe('afterglow diagram', () => {
  it('prints the Mermaid flowchart of the journey named', async () => {
    const { code, stdout } = await runCli(['diagram', 'post-purchase']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      journeyDiagram(loadJourneys(FIXTURE_CONTENT_DIR).find((j) => j.definition.id === 'post-purchase')!.definition),
    );
  });

  it('exits 1 for a journey that does not exist, and asks which when there are several', async () => {
    expect(await runCli(['diagram', 'nope'])).toMatchObject({
      code: 1,
      stderr: 'afterglow: no journey "nope" (journeys: post-purchase, vip)\n',
    });
    expect(await runCli(['diagram'])).toMatchObject({
      code: 1,
      stderr: 'afterglow: name one of the journeys: post-purchase, vip\n',
    });
  });
});

describe('afterglow preview', () => {
  it('writes the HTML and text of a template with sample data and prints its subject', async () => {
    const out = path.join(scratch, 'preview');
    const { code, stdout } = await runCli(['preview', 'how-to', '--locale', 'ja', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'subject:   ビタミンC ブライトニング美容液（30日分）の上手な使い方',
        'preheader: しっかり効果を感じていただくための、5つのステップです。',
        `html:      ${out}/how-to.ja.html`,
        `text:      ${out}/how-to.ja.txt`,
        '',
      ].join('\n'),
    );
    expect(fs.readFileSync(path.join(out, 'how-to.ja.html'), 'utf8')).toContain('<html lang="ja"');
    expect(fs.readFileSync(path.join(out, 'how-to.ja.txt'), 'utf8')).toMatch(/^佐藤様\n/);
  });

  it("renders a given order, in its customer's language", async () => {
    const file = path.join(scratch, 'order.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        orderId: '2001',
        placedAt: '2026-05-01T10:00:00Z',
        currency: 'USD',
        total: '30.00',
        customer: { id: 'c-9', email: 'grace@example.com', firstName: 'Grace', locale: 'en-GB' },
        lineItems: [{ sku: 'HAND-MUG', title: 'Handmade Mug', quantity: 1, unitPrice: '30.00' }],
      }),
    );
    const { code, stdout } = await runCli(['preview', 'reassurance', '--order', file, '--out', scratch]);
    expect(code).toBe(0);
    expect(stdout).toContain(`html:      ${scratch}/reassurance.en.html`);
    const text = fs.readFileSync(path.join(scratch, 'reassurance.en.txt'), 'utf8');
    expect(text).toMatch(/^Hi Grace,/);
    expect(text).toContain('Handmade Mug');
  });

  it('exits 1 naming every invalid field of an order file', async () => {
    const file = path.join(scratch, 'bad-order.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        orderId: '1',
        placedAt: 'yesterday',
        currency: 'USD',
        total: '1',
        customer: { id: 'c' },
        lineItems: [],
      }),
    );
    const { code, stderr } = await runCli(['preview', 'how-to', '--order', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`afterglow: ${file} is not a valid order:\n`);
    for (const field of ['placedAt', 'customer.email', 'lineItems'])
      expect(stderr).toMatch(new RegExp(`^  ${field}: `, 'm'));
  });

  it('exits 1 for a template that does not exist', async () => {
    expect(await runCli(['preview', 'nope', '--out', scratch])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^afterglow: unknown template "nope"/),
    });
  });
});
