/// <reference types="astro/client" />
import type { Locale, Translate } from './i18n/index.ts';

declare global {
  namespace App {
    interface Locals {
      requestId: string;
      locale: Locale;
      t: Translate;
      /** The client address, from X-Forwarded-For only behind a trusted proxy. */
      clientIp: string;
    }
  }
}

export {};
