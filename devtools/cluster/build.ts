import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN_DIR, binary, CACHE_DIR, GO_TOOLCHAIN, SERVER_VERSION, UI_SERVER_VERSION } from './layout';

/**
 * Builds the Temporal server, its SQL schema tool and the Web UI server from the Go module proxy into the cache
 * (`.cluster/bin`), once: a few minutes of compiling the first time, nothing after. Go's module and build caches stay
 * in `.cluster/go`, so `npm run cluster -- clean` removes every byte of it.
 */
const GO_ENV = {
  GOTOOLCHAIN: GO_TOOLCHAIN,
  GOBIN: BIN_DIR,
  GOMODCACHE: path.join(CACHE_DIR, 'go/mod'),
  GOCACHE: path.join(CACHE_DIR, 'go/build'),
  // Lets `clean` delete the module cache (Go writes it read-only).
  GOFLAGS: '-modcacherw',
};

// ui-server's go.mod pins echo v4.16.1 and api v1.64.0, which the module proxy no longer serves: a wrapper module
// requires the next patch releases instead.
const UI_REQUIREMENTS = [
  `github.com/temporalio/ui-server/v2/cmd/server@${UI_SERVER_VERSION}`,
  'github.com/labstack/echo/v4@v4.16.4',
  'go.temporal.io/api@v1.64.1',
];

function go(args: string[], cwd = CACHE_DIR, log: (line: string) => void): void {
  log(`go ${args.join(' ')}`);
  try {
    execFileSync('go', args, { cwd, env: { ...process.env, ...GO_ENV }, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'The cluster is built from the Go module proxy and needs Go (https://go.dev/dl, or `apt-get install golang`)'
        : `go ${args[0]} failed (output above)`,
      { cause: error },
    );
  }
}

export const built = () => (['server', 'sql', 'ui-server'] as const).every((name) => fs.existsSync(binary(name)));

export function buildCluster(log: (line: string) => void = console.log): void {
  fs.mkdirSync(BIN_DIR, { recursive: true });
  if (!fs.existsSync(binary('server')) || !fs.existsSync(binary('sql'))) {
    log(`building the Temporal server ${SERVER_VERSION} (3-8 minutes the first time)`);
    const trimmed = ['-trimpath', '-ldflags=-s -w'];
    const packages = ['cmd/server', 'cmd/tools/sql'].map((name) => `go.temporal.io/server/${name}@${SERVER_VERSION}`);
    go(['install', ...trimmed, ...packages], CACHE_DIR, log);
  }
  if (!fs.existsSync(binary('ui-server'))) {
    log(`building the Temporal Web UI server ${UI_SERVER_VERSION}`);
    const wrapper = path.join(CACHE_DIR, 'ui-build');
    fs.mkdirSync(wrapper, { recursive: true });
    fs.writeFileSync(path.join(wrapper, 'go.mod'), 'module afterglow.local/ui\n\ngo 1.26\n');
    go(['get', ...UI_REQUIREMENTS], wrapper, log);
    go(
      [
        'build',
        '-trimpath',
        '-ldflags=-s -w',
        '-o',
        binary('ui-server'),
        'github.com/temporalio/ui-server/v2/cmd/server',
      ],
      wrapper,
      log,
    );
  }
}
