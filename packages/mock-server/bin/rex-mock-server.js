#!/usr/bin/env node
// A committed launcher, so package managers can link the `rex-mock-server` command at install
// time in a workspace, before `dist/` is built. The CLI itself is src/cli.ts, built to dist/.
import '../dist/cli.js';
