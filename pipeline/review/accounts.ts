/**
 * @module
 * The accounts service: signing in and out, and the admin's list of users. The
 * login and admin routes validate their input, call one function here and turn
 * its `Result` into a response, as the document routes do with the review
 * service (`service.ts`). Each operation that writes does so in one transaction.
 *
 * ```ts
 * const accounts = accountService(options);
 * const signed = await accounts.signIn(name, password, { address, previousToken });
 * if (!signed.ok) return showForm(c, 401, { error: signed.problem.message });
 * ```
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { appendAudit, createSession, deleteExpiredSessions, deleteSession, listUsers, normalizeUserName, setUserDisabled, transaction, verifyPassword, workspaceSecret } from '../workspace/store/index.ts';
import type { User } from '../workspace/store/index.ts';
import type { ReviewOptions } from './context.ts';

export type AccountService = ReturnType<typeof accountService>;

export function accountService(options: ReviewOptions) {
  const { ws } = options;
  return {
    /** The secret that signs sign-in forms, kept in the workspace so every review server of it signs alike. */
    formSecret(): Promise<Buffer> {
      return workspaceSecret(ws, 'sign-in-form');
    },
    /** The name as accounts store it ("Ana " is ana), or the typed text trimmed when it is no valid name: the throttle and the form use it. */
    typedName(input: string): string {
      const typed = normalizeUserName(input.slice(0, 200));
      return typed.ok ? typed.value : input.trim().slice(0, 64);
    },

    /**
     * Checks the password and starts a fresh session (a new random token), ending
     * the one the browser already had and sweeping expired ones; both outcomes are
     * audited. A wrong name, wrong password or disabled account is one problem.
     */
    async signIn(name: string, password: string, from: { address: string; previousToken?: string }): Promise<Result<{ token: string; user: User }>> {
      // Checked outside the transaction: hashing takes a while and writes nothing.
      const checked = await verifyPassword(ws, name, password.slice(0, 1024));
      if (!checked.ok) {
        await appendAudit(ws, { actor: 'anonymous', action: 'login.failed', subject: name, details: { address: from.address } });
        return fail('review.forbidden', 'The name or password is wrong, or the account is disabled.');
      }
      const user = checked.value;
      return transaction(ws, async (tx) => {
        if (from.previousToken) await deleteSession(tx, from.previousToken);
        await deleteExpiredSessions(tx, { idleMs: options.idleMs });
        const session = await createSession(tx, user.id);
        await appendAudit(tx, { actor: user.name, action: 'login.succeeded', details: { address: from.address } });
        return ok({ token: session.token, user });
      });
    },

    /** Ends the session (when the browser sent one) and audits the sign-out. */
    async signOut(token: string | undefined, actor: string): Promise<Result<void>> {
      return transaction(ws, async (tx) => {
        if (token) await deleteSession(tx, token);
        await appendAudit(tx, { actor, action: 'logout' });
        return ok(undefined);
      });
    },

    users(): Promise<User[]> {
      return listUsers(ws);
    },

    /**
     * Disables an account and ends its sessions. The name is normalised first, so
     * "di " is di and a trailing space cannot get past the self-check.
     */
    async disable(input: string, actor: string): Promise<Result<User>> {
      const name = normalizeUserName(input);
      if (!name.ok) return name;
      if (name.value === actor) return fail('review.invalid', 'You cannot disable your own account; ask another admin.');
      return setUserDisabled(ws, name.value, true, actor);
    },
  };
}
