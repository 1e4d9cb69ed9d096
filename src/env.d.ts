/// <reference types="astro/client" />
import type { Locale, Translate } from './i18n/index.ts';
import type { Session, SessionUser } from './server/auth/session.ts';

declare global {
  namespace App {
    interface Locals {
      requestId: string;
      locale: Locale;
      t: Translate;
      /** The client address, from X-Forwarded-For only behind a trusted proxy. */
      clientIp: string;
      /** The logged-in user, or null for a visitor. Set by the middleware; authorization is the policies' job. */
      user: SessionUser | null;
      session: Session | null;
      /** The access rule the page declared through src/server/auth/guard.ts (for tests and logs). */
      access?: string;
    }
  }
}

export {};
