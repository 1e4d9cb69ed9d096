// Row type of page_version (db/migrations/2026_12_06_0300_page_version.ts): one row, raised by triggers.
export interface PageVersionTable {
  id: number;
  version: number;
  xact: string | null;
}

export interface PageVersionTables {
  page_version: PageVersionTable;
}
