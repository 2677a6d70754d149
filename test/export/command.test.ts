import { Command, CommanderError } from 'commander';
import { expect, test } from 'vitest';
import { registerExport } from '../../cli/commands/export.js';

function program(): Command {
  const p = new Command('lac').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerExport(p);
  return p;
}

test('the command has the contract options', () => {
  const cmd = program().commands.find((c) => c.name() === 'export');
  expect(cmd).toBeDefined();
  expect(cmd?.registeredArguments.map((a) => [a.name(), a.required, a.argChoices])).toEqual([['what', true, ['seds', 'matches', 'flags', 'risk']]]);
  const opts = Object.fromEntries((cmd?.options ?? []).map((o) => [o.long, { def: o.defaultValue as unknown, choices: o.argChoices }]));
  expect(opts['--format']).toEqual({ def: 'jsonl', choices: ['jsonl', 'csv'] });
  expect(Object.keys(opts).sort()).toEqual(['--as-of', '--format', '--out', '--pseudonymise']);
});

test.each(['seds', 'matches', 'flags', 'risk'])('export %s is built: without DATABASE_URL it names the variable', async (what) => {
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    await expect(program().parseAsync(['node', 'lac', 'export', what])).rejects.toThrow(/DATABASE_URL/);
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
});

test('unknown exports and formats are usage errors', async () => {
  await expect(program().parseAsync(['node', 'lac', 'export', 'people'])).rejects.toBeInstanceOf(CommanderError);
  await expect(program().parseAsync(['node', 'lac', 'export', 'seds', '--format', 'xml'])).rejects.toBeInstanceOf(CommanderError);
});

test('a bad --as-of or a missing secret fails before the database is touched', async () => {
  await expect(program().parseAsync(['node', 'lac', 'export', 'seds', '--as-of', '2024-02-30'])).rejects.toThrow(/--as-of/);
  const saved = process.env.LAC_PSEUDONYM_SECRET;
  delete process.env.LAC_PSEUDONYM_SECRET;
  try {
    await expect(program().parseAsync(['node', 'lac', 'export', 'seds', '--pseudonymise'])).rejects.toThrow(/LAC_PSEUDONYM_SECRET/);
  } finally {
    if (saved !== undefined) process.env.LAC_PSEUDONYM_SECRET = saved;
  }
});
