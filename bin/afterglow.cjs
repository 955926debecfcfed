#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx afterglow <command>` works in a fresh clone without a build step.
require('tsx/cjs');
require('../cli/main.ts').main(process.argv.slice(2));
