// The client's address for rate limits and audit: X-Forwarded-For is believed only behind a trusted proxy.
export function clientIp(request: Request, socketAddress: string | undefined, trustedProxy: boolean): string {
  if (trustedProxy) {
    // The proxy appends the address it saw; the right-most entry is the one it vouches for.
    const forwarded = request.headers.get('x-forwarded-for');
    const last = forwarded
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return last;
  }
  return socketAddress ?? 'unknown';
}
