import fs from 'node:fs';
import path from 'node:path';
import { TemplateLibrary } from '../../rendering/compiledTemplates';
import { renderMessage } from '../../rendering/renderMessage';
import { contextFor, copyTemplates, writeMessage } from './support';

const context = () => contextFor('how-to', 'en', 'VC-SERUM-30');

describe('TemplateLibrary', () => {
  it('runs MJML once per template and locale, however many messages it renders', async () => {
    const library = new TemplateLibrary(copyTemplates());
    for (let i = 0; i < 5; i++) await renderMessage(library, 'how-to', 'en', context());
    expect(library.mjmlCompilations).toBe(1);
    await renderMessage(library, 'how-to', 'ja', contextFor('how-to', 'ja', 'VC-SERUM-30'));
    expect(library.mjmlCompilations).toBe(2);
  });

  it('shares one compilation between concurrent first renders', async () => {
    const library = new TemplateLibrary(copyTemplates());
    await Promise.all(Array.from({ length: 8 }, () => renderMessage(library, 'how-to', 'en', context())));
    expect(library.mjmlCompilations).toBe(1);
  });

  it('warm() compiles every template × locale once, and rendering afterwards compiles nothing', async () => {
    const library = new TemplateLibrary(copyTemplates());
    await library.warm();
    expect(library.mjmlCompilations).toBe(library.list().length);
    await library.warm();
    await renderMessage(library, 'feedback', 'ja', contextFor('feedback', 'ja', 'VC-SERUM-30'));
    expect(library.mjmlCompilations).toBe(library.list().length);
  });

  it('recompiles a template whose file was edited, and only that one', async () => {
    const dir = copyTemplates();
    const library = new TemplateLibrary(dir, { recheckMs: 0 });
    await library.warm();
    const before = library.mjmlCompilations;
    const file = path.join(dir, 'messages', 'how-to', 'en.mjml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("Here's exactly how:", 'Here is the routine:'));
    const { html } = await renderMessage(library, 'how-to', 'en', context());
    expect(html).toContain('Here is the routine:');
    expect(library.mjmlCompilations).toBe(before + 1);
    await renderMessage(library, 'how-to', 'ja', contextFor('how-to', 'ja', 'VC-SERUM-30'));
    expect(library.mjmlCompilations).toBe(before + 1);
  });

  it('looks at the files at most once per recheck interval, not on every send', async () => {
    const dir = copyTemplates();
    const library = new TemplateLibrary(dir, { recheckMs: 60_000 });
    await renderMessage(library, 'how-to', 'en', context());
    const file = path.join(dir, 'messages', 'how-to', 'en.mjml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("Here's exactly how:", 'Here is the routine:'));
    const { html } = await renderMessage(library, 'how-to', 'en', context());
    expect(html).not.toContain('Here is the routine:');
    expect(library.mjmlCompilations).toBe(1);
  });

  it('recompiles every template using a partial when the partial changes', async () => {
    const dir = copyTemplates();
    const library = new TemplateLibrary(dir, { recheckMs: 0 });
    await renderMessage(library, 'how-to', 'en', context());
    fs.appendFileSync(path.join(dir, 'partials', 'signoff.en.txt'), 'P.S. We are closed on Sundays.\n');
    const { text } = await renderMessage(library, 'how-to', 'en', context());
    expect(text).toContain('P.S. We are closed on Sundays.');
    expect(library.mjmlCompilations).toBe(2);
  });

  it('falls back to the English copy for a locale a template lacks', async () => {
    const dir = copyTemplates();
    fs.rmSync(path.join(dir, 'messages', 'feedback', 'ja.mjml'));
    fs.rmSync(path.join(dir, 'messages', 'feedback', 'ja.txt'));
    const library = new TemplateLibrary(dir);
    expect(library.list()).not.toContainEqual({ template: 'feedback', locale: 'ja' });
    const { subject } = await renderMessage(library, 'feedback', 'ja', contextFor('feedback', 'ja', 'VC-SERUM-30'));
    expect(subject).toMatch(/^How are you getting on with/);
  });
});

describe('template errors', () => {
  it('name the file and line of an MJML validation error', async () => {
    const dir = copyTemplates();
    const file = writeMessage(
      dir,
      'bad',
      [
        '<mj-section>',
        '  <mj-column>',
        '    <mj-text colour="red">Hi</mj-text>',
        '  </mj-column>',
        '</mj-section>',
        '',
      ].join('\n'),
    );
    const library = new TemplateLibrary(dir);
    // Line 7: four lines of front matter, then the third line of the body.
    await expect(library.get('bad', 'en')).rejects.toThrow(`${file}:7: Attribute colour is illegal`);
    await expect(library.warm()).rejects.toThrow(/1 template\(s\) failed to compile/);
  });

  it('point into the partial when the mistake is there', async () => {
    const dir = copyTemplates();
    const partial = path.join(dir, 'partials', 'header.mjml');
    fs.writeFileSync(partial, fs.readFileSync(partial, 'utf8').replace('<mj-column>', '<mj-column bogus="1">'));
    await expect(new TemplateLibrary(dir).get('how-to', 'en')).rejects.toThrow(
      `${partial}:2: Attribute bogus is illegal`,
    );
  });

  it('name a missing partial and where it was asked for', async () => {
    const dir = copyTemplates();
    const file = writeMessage(dir, 'needs-partial', '{{> nowhere}}\n');
    await expect(new TemplateLibrary(dir).get('needs-partial', 'en')).rejects.toThrow(
      `${file}:5: no partial "nowhere"`,
    );
  });

  it('report front matter problems at their line', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'messages', 'how-to', 'en.mjml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^preheader: .*$/m, 'preheader_text: x'));
    // Line 4: the opening ---, a comment and the subject come first.
    await expect(new TemplateLibrary(dir).get('how-to', 'en')).rejects.toThrow(
      `${file}:4:1: preheader_text: unknown key`,
    );
  });

  it('report a Handlebars syntax error when compiling, not at the first send', async () => {
    const dir = copyTemplates();
    writeMessage(
      dir,
      'unclosed',
      '<mj-section><mj-column><mj-text>{{#if product.known}}x</mj-text></mj-column></mj-section>\n',
    );
    await expect(new TemplateLibrary(dir).get('unclosed', 'en')).rejects.toThrow(
      /template "unclosed" \(en\), html part of .*en\.mjml/,
    );
  });
});
