// Column labels of the processing-activities table in the reader's language.
export function processingLabels(t: (key: never) => string): Record<string, string> {
  const keys = ['title', 'activity', 'data', 'subjects', 'purpose', 'basis', 'retention', 'recipients', 'generated'];
  return Object.fromEntries(keys.map((k) => [k, t(`dataprotection.processing.${k}` as never)]));
}
