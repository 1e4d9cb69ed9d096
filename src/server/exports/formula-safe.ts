// The one formula-injection guard of every export (CSV and XLSX), in a module light enough for the
// statistics fast path to import without loading the XLSX writer.

/** A text cell starting with = + - @ (or tab/CR) would run as a formula in a spreadsheet: quote it. */
export function formulaSafe(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
