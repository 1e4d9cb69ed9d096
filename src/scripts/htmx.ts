// htmx from the installed package, bundled by Astro (no CDN). Pages work without it; it only enhances.
// Avoid hx-on and js: expressions: they compile strings to code, which the CSP forbids.
import 'htmx.org';
