import { importProgress } from '../../cli/import/progress';

/** A stream that keeps what is written; `isTTY` says whether it stands for a terminal. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  const fake = {
    isTTY,
    columns: 120,
    write: (chunk: string) => (written.push(chunk), true),
  } as unknown as NodeJS.WriteStream;
  return { fake, text: () => written.join('') };
}

describe('import progress', () => {
  it('writes a plain line every 5 % when stderr is not a terminal, and the last one at the end', () => {
    const out = stream(false);
    const progress = importProgress(45, out.fake);
    for (let i = 0; i < 45; i++) progress.tick(i < 5 ? 'already' : 'imported');
    progress.stop();
    const lines = out.text().trimEnd().split('\n');
    // 45 / 20 rounds down to one line per 2 orders, then the final count.
    expect(lines).toHaveLength(23);
    expect(lines[0]).toBe('import: 2/45 orders (0 imported, 2 already there)');
    expect(lines.at(-1)).toBe('import: 45/45 orders (40 imported, 5 already there)');
    expect(out.text()).not.toContain('\u001b[');
  });

  it('draws a bar with the counts on a terminal', () => {
    const out = stream(true);
    const progress = importProgress(4, out.fake);
    progress.tick('already');
    progress.tick('imported');
    progress.tick('imported');
    progress.tick('imported');
    progress.stop();
    expect(out.text()).toContain('4/4 orders | 3 imported, 1 already there');
    expect(out.text()).toContain('\u001b[');
  });
});
