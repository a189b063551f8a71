/**
 * Who may read a document, as principal keys stored on every passage and matched inside the query:
 * - `*`: everyone in the workspace (uploads by default, files shared with "anyone" at the source);
 * - `user:<atom user id>`: one Atom user (private uploads);
 * - `email:<address>`: an identity at the source (Drive/OneDrive permission, owner);
 * - `domain:<example.com>`: everyone of a domain the source shared with.
 */
export const everyone = '*';
export const userPrincipal = (userId: string) => `user:${userId}`;
export const emailPrincipal = (email: string) => `email:${email.trim().toLowerCase()}`;
export const domainPrincipal = (domain: string) => `domain:${domain.trim().toLowerCase()}`;
