import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { renderSample } from '../../authoring/sampleMessage';
import { escapeHtml } from '../../api/pages/preferencePages';
import { loadContent } from '../../definitions/content';
import { watchLiveContent } from '../../definitions/liveContent';
import type { Locale } from '../../definitions/localized';
import { listTemplates } from '../../rendering/templateSource';
import { testApp } from './helpers';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

const TOKEN = 'preview-admin-token-0123456789abcdefghij';
const PUBLIC_URL = 'https://afterglow.example.com';
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const bearer = { authorization: `Bearer ${TOKEN}` };

const apps: FastifyInstance[] = [];
const scratch: string[] = [];
afterEach(() => Promise.all(apps.splice(0).map((app) => app.close())));
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function previewApp(contentDir = FIXTURE_CONTENT_DIR): Promise<FastifyInstance> {
  const { app } = await testApp({ preview: { adminToken: TOKEN, contentDir, publicUrl: PUBLIC_URL } });
  apps.push(app);
  return app;
}

/** A scratch copy of the fixture content, edited by `edit`. */
function editedCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-preview-'));
  scratch.push(dir);
  for (const folder of ['journeys', 'catalog', 'stores', 'templates'])
    fs.cpSync(path.join(FIXTURE_CONTENT_DIR, folder), path.join(dir, folder), { recursive: true });
  edit(dir);
  return dir;
}

