/** The `lac` command tree of ../shared/CONTRACTS.md (built without side effects, so tests can inspect it). */
import { Command } from 'commander';
import { CONFIG_VARIABLES } from '../lib/config/config.js';
import { registerApi } from './commands/api.js';
import { registerControls } from './commands/controls.js';
import { registerDemo } from './commands/demo.js';
import { registerDlq } from './commands/dlq.js';
import { registerExport } from './commands/export.js';
import { registerGenerate } from './commands/generate.js';
import { registerIngest } from './commands/ingest.js';
import { registerMatch } from './commands/match.js';
import { registerMatcher } from './commands/matcher.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReplay } from './commands/replay.js';
import { registerReview } from './commands/review.js';
import { registerRisk } from './commands/risk.js';
import { registerReprocess } from './commands/reprocess.js';
import { registerRetention } from './commands/retention.js';
import { registerScore } from './commands/score.js';
import { registerStatus } from './commands/status.js';
import { registerVerify } from './commands/verify.js';

export function buildProgram(): Command {
  const program = new Command('lac')
    .description('LAC: applicable-legislation control for cross-border work (EESSI LA SEDs, posting declarations, certificates)')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `\nConfiguration (environment variables):\n${CONFIG_VARIABLES.map((v) => `  ${v.name.padEnd(24)} ${v.meaning} [default: ${v.default}]`).join('\n')}\n`);

  registerDemo(program);
  registerMigrate(program);
  registerGenerate(program);

  registerReplay(program);

  registerIngest(program);

  registerMatcher(program);
  registerRisk(program);
  registerApi(program);

  registerReprocess(program);

  registerMatch(program);
  registerScore(program);

  registerExport(program);

  registerVerify(program);
  registerDlq(program);
  registerControls(program);
  registerReview(program);
  registerRetention(program);
  registerStatus(program);
  return program;
}
