// Counted messages: one text per CLDR plural category, chosen by the count parameter (`n`, `count`,
// `minutes`, `seconds` or `days`, the first present; see COUNT_PARAMS in index.ts).
// Indonesian has no plural forms, so its catalogue gives only `other` (counted('{n} dukungan'));
// English adds `one` ("1 endorsement", "2 endorsements"). No imports: the catalogues use it.

export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** A counted message in the reference (Indonesian) catalogue, typed so other languages may add forms. */
export function counted(other: string): PluralForms {
  return { other };
}
