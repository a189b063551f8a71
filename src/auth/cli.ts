import type { Command } from 'commander';
import { createContext, migrateToLatest, type AppContext, type AtomConfig } from '../platform/index.js';
import { listAccounts, resetPassword, unlockAccount } from './recovery.js';

/** `atom users list|reset-password|unlock`: account recovery for the operator, from the server's shell. */
export function registerAuthCommands(program: Command, deps: { config: () => AtomConfig; fail: (err: unknown) => never }) {
  const withContext = async (fn: (ctx: AppContext) => Promise<void>) => {
    const ctx = createContext(deps.config());
    try {
      if (ctx.config.ATOM_MIGRATE_ON_START) await migrateToLatest(ctx.database);
      await fn(ctx);
    } catch (err) {
      deps.fail(err);
    } finally {
      await ctx.lifecycle.shutdown(ctx.logger);
    }
  };
  const users = program.command('users').description('accounts: list them, reset a password, lift a lockout');

  users
    .command('list')
    .description('every account with its sign-in method and workspaces')
    .action(() =>
      withContext(async (ctx) => {
        const accounts = await listAccounts(ctx);
        if (accounts.length === 0) console.log('no accounts yet: the first person to sign up owns the first workspace');
        for (const a of accounts) console.log(`${a.email}\t${a.name}\t${a.signIn}\t${a.workspaces.join(', ') || '(no workspace)'}`);
      }),
    );

  users
    .command('reset-password')
    .argument('<email>', 'the account to reset')
    .description('set a new random password (printed once), end every session and delete every API token of the account, lift its lockout')
    .action((email: string) =>
      withContext(async (ctx) => {
        const { password, sessionsEnded, tokensRevoked } = await resetPassword(ctx, email);
        console.log(`new password for ${email}: ${password}`);
        console.log(`${sessionsEnded} session(s) ended, ${tokensRevoked} API token(s) deleted; ask them to change it under Settings → Your account`);
      }),
    );

  users
    .command('unlock')
    .argument('<email>', 'the account locked after failed sign-ins')
    .description('lift the sign-in lockout of an email')
    .action((email: string) =>
      withContext(async (ctx) => {
        console.log((await unlockAccount(ctx, email)) ? `${email} can sign in again` : `${email} was not locked`);
      }),
    );
}
