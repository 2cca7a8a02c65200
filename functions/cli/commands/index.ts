/**
 * Every command of the `shishi` CLI, in the order `shishi --help` lists them. main.ts parses the
 * line and dispatches to these; it knows no command by name.
 *
 * To add a command: write `commands/<name>.ts` exporting its `Command` (name, summary, usage,
 * help, options and `run`), and add it to this list — one line here, nothing else to touch.
 */
import type { Command } from '../command';
import { auditCommand } from './audit';
import { backupCommand } from './backup';
import { closeCommand, reopenCommand } from './close';
import { demoCommand } from './demo';
import { migrateCommand } from './migrate';
import { orgsCommand } from './orgs';
import { planCommand } from './plan';
import { restoreCommand } from './restore';
import { reviewCommand } from './review';
import { statusCommand } from './status';
import { submissionsCommand } from './submissions';
import { submitCommand } from './submit';
import { summaryCommand } from './summary';
import { templateCommand } from './template';
import { tokenCommand } from './token';
import { usersCommand } from './users';

export const COMMANDS: readonly Command[] = [
  tokenCommand,
  orgsCommand,
  usersCommand,
  planCommand,
  submitCommand,
  submissionsCommand,
  reviewCommand,
  statusCommand,
  auditCommand,
  templateCommand,
  summaryCommand,
  closeCommand,
  reopenCommand,
  backupCommand,
  restoreCommand,
  migrateCommand,
  demoCommand,
];
