// Table types of the database-kept rate-limit counters (migration 2026_11_22_1420).

export interface RateLimitTables {
  rate_limits: { key: string; window_start: number; points: number };
}
