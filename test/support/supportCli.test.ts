import { runCli } from '../cli/runCli';

/** Command-line mistakes of the support commands: caught before connecting to Temporal, exit 2. */
describe('afterglow support commands', () => {
  it('are listed in the help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['find', 'status', 'pause', 'resume', 'skip-next', 'resend', 'change-email', 'end'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('exit 2 without --by or --reason, naming the option', async () => {
    expect(await runCli(['pause', 'c-42', '--reason', 'asked by phone'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error: required option '--by <name>' not specified"),
    });
  });

  it('exit 2 on input the journey would reject anyway, with the schema message', async () => {
    const shortReason = await runCli(['skip-next', 'c-42', '--by', 'sam', '--reason', 'no']);
    expect(shortReason).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: --reason <text>: give a reason of a few words\n/),
    });
    const badAddress = await runCli([
      'change-email',
      'c-42',
      'not-an-address',
      '--by',
      'sam',
      '--reason',
      'typo in address',
    ]);
    expect(badAddress).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: <email>: /) });
    // find echoes nothing of what it was given: it may be an address.
    const badFind = await runCli(['find', 'lovelace@@example']);
    expect(badFind).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not an email address, a Message-ID (<…@…>) or an order number'),
    });
    expect(badFind.stderr).not.toContain('lovelace');
    const badLength = await runCli(['pause', 'c-42', '--for', '30 days', '--by', 'sam', '--reason', 'travelling']);
    expect(badLength).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: --for <length>: must be a length such as "12h", "30d" or "6w"\n/),
    });
    const both = await runCli([
      'pause',
      'c-42',
      '--for',
      '30d',
      '--until',
      '2027-01-15T09:00:00Z',
      '--by',
      'sam',
      '--reason',
      'travelling',
    ]);
    expect(both).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: --for <length>: give until or for, not both\n/),
    });
    const badStore = await runCli(['status', 'c-42', '--store', 'my store']);
    expect(badStore).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("option '--store <storeId>' argument 'my store' is invalid"),
    });
  });
});
