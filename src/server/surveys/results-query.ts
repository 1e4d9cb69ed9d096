// The results filter in a URL (?fq=<question id>&fv=<value>), shared by the page, its chart and exports.
export function resultsFilter(params: URLSearchParams): { questionId: number; value: string } | undefined {
  const q = params.get('fq') ?? '';
  const v = params.get('fv') ?? '';
  return /^\d{1,9}$/.test(q) && v !== '' && v.length <= 200 ? { questionId: Number(q), value: v } : undefined;
}
