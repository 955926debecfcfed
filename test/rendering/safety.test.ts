import { TemplateLibrary } from '../../rendering/compiledTemplates';
import { renderMessage } from '../../rendering/renderMessage';
import { contextFor, copyTemplates, TEMPLATES_DIR, writeMessage } from './support';

const library = new TemplateLibrary(TEMPLATES_DIR);
const HOSTILE = '<script>alert(1)</script>{{customer.lastName}}';

describe('customer-supplied text', () => {
  const context = () =>
    contextFor('reassurance', 'en', 'VC-SERUM-30', { customer: { firstName: HOSTILE, lastName: 'SECRET' } });

  it('is escaped in the HTML part, title and preview text included', async () => {
    const { html } = await renderMessage(library, 'reassurance', 'en', context());
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;{{customer.lastName}},');
    expect(html).toMatch(/<title>&lt;script&gt;alert\(1\)&lt;\/script&gt;\{\{customer\.lastName\}\}, you chose well/);
  });

  it('is never evaluated as a template, in any part', async () => {
    const out = await renderMessage(library, 'reassurance', 'en', context());
    for (const part of [out.subject, out.html, out.text]) {
      expect(part).toContain('{{customer.lastName}}');
      expect(part).not.toContain('SECRET');
    }
    // Subject and text are not HTML: they carry the name as written.
    expect(out.subject).toContain(HOSTILE);
    expect(out.text).toContain(`Hi ${HOSTILE},`);
  });

  it('is escaped in the Japanese greeting too', async () => {
    const ctx = contextFor('how-to', 'ja', 'VC-SERUM-30', { customer: { lastName: '<b>山田</b>' } });
    const { html } = await renderMessage(library, 'how-to', 'ja', ctx);
    expect(html).toContain('&lt;b&gt;山田&lt;/b&gt;様');
  });
});

describe('strict templates', () => {
  it('fail on a variable the context does not have instead of rendering a blank', async () => {
    const dir = copyTemplates();
    writeMessage(
      dir,
      'typo',
      '<mj-section><mj-column><mj-text>Hi {{customer.nickname}}</mj-text></mj-column></mj-section>\n',
    );
    const scratch = new TemplateLibrary(dir);
    await expect(renderMessage(scratch, 'typo', 'en', contextFor('reassurance', 'en', 'VC-SERUM-30'))).rejects.toThrow(
      /nickname/,
    );
  });

  it('fail in the subject and the text part as well', async () => {
    const dir = copyTemplates();
    writeMessage(
      dir,
      'typo-text',
      '<mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section>\n',
      '{{order.number}}\n',
    );
    const scratch = new TemplateLibrary(dir);
    await expect(
      renderMessage(scratch, 'typo-text', 'en', contextFor('reassurance', 'en', 'VC-SERUM-30')),
    ).rejects.toThrow(/number/);
  });

  it('reject a context that does not match MessageContext', async () => {
    const context = { ...contextFor('reassurance', 'en', 'VC-SERUM-30'), order: undefined } as never;
    await expect(renderMessage(library, 'reassurance', 'en', context)).rejects.toThrow(
      /message context for "reassurance" is invalid/,
    );
  });

  it('reject an unknown template by name', async () => {
    await expect(
      renderMessage(library, 'no-such-message', 'en', contextFor('reassurance', 'en', 'VC-SERUM-30')),
    ).rejects.toThrow(/unknown template "no-such-message"/);
  });
});

describe('subject and preheader', () => {
  it('stay on one line whatever the data holds: a name with line breaks cannot add a header', async () => {
    const context = contextFor('reassurance', 'en', 'VC-SERUM-30', {
      customer: { firstName: 'Ada\r\nBcc: victim@example.com\n\t Lovelace ' },
    });
    context.order.id = '1001\r\nX-Extra: <1>&';
    const { subject, preheader, html } = await renderMessage(library, 'reassurance', 'en', context);
    expect(subject).toBe("Ada Bcc: victim@example.com Lovelace, you chose well: here's what to expect");
    expect(subject).not.toMatch(/[\r\n\t]/);
    // Plain text, as written (the HTML part escapes it where it shows it).
    expect(preheader).toMatch(/^Order 1001 X-Extra: <1>& is confirmed\. /);
    expect(html).toContain('Order 1001 X-Extra: &lt;1&gt;&amp; is confirmed.');
    expect(preheader).not.toMatch(/[\r\n\t]|\s$/);
    // The HTML title is the one-line subject, escaped.
    expect(html).toContain(
      '<title>Ada Bcc: victim@example.com Lovelace, you chose well: here&#x27;s what to expect</title>',
    );
  });
});
