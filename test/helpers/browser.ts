import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from './testDependencies';

/** Debian's Chromium (`apt-get install -y chromium`); playwright-core drives it, it never downloads a browser. */
export const CHROMIUM_PATH = process.env.AFTERGLOW_CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of browser tests land here (gitignored), for a person to look at after a run. */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A free TCP port on loopback (for servers that want a port number rather than 0). */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Headless Chromium with a fresh, throwaway profile. Fails (never skips) when the browser is missing, so a machine
 * without it cannot pass the browser tests by accident.
 */
export async function launchChromium(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the Web UI test needs it. Install it with \`apt-get install -y chromium\` ` +
        '(Debian), or point AFTERGLOW_CHROMIUM_PATH at a Chromium binary.',
    );
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 1000 },
      timeout: 30_000,
      // The Web UI shows times in the browser's zone by default; pin it so screenshots do not depend on the machine.
      timezoneId: 'UTC',
      locale: 'en-US',
    });
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where docs/support.md's screenshots live: the browser test rewrites them, so they never go out of date. */
const DOCS_IMAGES = path.join(REPO_ROOT, 'docs', 'images');

/**
 * Saves a screenshot of the whole page (or of `element`) as `test-artifacts/<name>.png`, and as
 * `docs/images/<docs>.png` when a doc shows it; returns the artifact's path.
 */
export async function screenshot(
  page: Page,
  name: string,
  { element, docs }: { element?: Locator; docs?: string } = {},
): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  if (element) await element.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  if (docs) fs.copyFileSync(file, path.join(DOCS_IMAGES, `${docs}.png`));
  return file;
}
