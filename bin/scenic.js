#!/usr/bin/env node
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  process.stderr.write(`error INTERNAL: ${error?.message ?? error}\n`);
  process.exitCode = 1;
});
