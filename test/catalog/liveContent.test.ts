import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTENT_FOLDERS } from '../../definitions/contentSets';
import { readContentStatus } from '../../definitions/contentStatus';
import { type LiveContent, watchLiveContent } from '../../definitions/liveContent';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

/** The adoption rule: only a set that passes `afterglow validate` goes live, as a unit; a refusal is said once. */
let contentDir: string;
let dataDir: string;
let logged: { level: string; line: string }[];
let live: LiveContent | undefined;

beforeEach(() => {
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-live-'));
  for (const folder of CONTENT_FOLDERS)
    fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(contentDir, folder), { recursive: true });
  dataDir = path.join(contentDir, 'data');
  logged = [];
});
afterEach(() => {
  live?.stop();
  live = undefined;
  fs.rmSync(contentDir, { recursive: true, force: true });
});

const start = async () =>
  (live = await watchLiveContent({ contentDir, dataDir, log: (level, line) => logged.push({ level, line }) }));
const file = (relative: string) => path.join(contentDir, relative);
const replaceIn = (relative: string, from: string | RegExp, to: string) => {
  const text = fs.readFileSync(file(relative), 'utf8');
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  fs.writeFileSync(file(relative), edited);
};
const errorsLogged = () => logged.filter((l) => l.level === 'error');
const version = (l: LiveContent) => l.current().journeys.find((j) => j.definition.id === 'post-purchase')!.version;
const reassuranceSubject = (l: LiveContent) =>
  fs
    .readFileSync(path.join(l.current().templatesDir, 'messages/reassurance/en.mjml'), 'utf8')
    .split('\n')
    .find((line) => line.startsWith('subject:'));

it('adopts a valid folder as a content set kept in the data folder, and says which', async () => {
  const l = await start();
  const { contentSet, templatesDir } = l.current();
  expect(contentSet).toMatch(/^[0-9a-f]{16}$/);
  expect(templatesDir).toBe(path.join(dataDir, 'content-sets', contentSet!, 'templates'));
  expect(l.status()).toEqual({ contentDir, adopted: { contentSet, at: expect.any(String) } });
  expect(readContentStatus(dataDir)).toEqual(l.status());
  expect(logged).toEqual([
    {
      level: 'info',
      line: expect.stringMatching(new RegExp(`^content set ${contentSet} in use \\(post-purchase@[0-9a-f]{12}, vip@`)),
    },
  ]);
});

it('refuses a journey naming a missing template, with the template edit saved with it: the last valid set stays whole', async () => {
  const l = await start();
  const before = l.current();
  const subjectBefore = reassuranceSubject(l);
  // One save touching both: a new subject (valid alone) and a typo in a template name (not).
  replaceIn('templates/messages/reassurance/en.mjml', /^subject: .*$/m, 'subject: "A brand new subject"');
  replaceIn('journeys/post-purchase.yaml', 'template: cross-sell', 'template: cross-sel');
  await l.check();

  expect(l.current()).toBe(before);
  expect(reassuranceSubject(l)).toBe(subjectBefore);
  const refused = l.status().refused!;
  // validate's formatter, with paths as the marketer knows them: relative to the content folder.
  expect(refused.errors).toEqual([
    expect.stringMatching(/^journeys\/post-purchase\.yaml:\d+: steps\[cross-sell\]\.template: no template "cross-sel"/),
  ]);
  expect(readContentStatus(dataDir)?.refused).toEqual(refused);
  expect(errorsLogged()).toHaveLength(1);
  expect(errorsLogged()[0].line).toContain(`content edit refused: customers keep content set ${before.contentSet}`);
  expect(errorsLogged()[0].line).toContain(refused.errors[0]);
  // No staged copy of the refused edit is left behind.
  expect(fs.readdirSync(path.join(dataDir, 'content-sets'))).toEqual([before.contentSet]);

  // The same refusal again is not news; another one is.
  await l.check();
  expect(errorsLogged()).toHaveLength(1);
  replaceIn('catalog/products.yaml', 'crossSell: [GENTLE-CLEANSER]', 'crossSell: [GENTLE-CLEANSR]');
  await l.check();
  expect(errorsLogged()).toHaveLength(2);
  expect(l.status().refused!.errors).toHaveLength(2);
  expect(l.current()).toBe(before);
});

it('adopts the fixed set whole (journey and template together) and clears the refusal', async () => {
  const l = await start();
  const before = l.current();
  replaceIn('templates/messages/reassurance/en.mjml', /^subject: .*$/m, 'subject: "A brand new subject"');
  replaceIn('journeys/post-purchase.yaml', 'template: cross-sell', 'template: cross-sel');
  await l.check();
  replaceIn('journeys/post-purchase.yaml', 'template: cross-sel', 'template: cross-sell');
  await l.check();

  const after = l.current();
  expect(after.contentSet).not.toBe(before.contentSet);
  expect(reassuranceSubject(l)).toBe('subject: "A brand new subject"');
  // The template is part of the version of the journey that sends it (not of the others): running customers keep
  // the old one unless migrated.
  const versions = (c: typeof before) => c.journeys.map((j) => `${j.definition.id}@${j.version}`);
  expect(versions(after)[0]).not.toBe(versions(before)[0]);
  expect(versions(after)[1]).toBe(versions(before)[1]);
  expect(l.status().refused).toBeUndefined();
  expect(readContentStatus(dataDir)?.refused).toBeUndefined();
  expect(logged.at(-1)).toEqual({
    level: 'info',
    line: expect.stringContaining(`the refused edit is fixed; content set ${after.contentSet} adopted`),
  });
  // The earlier set stays on disk for the runs pinned to it.
  expect(fs.existsSync(before.templatesDir)).toBe(true);
});

it('refuses a template that no longer compiles, naming its file and line', async () => {
  const l = await start();
  const before = version(l);
  replaceIn('templates/messages/reassurance/en.mjml', '<mj-column>', '<mj-colum>');
  await l.check();
  expect(version(l)).toBe(before);
  expect(l.status().refused!.errors.join('\n')).toMatch(
    /^templates\/messages\/reassurance\/en\.mjml:\d+: MJML: Element mj-colum doesn't exist/,
  );
});

it('picks an edit up by itself, from the timer', async () => {
  const l = await start();
  replaceIn('journeys/post-purchase.yaml', 'template: cross-sell', 'template: cross-sel');
  for (let i = 0; i < 100 && !l.status().refused; i++) await new Promise((r) => setTimeout(r, 100));
  expect(l.status().refused).toBeDefined();
});

it('starts from the last set adopted from this folder when the folder has errors at start, and refuses without it', async () => {
  const first = await start();
  const adopted = first.current().contentSet;
  first.stop();
  replaceIn('journeys/post-purchase.yaml', 'template: cross-sell', 'template: cross-sel');

  const restarted = await start();
  expect(restarted.current().contentSet).toBe(adopted);
  expect(restarted.status().refused?.errors).toHaveLength(1);
  restarted.stop();

  fs.rmSync(dataDir, { recursive: true });
  await expect(start()).rejects.toThrow(
    /the content has errors and no earlier valid set of it was kept[\s\S]*no template "cross-sel"/,
  );
});
