/**
 * Nationality (and other protected attributes) must never be a risk feature (SyRI judgement 2020;
 * Dutch DPA 2021). Nothing that computes controls or scores may read it: this test fails if the
 * code of the controls, their fact loaders or the scoring mentions it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { PACKAGE_ROOT } from '../../lib/paths.js';

const FOLDERS = ['core/controls', 'core/risk', 'lib/controls', 'lib/risk'];
const PROTECTED = /nationalit|statsborgerskap|ethnic|religio|citizenship/i;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('the check itself catches a protected attribute in code', () => {
  expect(PROTECTED.test("const x = facts.person.nationalities;")).toBe(true);
});

test('no control, fact loader or score reads a protected attribute', () => {
  const all = FOLDERS.flatMap((f) => files(path.join(PACKAGE_ROOT, f)));
  expect(all.length).toBeGreaterThan(8);
  // Code only: comments may say that nationality is excluded.
  const code = (f: string): string => fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const offending = all.filter((f) => PROTECTED.test(code(f)));
  expect(offending).toEqual([]);
});
