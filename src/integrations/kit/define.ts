import { z } from 'zod';
import { AppError, type Logger } from '../../platform/index.js';
import { integrationError, type FetchLike, type IntegrationErrorCode } from '../http/index.js';
import { defineIntegrationAction, defineIntegrationTrigger, type IntegrationAction, type IntegrationTrigger, type PieceContext, type PollResult, type TriggerCursor } from '../pieces.js';
import { resolveAllowedHost } from './address.js';

/** What an operation or trigger of a declared service receives: the connection's settings, already checked. */
export interface ServiceCallContext<S> {
  settings: S;
  signal: AbortSignal;
  logger: Logger;
  idempotencyKey: string;
  guardedFetch: FetchLike;
  /**
   * The address to open a socket to for `host`, as the SSRF policy allows (ATOM_SSRF_ALLOW): an internal
   * address is refused unless allow-listed. Connect to what it returns, not to the name, so a DNS answer that
   * changes between check and connect cannot reach another host.
   */
  resolveHost(host: string): Promise<string>;
}

/** What every declared operation says of itself, whatever protocol it speaks (shared with kit/rest.ts). */
export interface OperationMeta<I extends z.ZodType, O extends z.ZodType> {
  /** `<service>.<verb_noun>`, as every action id. */
  id: string;
  title: string;
  description: string;
  /** When to use it, and what to use instead when it does not fit. */
  aiDescription: string;
  input: I;
  output: O;
  /** True when running it twice with the same input does no more than once (then a POST may be retried). */
  idempotent: boolean;
  sideEffect: boolean;
}

export interface OperationSpec<S, I extends z.ZodType, O extends z.ZodType> extends OperationMeta<I, O> {
  /** Fields never rendered as templates (SQL text): run data can reach them only as parameters. */
  literalInput?: readonly string[];
  run(ctx: ServiceCallContext<S>, input: z.output<I>): Promise<z.input<O>>;
}

export interface TriggerSpec<S, C extends z.ZodType, E extends z.ZodType> {
  id: string;
  title: string;
  description: string;
  aiDescription: string;
  config: C;
  event: E;
  eventKey?(event: z.input<E>): string;
  /** New events since the cursor; the first poll (no cursor) only sets the cursor. */
  poll(ctx: ServiceCallContext<S>, config: z.output<C>, cursor: TriggerCursor | undefined): Promise<PollResult<z.input<E>>>;
}

/** A driver error the service recognises, in Atom's integration error codes (which decide retries). */
export interface Fault {
  code: IntegrationErrorCode;
  message: string;
}

export interface ServiceSpec<SS extends z.ZodObject> {
  /** The catalog id (src/integrations/catalog/data). */
  id: string;
  /** Plain name used in messages ("PostgreSQL says ..."). */
  name: string;
  /**
   * What a connection holds, validated when it is created (field errors name `body.credentials.settings.*`)
   * and sealed whole in the vault. Omit for services that need no connection (a public feed).
   */
  settings?: SS;
  /** The account label shown for a connection: never a secret (no password). */
  label?(settings: z.output<SS>): string;
  /** A cheap call proving the settings work (connecting verifies them, health checks repeat it). */
  check?(ctx: ServiceCallContext<z.output<SS>>): Promise<void>;
  /** The service's own errors (SQL states, SMTP replies) in Atom's codes; undefined falls to the socket defaults. */
  fault?(err: unknown): Fault | undefined;
}

/** A declared service as the rest of Atom sees it: for connections (settings, label, check) and the registry. */
export interface DeclaredService {
  id: string;
  name: string;
  settings: z.ZodObject | undefined;
  label(settings: Record<string, unknown>): string | undefined;
  check: ((settings: Record<string, unknown>, o: { ssrfAllow: readonly string[]; logger: Logger; guardedFetch: FetchLike; signal?: AbortSignal }) => Promise<void>) | undefined;
}

/** Node's socket error codes: the server could not be reached (retry may help) or answered too slowly. */
const networkCodes: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
const timeoutCodes: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ETIMEOUT', 'ESOCKETTIMEDOUT']);

