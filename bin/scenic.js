#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = new URL('../dist/cli/main.js', import.meta.url);

// A checkout builds dist/ when `npm install` changes node_modules (the "dependencies" script). When it is
// missing anyway (an install that changed nothing), build once here rather than fail.
if (!existsSync(fileURLToPath(entry)) && existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  process.stderr.write('scenic: building (first run of this checkout)…\n');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    process.stderr.write('error INTERNAL: the build failed; run `npm run build` to see why\n');
    process.exit(1);
  }
}

import(entry.href).then((m) => m.main(process.argv)).catch((error) => {
  process.stderr.write(`error INTERNAL: ${error?.message ?? error}\n`);
  process.exitCode = 1;
});
