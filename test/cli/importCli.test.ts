import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './runCli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-import-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const HEADER = 'order_id,placed_at,currency,total,customer_id,email,sku,title,quantity,unit_price';
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text);
  return at;
};

describe('afterglow import orders', () => {
  it('exits 1 on a file with problems, naming file:line and column, importing nothing', async () => {
    const csv = file(
      'bad.csv',
      `${HEADER}\n1,2025-01-01T00:00:00Z,USD,10.00,c1,ada@example.com,S,T,1,10.00\n2,yesterday,USD,10.00,c1,ada@example.com,S,T,0.5,10.00\n`,
    );
    const result = await runCli(['import', 'orders', csv, '--store', 'default'], { AFTERGLOW_DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `afterglow: ${csv} has 2 problems; nothing was imported:\n${csv}:3: column "placed_at": must be an ISO 8601`,
    );
    expect(result.stderr).toContain(`${csv}:3: column "quantity": must be a whole number`);
    expect(fs.existsSync(path.join(dir, 'afterglow.db'))).toBe(false);
  });

  it('--dry-run counts what a valid file would import', async () => {
    const csv = file(
      'good.csv',
      `${HEADER}\n1,2025-01-01T00:00:00Z,USD,10.00,c1,ada@example.com,S,T,1,10.00\n2,2025-02-01T00:00:00Z,USD,10.00,c1,ada@example.com,S,T,1,10.00\n`,
    );
    const result = await runCli(['import', 'orders', csv, '--store', 'default', '--dry-run'], {
      AFTERGLOW_DATA_DIR: dir,
    });
    expect(result).toMatchObject({
      code: 0,
      stdout: `${csv}: 2 orders to import into store "default". Nothing imported (--dry-run).\n`,
    });
  });

  it('exits 2 on a bad --rate or --store, before reading anything', async () => {
    expect(await runCli(['import', 'orders', 'x.csv', '--store', 'default', '--rate', '0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "option '--rate <ordersPerSecond>' argument '0' is invalid. give orders per second, more than 0 and at most 1000",
      ),
    });
    expect(await runCli(['import', 'orders', 'x.csv', '--store', 'my store'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("option '--store <storeId>' argument 'my store' is invalid"),
    });
  });

  it('fails fast and clearly when Temporal is down', async () => {
    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    const csv = file('one.csv', `${HEADER}\n1,2025-01-01T00:00:00Z,USD,10.00,c1,ada@example.com,S,T,1,10.00\n`);
    const started = Date.now();
    const result = await runCli(['import', 'orders', csv, '--store', 'default'], {
      AFTERGLOW_DATA_DIR: dir,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    // Said once, with what to do and the SDK's reason: not wrapped in a second "cannot reach Temporal".
    expect(result.stderr).toContain(
      `afterglow: cannot reach Temporal at 127.0.0.1:${port}: is \`npm start\` running? (Failed to connect before the deadline)`,
    );
    expect(result.stderr.match(/cannot reach Temporal/g)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
