#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` / `npm run build`); falls back to the TypeScript
// sources through tsx in a checkout that has not been built.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../cli/main.ts', import.meta.url).href);
}