function editFile(file: string, edit: (text: string) => string): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit changed nothing in ${file}`);
  fs.writeFileSync(file, after);
}

/** Every template the journeys send or the templates folder holds, in every locale a store sells in. */
function expectedTargets(contentDir: string): { template: string; locale: Locale }[] {
  const content = loadContent(contentDir);
  const locales = [...new Set([...content.stores.values()].flatMap((store) => store.locales))];
  const used = content.journeys.flatMap(({ definition }) =>
    definition.steps.flatMap((step) => ('template' in step ? [step.template] : [])),
  );
  const templates = new Set([...used, ...listTemplates(path.join(contentDir, 'templates')).map((t) => t.template)]);
  return [...templates].flatMap((template) => locales.map((locale) => ({ template, locale })));
}

/** The page's entries by "template/locale", each with its HTML. */
function entries(page: string): Map<string, string> {
  const sections = page.match(/<section class="entry[^"]*"[^>]*>[\s\S]*?<\/section>/g) ?? [];
  return new Map(
    sections.map((section) => {
      const [, template, locale] = /data-template="([^"]+)" data-locale="([^"]+)"/.exec(section) ?? [];
      return [`${template}/${locale}`, section];
    }),
  );
}

const keys = (targets: { template: string; locale: string }[]) =>
  targets.map((t) => `${t.template}/${t.locale}`).sort();

describe('admin authentication', () => {
  const refused: [string, string, Record<string, string>][] = [
    ['no credentials', '/preview', {}],
    ['a wrong bearer token', '/preview', { authorization: 'Bearer not-the-admin-token-but-just-as-long-xx' }],
    ['a wrong Basic password', '/preview', basic('marketing', 'not-the-admin-token-but-just-as-long-xx')],
    ['the token as the Basic user name', '/preview', basic(TOKEN, '')],
    ['the token without a scheme', '/preview', { authorization: TOKEN }],
    ['the token in the query string', `/preview?token=${TOKEN}`, {}],
    ['no credentials, for an email', '/preview/how-to/en', {}],
    ['no credentials, for a text part', '/preview/how-to/en/text', {}],
  ];
  it.each(refused)('refuses %s with 401 and a Basic challenge', async (_what, url, headers) => {
    const app = await previewApp();
    const res = await app.inject({ method: 'GET', url, headers });

    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Afterglow preview"/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toContain('PREVIEW-1001');
  });

  it.each([
    ['Basic auth with the token as password (any user name)', basic('anyone', TOKEN)],
    ['a bearer token', bearer],
  ])('serves the page to %s', async (_what, headers) => {
    const app = await previewApp();
    const res = await app.inject({ method: 'GET', url: '/preview', headers });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is not served without an admin token', async () => {
    const { app } = await testApp();
    apps.push(app);
    expect((await app.inject({ method: 'GET', url: '/preview', headers: bearer })).statusCode).toBe(404);
  });

  it('refuses to start with a short token', async () => {
    await expect(
      testApp({ preview: { adminToken: 'short', contentDir: FIXTURE_CONTENT_DIR, publicUrl: PUBLIC_URL } }),
    ).rejects.toThrow(/32\+ characters/);
  });
});

describe('the preview page', () => {
  it('lists every template × locale with the subject and preheader the shared sample renderer gives', async () => {
    const app = await previewApp();
    const page = (await app.inject({ method: 'GET', url: '/preview', headers: bearer })).body;
    const listed = entries(page);
    const expected = expectedTargets(FIXTURE_CONTENT_DIR);

    expect([...listed.keys()].sort()).toEqual(keys(expected));
    expect(expected.length).toBeGreaterThan(1);
    for (const { template, locale } of expected) {
      const { rendered } = await renderSample(FIXTURE_CONTENT_DIR, { template, locale, publicUrl: PUBLIC_URL });
      const entry = listed.get(`${template}/${locale}`)!;
      expect(entry).toContain(`<dd class="subject">${escapeHtml(rendered.subject)}</dd>`);
      expect(entry).toContain(`<dd class="preheader">${escapeHtml(rendered.preheader)}</dd>`);
      expect(entry).toContain(`<iframe sandbox src="preview/${template}/${locale}"`);
      expect(entry).toContain(`href="preview/${template}/${locale}/text"`);
    }
  });

  it('switches the frames between desktop and mobile width without scripts or external assets', async () => {
    const app = await previewApp();
    const page = (await app.inject({ method: 'GET', url: '/preview', headers: bearer })).body;

    expect(page).toContain(
      '<input type="radio" name="width" id="width-desktop" checked><label for="width-desktop">Desktop (600px)</label>',
    );
    expect(page).toContain(
      '<input type="radio" name="width" id="width-mobile"><label for="width-mobile">Mobile (375px)</label>',
    );
    expect(page).toMatch(/iframe\{[^}]*width:600px/);
    expect(page).toContain('#width-mobile:checked ~ main iframe{width:375px}');
    expect(page).not.toMatch(/<script|<link|src="(https?:)?\/\//i);
  });

  it('serves each email and its text part as the shared sample renderer renders them', async () => {
    const app = await previewApp();
    // how-to shows no date, so a sample rendered a moment later is identical.
    const { rendered } = await renderSample(FIXTURE_CONTENT_DIR, {
      template: 'how-to',
      locale: 'ja',
      publicUrl: PUBLIC_URL,
    });
    const html = await app.inject({ method: 'GET', url: '/preview/how-to/ja', headers: basic('marketing', TOKEN) });
    const text = await app.inject({
      method: 'GET',
      url: '/preview/how-to/ja/text',
      headers: basic('marketing', TOKEN),
    });

    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toMatch(/^default-src 'none';.*frame-ancestors 'self'.*sandbox/);
    expect(html.body).toBe(rendered.html);
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toBe(rendered.text);
    expect((await app.inject({ method: 'GET', url: '/preview/no-such-template/en', headers: bearer })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ method: 'GET', url: '/preview/how-to/fr', headers: bearer })).statusCode).toBe(404);
  });

  it('shows a broken template’s error in its entry and still renders the others', async () => {
    const dir = editedCopy((d) =>
      editFile(path.join(d, 'templates', 'messages', 'feedback', 'en.mjml'), (text) =>
        text.replace('<mj-column>', '<mj-colum>'),
      ),
    );
    const app = await previewApp(dir);
    const res = await app.inject({ method: 'GET', url: '/preview', headers: bearer });
    const listed = entries(res.body);

    expect(res.statusCode).toBe(200);
    expect([...listed.keys()].sort()).toEqual(keys(expectedTargets(dir)));
    const broken = listed.get('feedback/en')!;
    expect(broken).toMatch(/^<section class="entry error"/);
    expect(broken).toContain('is not valid MJML');
    expect(broken).toContain('templates/messages/feedback/en.mjml:7: Element mj-colum doesn&#39;t exist');
    expect(broken).not.toContain('<iframe');
    for (const [key, entry] of listed) {
      if (key === 'feedback/en') continue;
      expect(entry).toMatch(/<dd class="subject">[^<]+<\/dd>/);
    }
    expect(res.body).toContain('1 failed to render');
    expect((await app.inject({ method: 'GET', url: '/preview/feedback/en', headers: bearer })).statusCode).toBe(500);
  });

  it('previews the set in use while an edit is refused, with the errors at the top', async () => {
    const dir = editedCopy(() => {});
    const live = await watchLiveContent({ contentDir: dir, dataDir: path.join(dir, 'data'), log: () => {} });
    try {
      editFile(path.join(dir, 'templates', 'messages', 'feedback', 'en.mjml'), (text) =>
        text.replace('<mj-column>', '<mj-colum>'),
      );
      await live.check();
      const { app } = await testApp({
        preview: {
          adminToken: TOKEN,
          contentDir: dir,
          publicUrl: PUBLIC_URL,
          live: { content: live.current, refusedEdit: () => live.status().refused?.errors },
        },
      });
      apps.push(app);
      const res = await app.inject({ method: 'GET', url: '/preview', headers: bearer });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(
        /<section class="entry error" id="refused-edit"><h2>Your latest edit was refused<\/h2>[\s\S]*templates\/messages\/feedback\/en\.mjml:7: MJML: Element mj-colum doesn&#39;t exist/,
      );
      // The feedback entry renders: it comes from the set in use, not from the refused edit.
      expect(entries(res.body).get('feedback/en')).toMatch(/<dd class="subject">[^<]+<\/dd>/);
      expect(res.body).not.toContain('failed to render');
    } finally {
      live.stop();
    }
  });

  it('escapes the subject, the preheader and errors', async () => {
    const dir = editedCopy((d) => {
      editFile(path.join(d, 'templates', 'messages', 'delivery-check', 'en.mjml'), (text) =>
        text
          .replace(/^subject: .*$/m, `subject: 'Fish & <b>chips</b> "now"'`)
          .replace(/^preheader: .*$/m, `preheader: '<img src=x onerror=alert(1)>'`),
      );
      editFile(path.join(d, 'templates', 'messages', 'refill', 'en.mjml'), (text) =>
        text.replace('<mj-column>', '<mj-column><script>'),
      );
    });
    const app = await previewApp(dir);
    const listed = entries((await app.inject({ method: 'GET', url: '/preview', headers: bearer })).body);

    const escaped = listed.get('delivery-check/en')!;
    expect(escaped).toContain('<dd class="subject">Fish &#38; &#60;b&#62;chips&#60;/b&#62; &#34;now&#34;</dd>');
    expect(escaped).toContain('<dd class="preheader">&#60;img src=x onerror=alert(1)&#62;</dd>');
    expect(escaped).not.toContain('<b>');
    const error = listed.get('refill/en')!;
    expect(error).toMatch(/^<section class="entry error"/);
    expect(error).not.toMatch(/<script|<mj-/);
  });

  it('shows content that does not load as an error page', async () => {
    const dir = editedCopy((d) =>
      editFile(path.join(d, 'stores', 'default.yaml'), (text) =>
        text.replace('locales: [en, ja]', 'locales: [en, <fr>]'),
      ),
    );
    const app = await previewApp(dir);
    const res = await app.inject({ method: 'GET', url: '/preview', headers: bearer });

    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const line =
      fs
        .readFileSync(path.join(dir, 'stores', 'default.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('locales:')) + 1;
    expect(res.body).toContain(
      `<pre>stores/default.yaml:${line}:15: locales.1: &#34;&#60;fr&#62;&#34; is not one of en, ja`,
    );
    expect(res.body).not.toContain('<iframe');
  });
});
