// What every page shows about the deployment (portal and region name), read once and cached briefly.
import { getDb } from './db/index.ts';
import { getSettings } from './reference/reference.repository.ts';

export interface SiteInfo {
  portalName: string;
  regionName: string;
  trackingPrefix: string;
  /** The government that runs the portal and its official website (region.json), when configured. */
  governmentName: string | null;
  governmentWebsite: string | null;
}

let cached: { info: SiteInfo; at: number } | undefined;
const TTL_MS = 60_000;

export async function siteInfo(): Promise<SiteInfo> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.info;
  let s: Map<string, string>;
  try {
    s = await getSettings(getDb());
  } catch {
    // Error pages render through the same layout; they must not fail when the database does.
    s = new Map();
  }
  const info: SiteInfo = {
    portalName: s.get('portal_name') ?? 'Suara Warga',
    regionName: s.get('region_name') ?? '',
    trackingPrefix: s.get('tracking_prefix') ?? 'SW',
    governmentName: s.get('government_name') ?? null,
    governmentWebsite: s.get('government_website') ?? null,
  };
  cached = { info, at: Date.now() };
  return info;
}
