// Table types of the secrets the application makes for itself (migration 2026_12_03_1100).

export interface AppSecretTables {
  app_secrets: { name: string; value: string; created_at: number };
}
