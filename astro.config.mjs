// Astro: server-rendered on the standalone Node adapter.
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

// Behind a TLS proxy the browser's Origin is the public URL; let Astro trust X-Forwarded-Host
// for exactly that host, so the CSRF origin check compares like with like. Read at build time.
const publicUrl = process.env.PUBLIC_URL ? new URL(process.env.PUBLIC_URL) : undefined;
const bodyLimitMb = Number(process.env.BODY_LIMIT_MB || 10);

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone', bodySizeLimit: Math.round(bodyLimitMb * 1024 * 1024) }),
  server: { host: process.env.HOST || 'localhost', port: Number(process.env.PORT || 4321) },
  security: {
    // CSRF origin checking is done by src/server/http/csrf.ts (see there for why).
    checkOrigin: false,
    allowedDomains: publicUrl
      ? [
          {
            hostname: publicUrl.hostname,
            protocol: publicUrl.protocol.replace(':', ''),
            ...(publicUrl.port ? { port: publicUrl.port } : {}),
          },
        ]
      : [],
  },
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  // Never inline a component's <script>: the CSP (script-src 'self') refuses inline scripts.
  vite: { build: { assetsInlineLimit: 0 } },
});