const errorCode = (err: unknown) => (typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Declares a service that is not plain REST (a database, a mail or file server, a feed) in one place: its
 * connection settings (a zod object, sealed in the vault), its label and check, and then its operations and
 * polling triggers with zod input/output. Each operation and trigger becomes an ordinary integration action or
 * trigger, so workflows, chat, activation checks, the connection-use rule and the poller treat it like any other.
 *
 * @example
 * const pg = defineService({ id: 'postgresql', name: 'PostgreSQL', settings: z.object({ host: z.string() }) });
 * export const query = pg.operation({ id: 'postgresql.query', ..., async run(ctx, input) { ... } });
 */
export function defineService<SS extends z.ZodObject>(spec: ServiceSpec<SS>) {
  type S = z.output<SS>;
  const needsConnection = spec.settings !== undefined;

  const toAppError = (err: unknown): AppError => {
    if (err instanceof AppError) return err;
    const known = spec.fault?.(err);
    if (known) return integrationError(known.code, `${spec.name} says ${known.message}`, { service: spec.id }, err);
    const code = errorCode(err);
    if (code && networkCodes.has(code)) return integrationError('integrations.http.network', `${spec.name} could not be reached (${code}).`, { service: spec.id }, err);
    if (code && timeoutCodes.has(code)) return integrationError('integrations.http.timeout', `${spec.name} did not answer in time.`, { service: spec.id }, err);
    return integrationError('integrations.http.bad_request', `${spec.name} says ${errorText(err)}`, { service: spec.id }, err);
  };

  const parseSettings = (raw: unknown): S => {
    if (!spec.settings) return {} as S;
    const r = spec.settings.safeParse(raw);
    // Settings were checked when the connection was made; a mismatch now means the schema moved on.
    if (!r.success) throw new AppError('integrations.connection_settings_invalid', `The ${spec.name} connection's settings are no longer valid (${r.error.issues[0]?.path.join('.') ?? 'settings'}); reconnect it.`, { status: 422 });
    return r.data as S;
  };

  const callContext = (settings: S, o: { ssrfAllow: readonly string[]; logger: Logger; guardedFetch: FetchLike; signal: AbortSignal; idempotencyKey: string }): ServiceCallContext<S> => ({
    settings,
    signal: o.signal,
    logger: o.logger,
    idempotencyKey: o.idempotencyKey,
    guardedFetch: o.guardedFetch,
    resolveHost: (host) => resolveAllowedHost(host, o.ssrfAllow),
  });

  const fromPiece = async (ctx: PieceContext): Promise<ServiceCallContext<S>> => {
    let settings = {} as S;
    if (needsConnection) {
      if (!ctx.connection) throw new AppError('integrations.connection_required', `Choose which ${spec.name} connection to use (connectionId).`, { status: 400 });
      const creds = await ctx.connection.credentials();
      if (creds.kind !== 'settings') throw new AppError('integrations.credentials_mismatch', `The ${spec.name} connection holds the wrong kind of credentials; reconnect it.`, { status: 422 });
      settings = parseSettings(creds.settings);
    }
    return callContext(settings, { ssrfAllow: ctx.ssrfAllow ?? [], logger: ctx.logger, guardedFetch: ctx.guardedFetch, signal: ctx.signal, idempotencyKey: ctx.idempotencyKey });
  };

  // What connections need of it (settings, label, check); src/integrations/registry.ts looks it up by id.
  const connection: DeclaredService = {
    id: spec.id,
    name: spec.name,
    settings: spec.settings,
    label: (raw) => (spec.label && spec.settings ? spec.label(parseSettings(raw)) : undefined),
    check: spec.check
      ? async (raw, o) => {
          try {
            await spec.check!(callContext(parseSettings(raw), { ...o, signal: o.signal ?? AbortSignal.timeout(15_000), idempotencyKey: `check:${spec.id}` }));
          } catch (err) {
            throw toAppError(err);
          }
        }
      : undefined,
  };

  return {
    id: spec.id,
    connection,
    /** One operation: becomes the workflow action `spec.id` with a `connectionId` input added. */
    operation<I extends z.ZodType, O extends z.ZodType>(op: OperationSpec<S, I, O>): IntegrationAction<I, O> {
      return defineIntegrationAction({
        id: op.id,
        service: spec.id,
        title: op.title,
        description: op.description,
        aiDescription: op.aiDescription,
        input: op.input,
        output: op.output,
        idempotent: op.idempotent,
        sideEffect: op.sideEffect,
        ...(op.literalInput ? { literalInput: op.literalInput } : {}),
        ...(needsConnection ? {} : { needsConnection: false }),
        async run(ctx, input) {
          try {
            return await op.run(await fromPiece(ctx), input);
          } catch (err) {
            throw toAppError(err);
          }
        },
      });
    },
    /** One polling trigger with a cursor (the poller stores it between polls and moves it after the runs exist). */
    trigger<C extends z.ZodType, E extends z.ZodType>(t: TriggerSpec<S, C, E>): IntegrationTrigger<C, E> {
      return defineIntegrationTrigger({
        id: t.id,
        service: spec.id,
        title: t.title,
        description: t.description,
        aiDescription: t.aiDescription,
        kind: 'poll',
        ...(needsConnection ? {} : { needsConnection: false }),
        config: t.config,
        event: t.event,
        ...(t.eventKey ? { eventKey: t.eventKey } : {}),
        async poll(ctx, config, cursor) {
          try {
            return await t.poll(await fromPiece(ctx), config, cursor);
          } catch (err) {
            throw toAppError(err);
          }
        },
        // A first poll only sets the cursor (no events), so it is the cheap existence check at activation.
        async check(ctx, config) {
          try {
            await t.poll(await fromPiece(ctx), config, undefined);
          } catch (err) {
            throw toAppError(err);
          }
        },
      });
    },
  };
}

/** Settings fields most servers share: a host name or address and a TCP port. */
export const hostField = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:\-[\]]+$/, { error: 'must be a host name or IP address' });
export const portField = (defaultPort: number) => z.coerce.number().int().min(1).max(65_535).default(defaultPort);
