// Every page and endpoint declares who may open it, in its first lines:
//   const denied = await allowPublic(Astro);                 // anyone
//   const denied = await requireUser(Astro);                 // any logged-in user
//   const denied = await requireRole(Astro, 'admin');        // these roles only
//   const denied = await requireCapability(Astro, 'users.manage');
//   if (denied) return denied;
// Visitors asking for a protected page are sent to /login?next=…; logged-in users without the role
// get the ordinary 404 page (the same answer as for a page that does not exist). test/unit/route-access
// fails for a page under src/pages that makes none of these calls. Per-record decisions stay with the
// domain's *.policy.ts: this only opens the door to the area.
import type { Role } from './auth.tables.ts';
import { can, type Capability } from './auth.policy.ts';

interface GuardContext {
  locals: App.Locals;
  /** Present on pages (Astro), absent on endpoints. */
  response?: { headers: Headers };
  url: URL;
  request: Request;
  redirect(path: string, status?: 301 | 302 | 303 | 307 | 308): Response;
  rewrite(path: string): Promise<Response>;
}

export type AccessRule = 'public' | 'user' | `role:${string}` | `capability:${Capability}`;

function declare(ctx: GuardContext, rule: AccessRule): void {
  ctx.locals.access = rule;
}

export async function allowPublic(ctx: GuardContext): Promise<null> {
  declare(ctx, 'public');
  return null;
}

export async function requireUser(ctx: GuardContext): Promise<Response | null> {
  declare(ctx, 'user');
  return ctx.locals.user ? personal(ctx) : toLogin(ctx);
}

export async function requireRole(ctx: GuardContext, ...roles: Role[]): Promise<Response | null> {
  declare(ctx, `role:${roles.join(',')}`);
  if (!ctx.locals.user) return toLogin(ctx);
  return roles.includes(ctx.locals.user.role) ? personal(ctx) : notFound(ctx);
}

export async function requireCapability(ctx: GuardContext, capability: Capability): Promise<Response | null> {
  declare(ctx, `capability:${capability}`);
  if (!ctx.locals.user) return toLogin(ctx);
  return can(ctx.locals.user, capability) ? personal(ctx) : notFound(ctx);
}

/** A page behind a login is never stored by caches, nor shown again from history after logout. */
function personal(ctx: GuardContext): null {
  ctx.response?.headers.set('Cache-Control', 'private, no-store');
  return null;
}

/** The ordinary 404 page; also what a record of another department looks like. */
export function notFound(ctx: GuardContext): Promise<Response> {
  return ctx.rewrite('/404');
}

function toLogin(ctx: GuardContext): Response {
  const wanted = ctx.request.method === 'GET' ? ctx.url.pathname + ctx.url.search : ctx.url.pathname;
  return ctx.redirect(`/login?next=${encodeURIComponent(wanted)}`, 303);
}
